import { WarningOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { ROLES } from '../../../domain/roles.ts';
import type { EscalationTask, TaskStatus } from '../../api/types.ts';
import { type MessageKey, type Translate, useCodeLabel, useT } from '../../i18n/index.tsx';
import { zhCN } from '../../i18n/zh-CN.ts';
import './tasks.css';

/** The clock, re-read every `intervalMs`, so "还剩 5 小时" moves on while the page stays open. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "第2天 家访": the ladder day and what it asks for. */
export function stepLabel(t: Translate, task: Pick<EscalationTask, 'runDay' | 'action'>): string {
  return t('tasks.stepLabel', { day: task.runDay, action: t(`tasks.action.${task.action}` as MessageKey) });
}

const HOUR = 3_600_000;

/** "还剩 5 小时" / "已逾期 3 小时": minutes under an hour, days from two days on. */
export function dueText(t: Translate, dueAt: string, now: number): { text: string; late: boolean } {
  const diff = new Date(dueAt).getTime() - now;
  const late = diff < 0;
  const span = Math.abs(diff);
  const [unit, n] =
    span < HOUR
      ? (['minutes', Math.max(1, Math.floor(span / 60_000))] as const)
      : span < 48 * HOUR
        ? (['hours', Math.floor(span / HOUR)] as const)
        : (['days', Math.floor(span / (24 * HOUR))] as const);
  return { text: t(`tasks.due.${late ? 'over' : 'left'}.${unit}` as MessageKey, { n }), late };
}

const STATUS_COLORS: Record<TaskStatus, string> = {
  open: 'processing',
  overdue: 'error',
  done: 'success',
  closed: 'default',
};

export function StatusTag({ status }: { status: TaskStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="task-status">
      {t(`tasks.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function DueLine({ task, now }: { task: EscalationTask; now: number }) {
  const t = useT();
  if (task.status === 'done' || task.status === 'closed') return null;
  const due = dueText(t, task.dueAt, now);
  return (
    <span className={due.late ? 'nol-task-late' : 'nol-task-due'} data-testid="task-due">
      {due.text}
    </span>
  );
}

type Owner = EscalationTask['owners'][number];

/** People grouped under the ladder role they act for, in the ladder's order (the first role owns the step). */
function byRole(task: EscalationTask, people: Owner[]): Array<[string, Owner[]]> {
  const groups = new Map<string, Owner[]>();
  for (const o of people) groups.set(o.viaRole || o.role, [...(groups.get(o.viaRole || o.role) ?? []), o]);
  const rank = (role: string) => {
    const i = task.roles.indexOf(role as EscalationTask['roles'][number]);
    return i < 0 ? task.roles.length : i;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}

/** "班主任 武刚、李春" per role; a stand-in from the level above shows their own role too. */
export function Owners({ task }: { task: EscalationTask }) {
  const t = useT();
  const label = useCodeLabel();
  const names = (people: Owner[]) =>
    people
      .map((o) =>
        o.viaRole && o.viaRole !== o.role
          ? t('tasks.standIn', { name: o.name, role: label(ROLES, o.role) })
          : o.name,
      )
      .join('、');
  const owners = byRole(
    task,
    task.owners.filter((o) => o.kind === 'owner'),
  );
  const told = byRole(
    task,
    task.owners.filter((o) => o.kind === 'notify'),
  );
  return (
    <div className="nol-task-owners">
      {owners.length === 0 ? <div>{t('tasks.noOwner')}</div> : null}
      {owners.map(([role, people]) => (
        <div key={role}>
          <span className="nol-task-role">{label(ROLES, role)}</span> {names(people)}
        </div>
      ))}
      {told.length > 0 ? (
        <div className="nol-muted nol-small">
          {t('tasks.notified', {
            names: told.map(([role, people]) => `${label(ROLES, role)} ${names(people)}`).join('；'),
          })}
        </div>
      ) : null}
    </div>
  );
}

/** A ladder role nobody holds: the task went one level up, and whoever assigns staff should know. */
export function UnstaffedWarning({ task }: { task: EscalationTask }) {
  const t = useT();
  const label = useCodeLabel();
  if (task.unstaffedRoles.length === 0) return null;
  return (
    <div className="nol-task-unstaffed" data-testid="task-unstaffed">
      <WarningOutlined />{' '}
      {t('tasks.unstaffed', { roles: task.unstaffedRoles.map((r) => label(ROLES, r)).join('、') })}
    </div>
  );
}

/** What was recorded: "家长 · 电话 · 孩子已返校". */
export function OutcomeSummary({ task }: { task: EscalationTask }) {
  const t = useT();
  const o = task.outcome;
  if (!o) {
    if (!task.closedReason) return null;
    const key = `tasks.closed.${task.closedReason}`;
    return (
      <div className="nol-muted nol-small">{key in zhCN ? t(key as MessageKey) : task.closedReason}</div>
    );
  }
  const parts = [
    t(`tasks.reached.${o.reached}` as MessageKey),
    t(`tasks.channel.${o.channel}` as MessageKey),
    o.childReturned ? t('tasks.childReturned') : null,
    o.expectedReturn ? t('tasks.expectedReturnOn', { day: o.expectedReturn }) : null,
  ].filter(Boolean);
  return (
    <div className="nol-small" data-testid="task-outcome">
      {parts.join(' · ')}
      {o.reasonGiven ? (
        <div className="nol-muted">{t('tasks.reasonGivenIs', { reason: o.reasonGiven })}</div>
      ) : null}
    </div>
  );
}
