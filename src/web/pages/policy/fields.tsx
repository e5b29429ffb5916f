import { Form, InputNumber } from 'antd';
import type { ReactNode } from 'react';
import { ROLES } from '../../../domain/roles.ts';
import { useCodeOptions } from '../../i18n/index.tsx';
import type { Issues } from './policyText.ts';

/** Where a field's live message comes from: the whole-document validation, keyed by dotted path. */
export function issueProps(issues: Issues, ...paths: string[]) {
  const message = paths.map((p) => issues.get(p)).find(Boolean);
  return message ? { validateStatus: 'error' as const, help: message } : {};
}

/** Roles that can act on a ladder step: everyone who works with children (not the auditor or system admin). */
export function useLadderRoleOptions() {
  return useCodeOptions(ROLES).filter((o) => o.value !== 'auditor' && o.value !== 'system_admin');
}

export function NumberField({
  name,
  path,
  label,
  unit,
  issues,
  step = 1,
  extra,
  testId,
}: {
  /** The Form.Item name: absolute, or relative inside a Form.List. */
  name: Array<string | number>;
  /** The absolute dotted path the validation reports. */
  path: string;
  label: ReactNode;
  unit?: string;
  issues: Issues;
  step?: number;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <Form.Item name={name} label={label} extra={extra} {...issueProps(issues, path)}>
      <InputNumber
        step={step}
        suffix={unit}
        className="nol-policy-number"
        data-testid={testId ?? `policy-${path}`}
      />
    </Form.Item>
  );
}
