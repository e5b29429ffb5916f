import type { CalendarEntry, CalendarMonth, DayKind } from '../../api/types.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';

export const DAY_KINDS: readonly DayKind[] = [
  'school_day',
  'makeup_day',
  'weekend',
  'holiday',
  'closure',
  'outside_term',
];

/** The corner mark Chinese calendars use: 休 for a day off, 班 for a make-up working day. */
const MARKS: Partial<Record<DayKind, MessageKey>> = {
  holiday: 'calendar.mark.off',
  closure: 'calendar.mark.closed',
  makeup_day: 'calendar.mark.work',
};

/** Only these kinds carry a label worth a cell's room (a festival, a note); weekends say nothing new. */
const LABELLED: ReadonlySet<DayKind> = new Set(['holiday', 'makeup_day', 'closure']);

export function Legend() {
  const t = useT();
  return (
    <div className="nol-cal-legend">
      {DAY_KINDS.map((kind) => (
        <span key={kind} className="nol-cal-legend-item">
          <span className={`nol-cal-swatch nol-cal-${kind}`} />
          {t(`calendar.kind.${kind}` as MessageKey)}
        </span>
      ))}
    </div>
  );
}

/**
 * A month, Monday first (the Chinese school week). Each cell shows the day's kind by colour and
 * mark, its label, and — for whoever may edit — opens the day on a tap.
 */
export function MonthGrid({
  month,
  today,
  onOpen,
}: {
  month: CalendarMonth;
  today: string;
  onOpen: ((day: string) => void) | null;
}) {
  const t = useT();
  const [year, monthNumber] = month.month.split('-').map(Number) as [number, number];
  const lead = (new Date(year, monthNumber - 1, 1).getDay() + 6) % 7;
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of month.entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  const weekdays = [1, 2, 3, 4, 5, 6, 0].map((d) => t(`calendar.weekday.${d}` as MessageKey));

  return (
    <div className="nol-cal-grid" data-testid="calendar-grid">
      {weekdays.map((w) => (
        <div key={w} className="nol-cal-weekday">
          {w}
        </div>
      ))}
      {Array.from({ length: lead }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blank cells before the 1st have nothing else to key on
        <div key={`blank-${i}`} className="nol-cal-blank" />
      ))}
      {month.days.map((d) => {
        const mark = MARKS[d.kind];
        const entries = byDay.get(d.day) ?? [];
        const content = (
          <>
            <span className="nol-cal-date">{Number(d.day.slice(8))}</span>
            {mark ? <span className={`nol-cal-mark nol-cal-mark-${d.kind}`}>{t(mark)}</span> : null}
            {LABELLED.has(d.kind) && d.label ? <span className="nol-cal-label">{d.label}</span> : null}
            {entries.length > 0 ? <span className="nol-cal-entry-dot" aria-hidden /> : null}
          </>
        );
        const className = `nol-cal-day nol-cal-${d.kind}${d.day === today ? ' nol-cal-today' : ''}`;
        const title = [
          d.day,
          t(`calendar.kind.${d.kind}` as MessageKey),
          d.label,
          entries.length > 0 ? t('calendar.hasEntry') : '',
        ]
          .filter(Boolean)
          .join(' · ');
        return onOpen ? (
          <button
            key={d.day}
            type="button"
            className={className}
            title={title}
            onClick={() => onOpen(d.day)}
            data-testid={`calendar-day-${d.day}`}
            data-kind={d.kind}
          >
            {content}
          </button>
        ) : (
          <div
            key={d.day}
            className={className}
            title={title}
            data-testid={`calendar-day-${d.day}`}
            data-kind={d.kind}
          >
            {content}
          </div>
        );
      })}
    </div>
  );
}
