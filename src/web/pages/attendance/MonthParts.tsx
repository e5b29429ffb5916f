import { Tooltip } from 'antd';
import { Link } from 'react-router';
import { weekdayOf } from '../../../domain/dates.ts';
import type { ClassAttendanceMonth, MarkKind } from '../../api/types.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { kindLabel, kindSymbol, MARK_KINDS, portionLabel, weekdayLabel } from './labels.ts';

type MonthMark = ClassAttendanceMonth['children'][number]['marks'][number];
type MonthDay = ClassAttendanceMonth['days'][number];

/** A school day that has passed (or is today) without a roll call: flagged, never read as absence. */
export const isMissingRollCall = (day: MonthDay, today: string) =>
  day.schoolDay && !day.submitted && day.day <= today;

function useMarkTitle() {
  const t = useT();
  return (mark: MonthMark) =>
    [
      mark.day,
      kindLabel(t, mark.kind),
      mark.portion !== 'whole' ? portionLabel(t, mark.portion) : null,
      t(mark.excused ? 'attendance.excused' : 'attendance.unexcused'),
    ]
      .filter(Boolean)
      .join(' · ');
}

/** 缺 / 迟 / 退 / 假: solid when unexcused, pale when excused; 上 or 下 for half a day. */
export function MarkSymbol({ mark }: { mark: MonthMark }) {
  const t = useT();
  const title = useMarkTitle()(mark);
  return (
    <span
      className={`nol-am nol-am-${mark.kind} ${mark.excused ? 'nol-am-excused' : 'nol-am-unexcused'}`}
      title={title}
    >
      {kindSymbol(t, mark.kind)}
      {mark.portion !== 'whole' ? (
        <sub className="nol-am-half">{t(`attendance.half.${mark.portion}` as MessageKey)}</sub>
      ) : null}
    </span>
  );
}

export function MonthLegend() {
  const t = useT();
  const sample = (kind: MarkKind, excused: boolean): MonthMark => ({
    day: '',
    kind,
    portion: 'whole',
    reason: null,
    excused,
  });
  return (
    <div className="nol-am-legend" data-testid="am-legend">
      {MARK_KINDS.map((kind) => (
        <span key={kind} className="nol-am-legend-item">
          <MarkSymbol mark={sample(kind, false)} /> {kindLabel(t, kind)}
        </span>
      ))}
      <span className="nol-am-legend-item">
        <MarkSymbol mark={sample('absent', false)} /> {t('attendance.legend.unexcused')}
      </span>
      <span className="nol-am-legend-item">
        <MarkSymbol mark={sample('absent', true)} /> {t('attendance.legend.excused')}
      </span>
      <span className="nol-am-legend-item">
        <span className="nol-am-swatch nol-am-swatch-rest" /> {t('attendance.legend.rest')}
      </span>
      <span className="nol-am-legend-item">
        <span className="nol-am-swatch nol-am-swatch-missing" /> {t('attendance.legend.missing')}
      </span>
    </div>
  );
}

/** The desk layout: children down, days across, the unexcused total at the end. */
export function MonthGrid({ month, today }: { month: ClassAttendanceMonth; today: string }) {
  const t = useT();
  const dayClass = (d: MonthDay) =>
    !d.schoolDay ? 'nol-am-rest' : isMissingRollCall(d, today) ? 'nol-am-missing' : '';
  return (
    <div className="nol-am-scroll">
      <table className="nol-am-grid" data-testid="am-grid">
        <thead>
          <tr>
            <th className="nol-am-name-col">{t('child.name')}</th>
            {month.days.map((d) => {
              const head = (
                <th key={d.day} className={`nol-am-day ${dayClass(d)}`}>
                  <div>{Number(d.day.slice(8))}</div>
                  <div className="nol-am-weekday">{weekdayLabel(t, weekdayOf(d.day))}</div>
                </th>
              );
              const tip = isMissingRollCall(d, today) ? t('attendance.legend.missing') : d.label;
              return tip ? (
                <Tooltip key={d.day} title={tip}>
                  {head}
                </Tooltip>
              ) : (
                head
              );
            })}
            <th className="nol-am-total-col">{t('attendance.unexcusedDays')}</th>
          </tr>
        </thead>
        <tbody>
          {month.children.map((child) => {
            const byDay = new Map(child.marks.map((m) => [m.day, m]));
            return (
              <tr key={child.childId} data-testid="am-row">
                <td className="nol-am-name-col">
                  <Link to={`/children/${child.childId}`}>{child.name}</Link>
                </td>
                {month.days.map((d) => {
                  const mark = byDay.get(d.day);
                  return (
                    <td key={d.day} className={`nol-am-cell ${dayClass(d)}`}>
                      {mark ? <MarkSymbol mark={mark} /> : null}
                    </td>
                  );
                })}
                <td className={`nol-am-total-col ${child.unexcusedDays > 0 ? 'nol-am-total-bad' : ''}`}>
                  {child.unexcusedDays}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The phone layout: only the children with a mark this month, each with their marks in date order. */
export function MonthCards({ month }: { month: ClassAttendanceMonth }) {
  const t = useT();
  const withMarks = month.children.filter((c) => c.marks.length > 0);
  const clean = month.children.length - withMarks.length;
  return (
    <div className="nol-card-list">
      {withMarks.map((child) => (
        <div key={child.childId} className="nol-child-card" data-testid="am-card">
          <div className="nol-child-card-top">
            <Link to={`/children/${child.childId}`} className="nol-child-card-name">
              {child.name}
            </Link>
            {child.unexcusedDays > 0 ? (
              <span className="nol-am-total-bad">
                {t('attendance.unexcusedN', { n: child.unexcusedDays })}
              </span>
            ) : null}
          </div>
          <div className="nol-am-card-marks">
            {[...child.marks]
              .sort((a, b) => a.day.localeCompare(b.day))
              .map((m) => (
                <span key={m.day} className="nol-am-card-mark">
                  <span className="nol-mono nol-muted">{m.day.slice(5)}</span> <MarkSymbol mark={m} />
                </span>
              ))}
          </div>
        </div>
      ))}
      <div className="nol-muted nol-am-clean">
        {withMarks.length === 0 ? t('attendance.allClean') : t('attendance.restClean', { n: clean })}
      </div>
    </div>
  );
}
