import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  ControlOutlined,
  DiffOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Avatar, Button, Drawer, Dropdown, Layout, Menu, type MenuProps, Tooltip } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { roleLabel } from '../../domain/roles.ts';
import { api } from '../api/endpoints.ts';
import {
  CALENDAR_ROLES,
  hasAnyRole,
  isAuditor,
  isSystemAdmin,
  POLICY_ROLES,
  SUPERVISOR_ROLES,
  seesChildren,
  seesSchools,
} from '../api/session.ts';
import type { Me } from '../api/types.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { useIsMobile } from '../lib/hooks.ts';
import { handlesLeave, rollCallGrants } from '../pages/attendance/access.ts';
import { FINDINGS_ROLES } from '../pages/crosscheck/labels.ts';
import { Brand } from './Brand.tsx';
import { LangSwitch } from './LangSwitch.tsx';

const { Header, Sider, Content } = Layout;

function useMenuItems(me: Me): MenuProps['items'] {
  const t = useT();
  const items: NonNullable<MenuProps['items']> = [];
  // A teacher's daily job first: one tap from the menu to today's roll call.
  if (rollCallGrants(me).length > 0) {
    items.push({ key: '/roll-call', icon: <CheckSquareOutlined />, label: t('attendance.nav') });
  }
  if (seesChildren(me)) items.push({ key: '/tasks', icon: <ScheduleOutlined />, label: t('nav.tasks') });
  if (hasAnyRole(me, SUPERVISOR_ROLES)) {
    items.push({ key: '/escalations', icon: <AlertOutlined />, label: t('nav.escalations') });
  }
  if (seesChildren(me)) {
    items.push({ key: '/children', icon: <TeamOutlined />, label: t('nav.children') });
  }
  if (seesSchools(me)) items.push({ key: '/schools', icon: <BankOutlined />, label: t('nav.schools') });
  if (isSystemAdmin(me)) items.push({ key: '/users', icon: <UserSwitchOutlined />, label: t('nav.users') });
  if (handlesLeave(me)) {
    items.push({ key: '/leave-requests', icon: <FileDoneOutlined />, label: t('leave.nav') });
  }
  if (hasAnyRole(me, POLICY_ROLES))
    items.push({ key: '/policy', icon: <ControlOutlined />, label: t('nav.policy') });
  if (hasAnyRole(me, CALENDAR_ROLES)) {
    items.push({ key: '/calendar', icon: <CalendarOutlined />, label: t('nav.calendar') });
  }
  if (hasAnyRole(me, FINDINGS_ROLES)) {
    items.push({ key: '/crosscheck/findings', icon: <FileSearchOutlined />, label: t('findings.nav') });
  }
  if (hasAnyRole(me, ['bureau_admin'])) {
    items.push({ key: '/crosscheck/review', icon: <DiffOutlined />, label: t('review.nav') });
  }
  if (hasAnyRole(me, POLICY_ROLES)) {
    items.push({ key: '/imports', icon: <CloudUploadOutlined />, label: t('imports.nav') });
  }
  if (isAuditor(me)) items.push({ key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') });
  if (items.length === 0) items.push({ key: '/welcome', icon: <HomeOutlined />, label: t('nav.home') });
  return items;
}

function selectedKey(pathname: string): string {
  const first = `/${pathname.split('/')[1] ?? ''}`;
  if (first === '/classes' && pathname.endsWith('/roll-call')) return '/roll-call';
  if (first === '/crosscheck') return pathname.split('/').slice(0, 3).join('/');
  return first === '/account' ? '/account/password' : first;
}

/** "班主任 · 宣州区第一小学 三年级2班" for each grant. */
export function useGrantLines(me: Me): string[] {
  const { lang } = useLang();
  return me.grants.map((g) => `${roleLabel(g.role, lang === 'zh-CN' ? 'zh' : 'en')} · ${g.scopeName}`);
}

function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: api.signOut,
    meta: { ignore401: true },
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(['me'], null);
      navigate('/login', { replace: true });
    },
  });
}

export function AppShell({ me }: { me: Me }) {
  const t = useT();
  const isMobile = useIsMobile();
  const location = useLocation();
  const navigate = useNavigate();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items = useMenuItems(me);
  const grantLines = useGrantLines(me);
  const signOut = useSignOut();
  const selected = [selectedKey(location.pathname)];

  const go: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    navigate(key);
  };

  const menu = <Menu mode="inline" items={items} selectedKeys={selected} onClick={go} className="nol-menu" />;
  const firstLine = grantLines[0] ?? '';
  const moreLines = grantLines.slice(1);

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('nav.password') },
      { type: 'divider' },
      { key: 'signout', icon: <LogoutOutlined />, label: t('nav.signOut'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/account/password');
      if (key === 'signout') signOut.mutate();
    },
  };

  return (
    <Layout className="nol-shell">
      {isMobile ? null : (
        <Sider width={216} theme="light" className="nol-sider">
          <Brand compact={false} />
          {menu}
        </Sider>
      )}
      <Layout>
        <Header className="nol-header">
          {isMobile ? (
            <div className="nol-header-left">
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('nav.openMenu')}
                onClick={() => setDrawerOpen(true)}
                data-testid="menu-toggle"
              />
              <Brand compact />
            </div>
          ) : (
            <div />
          )}
          <div className="nol-header-right">
            {isMobile ? null : <LangSwitch />}
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <button type="button" className="nol-user" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} className="nol-avatar" />
                {isMobile ? null : (
                  <span className="nol-user-text">
                    <span className="nol-user-name">{me.displayName}</span>
                    <span className="nol-user-scope">
                      {firstLine}
                      {moreLines.length > 0 ? (
                        <Tooltip title={moreLines.join('；')}>
                          <span className="nol-more-grants"> +{moreLines.length}</span>
                        </Tooltip>
                      ) : null}
                    </span>
                  </span>
                )}
              </button>
            </Dropdown>
            {isMobile ? null : (
              <Button
                type="text"
                icon={<LogoutOutlined />}
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
                data-testid="sign-out"
              >
                {t('nav.signOut')}
              </Button>
            )}
          </div>
        </Header>
        <Content className="nol-content">
          <Outlet />
        </Content>
      </Layout>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          title={<Brand compact={false} />}
          styles={{ body: { padding: 0 } }}
        >
          <div className="nol-drawer-user">
            <div className="nol-user-name">{me.displayName}</div>
            {grantLines.map((line) => (
              <div key={line} className="nol-user-scope">
                {line}
              </div>
            ))}
          </div>
          {menu}
          <div className="nol-drawer-footer">
            <LangSwitch />
            <Button
              danger
              icon={<LogoutOutlined />}
              onClick={() => signOut.mutate()}
              loading={signOut.isPending}
              data-testid="sign-out"
            >
              {t('nav.signOut')}
            </Button>
          </div>
        </Drawer>
      ) : null}
    </Layout>
  );
}
