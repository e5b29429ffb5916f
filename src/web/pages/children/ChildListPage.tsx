import { FilterOutlined, ManOutlined, PlusOutlined, SearchOutlined, WomanOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Input, Select, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { SPECIAL_GROUPS } from '../../../domain/codes.ts';
import { api, keys } from '../../api/endpoints.ts';
import { mayCreateChild, useMe } from '../../api/session.ts';
import type { ChildListParams, ChildSummary } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { GroupTags } from '../../components/GroupTags.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, type Translate, useCodeOptions, useT } from '../../i18n/index.tsx';
import { clickableRow } from '../../lib/clickableRow.ts';
import { ageOn } from '../../lib/dates.ts';
import { useDebounced, useIsMobile } from '../../lib/hooks.ts';
import { useChildFilters } from './useChildFilters.ts';

export const gradeLabel = (t: Translate, grade: number | null | undefined) =>
  grade ? t(`grade.${grade}` as MessageKey) : '';

export function useGradeOptions() {
  const t = useT();
  return Array.from({ length: 9 }, (_, i) => ({ value: i + 1, label: gradeLabel(t, i + 1) }));
}

function SexIcon({ sex }: { sex: ChildSummary['sex'] }) {
  const t = useT();
  return sex === 'male' ? (
    <ManOutlined className="nol-sex nol-sex-male" aria-label={t('sex.male')} />
  ) : (
    <WomanOutlined className="nol-sex nol-sex-female" aria-label={t('sex.female')} />
  );
}

function Filters({
  filters,
  update,
}: {
  filters: ChildListParams;
  update: (c: Partial<ChildListParams>) => void;
}) {
  const t = useT();
  const groupOptions = useCodeOptions(SPECIAL_GROUPS);
  const gradeOptions = useGradeOptions();
  const schools = useQuery({
    queryKey: keys.schools({ pageSize: 200 }),
    queryFn: () => api.schools({ pageSize: 200 }),
  });
  const classes = useQuery({
    queryKey: keys.classes(filters.schoolId ?? 0),
    queryFn: () => api.classes(filters.schoolId ?? 0),
    enabled: filters.schoolId !== undefined,
  });
  return (
    <div className="nol-filters">
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('children.filter.school')}
        value={filters.schoolId}
        loading={schools.isLoading}
        options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        onChange={(schoolId?: number) => update({ schoolId, classId: undefined })}
        className="nol-filter nol-filter-wide"
        data-testid="filter-school"
      />
      {filters.schoolId !== undefined ? (
        <Select
          allowClear
          placeholder={t('children.filter.class')}
          value={filters.classId}
          loading={classes.isLoading}
          options={(classes.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(classId?: number) => update({ classId })}
          className="nol-filter"
          data-testid="filter-class"
        />
      ) : null}
      <Select
        allowClear
        placeholder={t('children.filter.grade')}
        value={filters.grade}
        options={gradeOptions}
        onChange={(grade?: number) => update({ grade })}
        className="nol-filter"
        data-testid="filter-grade"
      />
      <Select
        allowClear
        placeholder={t('children.filter.group')}
        value={filters.group}
        options={groupOptions}
        onChange={(group?: string) => update({ group })}
        className="nol-filter nol-filter-wide"
        popupMatchSelectWidth={false}
        data-testid="filter-group"
      />
    </div>
  );
}

function ChildCard({ child }: { child: ChildSummary }) {
  const t = useT();
  const age = ageOn(child.birthDate);
  return (
    <Link to={`/children/${child.id}`} className="nol-child-card" data-testid="child-row">
      <div className="nol-child-card-top">
        <span className="nol-child-card-name">{child.name}</span>
        <SexIcon sex={child.sex} />
        <span className="nol-muted">
          {age !== null ? t('children.age', { age }) : ''} · {child.birthDate}
        </span>
      </div>
      <div className="nol-child-card-line">
        {[child.className, child.schoolName].filter(Boolean).join(' · ') || t('children.notEnrolled')}
      </div>
      <div className="nol-child-card-line nol-mono nol-muted">
        {child.idNumberMasked ?? child.studentNumber ?? t('children.noId')}
        {child.idNumberMasked && child.studentNumber && !child.studentNumber.startsWith('G')
          ? ` · ${child.studentNumber}`
          : ''}
      </div>
      {child.groups.length > 0 ? (
        <div className="nol-child-card-tags">
          <GroupTags groups={child.groups} />
        </div>
      ) : null}
    </Link>
  );
}

export function ChildListPage() {
  const t = useT();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const me = useMe();
  const { filters, update, activeCount } = useChildFilters();
  const [text, setText] = useState(filters.q ?? '');
  const debounced = useDebounced(text, 350);
  const [showFilters, setShowFilters] = useState(activeCount > 0);

  useEffect(() => {
    const q = debounced.trim();
    if (q !== (filters.q ?? '')) update({ q: q || undefined });
  }, [debounced, filters.q, update]);

  const list = useQuery({
    queryKey: keys.children(filters),
    queryFn: () => api.children(filters),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<ChildSummary> = [
    {
      title: t('child.name'),
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      render: (_, c) => (
        <Link to={`/children/${c.id}`} className="nol-strong-link">
          {c.name}
        </Link>
      ),
    },
    {
      title: t('child.sex'),
      dataIndex: 'sex',
      width: 72,
      render: (sex: ChildSummary['sex']) => t(`sex.${sex}`),
    },
    {
      title: t('child.birthDate'),
      dataIndex: 'birthDate',
      width: 150,
      render: (d: string) => {
        const age = ageOn(d);
        return (
          <span>
            {d} <span className="nol-muted">{age !== null ? `(${t('children.age', { age })})` : ''}</span>
          </span>
        );
      },
    },
    {
      title: t('child.school'),
      dataIndex: 'schoolName',
      width: 190,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('child.class'),
      dataIndex: 'className',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('children.idColumn'),
      dataIndex: 'idNumberMasked',
      width: 200,
      // A G student number is G + the ID number: shown only when it adds something (an L number).
      render: (v: string | null, c) => (
        <div className="nol-mono">
          <div>{v ?? '—'}</div>
          {c.studentNumber && !c.studentNumber.startsWith('G') ? (
            <div className="nol-muted nol-small">{c.studentNumber}</div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('child.groups'),
      dataIndex: 'groups',
      width: 240,
      render: (groups: string[]) => <GroupTags groups={groups} />,
    },
  ];

  const data = list.data;
  const hasFilters = activeCount > 0 || Boolean(filters.q);
  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={hasFilters ? t('children.emptyFiltered') : t('children.empty')}
      data-testid="children-empty"
    >
      {hasFilters ? (
        <Button
          onClick={() => {
            setText('');
            update({
              q: undefined,
              schoolId: undefined,
              classId: undefined,
              grade: undefined,
              group: undefined,
            });
          }}
        >
          {t('children.clearFilters')}
        </Button>
      ) : null}
    </Empty>
  );

  return (
    <div>
      <PageHeader
        title={t('children.title')}
        subtitle={data ? t('children.total', { total: data.total }) : undefined}
        extra={
          mayCreateChild(me.data) ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/children/new')}
              data-testid="child-new"
            >
              {t('children.new')}
            </Button>
          ) : null
        }
      />
      <Card className={isMobile ? 'nol-card nol-card-plain' : 'nol-card'}>
        <div className="nol-search-row">
          <Input
            allowClear
            prefix={<SearchOutlined className="nol-muted" />}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={() => update({ q: text.trim() || undefined })}
            type="search"
            enterKeyHint="search"
            placeholder={t(isMobile ? 'children.searchPlaceholderShort' : 'children.searchPlaceholder')}
            maxLength={40}
            data-testid="child-search"
            className="nol-search"
          />
          {isMobile ? (
            <Badge count={activeCount} size="small">
              <Button
                icon={<FilterOutlined />}
                onClick={() => setShowFilters((v) => !v)}
                aria-expanded={showFilters}
                aria-label={t('children.filters')}
                type={showFilters ? 'primary' : 'default'}
                ghost={showFilters}
                data-testid="filter-toggle"
              />
            </Badge>
          ) : null}
        </div>
        {!isMobile || showFilters ? <Filters filters={filters} update={update} /> : null}
        {list.isError ? (
          <QueryError error={list.error} retry={() => list.refetch()} />
        ) : isMobile ? (
          <CardList
            loading={list.isLoading}
            items={data?.items}
            renderItem={(c) => <ChildCard key={c.id} child={c} />}
            page={filters.page}
            pageSize={filters.pageSize}
            total={data?.total ?? 0}
            onPage={(page) => update({ page })}
            empty={empty}
          />
        ) : (
          <Table<ChildSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: list.isLoading ? ' ' : empty }}
            onRow={(c) => clickableRow('child-row', () => navigate(`/children/${c.id}`))}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t('children.total', { total }),
              onChange: (page, pageSize) =>
                update(pageSize !== filters.pageSize ? { page: 1, pageSize } : { page }),
            }}
            scroll={{ x: 1080 }}
          />
        )}
      </Card>
    </div>
  );
}
