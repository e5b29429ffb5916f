import { RightOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { AttendanceMark, RollCallChild } from '../../api/types.ts';
import { type Translate, useT } from '../../i18n/index.tsx';
import { kindLabel, portionLabel, reasonLabel } from './labels.ts';
import type { Counts } from './rollCallModel.ts';

export function markDetail(t: Translate, mark: AttendanceMark): string {
  return [
    mark.portion !== 'whole' ? portionLabel(t, mark.portion) : null,
    mark.reason ? reasonLabel(t, mark.reason) : null,
    mark.symptoms,
    mark.note,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** 应到 / 实到 / 缺勤 / 请假, with late and left early underneath when there are any. */
export function RollCallCounters({ counts }: { counts: Counts }) {
  const t = useT();
  const boxes = [
    { key: 'expected', value: counts.expected, label: t('attendance.count.expected') },
    { key: 'present', value: counts.present, label: t('attendance.count.present') },
    { key: 'absent', value: counts.absent, label: t('attendance.count.absent') },
    { key: 'leave', value: counts.leave, label: t('attendance.count.leave') },
  ];
  return (
    <div className="nol-rc-counters" data-testid="rc-counters">
      {boxes.map((b) => (
        <div key={b.key} className={`nol-rc-counter nol-rc-counter-${b.key}`}>
          <div className="nol-rc-counter-value" data-testid={`rc-count-${b.key}`}>
            {b.value}
          </div>
          <div className="nol-rc-counter-label">{b.label}</div>
        </div>
      ))}
      {counts.late + counts.leftEarly > 0 ? (
        <div className="nol-rc-counter-extra nol-muted">
          {t('attendance.count.lateAndEarly', { late: counts.late, early: counts.leftEarly })}
        </div>
      ) : null}
    </div>
  );
}

/** One child: a whole-width tap target showing the current mark; read-only rows are not buttons. */
export function RollCallRow({
  index,
  child,
  mark,
  changed,
  errors,
  editable,
  onOpen,
}: {
  index: number;
  child: RollCallChild;
  mark: AttendanceMark | undefined;
  changed: boolean;
  errors: string[] | undefined;
  editable: boolean;
  onOpen: () => void;
}) {
  const t = useT();
  const state = mark?.kind ?? 'present';
  const content = (
    <>
      <span className="nol-rc-seq">{index + 1}</span>
      <span className="nol-rc-main">
        <span className="nol-rc-name-line">
          <span className="nol-rc-name">{child.name}</span>
          {child.leave ? (
            <Tag color="blue" className="nol-rc-tag">
              {t('attendance.leaveTag')}
            </Tag>
          ) : null}
          {changed ? <span className="nol-rc-changed">{t('attendance.changed')}</span> : null}
        </span>
        {mark && markDetail(t, mark) ? <span className="nol-rc-detail">{markDetail(t, mark)}</span> : null}
        {errors?.map((message) => (
          <span key={message} className="nol-rc-error">
            {message}
          </span>
        ))}
      </span>
      <span className={`nol-rc-state nol-rc-state-${state}`}>
        {mark ? kindLabel(t, mark.kind) : t('attendance.present')}
      </span>
      {editable ? <RightOutlined className="nol-rc-arrow" /> : null}
    </>
  );
  const className = `nol-rc-row nol-rc-row-${state}${errors ? ' nol-rc-row-error' : ''}`;
  return editable ? (
    <button
      type="button"
      className={className}
      onClick={onOpen}
      data-testid="rc-row"
      data-child={child.childId}
    >
      {content}
    </button>
  ) : (
    <div className={className} data-testid="rc-row" data-child={child.childId}>
      {content}
    </div>
  );
}
