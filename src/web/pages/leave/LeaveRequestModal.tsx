import { useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { roleLabel } from '../../../domain/roles.ts';
import { api } from '../../api/endpoints.ts';
import type { LeaveChannel, LeaveKind, LeaveRequest } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { trimOrNull } from '../../lib/forms.ts';
import { useChildMutation } from '../../lib/useApiMutation.ts';
import { channelLabel, LEAVE_CHANNELS, LEAVE_KINDS, leaveKindLabel } from '../attendance/labels.ts';

const FIELDS = ['kind', 'startsOn', 'endsOn', 'requestedBy', 'requestedVia', 'reason', 'symptoms'] as const;

interface Values {
  kind: LeaveKind;
  startsOn: string;
  endsOn: string;
  requestedBy: string;
  requestedVia: LeaveChannel;
  reason?: string;
  symptoms?: string;
}

/** 登记请假: what the family asked for, how; the server decides whether it is approved at once. */
export function LeaveRequestModal({
  childId,
  open,
  onClose,
}: {
  childId: number;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const save = useChildMutation({
    childId,
    form,
    formFields: FIELDS,
    mutationFn: (v: Values) =>
      api.createLeave(childId, {
        kind: v.kind,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        requestedBy: v.requestedBy.trim(),
        requestedVia: v.requestedVia,
        reason: trimOrNull(v.reason),
        symptoms: v.kind === 'sick' ? trimOrNull(v.symptoms) : null,
      }),
    onSuccess: (leave: LeaveRequest) => {
      void queryClient.invalidateQueries({ queryKey: ['childAttendance', childId] });
      void queryClient.invalidateQueries({ queryKey: ['leaveRequests'] });
      void queryClient.invalidateQueries({ queryKey: ['rollCall'] });
      void queryClient.invalidateQueries({ queryKey: ['classAttendance'] });
      Modal.success({
        title: leave.status === 'approved' ? t('leave.createdApproved') : t('leave.createdPending'),
        content:
          leave.status === 'approved'
            ? leave.recordedLate
              ? t('leave.createdLateHint')
              : undefined
            : t('leave.awaiting', { role: roleLabel(leave.approverRole, lang === 'zh-CN' ? 'zh' : 'en') }),
      });
      form.resetFields();
      onClose();
    },
  });

  return (
    <Modal
      open={open}
      title={t('leave.addTitle')}
      okText={t('leave.addOk')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      forceRender
      width={560}
    >
      {save.error ? <Alert type="error" showIcon title={save.error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'sick', startsOn: todayIso(), endsOn: todayIso(), requestedVia: 'phone' }}
        onFinish={(v) => save.mutate(v)}
        className="nol-compact-form"
      >
        <Form.Item name="kind" label={t('leave.kindLabel')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={LEAVE_KINDS.map((k) => ({ value: k, label: leaveKindLabel(t, k) }))}
          />
        </Form.Item>
        <div className="nol-form-grid">
          <Form.Item
            name="startsOn"
            label={t('leave.startsOn')}
            rules={[{ required: true, message: t('form.dateRequired') }]}
          >
            <DateField data-testid="leave-starts" />
          </Form.Item>
          <Form.Item
            name="endsOn"
            label={t('leave.endsOn')}
            dependencies={['startsOn']}
            rules={[
              { required: true, message: t('form.dateRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || !getFieldValue('startsOn') || value >= getFieldValue('startsOn')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('leave.endBeforeStart'))),
              }),
            ]}
          >
            <DateField data-testid="leave-ends" />
          </Form.Item>
        </div>
        <Form.Item
          name="requestedBy"
          label={t('leave.requestedBy')}
          rules={[{ required: true, whitespace: true, message: t('leave.requestedByRequired') }]}
        >
          <Input
            maxLength={40}
            placeholder={t('leave.requestedByPlaceholder')}
            data-testid="leave-requested-by"
          />
        </Form.Item>
        <Form.Item name="requestedVia" label={t('leave.requestedVia')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={LEAVE_CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('leave.reason')}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
        {kind === 'sick' ? (
          <Form.Item name="symptoms" label={t('leave.symptoms')} extra={t('leave.symptomsHint')}>
            <Input maxLength={100} placeholder={t('attendance.symptomsPlaceholder')} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
