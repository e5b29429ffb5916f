import { Alert, Button, Space } from 'antd';
import type { AttendanceMark, RollCallSheet } from '../../api/types.ts';
import { type Translate, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { kindLabel } from './labels.ts';
import { markDetail } from './RollCallParts.tsx';
import { changedChildren, type Draft, initialDraft, sameMark } from './rollCallModel.ts';

/** What a teacher had in mind before someone else's submission got in first. */
export interface PendingConflict {
  mine: Draft;
  base: Draft;
}

function describe(t: Translate, mark: AttendanceMark | undefined): string {
  if (!mark) return t('attendance.present');
  const detail = markDetail(t, mark);
  return detail ? `${kindLabel(t, mark.kind)}（${detail}）` : kindLabel(t, mark.kind);
}

/**
 * Shown after a 409: the list now holds the other person's marks; this lists the teacher's own
 * changes that differ from them, and re-applies them on request.
 */
export function RollCallConflict({
  sheet,
  conflict,
  onReapply,
  onDismiss,
}: {
  sheet: RollCallSheet;
  conflict: PendingConflict;
  onReapply: () => void;
  onDismiss: () => void;
}) {
  const t = useT();
  const theirs = initialDraft(sheet);
  const names = new Map(sheet.children.map((c) => [c.childId, c.name]));
  const differences = changedChildren(conflict.base, conflict.mine).filter(
    (id) => !sameMark(theirs[id], conflict.mine[id]),
  );
  return (
    <Alert
      type="warning"
      showIcon
      className="nol-rc-conflict"
      data-testid="rc-conflict"
      title={t('attendance.conflict.title', {
        name: sheet.submitted?.updatedByName ?? t('attendance.someoneElse'),
        at: formatInstant(sheet.submitted?.updatedAt),
      })}
      description={
        <div>
          <div>{differences.length > 0 ? t('attendance.conflict.intro') : t('attendance.conflict.same')}</div>
          {differences.length > 0 ? (
            <ul className="nol-rc-conflict-list">
              {differences.map((id) => (
                <li key={id}>
                  <span className="nol-strong">{names.get(id) ?? id}</span>
                  {t('common.colon')}
                  {t('attendance.conflict.theirs')} {describe(t, theirs[id])} →{' '}
                  {t('attendance.conflict.mine')} {describe(t, conflict.mine[id])}
                </li>
              ))}
            </ul>
          ) : null}
          <Space wrap style={{ marginTop: 8 }}>
            {differences.length > 0 ? (
              <Button type="primary" onClick={onReapply} data-testid="rc-reapply">
                {t('attendance.conflict.reapply')}
              </Button>
            ) : null}
            <Button onClick={onDismiss}>{t('attendance.conflict.keepTheirs')}</Button>
          </Space>
        </div>
      }
    />
  );
}
