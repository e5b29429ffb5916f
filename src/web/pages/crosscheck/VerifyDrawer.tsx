import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Radio } from 'antd';
import { useEffect } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { Finding, VerificationOutcome } from '../../api/types.ts';
import { errorMessage } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { useIsMobile } from '../../lib/hooks.ts';
import { OUTCOMES } from './labels.ts';

interface Values {
  outcome: VerificationOutcome;
  schoolName?: string;
  proof?: string;
  note?: string;
}

/** The door-to-door outcome for a not_enrolled child; out of school opens a return-to-school case. */
export function VerifyDrawer({
  finding,
  countyCode,
  onClose,
}: {
  finding: Finding | null;
  countyCode: string;
  onClose: () => void;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const save = useMutation({
    mutationFn: (values: Values) =>
      api.verify({
        countyCode,
        findingId: (finding as Finding).id,
        outcome: values.outcome,
        schoolName: values.schoolName?.trim() || undefined,
        proof: values.proof?.trim() || undefined,
        note: values.note?.trim() || undefined,
      }),
    onSuccess: (result) => {
      message.success(result.returnCaseId ? t('findings.caseOpened') : t('findings.verified'));
      void queryClient.invalidateQueries({ queryKey: keys.crosscheck });
      onClose();
    },
  });
  const { reset } = save;
  useEffect(() => {
    if (finding) {
      form.setFieldsValue({
        outcome: finding.verification ?? undefined,
        schoolName: '',
        proof: '',
        note: '',
      });
      reset();
    }
  }, [finding, form, reset]);

  return (
    <Drawer
      open={finding !== null}
      onClose={onClose}
      size={isMobile ? '100%' : 460}
      title={finding ? `${t('findings.verify')} · ${finding.name ?? ''}` : ''}
      destroyOnHidden
      footer={
        <Button
          type="primary"
          block
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="verify-save"
        >
          {t('findings.saveVerify')}
        </Button>
      }
    >
      {finding ? (
        <div className="nol-muted nol-cc-verify-who">
          {[finding.idNumber, finding.birthDate, finding.townshipName].filter(Boolean).join(' · ')}
        </div>
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark={false}>
        <Form.Item
          name="outcome"
          label={t('findings.outcome')}
          rules={[{ required: true, message: t('findings.outcomeRequired') }]}
        >
          <Radio.Group className="nol-cc-outcomes" data-testid="verify-outcome">
            {OUTCOMES.map((o) => (
              <Radio key={o} value={o}>
                {t(`findings.outcome.${o}` as MessageKey)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {outcome === 'out_of_school' ? (
          <Alert type="warning" showIcon className="nol-cc-alert" title={t('findings.outOfSchoolHint')} />
        ) : null}
        {outcome === 'studying_elsewhere' ? (
          <>
            <Form.Item
              name="schoolName"
              label={t('findings.school')}
              rules={[{ required: true, whitespace: true, message: t('findings.schoolRequired') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="proof" label={t('findings.proof')}>
              <Input maxLength={200} placeholder={t('findings.proofPlaceholder')} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label={t('findings.note')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
      {save.isError ? (
        <Alert type="error" showIcon title={errorMessage(save.error, t('error.network'))} />
      ) : null}
    </Drawer>
  );
}
