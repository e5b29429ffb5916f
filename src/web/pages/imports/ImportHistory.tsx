import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Modal, Table, type TableColumnsType, Tag } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { ImportSummary } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { RejectedTable } from './RejectedTable.tsx';

const STATUS_COLOR: Record<ImportSummary['status'], string> = {
  current: 'green',
  superseded: 'default',
  empty: 'orange',
};

function Counts({ item }: { item: ImportSummary }) {
  return (
    <span className="nol-mono">
      {item.read} / {item.accepted} /{' '}
      <span className={item.rejected > 0 ? 'nol-import-bad' : undefined}>{item.rejected}</span>
    </span>
  );
}

/** The county's imports, newest first: which list is current, and what each one rejected. */
export function ImportHistory({ countyCode }: { countyCode: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const [shown, setShown] = useState<ImportSummary | null>(null);
  const list = useQuery({ queryKey: keys.imports(countyCode), queryFn: () => api.imports(countyCode) });
  if (list.isError) return <QueryError error={list.error} retry={() => list.refetch()} />;

  const kindText = (item: ImportSummary) =>
    [t(`imports.kind.${item.kind}` as MessageKey), item.unit].filter(Boolean).join(' · ');
  const status = (item: ImportSummary) => (
    <Tag color={STATUS_COLOR[item.status]}>{t(`imports.status.${item.status}` as MessageKey)}</Tag>
  );
  const rejectedButton = (item: ImportSummary) =>
    item.rejected > 0 ? (
      <Button size="small" onClick={() => setShown(item)}>
        {t('imports.viewRejected')}
      </Button>
    ) : null;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.historyEmpty')} />;

  const columns: TableColumnsType<ImportSummary> = [
    {
      title: t('imports.col.kind'),
      key: 'kind',
      width: 200,
      render: (_, item) => (
        <div>
          <div className="nol-strong">{kindText(item)}</div>
          <div className="nol-muted nol-small">
            {[item.documentNumber, item.cutOffDate].filter(Boolean).join(' · ')}
          </div>
        </div>
      ),
    },
    { title: t('imports.col.file'), dataIndex: 'fileName', ellipsis: true },
    {
      title: t('imports.col.counts'),
      key: 'counts',
      width: 170,
      render: (_, item) => <Counts item={item} />,
    },
    { title: t('imports.col.status'), key: 'status', width: 100, render: (_, item) => status(item) },
    {
      title: t('imports.col.time'),
      key: 'time',
      width: 170,
      render: (_, item) => (
        <div>
          <div>{formatInstant(item.createdAt)}</div>
          {item.createdBy ? (
            <div className="nol-muted nol-small">{t('imports.by', { name: item.createdBy })}</div>
          ) : null}
        </div>
      ),
    },
    { key: 'action', width: 140, render: (_, item) => rejectedButton(item) },
  ];

  return (
    <>
      {isMobile ? (
        <CardList
          loading={list.isLoading}
          items={list.data?.imports}
          total={list.data?.imports.length ?? 0}
          pageSize={1000}
          onPage={() => {}}
          empty={empty}
          renderItem={(item) => (
            <div key={item.id} className="nol-child-card" data-testid="import-row">
              <div className="nol-import-card-top">
                <span className="nol-strong">{kindText(item)}</span>
                {status(item)}
              </div>
              <div className="nol-child-card-line nol-muted nol-import-file">{item.fileName}</div>
              <div className="nol-child-card-line">
                {t('imports.col.counts')}：<Counts item={item} />
              </div>
              <div className="nol-child-card-line nol-muted nol-small">{formatInstant(item.createdAt)}</div>
              {rejectedButton(item)}
            </div>
          )}
        />
      ) : (
        <Table<ImportSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.imports ?? []}
          loading={list.isFetching}
          locale={{ emptyText: list.isLoading ? ' ' : empty }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={() => ({ 'data-testid': 'import-row' }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <Modal
        open={shown !== null}
        onCancel={() => setShown(null)}
        footer={null}
        width={900}
        title={shown ? `${kindText(shown)} · ${shown.fileName}` : ''}
        destroyOnHidden
      >
        {shown ? <RejectedTable importId={shown.id} /> : null}
      </Modal>
    </>
  );
}
