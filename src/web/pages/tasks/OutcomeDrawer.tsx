import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Radio, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { EscalationTask, TaskOutcome } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { errorMessage } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { applyFieldErrors, trimOrNull } from '../../lib/forms.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { stepLabel } from './taskParts.tsx';

const REACHED = ['guardian', 'child', 'relative', 'nobody'] as const;
const CHANNELS = ['phone', 'visit', 'message', 'other'] as const;
const FIELDS = ['reached', 'channel', 'reasonGiven', 'expectedReturn', 'childReturned', 'note'] as const;

type Values = Partial<TaskOutcome>;

/** Only an owner records, and only while the step is still open. */
export function mayRecord(task: EscalationTask): boolean {
  return task.mine && (task.status === 'open' || task.status === 'overdue');
}

function RecordedOutcome({ task }: { task: EscalationTask }) {
  const t = useT();
  const o = task.outcome;
  if (!o) return null;
  const dash = (v: string | null) => v || '—';
  return (
    <Descriptions
      column={1}
      size="small"
      className="nol-outcome-recorded"
      items={[
        {
          key: 'reached',
          label: t('tasks.field.reached'),
          children: t(`tasks.reached.${o.reached}` as MessageKey),
        },
        {
          key: 'channel',
          label: t('tasks.field.channel'),
          children: t(`tasks.channel.${o.channel}` as MessageKey),
        },
        { key: 'reason', label: t('tasks.field.reasonGiven'), children: dash(o.reasonGiven) },
        { key: 'expected', label: t('tasks.field.expectedReturn'), children: dash(o.expectedReturn) },
        {
          key: 'returned',
          label: t('tasks.field.childReturned'),
          children: o.childReturned ? t('tasks.yes') : t('tasks.no'),
        },
        { key: 'note', label: t('tasks.field.note'), children: dash(o.note) },
        {
          key: 'by',
          label: t('tasks.recordedBy'),
          children: `${task.outcomeByName ?? '—'} · ${formatInstant(task.outcomeAt)}`,
        },
      ]}
    />
  );
}

/**
 * Records what a step found — whom the teacher reached, how, the reason given, when the child is
 * expected back. Big radio buttons and a bottom sheet on a phone, where most of these are entered.
 */
export function OutcomeDrawer({ task, onClose }: { task: EscalationTask | null; onClose: () => void }) {
  const t = useT();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const reached = Form.useWatch('reached', form);
  const returned = Form.useWatch('childReturned', form);
  const editable = task ? mayRecord(task) : false;

  useEffect(() => {
    if (!task) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(task.outcome ?? { childReturned: false });
  }, [task, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      api.recordOutcome(task?.id ?? 0, {
        reached: v.reached as TaskOutcome['reached'],
        channel: v.channel as TaskOutcome['channel'],
        // A guardian nobody reached gave no reason; a child back needs no return date.
        reasonGiven: v.reached === 'nobody' ? null : trimOrNull(v.reasonGiven),
        expectedReturn: v.childReturned ? null : (v.expectedReturn ?? null),
        childReturned: v.childReturned ?? false,
        note: trimOrNull(v.note),
      }),
    onMutate: () => setError(null),
    onError: (e) => {
      const rest = isApiError(e) ? applyFieldErrors(form, e, FIELDS) : [];
      if (!isApiError(e) || e.fields.length === 0 || rest.length > 0)
        setError(rest.length > 0 ? rest.join('；') : errorMessage(e, t('error.network')));
      if (isApiError(e) && (e.status === 404 || e.status === 409))
        void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['overdue'] });
      message.success(t('tasks.outcomeSaved'));
      onClose();
    },
  });

  const title = task ? `${task.childName} · ${stepLabel(t, task)}` : '';
  return (
    <Drawer
      open={task !== null}
      onClose={onClose}
      title={title}
      placement={isMobile ? 'bottom' : 'right'}
      size={isMobile ? '92%' : 460}
      destroyOnHidden
      forceRender
      className="nol-outcome-drawer"
      footer={
        editable ? (
          <div className="nol-outcome-footer">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => form.submit()}
              data-testid="outcome-submit"
            >
              {t('tasks.saveOutcome')}
            </Button>
          </div>
        ) : null
      }
    >
      {task && !editable ? <RecordedOutcome task={task} /> : null}
      {task && !editable && !task.outcome ? <div className="nol-muted">{t('tasks.noOutcome')}</div> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        hidden={!editable}
        onFinish={(v) => save.mutate(v)}
        className="nol-outcome-form"
        autoComplete="off"
      >
        <Form.Item
          name="reached"
          label={t('tasks.field.reached')}
          rules={[{ required: true, message: t('tasks.reachedRequired') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            className="nol-choice"
            options={REACHED.map((code) => ({
              value: code,
              label: t(`tasks.reached.${code}` as MessageKey),
            }))}
            data-testid="outcome-reached"
          />
        </Form.Item>
        <Form.Item
          name="channel"
          label={t('tasks.field.channel')}
          rules={[{ required: true, message: t('tasks.channelRequired') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            className="nol-choice"
            options={CHANNELS.map((code) => ({
              value: code,
              label: t(`tasks.channel.${code}` as MessageKey),
            }))}
            data-testid="outcome-channel"
          />
        </Form.Item>
        <Form.Item name="reasonGiven" label={t('tasks.field.reasonGiven')} hidden={reached === 'nobody'}>
          <Input.TextArea
            rows={2}
            maxLength={200}
            placeholder={t('tasks.reasonPlaceholder')}
            data-testid="outcome-reason"
          />
        </Form.Item>
        <Form.Item name="childReturned" label={t('tasks.field.childReturned')} valuePropName="checked">
          <Switch
            checkedChildren={t('tasks.yes')}
            unCheckedChildren={t('tasks.no')}
            data-testid="outcome-returned"
          />
        </Form.Item>
        <Form.Item name="expectedReturn" label={t('tasks.field.expectedReturn')} hidden={returned === true}>
          <DateField data-testid="outcome-expected" placeholder={t('tasks.expectedPlaceholder')} />
        </Form.Item>
        <Form.Item name="note" label={t('tasks.field.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="outcome-note" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
