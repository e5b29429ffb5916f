import { Button, Result, Spin } from 'antd';
import {
  createBrowserRouter,
  Navigate,
  Outlet,
  RouterProvider,
  useLocation,
  useNavigate,
} from 'react-router';
import type { Role } from '../domain/roles.ts';
import {
  CALENDAR_ROLES,
  hasAnyRole,
  homePath,
  isAuditor,
  isSystemAdmin,
  POLICY_ROLES,
  SUPERVISOR_ROLES,
  seesChildren,
  useMe,
} from './api/session.ts';
import type { Me } from './api/types.ts';
import { AppShell, useGrantLines } from './components/AppShell.tsx';
import { QueryError } from './components/QueryError.tsx';
import { Refusal } from './components/Refusal.tsx';
import { useT } from './i18n/index.tsx';
import { ClassAttendancePage } from './pages/attendance/ClassAttendancePage.tsx';
import { RollCallEntryPage } from './pages/attendance/RollCallEntryPage.tsx';
import { RollCallPage } from './pages/attendance/RollCallPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { LoginPage } from './pages/auth/LoginPage.tsx';
import { ForcedPasswordPage, PasswordPage } from './pages/auth/PasswordPage.tsx';
import { CalendarPage } from './pages/calendar/CalendarPage.tsx';
import { ChildEditPage, ChildNewPage } from './pages/children/ChildFormPage.tsx';
import { ChildListPage } from './pages/children/ChildListPage.tsx';
import { ChildPage } from './pages/children/ChildPage.tsx';
import { FindingsPage } from './pages/crosscheck/FindingsPage.tsx';
import { FINDINGS_ROLES } from './pages/crosscheck/labels.ts';
import { ReviewPage } from './pages/crosscheck/ReviewPage.tsx';
import { EscalationsPage } from './pages/escalations/EscalationsPage.tsx';
import { ImportsPage } from './pages/imports/ImportsPage.tsx';
import { LeaveApprovalsPage } from './pages/leave/LeaveApprovalsPage.tsx';
import { PolicyPage } from './pages/policy/PolicyPage.tsx';
import { SchoolListPage } from './pages/schools/SchoolListPage.tsx';
import { SchoolPage } from './pages/schools/SchoolPage.tsx';
import { TasksPage } from './pages/tasks/TasksPage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';

function FullPageSpin() {
  return (
    <div className="nol-center">
      <Spin size="large" />
    </div>
  );
}

/** Everything behind sign-in; a user with an initial password sees only the change form. */
function SignedIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isLoading) return <FullPageSpin />;
  if (me.isError) {
    return (
      <div className="nol-center nol-pad">
        <QueryError error={me.error} retry={() => me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword) return <ForcedPasswordPage me={me.data} />;
  return <AppShell me={me.data} />;
}

function useSignedInMe(): Me {
  const me = useMe();
  // SignedIn renders the routes below only once `me` is known.
  return me.data as Me;
}

function RequireChildData() {
  const me = useSignedInMe();
  return seesChildren(me) ? <Outlet /> : <NoAccess />;
}

function RequireAuditor() {
  const me = useSignedInMe();
  return isAuditor(me) ? <Outlet /> : <NoAccess />;
}

/** Pages for some roles only (the server refuses the rest anyway; this spares them a page of errors). */
function RequireRoles({ roles }: { roles: readonly Role[] }) {
  const me = useSignedInMe();
  return hasAnyRole(me, roles) ? <Outlet /> : <NoAccess />;
}

function RequireSystemAdmin() {
  const me = useSignedInMe();
  return isSystemAdmin(me) ? <Outlet /> : <NoAccess />;
}

function NoAccess() {
  const t = useT();
  const me = useSignedInMe();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('noAccess.title')}
      subTitle={t('noAccess.subtitle')}
      extra={
        <Button type="primary" onClick={() => navigate(homePath(me))}>
          {t('common.home')}
        </Button>
      }
    />
  );
}

function Home() {
  return <Navigate to={homePath(useSignedInMe())} replace />;
}

/** For roles without a page of their own (none today: the system administrator's home is /users). */
function Welcome() {
  const t = useT();
  const me = useSignedInMe();
  const lines = useGrantLines(me);
  return (
    <Result
      status="info"
      title={t('welcome.title', { name: me.displayName })}
      subTitle={
        <div>
          {lines.map((l) => (
            <div key={l}>{l}</div>
          ))}
          <div style={{ marginTop: 8 }}>{t('welcome.noPages')}</div>
        </div>
      }
    />
  );
}

function AccountPassword() {
  return <PasswordPage me={useSignedInMe()} />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <SignedIn />,
    children: [
      { index: true, element: <Home /> },
      { path: 'welcome', element: <Welcome /> },
      { path: 'account/password', element: <AccountPassword /> },
      {
        element: <RequireChildData />,
        children: [
          { path: 'children', element: <ChildListPage /> },
          { path: 'children/new', element: <ChildNewPage /> },
          { path: 'children/:id', element: <ChildPage /> },
          { path: 'children/:id/edit', element: <ChildEditPage /> },
          { path: 'schools', element: <SchoolListPage /> },
          { path: 'schools/:id', element: <SchoolPage /> },
          { path: 'roll-call', element: <RollCallEntryPage /> },
          { path: 'classes/:id/roll-call', element: <RollCallPage /> },
          { path: 'classes/:id/attendance', element: <ClassAttendancePage /> },
          { path: 'leave-requests', element: <LeaveApprovalsPage /> },
          { path: 'tasks', element: <TasksPage /> },
          {
            element: <RequireRoles roles={SUPERVISOR_ROLES} />,
            children: [{ path: 'escalations', element: <EscalationsPage /> }],
          },
          {
            element: <RequireRoles roles={POLICY_ROLES} />,
            children: [{ path: 'policy', element: <PolicyPage /> }],
          },
          {
            element: <RequireRoles roles={CALENDAR_ROLES} />,
            children: [{ path: 'calendar', element: <CalendarPage /> }],
          },
          {
            element: <RequireRoles roles={POLICY_ROLES} />,
            children: [{ path: 'imports', element: <ImportsPage /> }],
          },
          {
            element: <RequireRoles roles={['bureau_admin']} />,
            children: [{ path: 'crosscheck/review', element: <ReviewPage /> }],
          },
          {
            element: <RequireRoles roles={FINDINGS_ROLES} />,
            children: [{ path: 'crosscheck/findings', element: <FindingsPage /> }],
          },
        ],
      },
      { element: <RequireAuditor />, children: [{ path: 'audit', element: <AuditPage /> }] },
      { element: <RequireSystemAdmin />, children: [{ path: 'users', element: <UsersPage /> }] },
      { path: '*', element: <Refusal backTo="/" /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
