import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { GUARDIAN_RELATIONS } from '../../../domain/codes.ts';
import { parseIdNumber } from '../../../domain/idNumber.ts';
import { api } from '../../api/endpoints.ts';
import type { Guardian, GuardianInput } from '../../api/types.ts';
import { useCodeOptions, useT } from '../../i18n/index.tsx';
import { trimOrNull } from '../../lib/forms.ts';
import { useChildMutation } from '../../lib/useApiMutation.ts';

const PHONE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
const FIELDS = ['name', 'relation', 'phone', 'idNumber', 'isGuardian', 'workingAway', 'workPlace'] as const;

interface Values {
  name: string;
  relation: string;
  phone?: string;
  idNumber?: string;
  isGuardian: boolean;
  workingAway: boolean;
  workPlace?: string;
}

function toInput(v: Values): GuardianInput {
  return {
    name: v.name.trim(),
    relation: v.relation,
    phone: trimOrNull(v.phone),
    idNumber: trimOrNull(v.idNumber),
    isGuardian: v.isGuardian,
    workingAway: v.workingAway,
    workPlace: v.workingAway ? trimOrNull(v.workPlace) : null,
  };
}

/** Adds a guardian or family member, or edits one (`guardian` given). */
export function GuardianModal({
  childId,
  guardian,
  open,
  onClose,
}: {
  childId: number;
  guardian: Guardian | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const relationOptions = useCodeOptions(GUARDIAN_RELATIONS);
  const workingAway = Form.useWatch('workingAway', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (guardian) {
      form.setFieldsValue({
        name: guardian.name,
        relation: guardian.relation,
        phone: guardian.phone ?? undefined,
        isGuardian: guardian.isGuardian,
        workingAway: guardian.workingAway,
        workPlace: guardian.workPlace ?? undefined,
      });
    }
  }, [open, guardian, form]);

  const save = useChildMutation({
    childId,
    form,
    formFields: FIELDS,
    mutationFn: (v: Values) => {
      const input = toInput(v);
      if (!guardian) return api.addGuardian(childId, input);
      const { idNumber, ...rest } = input;
      // An empty ID box on edit means "keep the one on file", which is only shown masked.
      return api.updateGuardian(childId, guardian.id, {
        ...rest,
        ...(idNumber ? { idNumber } : {}),
        version: guardian.version,
      });
    },
    successMessage: t('common.saved'),
    onSuccess: onClose,
  });

  return (
    <Modal
      open={open}
      title={guardian ? t('guardian.editTitle') : t('guardian.addTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      forceRender
      width={640}
    >
      {save.error ? <Alert type="error" showIcon title={save.error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ isGuardian: true, workingAway: false }}
        onFinish={(v) => save.mutate(v)}
        className="nol-compact-form"
      >
        <div className="nol-form-grid">
          <Form.Item
            name="name"
            label={t('guardian.name')}
            rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}
          >
            <Input maxLength={40} data-testid="guardian-name" />
          </Form.Item>
          <Form.Item
            name="relation"
            label={t('guardian.relation')}
            rules={[{ required: true, message: t('guardian.relationRequired') }]}
          >
            <Select options={relationOptions} data-testid="guardian-relation" />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('guardian.phone')}
            rules={[{ pattern: PHONE, message: t('guardian.phoneInvalid') }]}
          >
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('guardian.idNumber')}
            extra={
              guardian?.idNumberMasked ? t('guardian.idKeep', { masked: guardian.idNumberMasked }) : undefined
            }
            rules={[
              {
                validator: (_, value: string | undefined) => {
                  if (!value?.trim()) return Promise.resolve();
                  const parsed = parseIdNumber(value);
                  return parsed.ok ? Promise.resolve() : Promise.reject(new Error(parsed.message));
                },
              },
            ]}
          >
            <Input maxLength={20} className="nol-mono" autoComplete="off" />
          </Form.Item>
        </div>
        <div className="nol-switch-row">
          <Form.Item name="isGuardian" label={t('guardian.isGuardian')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="workingAway" label={t('guardian.workingAway')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </div>
        {workingAway ? (
          <Form.Item name="workPlace" label={t('guardian.workPlace')}>
            <Input maxLength={100} placeholder={t('guardian.workPlacePlaceholder')} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
