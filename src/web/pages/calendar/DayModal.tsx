import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Radio, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { CalendarEntry, CalendarEntryKind, CalendarMonth } from '../../api/types.ts';
import { errorMessage } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { applyFieldErrors, trimOrNull } from '../../lib/forms.ts';

/** Whose calendar the page edits: the county's entries (bureau) or one school's closures (principal). */
export type CalendarScope = { kind: 'county'; code: string } | { kind: 'school'; schoolId: number };

const ENTRY_KINDS: readonly CalendarEntryKind[] = ['holiday', 'workday', 'closure'];
const ENTRY_COLORS: Record<CalendarEntryKind, string> = {
  holiday: 'red',
  workday: 'blue',
  closure: 'orange',
};

interface Values {
  kind: CalendarEntryKind;
  note?: string;
}

function mayRemove(scope: CalendarScope, entry: CalendarEntry): boolean {
  // The bureau may remove any entry in its county; a school only its own closures.
  return scope.kind === 'county' || entry.schoolId === scope.schoolId;
}

/** One day: what it is, what has been entered for it, and a form to enter something more. */
export function DayModal({
  day,
  month,
  scope,
  onClose,
}: {
  day: string | null;
  month: CalendarMonth;
  scope: CalendarScope;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const info = month.days.find((d) => d.day === day);
  const entries = month.entries.filter((e) => e.day === day);
  const forSchool = scope.kind === 'school';

  useEffect(() => {
    if (day === null) return;
    setError(null);
    form.resetFields();
    // A weekend is most often made a make-up school day; a weekday, a holiday.
    const weekend = info?.kind === 'weekend';
    form.setFieldsValue({ kind: forSchool ? 'closure' : weekend ? 'workday' : 'holiday' });
  }, [day, form, forSchool, info?.kind]);

  const done = (text: string) => {
    void queryClient.invalidateQueries({ queryKey: ['calendar'] });
    message.success(text);
  };
  const onError = (e: unknown) => {
    const rest = isApiError(e) ? applyFieldErrors(form, e, ['kind', 'note']) : [];
    if (!isApiError(e) || e.fields.length === 0 || rest.length > 0)
      setError(rest.length > 0 ? rest.join('；') : errorMessage(e, t('error.network')));
  };
  const add = useMutation({
    mutationFn: (v: Values) =>
      scope.kind === 'county'
        ? api.addCountyEntry(scope.code, { day: day ?? '', kind: v.kind, note: trimOrNull(v.note) })
        : api.addSchoolClosure(scope.schoolId, { day: day ?? '', note: v.note?.trim() ?? '' }),
    onMutate: () => setError(null),
    onError,
    onSuccess: () => {
      done(t('calendar.added'));
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: (entry: CalendarEntry) =>
      scope.kind === 'county'
        ? api.removeCountyEntry(scope.code, entry.id)
        : api.removeSchoolClosure(scope.schoolId, entry.id),
    onMutate: () => setError(null),
    onError,
    onSuccess: () => done(t('calendar.removed')),
  });

  return (
    <Modal
      open={day !== null}
      title={day ? t('calendar.dayTitle', { day }) : ''}
      okText={t('calendar.add')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={add.isPending}
      destroyOnHidden
      forceRender
    >
      {info ? (
        <p>
          {t(`calendar.kind.${info.kind}` as MessageKey)}
          {info.label ? ` · ${info.label}` : ''}
        </p>
      ) : null}
      {entries.length > 0 ? (
        <div className="nol-cal-day-entries" data-testid="day-entries">
          {entries.map((e) => (
            <div key={e.id} className="nol-cal-entry">
              <Tag color={ENTRY_COLORS[e.kind]}>{t(`calendar.entry.${e.kind}` as MessageKey)}</Tag>
              <span className="nol-cal-entry-note">
                {e.note ?? ''}
                <span className="nol-muted nol-small"> {e.schoolName ?? t('calendar.wholeCounty')}</span>
              </span>
              {mayRemove(scope, e) ? (
                <Popconfirm title={t('calendar.removeConfirm')} onConfirm={() => remove.mutate(e)}>
                  <Button
                    size="small"
                    danger
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('calendar.remove')}
                  />
                </Popconfirm>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => add.mutate(v)} autoComplete="off">
        <Form.Item name="kind" label={t('calendar.entryKind')} hidden={forSchool}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={ENTRY_KINDS.map((k) => ({ value: k, label: t(`calendar.entry.${k}` as MessageKey) }))}
            data-testid="entry-kind"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={forSchool ? t('calendar.closureReason') : t('calendar.note')}
          rules={
            forSchool
              ? [{ required: true, whitespace: true, message: t('calendar.closureReasonRequired') }]
              : []
          }
        >
          <Input
            maxLength={60}
            placeholder={forSchool ? t('calendar.closurePlaceholder') : t('calendar.notePlaceholder')}
            data-testid="entry-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
