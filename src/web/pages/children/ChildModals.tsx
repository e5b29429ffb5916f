import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { ChildDetail } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { useChildMutation } from '../../lib/useApiMutation.ts';

/** Asks why the full ID number is needed (the reason is audited) and shows it. */
export function RevealIdModal({
  child,
  open,
  onClose,
  onRevealed,
}: {
  child: ChildDetail;
  open: boolean;
  onClose: () => void;
  onRevealed: (idNumber: string | null) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useChildMutation({
    childId: child.id,
    form,
    formFields: ['reason'],
    mutationFn: (v: { reason: string }) => api.revealId(child.id, v.reason.trim()),
    onSuccess: (r) => {
      onRevealed(r.idNumber);
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('reveal.title')}
      okText={t('reveal.ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={reveal.isPending}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('reveal.intro')}</Typography.Paragraph>
      {reveal.error ? (
        <Alert type="error" showIcon title={reveal.error} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('reveal.reason')}
          rules={[
            { required: true, whitespace: true, message: t('reveal.reasonRequired') },
            { min: 4, message: t('reveal.reasonTooShort') },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder={t('reveal.reasonPlaceholder')}
            data-testid="reveal-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Ends a guardian or a group membership: nothing is deleted, the record gets an end and a reason. */
export function EndRecordModal({
  childId,
  title,
  description,
  open,
  onClose,
  end,
}: {
  childId: number;
  title: string;
  description: string;
  open: boolean;
  onClose: () => void;
  end: (reason: string) => Promise<unknown>;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useChildMutation({
    childId,
    form,
    formFields: ['reason'],
    mutationFn: (v: { reason: string }) => end(v.reason.trim()),
    successMessage: t('end.done'),
    onSuccess: () => {
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={title}
      okText={t('end.ok')}
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{description}</Typography.Paragraph>
      {mutation.error ? (
        <Alert type="error" showIcon title={mutation.error} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('end.reason')}
          rules={[
            { required: true, whitespace: true, message: t('end.reasonRequired') },
            { min: 2, message: t('end.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="end-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MoveValues {
  schoolId: number;
  classId: number;
  startedOn: string;
  reason: string;
}

/** Moves the child to another class (调班/转学 within the user's jurisdiction). */
export function MoveClassModal({
  child,
  open,
  onClose,
}: {
  child: ChildDetail;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<MoveValues>();
  const [schoolId, setSchoolId] = useState<number | undefined>(child.schoolId ?? undefined);
  const schools = useQuery({
    queryKey: keys.schools({ pageSize: 200 }),
    queryFn: () => api.schools({ pageSize: 200 }),
    enabled: open,
  });
  const classes = useQuery({
    queryKey: keys.classes(schoolId ?? 0),
    queryFn: () => api.classes(schoolId ?? 0),
    enabled: open && schoolId !== undefined,
  });
  const move = useChildMutation({
    childId: child.id,
    form,
    formFields: ['classId', 'startedOn', 'reason'],
    mutationFn: (v: MoveValues) =>
      api.moveClass(child.id, { classId: v.classId, startedOn: v.startedOn, reason: v.reason.trim() }),
    successMessage: t('move.done'),
    onSuccess: onClose,
  });
  return (
    <Modal
      open={open}
      title={t('move.title')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={move.isPending}
      destroyOnHidden
      forceRender
    >
      {move.error ? <Alert type="error" showIcon title={move.error} style={{ marginBottom: 12 }} /> : null}
      <Form<MoveValues>
        form={form}
        layout="vertical"
        initialValues={{ schoolId: child.schoolId ?? undefined, startedOn: todayIso() }}
        onFinish={(v) => move.mutate(v)}
      >
        <Form.Item
          name="schoolId"
          label={t('child.school')}
          rules={[{ required: true, message: t('form.schoolRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={schools.isLoading}
            options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(id: number) => {
              setSchoolId(id);
              form.setFieldValue('classId', undefined);
            }}
          />
        </Form.Item>
        <Form.Item
          name="classId"
          label={t('move.newClass')}
          rules={[{ required: true, message: t('form.classRequired') }]}
        >
          <Select
            loading={classes.isLoading}
            options={(classes.data?.items ?? [])
              .filter((c) => c.id !== child.classId)
              .map((c) => ({ value: c.id, label: c.name }))}
            notFoundContent={schoolId ? undefined : t('form.chooseSchoolFirst')}
          />
        </Form.Item>
        <Form.Item
          name="startedOn"
          label={t('move.startedOn')}
          rules={[{ required: true, message: t('form.dateRequired') }]}
        >
          <DateField />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('move.reason')}
          rules={[
            { required: true, whitespace: true, message: t('move.reasonRequired') },
            { min: 2, message: t('move.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
