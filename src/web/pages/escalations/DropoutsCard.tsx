import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import type { SuspectedDropout } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { useIsMobile } from '../../lib/hooks.ts';

/** The suspected-dropout register (疑似辍学, DOMAIN 2.2): children still absent after the last step. */
export function DropoutsCard() {
  const t = useT();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: keys.suspectedDropouts(page),
    queryFn: () => api.suspectedDropouts(page),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('escalations.dropouts.empty')} />;
  const where = (d: SuspectedDropout) => [d.className, d.schoolName].filter(Boolean).join(' · ');

  const columns: TableColumnsType<SuspectedDropout> = [
    {
      title: t('escalations.dropouts.child'),
      dataIndex: 'childName',
      render: (name: string, d) => (
        <Link to={`/children/${d.childId}`} className="nol-strong-link">
          {name}
        </Link>
      ),
    },
    { title: t('escalations.dropouts.where'), key: 'where', render: (_, d) => where(d) },
    { title: t('escalations.dropouts.runStartedOn'), dataIndex: 'runStartedOn', width: 150 },
    { title: t('escalations.dropouts.enteredOn'), dataIndex: 'enteredOn', width: 130 },
    {
      title: t('escalations.dropouts.policy'),
      dataIndex: 'policyVersion',
      width: 110,
      render: (n: number) => t('tasks.policyVersionShort', { n }),
    },
  ];

  return (
    <Card
      className="nol-card"
      title={
        <span>
          {t('escalations.dropouts.title')}
          {data ? (
            <span className="nol-muted nol-card-title-note">
              {' '}
              {t('escalations.dropouts.count', { n: data.total })}
            </span>
          ) : null}
        </span>
      }
      data-testid="dropouts"
    >
      <p className="nol-muted nol-small nol-card-intro">{t('escalations.dropouts.intro')}</p>
      {list.isError ? (
        <QueryError error={list.error} retry={() => list.refetch()} />
      ) : isMobile ? (
        <CardList
          loading={list.isLoading}
          items={data?.items}
          renderItem={(d) => (
            <Link
              key={d.childId}
              to={`/children/${d.childId}`}
              className="nol-child-card"
              data-testid="dropout-row"
            >
              <div className="nol-child-card-top">
                <span className="nol-child-card-name">{d.childName}</span>
                <span className="nol-muted nol-small">
                  {t('escalations.dropouts.since', { day: d.enteredOn })}
                </span>
              </div>
              <div className="nol-child-card-line">{where(d)}</div>
              <div className="nol-child-card-line nol-muted nol-small">
                {t('escalations.dropouts.absentSince', { day: d.runStartedOn })}
              </div>
            </Link>
          )}
          page={page}
          total={data?.total ?? 0}
          onPage={setPage}
          empty={empty}
        />
      ) : (
        <Table<SuspectedDropout>
          rowKey="childId"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: list.isLoading ? ' ' : empty }}
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
        />
      )}
    </Card>
  );
}
