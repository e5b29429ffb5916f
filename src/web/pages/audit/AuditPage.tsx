import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { AuditEntry, AuditParams } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, type Translate, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';

const PAGE_SIZE = 50;

/** The actions and entities the server writes (its audit calls); others show as bare codes. */
const ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'password_changed',
  'child.read',
  'child.reveal_id',
  'child.create',
  'child.update',
  'enrollment.change',
  'guardian.create',
  'guardian.update',
  'guardian.end',
  'group.create',
  'group.end',
  'user.create',
  'user.disable',
  'user.reset_password',
] as const;
const ENTITIES = ['child', 'guardian', 'group_membership', 'user'] as const;

function known(t: Translate, prefix: 'auditAction' | 'auditEntity', code: string, list: readonly string[]) {
  return list.includes(code) ? t(`${prefix}.${code}` as MessageKey) : null;
}

interface FilterValues {
  username?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toParams(v: FilterValues): AuditParams {
  const text = (s?: string) => s?.trim() || undefined;
  return {
    username: text(v.username),
    action: text(v.action),
    entity: text(v.entity),
    entityId: text(v.entityId),
    from: v.range?.[0]?.format('YYYY-MM-DD'),
    to: v.range?.[1]?.format('YYYY-MM-DD'),
  };
}

function Detail({ entry }: { entry: AuditEntry }) {
  if (entry.detail === null || entry.detail === undefined) return null;
  return <pre className="nol-json">{JSON.stringify(entry.detail, null, 2)}</pre>;
}

export function AuditPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<AuditParams>({});
  const [page, setPage] = useState(1);
  const params = { ...filters, page, pageSize: PAGE_SIZE };

  const list = useQuery({
    queryKey: keys.audit(params),
    queryFn: () => api.audit(params),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatInstant(v) },
    { title: t('audit.user'), dataIndex: 'username', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 220,
      render: (v: string) => (
        <span>
          {known(t, 'auditAction', v, ACTIONS) ?? ''}{' '}
          <span className="nol-mono nol-muted nol-small">{v}</span>
        </span>
      ),
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      width: 160,
      render: (_, e) =>
        e.entity ? (
          <span className="nol-mono">
            {known(t, 'auditEntity', e.entity, ENTITIES) ?? e.entity}
            {e.entityId !== null && e.entityId !== undefined ? ` #${e.entityId}` : ''}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('audit.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.county'),
      dataIndex: 'countyCode',
      width: 90,
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 130,
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('audit.title')}
        subtitle={list.data ? t('audit.total', { total: list.data.total }) : t('audit.subtitle')}
      />
      <Card className="nol-card" styles={{ body: { padding: isMobile ? 12 : 16 } }}>
        <Form<FilterValues>
          form={form}
          layout={isMobile ? 'vertical' : 'inline'}
          className="nol-audit-filters"
          onFinish={(v) => {
            setFilters(toParams(v));
            setPage(1);
          }}
        >
          <Form.Item name="username" label={t('audit.user')}>
            <Input allowClear autoComplete="off" data-testid="audit-username" />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <AutoComplete
              allowClear
              placeholder={t('audit.actionPlaceholder')}
              options={ACTIONS.map((a) => ({
                value: a,
                label: `${t(`auditAction.${a}` as MessageKey)} · ${a}`,
              }))}
              showSearch={{
                filterOption: (input, option) =>
                  String(option?.label ?? '')
                    .toLowerCase()
                    .includes(input.toLowerCase()),
              }}
              popupMatchSelectWidth={260}
              style={{ width: 190 }}
            />
          </Form.Item>
          <Form.Item name="entity" label={t('audit.entity')}>
            <AutoComplete
              allowClear
              placeholder={t('audit.entityPlaceholder')}
              options={ENTITIES.map((e) => ({
                value: e,
                label: `${t(`auditEntity.${e}` as MessageKey)} · ${e}`,
              }))}
              popupMatchSelectWidth={240}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              inputReadOnly={isMobile}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              {t('common.search')}
            </Button>
            <Button
              style={{ marginInlineStart: 8 }}
              onClick={() => {
                form.resetFields();
                setFilters({});
                setPage(1);
              }}
            >
              {t('common.reset')}
            </Button>
          </Form.Item>
        </Form>
        {list.isError ? (
          <QueryError error={list.error} retry={() => list.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} />,
            }}
            expandable={{
              expandedRowRender: (e) => <Detail entry={e} />,
              rowExpandable: (e) => e.detail !== null && e.detail !== undefined,
            }}
            scroll={{ x: 900 }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('audit.total', { total }),
              onChange: setPage,
              simple: isMobile,
            }}
          />
        )}
        <Typography.Paragraph
          type="secondary"
          className="nol-small"
          style={{ marginTop: 12, marginBottom: 0 }}
        >
          {t('audit.note')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
