import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Segmented, Statistic, Table, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import { hasAnyRole, useMe } from '../../api/session.ts';
import type { OverdueGroup, OverdueSummary } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { dueText, useNow } from '../tasks/taskParts.tsx';
import { DropoutsCard } from './DropoutsCard.tsx';
import { RollCallStatusCard } from './RollCallStatusCard.tsx';
import './escalations.css';

type GroupBy = OverdueSummary['groupBy'];

function OldestDue({ at, now }: { at: string | null; now: number }) {
  const t = useT();
  if (!at) return <span className="nol-muted">—</span>;
  const due = dueText(t, at, now);
  return (
    <div>
      <span className={due.late ? 'nol-task-late' : undefined}>{due.text}</span>
      <div className="nol-muted nol-small">{formatInstant(at)}</div>
    </div>
  );
}

function GroupCards({ groups, now }: { groups: OverdueGroup[]; now: number }) {
  const t = useT();
  return (
    <div className="nol-card-list">
      {groups.map((g) => (
        <div key={g.key} className="nol-child-card" data-testid="overdue-group">
          <div className="nol-child-card-top">
            <span className="nol-strong">{g.name}</span>
            {g.township ? <span className="nol-muted nol-small">{g.township}</span> : null}
          </div>
          <div className="nol-overdue-counts">
            <span>{t('escalations.openN', { n: g.open })}</span>
            <span className={g.overdue > 0 ? 'nol-task-late' : 'nol-muted'}>
              {t('escalations.overdueN', { n: g.overdue })}
            </span>
          </div>
          {g.oldestDueAt ? (
            <div className="nol-child-card-line nol-small">
              {t('escalations.oldestDue')}
              {t('common.colon')}
              <OldestDue at={g.oldestDueAt} now={now} />
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}

/**
 * What the level above watches (DOMAIN 2.3): open and overdue ladder steps by school or township,
 * the suspected-dropout register, and which classes have not taken today's roll call.
 */
export function EscalationsPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const me = useMe();
  const now = useNow();
  const [search, setSearch] = useSearchParams();
  // A principal or deputy has one school: grouping by township would say nothing more.
  const mayGroupByTownship = hasAnyRole(me.data, ['township_official', 'bureau_admin', 'bureau_analyst']);
  const groupBy: GroupBy = mayGroupByTownship && search.get('groupBy') === 'township' ? 'township' : 'school';
  const summary = useQuery({
    queryKey: keys.overdue(groupBy),
    queryFn: () => api.overdue(groupBy),
    refetchInterval: 120_000,
  });
  const data = summary.data;
  const groups = [...(data?.groups ?? [])].sort((a, b) => b.overdue - a.overdue || b.open - a.open);
  const totals = groups.reduce((sum, g) => ({ open: sum.open + g.open, overdue: sum.overdue + g.overdue }), {
    open: 0,
    overdue: 0,
  });

  const columns: TableColumnsType<OverdueGroup> = [
    {
      title: groupBy === 'school' ? t('escalations.col.school') : t('escalations.col.township'),
      key: 'name',
      render: (_, g) => (
        <div>
          <span className="nol-strong">{g.name}</span>
          {g.township ? <div className="nol-muted nol-small">{g.township}</div> : null}
        </div>
      ),
    },
    { title: t('escalations.col.open'), dataIndex: 'open', width: 110, align: 'right' },
    {
      title: t('escalations.col.overdue'),
      dataIndex: 'overdue',
      width: 110,
      align: 'right',
      render: (n: number) => <span className={n > 0 ? 'nol-task-late' : 'nol-muted'}>{n}</span>,
    },
    {
      title: t('escalations.col.oldestDue'),
      dataIndex: 'oldestDueAt',
      width: 200,
      render: (at: string | null) => <OldestDue at={at} now={now} />,
    },
  ];

  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('escalations.empty')} />;

  return (
    <div>
      <PageHeader
        title={t('escalations.title')}
        subtitle={t('escalations.subtitle')}
        extra={
          <Button onClick={() => navigate('/tasks?view=supervise&status=overdue')} data-testid="to-supervise">
            {t('escalations.toTasks')}
          </Button>
        }
      />
      <Row gutter={[16, 16]} className="nol-overdue-stats">
        <Col xs={8} md={8}>
          <Card className="nol-card nol-stat-card">
            <Statistic title={t('escalations.stat.open')} value={data ? totals.open : '—'} />
          </Card>
        </Col>
        <Col xs={8} md={8}>
          <Card className="nol-card nol-stat-card">
            <Statistic
              title={t('escalations.stat.overdue')}
              value={data ? totals.overdue : '—'}
              styles={{ content: { color: totals.overdue > 0 ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={8} md={8}>
          <Card className="nol-card nol-stat-card">
            <Statistic title={t('escalations.stat.dropouts')} value={data ? data.suspectedDropouts : '—'} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            className="nol-card"
            title={t('escalations.groupsTitle')}
            extra={
              mayGroupByTownship ? (
                <Segmented<GroupBy>
                  value={groupBy}
                  onChange={(value) =>
                    setSearch(value === 'school' ? {} : { groupBy: value }, { replace: true })
                  }
                  options={[
                    { value: 'school', label: t('escalations.bySchool') },
                    { value: 'township', label: t('escalations.byTownship') },
                  ]}
                  data-testid="group-by"
                />
              ) : null
            }
          >
            {summary.isError ? (
              <QueryError error={summary.error} retry={() => summary.refetch()} />
            ) : isMobile ? (
              groups.length > 0 || summary.isLoading ? (
                <GroupCards groups={groups} now={now} />
              ) : (
                empty
              )
            ) : (
              <Table<OverdueGroup>
                rowKey="key"
                size="middle"
                columns={columns}
                dataSource={groups}
                loading={summary.isFetching}
                locale={{ emptyText: summary.isLoading ? ' ' : empty }}
                pagination={groups.length > 20 ? { pageSize: 20 } : false}
                onRow={() => ({ 'data-testid': 'overdue-group' }) as HTMLAttributes<HTMLElement>}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <RollCallStatusCard />
        </Col>
        <Col xs={24}>
          <DropoutsCard />
        </Col>
      </Row>
    </div>
  );
}
