import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { RejectedRows } from '../../api/types.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';

type Row = RejectedRows['rows'][number];

/** An import's rejected rows with their reasons, and the .xlsx to fix them in. */
export function RejectedTable({ importId }: { importId: number }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: keys.rejectedRows(importId, page),
    queryFn: () => api.rejectedRows(importId, page),
    placeholderData: keepPreviousData,
  });
  if (rows.isError) return <QueryError error={rows.error} retry={() => rows.refetch()} />;
  const data = rows.data;
  const header = data?.header ?? [];
  const columns: TableColumnsType<Row> = [
    { title: t('imports.rowNumber'), dataIndex: 'rowNumber', width: 72, fixed: 'left' },
    {
      title: t('imports.reason'),
      dataIndex: 'reason',
      width: 260,
      render: (r: string) => <span className="nol-import-reason">{r}</span>,
    },
    {
      title: t('imports.cells'),
      key: 'cells',
      render: (_, row) => (
        <span className="nol-muted nol-small">
          {row.cells
            .map((cell, i) => (cell ? `${header[i] ?? i + 1}：${cell}` : null))
            .filter(Boolean)
            .join('；')}
        </span>
      ),
    },
  ];
  return (
    <div data-testid="rejected-rows">
      <div className="nol-import-rejected-head">
        <span className="nol-muted">{t('imports.rejectedHint')}</span>
        <Button
          icon={<DownloadOutlined />}
          href={api.rejectedXlsxUrl(importId)}
          download
          data-testid="rejected-download"
        >
          {t('imports.downloadRejected')}
        </Button>
      </div>
      <Table<Row>
        size="small"
        rowKey="rowNumber"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={rows.isFetching}
        pagination={{
          current: page,
          pageSize: data?.pageSize ?? 50,
          total: data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
        scroll={{ x: 640 }}
      />
    </div>
  );
}
