import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import {
  DISABILITY_LEVELS,
  DISABILITY_TYPES,
  SOURCE_DEPARTMENTS,
  SPECIAL_GROUPS,
} from '../../../domain/codes.ts';
import { api } from '../../api/endpoints.ts';
import type { GroupMembershipInput } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { useCodeOptions, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { trimOrNull } from '../../lib/forms.ts';
import { useChildMutation } from '../../lib/useApiMutation.ts';

const FIELDS = ['group', 'sourceDepartment', 'documentNumber', 'validFrom', 'validTo', 'details'] as const;

/** Which department usually certifies each group: a sensible default, not a rule. */
const DEFAULT_SOURCE: Record<string, string> = {
  orphan: 'civil_affairs',
  unsupported: 'civil_affairs',
  dibao: 'civil_affairs',
  tekun: 'civil_affairs',
  disabled: 'disabled_federation',
  poverty_household: 'rural_revitalization',
  monitored_household: 'rural_revitalization',
  left_behind: 'education',
  single_parent: 'school',
  struggling: 'school',
  migrant: 'education',
};

interface Values {
  group: string;
  sourceDepartment: string;
  documentNumber?: string;
  validFrom: string;
  validTo?: string | null;
  details?: { disabilityCategory?: string; disabilityLevel?: string; note?: string };
}

export function GroupModal({
  childId,
  open,
  onClose,
  existing,
}: {
  childId: number;
  open: boolean;
  onClose: () => void;
  existing: readonly string[];
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const group = Form.useWatch('group', form);
  const groupOptions = useCodeOptions(SPECIAL_GROUPS).map((o) => ({
    ...o,
    label: existing.includes(o.value) ? t('group.alreadyIn', { label: o.label }) : o.label,
  }));
  const sourceOptions = useCodeOptions(SOURCE_DEPARTMENTS);
  const disabilityOptions = useCodeOptions(DISABILITY_TYPES).filter((o) => o.value !== '0');
  const levelOptions = useCodeOptions(DISABILITY_LEVELS);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const save = useChildMutation({
    childId,
    form,
    formFields: FIELDS,
    mutationFn: (v: Values) => {
      const details: GroupMembershipInput['details'] = {};
      if (v.group === 'disabled') {
        if (v.details?.disabilityCategory) details.disabilityCategory = v.details.disabilityCategory;
        if (v.details?.disabilityLevel) details.disabilityLevel = v.details.disabilityLevel;
      }
      const note = trimOrNull(v.details?.note);
      if (note) details.note = note;
      return api.addGroup(childId, {
        group: v.group,
        sourceDepartment: v.sourceDepartment,
        documentNumber: trimOrNull(v.documentNumber),
        validFrom: v.validFrom,
        validTo: v.validTo || null,
        details,
      });
    },
    successMessage: t('common.saved'),
    onSuccess: onClose,
  });

  return (
    <Modal
      open={open}
      title={t('group.addTitle')}
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
        initialValues={{ validFrom: todayIso() }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed: Partial<Values>) => {
          const source = changed.group ? DEFAULT_SOURCE[changed.group] : undefined;
          if (source && !form.isFieldTouched('sourceDepartment'))
            form.setFieldValue('sourceDepartment', source);
        }}
        className="nol-compact-form"
      >
        <div className="nol-form-grid">
          <Form.Item
            name="group"
            label={t('group.group')}
            rules={[{ required: true, message: t('group.groupRequired') }]}
          >
            <Select options={groupOptions} data-testid="group-select" />
          </Form.Item>
          <Form.Item
            name="sourceDepartment"
            label={t('group.source')}
            rules={[{ required: true, message: t('group.sourceRequired') }]}
          >
            <Select options={sourceOptions} />
          </Form.Item>
          <Form.Item
            name="validFrom"
            label={t('group.validFrom')}
            rules={[{ required: true, message: t('form.dateRequired') }]}
          >
            <DateField />
          </Form.Item>
          <Form.Item
            name="validTo"
            label={t('group.validTo')}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: string | null | undefined) => {
                  const from = getFieldValue('validFrom') as string | undefined;
                  return !value || !from || value >= from
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('group.validToBeforeFrom')));
                },
              }),
            ]}
          >
            <DateField placeholder={t('group.validToOpen')} />
          </Form.Item>
        </div>
        <Form.Item name="documentNumber" label={t('group.documentNumber')}>
          <Input maxLength={60} placeholder={t('group.documentNumberPlaceholder')} />
        </Form.Item>
        {group === 'disabled' ? (
          <div className="nol-form-grid">
            <Form.Item name={['details', 'disabilityCategory']} label={t('group.disabilityCategory')}>
              <Select options={disabilityOptions} allowClear />
            </Form.Item>
            <Form.Item name={['details', 'disabilityLevel']} label={t('group.disabilityLevel')}>
              <Select options={levelOptions} allowClear />
            </Form.Item>
          </div>
        ) : null}
        <Form.Item name={['details', 'note']} label={t('group.note')}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
