import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { CountyPolicy } from '../../../domain/countyPolicy.ts';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import type { CountyPolicyOverview, CountyPolicyVersion } from '../../api/types.ts';
import { errorMessage } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { trimOrNull } from '../../lib/forms.ts';
import { PolicyDiff } from './PolicyDiff.tsx';
import { PolicyForm } from './PolicyForm.tsx';
import { pathLabel, policyChanges, validatePolicy, versionOn } from './policyText.ts';

/**
 * A new version: the document edited on the left, and beside it the effective date, the reason
 * and the difference from the version that would otherwise be in force on that date — the one
 * the server compares against too.
 */
export function PolicyEditor({
  countyCode,
  overview,
  basedOn,
  onDone,
}: {
  countyCode: string;
  overview: CountyPolicyOverview;
  basedOn: CountyPolicyVersion;
  onDone: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CountyPolicy>();
  const [draft, setDraft] = useState<unknown>(basedOn.policy);
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [serverIssues, setServerIssues] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  const { policy, issues: liveIssues } = useMemo(() => validatePolicy(draft, t), [draft, t]);
  const issues = useMemo(() => new Map([...serverIssues, ...liveIssues]), [serverIssues, liveIssues]);
  const base = versionOn(overview.versions, effectiveFrom ?? overview.today);
  const changes = useMemo(() => (base ? policyChanges(base.policy, draft) : []), [base, draft]);
  const dateIssue = serverIssues.get('effectiveFrom');

  const save = useMutation({
    mutationFn: () =>
      api.saveCountyPolicy(countyCode, {
        policy: policy as CountyPolicy,
        effectiveFrom: effectiveFrom ?? '',
        reason: trimOrNull(reason),
      }),
    onMutate: () => setError(null),
    onError: (e) => {
      const fields = isApiError(e) ? e.fields : [];
      setServerIssues(new Map(fields.map((f) => [f.field.replace(/^policy\./, ''), f.message])));
      if (fields.length === 0) setError(errorMessage(e, t('error.network')));
      if (isApiError(e) && e.status === 409)
        void queryClient.invalidateQueries({ queryKey: keys.countyPolicy(countyCode) });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: keys.countyPolicy(countyCode) });
      message.success(t('policy.saved', { n: saved.version, day: effectiveFrom ?? '' }));
      onDone();
    },
  });

  const blocked = !policy
    ? t('policy.blocked.invalid')
    : changes.length === 0
      ? t('policy.blocked.unchanged')
      : !effectiveFrom
        ? t('policy.blocked.noDate')
        : null;
  const listed = [...issues].filter(([path]) => path !== 'effectiveFrom').slice(0, 5);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <PolicyForm
          form={form}
          initial={basedOn.policy}
          disabled={false}
          issues={issues}
          onChange={() => {
            setServerIssues(new Map());
            setDraft(form.getFieldsValue(true));
          }}
        />
      </Col>
      <Col xs={24} xl={9}>
        <Card
          className="nol-card nol-policy-save"
          title={t('policy.saveTitle')}
          data-testid="policy-save-card"
        >
          <p className="nol-muted nol-small">{t('policy.basedOn', { n: basedOn.version })}</p>
          <Form layout="vertical" component="div">
            <Form.Item
              label={t('policy.effectiveFrom')}
              required
              extra={t('policy.effectiveFromHint')}
              validateStatus={dateIssue ? 'error' : undefined}
              help={dateIssue}
            >
              <DatePicker
                value={effectiveFrom ? dayjs(effectiveFrom) : null}
                onChange={(d) => {
                  setServerIssues(new Map());
                  setEffectiveFrom(d ? d.format('YYYY-MM-DD') : null);
                }}
                disabledDate={(d) => d.format('YYYY-MM-DD') < overview.today}
                inputReadOnly
                style={{ width: '100%' }}
                data-testid="policy-effective-from"
              />
            </Form.Item>
            <Form.Item label={t('policy.reason')}>
              <Input.TextArea
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                rows={2}
                maxLength={200}
                placeholder={t('policy.reasonPlaceholder')}
                data-testid="policy-reason"
              />
            </Form.Item>
          </Form>
          <div className="nol-policy-subtitle">
            {t('policy.diff.title', { n: base?.version ?? '—', day: effectiveFrom ?? overview.today })}
          </div>
          <PolicyDiff changes={changes} />
          {listed.length > 0 ? (
            <Alert
              className="nol-policy-issues"
              type="error"
              showIcon
              title={t('policy.issues', { n: issues.size })}
              description={
                <ul>
                  {listed.map(([path, text]) => (
                    <li key={path}>
                      {pathLabel(t, path)}
                      {t('common.colon')}
                      {text}
                    </li>
                  ))}
                </ul>
              }
              data-testid="policy-issues"
            />
          ) : null}
          {error ? <Alert type="error" showIcon title={error} className="nol-policy-issues" /> : null}
          <div className="nol-policy-actions">
            <Button onClick={onDone}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={blocked !== null}
              loading={save.isPending}
              onClick={() => save.mutate()}
              data-testid="policy-save"
            >
              {t('policy.save')}
            </Button>
          </div>
          {blocked ? <div className="nol-muted nol-small nol-policy-blocked">{blocked}</div> : null}
        </Card>
      </Col>
    </Row>
  );
}
