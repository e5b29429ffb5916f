import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import { fetchMe, homePath } from '../../api/session.ts';
import type { Me } from '../../api/types.ts';
import { Brand } from '../../components/Brand.tsx';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { applyFieldErrors } from '../../lib/forms.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Mirrors the server's rule (src/server/auth/password.ts) so the user hears it before submitting. */
export function passwordProblemKey(password: string): 'password.tooShort' | 'password.needsMix' | null {
  if (password.length < 10) return 'password.tooShort';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return 'password.needsMix';
  return null;
}

function PasswordForm({ me, onDone }: { me: Me; onDone: (user: Me) => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  const change = useMutation({
    mutationFn: (v: Values) => api.changePassword(v.currentPassword, v.newPassword),
    meta: { ignore401: true },
    onMutate: () => setError(null),
    onError: (e) => {
      if (isApiError(e)) {
        const rest = applyFieldErrors(form, e, ['currentPassword', 'newPassword']);
        if (e.fields.length === 0 || rest.length > 0) setError(rest.join('；') || e.message);
      } else setError(errorMessage(e, t('error.network')));
    },
    onSuccess: async () => {
      const user = await queryClient.fetchQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 0 });
      onDone(user ?? me);
    },
  });

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={[
          { required: true, message: t('password.newRequired') },
          {
            validator: (_, value: string | undefined) => {
              const problem = value ? passwordProblemKey(value) : null;
              return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}

/** Shown instead of the app while the account still has its initial password. */
export function ForcedPasswordPage({ me }: { me: Me }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <div className="nol-login">
      <div className="nol-login-lang">
        <LangSwitch />
      </div>
      <div className="nol-login-card">
        <div className="nol-login-brand">
          <Brand compact={false} />
        </div>
        <h1 className="nol-login-title">{t('password.forcedTitle')}</h1>
        <p className="nol-login-subtitle">{t('password.forcedIntro', { name: me.displayName })}</p>
        <PasswordForm
          me={me}
          onDone={(user) => {
            message.success(t('password.changed'));
            navigate(homePath(user), { replace: true });
          }}
        />
      </div>
    </div>
  );
}

/** The voluntary change from the user menu. */
export function PasswordPage({ me }: { me: Me }) {
  const t = useT();
  const { message } = App.useApp();
  const [done, setDone] = useState(false);
  return (
    <div className="nol-narrow">
      <PageHeader title={t('password.title')} />
      <Card>
        {done ? (
          <Alert type="success" showIcon title={t('password.changed')} style={{ marginBottom: 16 }} />
        ) : null}
        <PasswordForm
          key={done ? 'done' : 'form'}
          me={me}
          onDone={() => {
            setDone(true);
            message.success(t('password.changed'));
          }}
        />
      </Card>
    </div>
  );
}
