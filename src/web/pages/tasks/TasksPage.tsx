import { CloseOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Select, Table, type TableColumnsType, Tabs, Tag } from 'antd';
import { type HTMLAttributes, useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import { hasAnyRole, SUPERVISOR_ROLES, useMe } from '../../api/session.ts';
import type { EscalationTask, TaskListParams, TaskStatus } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { mayRecord, OutcomeDrawer } from './OutcomeDrawer.tsx';
import {
  DueLine,
  OutcomeSummary,
  Owners,
  StatusTag,
  stepLabel,
  UnstaffedWarning,
  useNow,
} from './taskParts.tsx';

const VIEWS = ['mine', 'supervise', 'all'] as const;
const STATUSES: readonly TaskStatus[] = ['open', 'overdue', 'done', 'closed'];
type View = (typeof VIEWS)[number];

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Tab, status, child and page live in the URL, so a link from a child's page or "back" keeps them. */
function useTaskParams(supervises: boolean) {
  const [search, setSearch] = useSearchParams();
  const params = useMemo<TaskListParams & { view: View }>(() => {
    const view = VIEWS.find((v) => v === search.get('view')) ?? 'mine';
    return {
      view: view === 'supervise' && !supervises ? 'mine' : view,
      status: STATUSES.find((s) => s === search.get('status')),
      childId: positiveInt(search.get('childId')),
      page: positiveInt(search.get('page')) ?? 1,
      pageSize: 20,
    };
  }, [search, supervises]);
  const update = useCallback(
    (change: Partial<TaskListParams>) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(change)) {
            if (value === undefined || value === null) next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in change) || next.get('page') === '1') next.delete('page');
          if (next.get('view') === 'mine') next.delete('view');
          return next;
        },
        { replace: !('page' in change) },
      ),
    [setSearch],
  );
  return { params, update };
}

function ActionButton({ task, onOpen }: { task: EscalationTask; onOpen: (task: EscalationTask) => void }) {
  const t = useT();
  if (mayRecord(task)) {
    return (
      <Button type="primary" icon={<EditOutlined />} onClick={() => onOpen(task)} data-testid="task-record">
        {t('tasks.record')}
      </Button>
    );
  }
  if (!task.outcome) return null;
  return (
    <Button icon={<EyeOutlined />} onClick={() => onOpen(task)} data-testid="task-view-outcome">
      {t('tasks.viewOutcome')}
    </Button>
  );
}

function where(task: EscalationTask): string {
  return [task.className, task.schoolName].filter(Boolean).join(' · ');
}

function TaskCard({
  task,
  now,
  onOpen,
}: {
  task: EscalationTask;
  now: number;
  onOpen: (task: EscalationTask) => void;
}) {
  const t = useT();
  return (
    <div className={`nol-child-card nol-task-card nol-task-${task.status}`} data-testid="task-row">
      <div className="nol-task-card-top">
        <Link to={`/children/${task.childId}`} className="nol-child-card-name">
          {task.childName}
        </Link>
        <StatusTag status={task.status} />
      </div>
      <div className="nol-child-card-line nol-muted">{where(task)}</div>
      <div className="nol-task-card-step">
        <span className="nol-strong">{stepLabel(t, task)}</span>
        <DueLine task={task} now={now} />
      </div>
      <div className="nol-child-card-line">
        <Owners task={task} />
      </div>
      <UnstaffedWarning task={task} />
      <OutcomeSummary task={task} />
      <div className="nol-child-card-line nol-muted nol-small">
        {t('tasks.policyVersion', { n: task.policyVersion })} ·{' '}
        {t('tasks.runSince', { day: task.runStartedOn })}
      </div>
      {mayRecord(task) || task.outcome ? (
        <div className="nol-task-card-action">
          <ActionButton task={task} onOpen={onOpen} />
        </div>
      ) : null}
    </div>
  );
}

export function TasksPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const me = useMe();
  const supervises = hasAnyRole(me.data, SUPERVISOR_ROLES);
  const { params, update } = useTaskParams(supervises);
  const now = useNow();
  const [opened, setOpened] = useState<EscalationTask | null>(null);
  const list = useQuery({
    queryKey: keys.tasks(params),
    queryFn: () => api.tasks(params),
    placeholderData: keepPreviousData,
    // Deadlines pass and other people record outcomes while an inbox stays open.
    refetchInterval: 120_000,
  });

  const views = VIEWS.filter((v) => v !== 'supervise' || supervises);
  const data = list.data;
  const childName = params.childId
    ? data?.items.find((x) => x.childId === params.childId)?.childName
    : undefined;
  const filtered = Boolean(params.status || params.childId);
  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={filtered ? t('tasks.emptyFiltered') : t(`tasks.empty.${params.view}` as MessageKey)}
      data-testid="tasks-empty"
    />
  );

  const columns: TableColumnsType<EscalationTask> = [
    {
      title: t('tasks.col.child'),
      key: 'child',
      width: 200,
      render: (_, task) => (
        <div>
          <Link to={`/children/${task.childId}`} className="nol-strong-link">
            {task.childName}
          </Link>
          <div className="nol-muted nol-small">{where(task)}</div>
        </div>
      ),
    },
    {
      title: t('tasks.col.step'),
      key: 'step',
      width: 220,
      render: (_, task) => (
        <div>
          <div className="nol-strong">{stepLabel(t, task)}</div>
          <div className="nol-muted nol-small">{t('tasks.runSince', { day: task.runStartedOn })}</div>
          <div className="nol-muted nol-small">{t('tasks.policyVersion', { n: task.policyVersion })}</div>
          <UnstaffedWarning task={task} />
        </div>
      ),
    },
    { title: t('tasks.col.owners'), key: 'owners', render: (_, task) => <Owners task={task} /> },
    {
      title: t('tasks.col.due'),
      key: 'due',
      width: 170,
      render: (_, task) => (
        <div>
          <DueLine task={task} now={now} />
          <div className="nol-muted nol-small">{formatInstant(task.dueAt)}</div>
        </div>
      ),
    },
    {
      title: t('tasks.col.status'),
      key: 'status',
      width: 200,
      render: (_, task) => (
        <div>
          <StatusTag status={task.status} />
          <OutcomeSummary task={task} />
        </div>
      ),
    },
    {
      title: t('tasks.col.action'),
      key: 'action',
      width: 130,
      render: (_, task) => <ActionButton task={task} onOpen={setOpened} />,
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('tasks.title')}
        subtitle={data ? t('tasks.total', { total: data.total }) : t('tasks.subtitle')}
      />
      <Card className={isMobile ? 'nol-card nol-card-plain' : 'nol-card'}>
        <Tabs
          activeKey={params.view}
          onChange={(view) => update({ view: view as View, page: 1 })}
          items={views.map((v) => ({
            key: v,
            label: <span data-testid={`tasks-tab-${v}`}>{t(`tasks.tab.${v}` as MessageKey)}</span>,
          }))}
          className="nol-task-tabs"
        />
        <div className="nol-filters nol-filters-top">
          <Select
            allowClear
            placeholder={t('tasks.allStatuses')}
            value={params.status}
            options={STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}` as MessageKey) }))}
            onChange={(status?: TaskStatus) => update({ status })}
            className="nol-filter"
            data-testid="tasks-status"
          />
          {params.childId ? (
            <Tag
              closable
              closeIcon={<CloseOutlined />}
              onClose={() => update({ childId: undefined })}
              className="nol-task-child-filter"
            >
              {t('tasks.onlyChild', { name: childName ?? `#${params.childId}` })}
            </Tag>
          ) : null}
        </div>
        {list.isError ? (
          <QueryError error={list.error} retry={() => list.refetch()} />
        ) : isMobile ? (
          <CardList
            loading={list.isLoading}
            items={data?.items}
            renderItem={(task) => <TaskCard key={task.id} task={task} now={now} onOpen={setOpened} />}
            page={params.page}
            pageSize={params.pageSize}
            total={data?.total ?? 0}
            onPage={(page) => update({ page })}
            empty={empty}
          />
        ) : (
          <Table<EscalationTask>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: list.isLoading ? ' ' : empty }}
            onRow={(task) =>
              ({
                'data-testid': 'task-row',
                className: `nol-task-row-${task.status}`,
              }) as HTMLAttributes<HTMLElement>
            }
            pagination={{
              current: params.page,
              pageSize: params.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              showTotal: (total) => t('tasks.total', { total }),
              onChange: (page) => update({ page }),
            }}
            scroll={{ x: 1080 }}
          />
        )}
      </Card>
      <OutcomeDrawer task={opened} onClose={() => setOpened(null)} />
    </div>
  );
}
