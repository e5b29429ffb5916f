import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { roleLabel } from '../../../domain/roles.ts';
import type { LeaveRequest } from '../../api/types.ts';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { channelLabel, LEAVE_STATUS_COLOR, leaveKindLabel, leaveStatusLabel } from '../attendance/labels.ts';

/** One leave request as a list item; `showChild` on lists that span children. */
export function LeaveItem({
  leave,
  showChild = false,
  actions,
}: {
  leave: LeaveRequest;
  showChild?: boolean;
  actions?: ReactNode;
}) {
  const t = useT();
  const { lang } = useLang();
  const period =
    leave.startsOn === leave.endsOn ? leave.startsOn : `${leave.startsOn} ${t('common.to')} ${leave.endsOn}`;
  return (
    <div className="nol-item nol-leave-item" data-testid="leave-row">
      <div className="nol-item-main">
        <div className="nol-item-title">
          {showChild ? (
            <Link to={`/children/${leave.childId}`} className="nol-item-name">
              {leave.childName}
            </Link>
          ) : null}
          {showChild && leave.className ? <span className="nol-muted">{leave.className}</span> : null}
          <Tag>{leaveKindLabel(t, leave.kind)}</Tag>
          <Tag color={LEAVE_STATUS_COLOR[leave.status]}>{leaveStatusLabel(t, leave.status)}</Tag>
          {leave.recordedLate ? (
            <Tag color="orange" title={t('leave.recordedLateHint')}>
              {t('leave.recordedLate')}
            </Tag>
          ) : null}
        </div>
        <div className="nol-item-meta">
          <span className="nol-strong">
            {period}（{t('leave.schoolDays', { n: leave.schoolDays })}）
          </span>
          <span>
            {t('leave.requestedBy')}
            {t('common.colon')}
            {leave.requestedBy} · {channelLabel(t, leave.requestedVia)}
          </span>
          {leave.reason ? <span>{leave.reason}</span> : null}
          {leave.symptoms ? (
            <span>
              {t('leave.symptoms')}
              {t('common.colon')}
              {leave.symptoms}
            </span>
          ) : null}
        </div>
        <div className="nol-item-meta nol-muted">
          <span>
            {t('leave.recorded', { at: formatInstant(leave.recordedAt), name: leave.recordedByName ?? '' })}
          </span>
          {leave.status === 'pending' ? (
            <span>
              {t('leave.awaiting', { role: roleLabel(leave.approverRole, lang === 'zh-CN' ? 'zh' : 'en') })}
            </span>
          ) : null}
          {leave.decidedAt ? (
            <span>
              {t('leave.decided', { at: formatInstant(leave.decidedAt), name: leave.decidedByName ?? '' })}
              {leave.decisionNote ? ` · ${leave.decisionNote}` : ''}
            </span>
          ) : null}
        </div>
      </div>
      {actions ? <div className="nol-item-actions">{actions}</div> : null}
    </div>
  );
}
