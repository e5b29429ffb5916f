import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Select } from 'antd';
import type { EscalationStep } from '../../../domain/countyPolicy.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { issueProps, NumberField, useLadderRoleOptions } from './fields.tsx';
import type { Issues } from './policyText.ts';

const ACTIONS = ['contact_guardians', 'home_visit', 'report'] as const;

/** The 1-2-3 ladder as an editable list: each step's day, action, roles, deadline and who is told. */
export function LadderEditor({ issues, disabled }: { issues: Issues; disabled: boolean }) {
  const t = useT();
  const form = Form.useFormInstance();
  const roleOptions = useLadderRoleOptions();
  const actionOptions = ACTIONS.map((a) => ({ value: a, label: t(`policy.action.${a}` as MessageKey) }));

  return (
    <Form.List name="escalation">
      {(fields, { add, remove }) => (
        <div className="nol-ladder">
          {fields.map((field, index) => {
            const at = `escalation.${index}`;
            const stepError = issues.get(at);
            return (
              <div
                key={field.key}
                className={stepError ? 'nol-ladder-step nol-ladder-step-error' : 'nol-ladder-step'}
                data-testid="ladder-step"
              >
                <div className="nol-ladder-step-head">
                  <span className="nol-strong">{t('policy.diff.escalationItem', { n: index + 1 })}</span>
                  {disabled ? null : (
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('policy.removeStep')}
                      data-testid={`ladder-remove-${index}`}
                    />
                  )}
                </div>
                <div className="nol-ladder-grid">
                  <Form.Item
                    name={[field.name, 'day']}
                    label={t('policy.field.escalation.day')}
                    {...issueProps(issues, at, `${at}.day`)}
                  >
                    <InputNumber
                      prefix={t('policy.unit.dayPrefix')}
                      suffix={t('policy.unit.daySuffix')}
                      className="nol-policy-number"
                      data-testid={`ladder-day-${index}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'action']}
                    label={t('policy.field.escalation.action')}
                    {...issueProps(issues, `${at}.action`)}
                  >
                    <Select options={actionOptions} data-testid={`ladder-action-${index}`} />
                  </Form.Item>
                  <NumberField
                    name={[field.name, 'deadlineHours']}
                    path={`${at}.deadlineHours`}
                    label={t('policy.field.escalation.deadlineHours')}
                    unit={t('policy.unit.hours')}
                    issues={issues}
                    testId={`ladder-deadline-${index}`}
                  />
                  <Form.Item
                    name={[field.name, 'roles']}
                    label={t('policy.field.escalation.roles')}
                    className="nol-ladder-wide"
                    {...issueProps(issues, `${at}.roles`)}
                  >
                    <Select mode="multiple" options={roleOptions} data-testid={`ladder-roles-${index}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'notify']}
                    label={t('policy.field.escalation.notify')}
                    className="nol-ladder-wide"
                    {...issueProps(issues, `${at}.notify`)}
                  >
                    <Select
                      mode="multiple"
                      options={roleOptions}
                      placeholder={t('policy.diff.nobody')}
                      data-testid={`ladder-notify-${index}`}
                    />
                  </Form.Item>
                </div>
              </div>
            );
          })}
          {issues.get('escalation') ? (
            <div className="nol-policy-list-error">{issues.get('escalation')}</div>
          ) : null}
          {disabled ? null : (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              block
              data-testid="ladder-add"
              onClick={() => {
                const steps = (form.getFieldValue('escalation') ?? []) as Partial<EscalationStep>[];
                const last = steps.at(-1);
                add({
                  day: (typeof last?.day === 'number' ? last.day : 0) + 1,
                  action: 'report',
                  roles: last?.roles ?? ['homeroom_teacher'],
                  deadlineHours: last?.deadlineHours ?? 24,
                  notify: [],
                } satisfies EscalationStep);
              }}
            >
              {t('policy.addStep')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

/** Leave approval levels: leave up to N school days is approved by a role; longer goes up a level. */
export function LeaveLevelsEditor({ issues, disabled }: { issues: Issues; disabled: boolean }) {
  const t = useT();
  const roleOptions = useLadderRoleOptions();
  return (
    <Form.List name="leaveApproval">
      {(fields, { add, remove }) => (
        <div className="nol-leave-levels">
          {fields.map((field, index) => (
            <div key={field.key} className="nol-leave-level" data-testid="leave-level">
              <NumberField
                name={[field.name, 'upToDays']}
                path={`leaveApproval.${index}.upToDays`}
                label={t('policy.field.leaveApproval.upToDays')}
                unit={t('policy.unit.days')}
                issues={issues}
              />
              <Form.Item
                name={[field.name, 'role']}
                label={t('policy.field.leaveApproval.role')}
                {...issueProps(issues, `leaveApproval.${index}.role`)}
              >
                <Select options={roleOptions} />
              </Form.Item>
              {disabled || fields.length <= 1 ? null : (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('policy.removeLevel')}
                  className="nol-leave-level-remove"
                />
              )}
            </div>
          ))}
          {issues.get('leaveApproval') ? (
            <div className="nol-policy-list-error">{issues.get('leaveApproval')}</div>
          ) : null}
          {disabled ? null : (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ upToDays: 90, role: 'principal' })}
            >
              {t('policy.addLevel')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
