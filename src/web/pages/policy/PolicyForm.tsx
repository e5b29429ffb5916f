import { Card, Form, type FormInstance, Input } from 'antd';
import type { ReactNode } from 'react';
import type { CountyPolicy } from '../../../domain/countyPolicy.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { issueProps, NumberField } from './fields.tsx';
import { LadderEditor, LeaveLevelsEditor } from './LadderEditor.tsx';
import type { Issues } from './policyText.ts';

function Section({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <Card className="nol-card nol-policy-section" title={title}>
      {intro ? <p className="nol-muted nol-small nol-policy-intro">{intro}</p> : null}
      {children}
    </Card>
  );
}

/**
 * The whole policy document as one form whose field names are the document's paths, so a
 * validation message for `escalation.1.deadlineHours` lands under that very input. Read-only
 * (disabled) for viewing a version; the same layout when editing a new one.
 */
export function PolicyForm({
  form,
  initial,
  disabled,
  issues,
  onChange,
}: {
  form: FormInstance<CountyPolicy>;
  initial: CountyPolicy;
  disabled: boolean;
  issues: Issues;
  onChange?: () => void;
}) {
  const t = useT();
  const num = (path: string, unit: string, step = 1) => (
    <NumberField
      name={path.split('.')}
      path={path}
      label={t(`policy.field.${path}` as MessageKey)}
      unit={unit}
      issues={issues}
      step={step}
    />
  );
  const days = t('policy.unit.days');
  return (
    <Form<CountyPolicy>
      form={form}
      layout="vertical"
      initialValues={initial}
      disabled={disabled}
      onValuesChange={onChange}
      className={disabled ? 'nol-policy-form nol-policy-readonly' : 'nol-policy-form'}
      autoComplete="off"
    >
      <Section title={t('policy.section.escalation')} intro={t('policy.section.escalationIntro')}>
        <LadderEditor issues={issues} disabled={disabled} />
      </Section>
      <Section title={t('policy.section.attendance')}>
        <div className="nol-policy-grid">
          <Form.Item
            name={['attendance', 'rollCallBy']}
            label={t('policy.field.attendance.rollCallBy')}
            {...issueProps(issues, 'attendance.rollCallBy')}
          >
            <Input type="time" className="nol-policy-number" data-testid="policy-attendance.rollCallBy" />
          </Form.Item>
          {num('lateLeaveWindowDays', days)}
          {num('sicknessSuspensionMonths', t('policy.unit.months'))}
        </div>
        <div className="nol-policy-subtitle">{t('policy.section.leaveApproval')}</div>
        <LeaveLevelsEditor issues={issues} disabled={disabled} />
      </Section>
      <Section title={t('policy.section.schoolAge')}>
        <div className="nol-policy-grid">
          {num('schoolAge.entryAge', t('policy.unit.years'))}
          {num('schoolAge.cutoff.month', t('policy.unit.month'))}
          {num('schoolAge.cutoff.day', t('policy.unit.day'))}
          {num('schoolAge.leavingAge', t('policy.unit.years'))}
        </div>
      </Section>
      <Section title={t('policy.section.care')}>
        <div className="nol-policy-grid">
          {num('quotas.leftBehindPhoneContactsPerWeek', t('policy.unit.times'))}
          {num('quotas.leftBehindHomeVisitsPerSemester', t('policy.unit.times'))}
          {num('homeTeaching.sessionsPerWeek', t('policy.unit.times'), 0.5)}
          {num('homeTeaching.sessionsPerYear', t('policy.unit.times'))}
          {num('homeTeaching.classHoursPerSession', t('policy.unit.classHours'), 0.5)}
        </div>
      </Section>
      <Section title={t('policy.section.risk')}>
        <div className="nol-policy-grid">
          {num('risk.unexcusedDaysPerMonth', days)}
          {num('risk.sickDaysPerMonth', days)}
        </div>
      </Section>
      <Section title={t('policy.section.session')} intro={t('policy.section.sessionIntro')}>
        <div className="nol-policy-grid">
          {num('session.idleMinutes', t('policy.unit.minutes'))}
          {num('session.absoluteHours', t('policy.unit.hours'))}
        </div>
      </Section>
    </Form>
  );
}
