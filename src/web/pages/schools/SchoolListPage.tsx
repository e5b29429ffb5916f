import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { SCHOOL_TYPES } from '../../../domain/codes.ts';
import { api, keys } from '../../api/endpoints.ts';
import type { School, SchoolListParams } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useCodeLabel, useCodeOptions, useT } from '../../i18n/index.tsx';
import { clickableRow } from '../../lib/clickableRow.ts';
import { useDebounced, useIsMobile } from '../../lib/hooks.ts';

const PAGE_SIZE = 50;

export function SchoolListPage() {
  const t = useT();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const label = useCodeLabel();
  const typeOptions = useCodeOptions(SCHOOL_TYPES);
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const debounced = useDebounced(text.trim(), 350);

  const filters: SchoolListParams = {
    q: params.get('q') || undefined,
    townshipCode: params.get('townshipCode') || undefined,
    type: params.get('type') || undefined,
    page: Number(params.get('page')) || 1,
    pageSize: PAGE_SIZE,
  };

  const set = (change: Record<string, string | number | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(change)) {
          if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
          else next.set(k, String(v));
        }
        if (!('page' in change)) next.delete('page');
        return next;
      },
      { replace: true },
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text drives this
  useEffect(() => {
    if (debounced !== (filters.q ?? '')) set({ q: debounced || undefined });
  }, [debounced]);

  // The township filter offers the townships that have schools in the user's jurisdiction.
  const all = useQuery({
    queryKey: keys.schools({ pageSize: 200 }),
    queryFn: () => api.schools({ pageSize: 200 }),
  });
  const townships = [
    ...new Map((all.data?.items ?? []).map((s) => [s.townshipCode, s.townshipName])).entries(),
  ]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([value, name]) => ({ value, label: name }));

  const list = useQuery({
    queryKey: keys.schools(filters),
    queryFn: () => api.schools(filters),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<School> = [
    {
      title: t('school.name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Link to={`/schools/${s.id}`} className="nol-strong-link">
          {name}
        </Link>
      ),
    },
    {
      title: t('school.code'),
      dataIndex: 'code',
      width: 130,
      render: (v: string) => <span className="nol-mono">{v}</span>,
    },
    {
      title: t('school.type'),
      dataIndex: 'type',
      width: 150,
      render: (v: string) => <Tag>{label(SCHOOL_TYPES, v)}</Tag>,
    },
    { title: t('school.township'), dataIndex: 'townshipName', width: 160 },
    { title: t('school.classCount'), dataIndex: 'classCount', width: 90, align: 'right' },
    {
      title: t('school.childCount'),
      dataIndex: 'childCount',
      width: 110,
      align: 'right',
      render: (n: number, s) => <Link to={`/children?schoolId=${s.id}`}>{n}</Link>,
    },
  ];

  const data = list.data;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('school.empty')} />;

  return (
    <div>
      <PageHeader
        title={t('school.title')}
        subtitle={data ? t('school.total', { total: data.total }) : undefined}
      />
      <Card className={isMobile ? 'nol-card nol-card-plain' : 'nol-card'}>
        <div className="nol-filters nol-filters-top">
          <Input
            allowClear
            prefix={<SearchOutlined className="nol-muted" />}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={() => set({ q: text.trim() || undefined })}
            type="search"
            enterKeyHint="search"
            placeholder={t('school.searchPlaceholder')}
            className="nol-filter-search"
            data-testid="school-search"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('school.township')}
            value={filters.townshipCode}
            options={townships}
            onChange={(v?: string) => set({ townshipCode: v })}
            className="nol-filter nol-filter-wide"
            data-testid="filter-township"
          />
          <Select
            allowClear
            placeholder={t('school.type')}
            value={filters.type}
            options={typeOptions}
            onChange={(v?: string) => set({ type: v })}
            className="nol-filter nol-filter-wide"
          />
        </div>
        {list.isError ? (
          <QueryError error={list.error} retry={() => list.refetch()} />
        ) : isMobile ? (
          <CardList
            loading={list.isLoading}
            items={data?.items}
            renderItem={(s) => (
              <Link key={s.id} to={`/schools/${s.id}`} className="nol-child-card" data-testid="school-row">
                <div className="nol-child-card-top">
                  <span className="nol-child-card-name">{s.name}</span>
                </div>
                <div className="nol-child-card-line nol-muted">
                  {label(SCHOOL_TYPES, s.type)} · {s.townshipName}
                </div>
                <div className="nol-child-card-line">
                  {t('school.counts', { classes: s.classCount, children: s.childCount })}
                </div>
              </Link>
            )}
            page={filters.page}
            pageSize={PAGE_SIZE}
            total={data?.total ?? 0}
            onPage={(page) => set({ page })}
            empty={empty}
          />
        ) : (
          <Table<School>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: list.isLoading ? ' ' : empty }}
            onRow={(s) => clickableRow('school-row', () => navigate(`/schools/${s.id}`))}
            pagination={{
              current: filters.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              showTotal: (total) => t('school.total', { total }),
              onChange: (page) => set({ page }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
