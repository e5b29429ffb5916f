import { KeyOutlined, PlusOutlined, SearchOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { ROLE_SCOPE_LEVELS, ROLES, type Role, SCOPE_LEVELS } from '../../../domain/roles.ts';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import { useMe } from '../../api/session.ts';
import type { TemporaryPassword, UserCreateInput, UserListParams, UserSummary } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage, QueryError } from '../../components/QueryError.tsx';
import { type Translate, useCodeLabel, useCodeOptions, useT } from '../../i18n/index.tsx';
import { applyFieldErrors, trimOrNull } from '../../lib/forms.ts';
import { useDebounced, useIsMobile } from '../../lib/hooks.ts';

/** What the scope box takes for a role (the server checks the level: service.addUser). */
type ScopeKind = 'region' | 'school' | 'class' | 'none' | 'optionalRegion';

function scopeKind(role: Role | undefined): ScopeKind {
  if (!role) return 'region';
  const levels = ROLE_SCOPE_LEVELS[role];
  if (levels.includes('school')) return 'school';
  if (levels.includes('class')) return 'class';
  if (levels.includes('national') && levels.length > 1) return 'optionalRegion';
  if (levels.includes('national') || levels.includes('paired')) return 'none';
  return 'region';
}

const SCOPE_PATTERN: Record<ScopeKind, RegExp> = {
  region: /^[0-9]{12}$/,
  optionalRegion: /^([0-9]{12})?$/,
  school: /^[0-9]{10}$/,
  class: /^[0-9]{1,9}$/,
  none: /^$/,
};

function scopeHelp(t: Translate, role: Role | undefined, levelLabel: (code: string) => string): string {
  if (!role) return '';
  const levels = ROLE_SCOPE_LEVELS[role]
    .filter((l) => l !== 'national')
    .map(levelLabel)
    .join('、');
  switch (scopeKind(role)) {
    case 'school':
      return t('users.scopeHelp.school');
    case 'class':
      return t('users.scopeHelp.class');
    case 'optionalRegion':
      return t('users.scopeHelp.auditor', { levels });
    case 'none':
      return ROLE_SCOPE_LEVELS[role].includes('paired')
        ? t('users.scopeHelp.paired')
        : t('users.scopeHelp.national');
    default:
      return t('users.scopeHelp.region', { levels });
  }
}

interface CreateValues {
  username: string;
  displayName: string;
  phone?: string;
  role?: Role;
  scope?: string;
}

const CREATE_FIELDS = ['username', 'displayName', 'phone', 'role', 'scope'] as const;

function CreateUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (result: TemporaryPassword) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const codeLabel = useCodeLabel();
  const roleOptions = useCodeOptions(ROLES);
  const [form] = Form.useForm<CreateValues>();
  const role = Form.useWatch('role', form);
  const kind = scopeKind(role);
  const [error, setError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.createUser({
        username: v.username.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        phone: trimOrNull(v.phone),
        role: v.role as Role,
        scope: kind === 'none' ? undefined : v.scope?.trim() || undefined,
      } satisfies UserCreateInput),
    onMutate: () => setError(null),
    onError: (e) => {
      const rest = isApiError(e) ? applyFieldErrors(form, e, CREATE_FIELDS) : [];
      if (!isApiError(e) || e.fields.length === 0 || rest.length > 0)
        setError(rest.length > 0 ? rest.join('；') : errorMessage(e, t('error.network')));
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      form.resetFields();
      onCreated(result);
    },
  });

  return (
    <Modal
      open={open}
      title={t('users.new')}
      okText={t('users.create')}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      confirmLoading={create.isPending}
      destroyOnHidden
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        onValuesChange={(changed) => {
          if ('role' in changed) form.setFields([{ name: 'scope', errors: [] }]);
        }}
        autoComplete="off"
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, whitespace: true, message: t('users.usernameRequired') },
            { pattern: /^\s*[A-Za-z0-9_.-]{3,64}\s*$/, message: t('users.usernameRule') },
          ]}
        >
          <Input maxLength={64} autoCapitalize="none" spellCheck={false} data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={40} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.phone')}
          rules={[
            { pattern: /^\s*(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})?\s*$/, message: t('users.phoneRule') },
          ]}
        >
          <Input inputMode="tel" maxLength={20} data-testid="user-phone" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select
            options={roleOptions}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('users.roleRequired')}
            data-testid="user-role"
          />
        </Form.Item>
        <Form.Item
          name="scope"
          label={t('users.scope')}
          extra={role ? scopeHelp(t, role, (code) => codeLabel(SCOPE_LEVELS, code)) : undefined}
          hidden={!role || kind === 'none'}
          rules={[
            {
              required: kind === 'region' || kind === 'school' || kind === 'class',
              message: t('users.scopeRequired'),
            },
            { pattern: SCOPE_PATTERN[kind], message: t('users.scopeRule') },
          ]}
        >
          <Input
            inputMode="numeric"
            maxLength={12}
            className="nol-mono"
            placeholder={kind === 'school' ? '3434001234' : kind === 'class' ? '12' : '341802000000'}
            data-testid="user-scope"
          />
        </Form.Item>
        {role && kind === 'none' ? (
          <Typography.Paragraph type="secondary" className="nol-small">
            {scopeHelp(t, role, (code) => codeLabel(SCOPE_LEVELS, code))}
          </Typography.Paragraph>
        ) : null}
      </Form>
    </Modal>
  );
}

/** Shows a temporary password once, with a copy button; it cannot be fetched again. */
function TemporaryPasswordModal({
  shown,
  onClose,
}: {
  shown: { result: TemporaryPassword; kind: 'created' | 'reset' } | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const password = shown?.result.temporaryPassword ?? '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      message.success(t('users.copied'));
    } catch {
      // No clipboard API (plain http on a LAN address): select the text for a manual copy.
      const node = document.querySelector('[data-testid="temporary-password"]');
      if (node) window.getSelection()?.selectAllChildren(node);
    }
  };
  return (
    <Modal
      open={shown !== null}
      title={t('users.passwordTitle')}
      onCancel={onClose}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="temporary-password-done">
          {t('users.passwordDone')}
        </Button>
      }
    >
      {shown ? (
        <>
          <Typography.Paragraph>
            {t(shown.kind === 'created' ? 'users.passwordCreated' : 'users.passwordReset', {
              username: shown.result.username,
            })}
          </Typography.Paragraph>
          <div className="nol-temp-password-row">
            <code className="nol-temp-password" data-testid="temporary-password">
              {password}
            </code>
            <Button onClick={copy} data-testid="temporary-password-copy">
              {t('users.copy')}
            </Button>
          </div>
          <Alert type="warning" showIcon icon={<WarningOutlined />} title={t('users.passwordOnce')} />
        </>
      ) : null}
    </Modal>
  );
}

function StatusTags({ user }: { user: UserSummary }) {
  const t = useT();
  if (user.disabled) return <Tag color="default">{t('users.status.disabled')}</Tag>;
  return (
    <span className="nol-tags">
      {user.locked ? <Tag color="orange">{t('users.status.locked')}</Tag> : null}
      {user.mustChangePassword ? <Tag color="gold">{t('users.status.mustChange')}</Tag> : null}
      {!user.locked && !user.mustChangePassword ? <Tag color="green">{t('users.status.active')}</Tag> : null}
    </span>
  );
}

function RoleLines({ user }: { user: UserSummary }) {
  const t = useT();
  const codeLabel = useCodeLabel();
  if (user.roles.length === 0) return <span className="nol-muted">{t('users.noRole')}</span>;
  return (
    <div>
      {user.roles.map((r) => (
        <div key={`${r.role}-${r.scopeName}`}>
          {codeLabel(ROLES, r.role)} <span className="nol-muted">· {r.scopeName}</span>
        </div>
      ))}
    </div>
  );
}

function UserActions({
  user,
  isSelf,
  onReset,
  onDisable,
  busy,
}: {
  user: UserSummary;
  isSelf: boolean;
  onReset: (u: UserSummary) => void;
  onDisable: (u: UserSummary) => void;
  busy: boolean;
}) {
  const t = useT();
  if (user.disabled) return null;
  return (
    <Space size={4} wrap>
      <Popconfirm
        title={t('users.reset')}
        description={
          <div className="nol-popconfirm-text">{t('users.resetConfirm', { username: user.username })}</div>
        }
        onConfirm={() => onReset(user)}
      >
        <Button size="small" icon={<KeyOutlined />} disabled={busy} data-testid="user-reset">
          {t('users.reset')}
        </Button>
      </Popconfirm>
      {isSelf ? null : (
        <Popconfirm
          title={t('users.disable')}
          description={
            <div className="nol-popconfirm-text">
              {t('users.disableConfirm', { username: user.username })}
            </div>
          }
          okButtonProps={{ danger: true }}
          onConfirm={() => onDisable(user)}
        >
          <Button size="small" danger icon={<StopOutlined />} disabled={busy} data-testid="user-disable">
            {t('users.disable')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export function UsersPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const roleOptions = useCodeOptions(ROLES);
  const [text, setText] = useState('');
  const debounced = useDebounced(text.trim(), 350);
  const [params, setParams] = useState<UserListParams>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ result: TemporaryPassword; kind: 'created' | 'reset' } | null>(null);

  useEffect(() => {
    setParams((p) => ((p.q ?? '') === debounced ? p : { ...p, q: debounced || undefined, page: 1 }));
  }, [debounced]);

  const list = useQuery({
    queryKey: keys.users(params),
    queryFn: () => api.users(params),
    placeholderData: keepPreviousData,
  });

  const onError = (e: unknown) => message.error(errorMessage(e, t('error.network')));
  const reset = useMutation({
    mutationFn: (u: UserSummary) => api.resetUserPassword(u.id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      setShown({ result, kind: 'reset' });
    },
    onError,
  });
  const disable = useMutation({
    mutationFn: (u: UserSummary) => api.disableUser(u.id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      message.success(t('users.disabled', { username: result.username }));
    },
    onError,
  });
  const busy = reset.isPending || disable.isPending;
  const selfId = me.data?.userId;

  const actions = (u: UserSummary) => (
    <UserActions
      user={u}
      isSelf={u.id === selfId}
      onReset={(x) => reset.mutate(x)}
      onDisable={(x) => disable.mutate(x)}
      busy={busy}
    />
  );

  const columns: TableColumnsType<UserSummary> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      width: 200,
      render: (v: string, u) => (
        <span className="nol-mono">
          {v}
          {u.id === selfId ? <span className="nol-muted">{t('users.you')}</span> : null}
        </span>
      ),
    },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 110 },
    {
      title: t('users.phone'),
      dataIndex: 'phone',
      width: 130,
      responsive: ['lg'],
      render: (v: string | null) => <span className="nol-mono">{v ?? '—'}</span>,
    },
    { title: t('users.roles'), key: 'roles', render: (_, u) => <RoleLines user={u} /> },
    { title: t('users.status'), key: 'status', width: 150, render: (_, u) => <StatusTags user={u} /> },
    { title: t('users.actions'), key: 'actions', width: 200, render: (_, u) => actions(u) },
  ];

  const data = list.data;
  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={params.q || params.role ? t('users.emptyFiltered') : t('users.empty')}
    />
  );

  return (
    <div>
      <PageHeader
        title={t('users.title')}
        subtitle={data ? t('users.total', { total: data.total }) : t('users.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-new"
          >
            {t('users.new')}
          </Button>
        }
      />
      <Card className={isMobile ? 'nol-card nol-card-plain' : 'nol-card'}>
        <div className="nol-filters nol-filters-top">
          <Input
            allowClear
            prefix={<SearchOutlined className="nol-muted" />}
            value={text}
            onChange={(e) => setText(e.target.value)}
            type="search"
            enterKeyHint="search"
            placeholder={t('users.searchPlaceholder')}
            maxLength={64}
            className="nol-filter nol-filter-search"
            data-testid="user-search"
          />
          <Select
            allowClear
            placeholder={t('users.roleFilter')}
            value={params.role}
            options={roleOptions}
            onChange={(role?: Role) => setParams((p) => ({ ...p, role, page: 1 }))}
            className="nol-filter nol-filter-wide nol-filter-role"
            popupMatchSelectWidth={false}
            data-testid="user-role-filter"
          />
        </div>
        {list.isError ? (
          <QueryError error={list.error} retry={() => list.refetch()} />
        ) : isMobile ? (
          <CardList
            loading={list.isLoading}
            items={data?.items}
            renderItem={(u) => (
              <div key={u.id} className="nol-child-card nol-user-card" data-testid="user-row">
                <div className="nol-child-card-top">
                  <span className="nol-child-card-name">{u.displayName}</span>
                  <span className="nol-mono nol-muted">
                    {u.username}
                    {u.id === selfId ? t('users.you') : ''}
                  </span>
                </div>
                <div className="nol-child-card-line">
                  <RoleLines user={u} />
                </div>
                <div className="nol-user-card-bottom">
                  <StatusTags user={u} />
                  {actions(u)}
                </div>
              </div>
            )}
            page={params.page}
            pageSize={params.pageSize}
            total={data?.total ?? 0}
            onPage={(page) => setParams((p) => ({ ...p, page }))}
            empty={empty}
          />
        ) : (
          <Table<UserSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: list.isLoading ? ' ' : empty }}
            onRow={() => ({ 'data-testid': 'user-row' }) as HTMLAttributes<HTMLElement>}
            rowClassName={(u) => (u.disabled ? 'nol-row-disabled' : '')}
            pagination={{
              current: params.page,
              pageSize: params.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t('users.total', { total }),
              onChange: (page, pageSize) =>
                setParams((p) => (pageSize !== p.pageSize ? { ...p, page: 1, pageSize } : { ...p, page })),
            }}
            scroll={{ x: 960 }}
          />
        )}
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setShown({ result, kind: 'created' });
        }}
      />
      <TemporaryPasswordModal shown={shown} onClose={() => setShown(null)} />
    </div>
  );
}
