import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Skeleton, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { weekdayOf } from '../../../domain/dates.ts';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import { useMe } from '../../api/session.ts';
import type { ChildAbsence, ChildAttendance, EscalationTask } from '../../api/types.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { LeaveItem } from '../leave/LeaveItem.tsx';
import { LeaveRequestModal } from '../leave/LeaveRequestModal.tsx';
import { handlesLeave } from './access.ts';
import { kindLabel, weekdayLabel } from './labels.ts';
import { markDetail } from './RollCallParts.tsx';
import './month.css';

const KIND_COLOR: Record<ChildAbsence['kind'], string> = {
  absent: 'red',
  late: 'orange',
  left_early: 'purple',
  leave: 'blue',
};
const TASK_COLOR: Record<EscalationTask['status'], string> = {
  open: 'processing',
  overdue: 'error',
  done: 'success',
  closed: 'default',
};

function Summary({ data }: { data: ChildAttendance }) {
  const t = useT();
  const s = data.summary;
  const items = [
    { key: 'unexcused', value: s.unexcusedDays, bad: s.unexcusedDays > 0 },
    { key: 'excused', value: s.excusedDays, bad: false },
    { key: 'sick', value: s.sickDays, bad: false },
    { key: 'late', value: s.late, bad: false },
    { key: 'leftEarly', value: s.leftEarly, bad: false },
  ];
  return (
    <div className="nol-ca-summary" data-testid="ca-summary">
      {items.map((i) => (
        <div key={i.key} className={`nol-ca-stat${i.bad ? ' nol-ca-stat-bad' : ''}`}>
          <div className="nol-ca-stat-value">{i.value}</div>
          <div className="nol-ca-stat-label">{t(`attendance.summary.${i.key}` as MessageKey)}</div>
        </div>
      ))}
    </div>
  );
}

function AbsenceList({ absences }: { absences: ChildAbsence[] }) {
  const t = useT();
  if (absences.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attendance.noAbsences')} />;
  const sorted = [...absences].sort((a, b) => b.day.localeCompare(a.day));
  return (
    <div className="nol-items">
      {sorted.map((a) => (
        <div key={a.day} className="nol-item" data-testid="absence-row">
          <div className="nol-item-main">
            <div className="nol-item-title">
              <span className="nol-item-name nol-mono">{a.day}</span>
              <span className="nol-muted">{weekdayLabel(t, weekdayOf(a.day))}</span>
              <Tag color={KIND_COLOR[a.kind]}>{kindLabel(t, a.kind)}</Tag>
              <Tag color={a.excused ? 'green' : 'red'} variant="outlined">
                {t(a.excused ? 'attendance.excused' : 'attendance.unexcused')}
              </Tag>
            </div>
            {markDetail(t, a) ? <div className="nol-item-meta">{markDetail(t, a)}</div> : null}
          </div>
        </div>
      ))}
    </div>
  );
}

function TaskList({ tasks }: { tasks: EscalationTask[] }) {
  const t = useT();
  if (tasks.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attendance.noTasks')} />;
  return (
    <div className="nol-items">
      {tasks.map((task) => (
        <div key={task.id} className="nol-item" data-testid="task-row">
          <div className="nol-item-main">
            <div className="nol-item-title">
              <span className="nol-item-name">
                {t('attendance.task.step', { n: task.runDay })} ·{' '}
                {t(`attendance.task.action.${task.action}` as MessageKey)}
              </span>
              <Tag color={TASK_COLOR[task.status]}>
                {t(`attendance.task.status.${task.status}` as MessageKey)}
              </Tag>
            </div>
            <div className="nol-item-meta">
              <span>{t('attendance.task.trigger', { day: task.triggerDay })}</span>
              <span>{t('attendance.task.due', { at: formatInstant(task.dueAt) })}</span>
              <span>
                {task.owners
                  .filter((o) => o.kind === 'owner')
                  .map((o) => o.name)
                  .join('、')}
              </span>
            </div>
            {task.outcome ? (
              <div className="nol-item-meta">
                <span>
                  {t(`attendance.task.reached.${task.outcome.reached}` as MessageKey)} ·{' '}
                  {t(`attendance.task.channel.${task.outcome.channel}` as MessageKey)}
                </span>
                {task.outcome.reasonGiven ? <span>{task.outcome.reasonGiven}</span> : null}
                {task.outcome.expectedReturn ? (
                  <span>{t('attendance.task.expectedReturn', { day: task.outcome.expectedReturn })}</span>
                ) : null}
                {task.outcome.childReturned ? <span>{t('attendance.task.returned')}</span> : null}
              </div>
            ) : null}
          </div>
        </div>
      ))}
    </div>
  );
}

/** 考勤与请假 on the child page: the record, the leave requests, the escalation steps taken. */
export function ChildAttendanceSection({ childId, mayEdit }: { childId: number; mayEdit: boolean }) {
  const t = useT();
  const me = useMe();
  // mayEdit: the child is in the user's scope for changes; recording leave also takes a school role.
  const mayRecordLeave = mayEdit && handlesLeave(me.data);
  const isMobile = useIsMobile();
  const [adding, setAdding] = useState(false);
  const attendance = useQuery({
    queryKey: keys.childAttendance(childId),
    queryFn: () => api.childAttendance(childId),
  });
  const taskParams = { view: 'all' as const, childId, pageSize: 50 };
  const tasks = useQuery({ queryKey: keys.tasks(taskParams), queryFn: () => api.tasks(taskParams) });
  // Roles that may not see escalation tasks get a 403: the tab is left out rather than shown as an error.
  const tasksHidden = isApiError(tasks.error) && tasks.error.status === 403;

  const data = attendance.data;
  const tabs = data
    ? [
        {
          key: 'absences',
          label: t('attendance.tab.absences', { n: data.absences.length }),
          children: <AbsenceList absences={data.absences} />,
        },
        {
          key: 'leaves',
          label: t('attendance.tab.leaves', { n: data.leaves.length }),
          children:
            data.leaves.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('leave.none')} />
            ) : (
              <div className="nol-items">
                {data.leaves.map((leave) => (
                  <LeaveItem key={leave.id} leave={leave} />
                ))}
              </div>
            ),
        },
        ...(tasksHidden
          ? []
          : [
              {
                key: 'tasks',
                label: t('attendance.tab.tasks', { n: tasks.data?.total ?? 0 }),
                children: tasks.isError ? (
                  <QueryError error={tasks.error} retry={() => tasks.refetch()} />
                ) : tasks.data ? (
                  <TaskList tasks={tasks.data.items} />
                ) : (
                  <Skeleton active />
                ),
              },
            ]),
      ]
    : [];

  return (
    <Card
      title={t('attendance.childTitle')}
      className="nol-card"
      data-testid="child-attendance"
      extra={
        mayRecordLeave ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="leave-add"
          >
            {isMobile ? t('leave.addShort') : t('leave.add')}
          </Button>
        ) : null
      }
    >
      {attendance.isError ? (
        <QueryError error={attendance.error} retry={() => attendance.refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <>
          <div className="nol-muted nol-small">
            {t('attendance.period', { from: data.from, to: data.to })}
          </div>
          <Summary data={data} />
          <Tabs items={tabs} size="small" />
        </>
      )}
      {mayRecordLeave ? (
        <LeaveRequestModal childId={childId} open={adding} onClose={() => setAdding(false)} />
      ) : null}
    </Card>
  );
}
