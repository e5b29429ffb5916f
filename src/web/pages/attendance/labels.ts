import type {
  AbsenceReason,
  LeaveChannel,
  LeaveKind,
  LeaveStatus,
  MarkKind,
  MarkPortion,
} from '../../api/types.ts';
import type { MessageKey, Translate } from '../../i18n/index.tsx';

export const MARK_KINDS: readonly MarkKind[] = ['absent', 'late', 'left_early', 'leave'];
export const PORTIONS: readonly MarkPortion[] = ['whole', 'morning', 'afternoon'];
export const ABSENCE_REASONS: readonly AbsenceReason[] = ['sick', 'personal', 'other', 'unknown'];
export const LEAVE_KINDS: readonly LeaveKind[] = ['sick', 'personal', 'other'];
export const LEAVE_CHANNELS: readonly LeaveChannel[] = ['in_person', 'phone', 'message', 'note'];

export const kindLabel = (t: Translate, kind: MarkKind) => t(`attendance.kind.${kind}` as MessageKey);
/** One character for a month-grid cell: 缺 迟 退 假. */
export const kindSymbol = (t: Translate, kind: MarkKind) => t(`attendance.symbol.${kind}` as MessageKey);
export const portionLabel = (t: Translate, portion: MarkPortion) =>
  t(`attendance.portion.${portion}` as MessageKey);
export const reasonLabel = (t: Translate, reason: AbsenceReason) =>
  t(`attendance.reason.${reason}` as MessageKey);
export const leaveKindLabel = (t: Translate, kind: LeaveKind) => t(`leave.kind.${kind}` as MessageKey);
export const channelLabel = (t: Translate, channel: LeaveChannel) => t(`leave.via.${channel}` as MessageKey);
export const leaveStatusLabel = (t: Translate, status: LeaveStatus) =>
  t(`leave.status.${status}` as MessageKey);

export const LEAVE_STATUS_COLOR: Record<LeaveStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  cancelled: 'default',
};

/** Short weekday name, 0 = Sunday. */
export const weekdayLabel = (t: Translate, weekday: number) =>
  t(`attendance.weekday.${weekday}` as MessageKey);
