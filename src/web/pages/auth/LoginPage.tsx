import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import { fetchMe, homePath, useMe } from '../../api/session.ts';
import { Brand } from '../../components/Brand.tsx';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { type Translate, useT } from '../../i18n/index.tsx';

interface Values {
  username: string;
  password: string;
}

function signInError(error: unknown, t: Translate): { title: string; detail?: string } {
  if (!isApiError(error)) return { title: t('login.failed') };
  switch (error.status) {
    case 401:
      return { title: error.message || t('login.wrongPassword') };
    case 423:
      return { title: t('login.locked'), detail: error.message };
    case 429:
      return { title: t('login.rateLimited'), detail: error.message };
    case 0:
      return { title: t('error.network') };
    default:
      return { title: error.message };
  }
}

/** A relative in-app path only, so ?next= cannot send the user to another site. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const me = useMe();
  const [error, setError] = useState<unknown>(null);

  const signIn = useMutation({
    mutationFn: (values: Values) => api.signIn(values.username.trim(), values.password),
    meta: { ignore401: true },
    onMutate: () => setError(null),
    onError: setError,
    onSuccess: async () => {
      queryClient.removeQueries();
      const user = await queryClient.fetchQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 0 });
      navigate(safeNext(params.get('next')) ?? homePath(user), { replace: true });
    },
  });

  if (me.data && !signIn.isPending) return <Navigate to={homePath(me.data)} replace />;

  const shown = error ? signInError(error, t) : null;

  return (
    <div className="nol-login">
      <div className="nol-login-lang">
        <LangSwitch />
      </div>
      <div className="nol-login-card">
        <div className="nol-login-brand">
          <Brand compact={false} />
        </div>
        <h1 className="nol-login-title">{t('login.title')}</h1>
        <p className="nol-login-subtitle">{t('login.subtitle')}</p>
        {shown ? (
          <Alert
            type="error"
            showIcon
            title={shown.title}
            description={shown.detail}
            className="nol-login-error"
            data-testid="login-error"
          />
        ) : null}
        <Form<Values> layout="vertical" size="large" requiredMark={false} onFinish={(v) => signIn.mutate(v)}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoCapitalize="none"
              autoFocus
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={signIn.isPending}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
        <p className="nol-login-note">{t('login.note')}</p>
      </div>
    </div>
  );
}
