// Which days are school days (DOMAIN 2.3): inside a term, not a weekend or public holiday unless
// the State Council made it an official make-up working day (调休上班), and not closed by the county
// or the school. Public holidays come from `chinese-workday`; years it does not cover yet are
// entered by the bureau as calendar entries, which always win over the package.

import { getFestival, isWorkday } from 'chinese-workday';
import { weekdayOf } from './dates.ts';

export const CALENDAR_ENTRY_KINDS = [
  { code: 'holiday', zh: '放假', en: 'Holiday' },
  { code: 'workday', zh: '调休上课', en: 'Make-up school day' },
  { code: 'closure', zh: '停课', en: 'Closure' },
] as const;
export type CalendarEntryKind = (typeof CALENDAR_ENTRY_KINDS)[number]['code'];

export interface CalendarEntry {
  day: string;
  kind: CalendarEntryKind;
  /** null: the whole county. */
  schoolId: number | null;
  note?: string | null;
}

export interface TermDates {
  startsOn: string;
  endsOn: string;
}

export type DayKind = 'school_day' | 'makeup_day' | 'weekend' | 'holiday' | 'closure' | 'outside_term';

export interface DayInfo {
  day: string;
  kind: DayKind;
  schoolDay: boolean;
  /** 国庆节, 周末, 暴雨停课…: what a calendar cell shows. */
  label: string;
}

/** Whether the official list covers a year: National Day is in every year it has published. */
export function officialCalendarCovers(year: number): boolean {
  return getFestival(`${year}-10-01`) === '国庆节';
}

// Only `getFestival` and `isWorkday` are asked, with 'YYYY-MM-DD' strings: the package's other
// functions (`isWeekend`, `isAddtionalWorkday`) parse the string as UTC midnight and read it back in
// the server's local zone, so west of UTC they look up the previous day. The weekday is our own.
function officialDay(day: string): { kind: DayKind; label: string } {
  const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
  if (!officialCalendarCovers(Number(day.slice(0, 4)))) {
    return weekend ? { kind: 'weekend', label: '周末' } : { kind: 'school_day', label: '' };
  }
  const festival = getFestival(day);
  if (isWorkday(day))
    return weekend ? { kind: 'makeup_day', label: festival } : { kind: 'school_day', label: '' };
  return festival === '周末' ? { kind: 'weekend', label: '周末' } : { kind: 'holiday', label: festival };
}

/**
 * One school's calendar: the county's terms and entries plus the school's own closures.
 * Build once per school and ask many days; entries are indexed by day.
 */
export class SchoolCalendar {
  /** County holiday and make-up-day entries (a school's own are not used: schools only close). */
  private readonly countyEntries = new Map<string, CalendarEntry>();
  /** Closures apart, so that a closure and a make-up day entered for the same day never hide each other. */
  private readonly closures = new Map<string, CalendarEntry>();

  constructor(
    private readonly terms: readonly TermDates[],
    entries: readonly CalendarEntry[],
    readonly schoolId: number | null = null,
  ) {
    for (const entry of entries) {
      if (entry.kind === 'closure') {
        // The school's own closure note wins over the county's for the cell label.
        if (entry.schoolId === schoolId && schoolId !== null) this.closures.set(entry.day, entry);
        else if (entry.schoolId === null && !this.closures.has(entry.day))
          this.closures.set(entry.day, entry);
      } else if (entry.schoolId === null) this.countyEntries.set(entry.day, entry);
    }
  }

  describe(day: string): DayInfo {
    const inTerm = this.terms.some((term) => term.startsOn <= day && day <= term.endsOn);
    if (!inTerm) return { day, kind: 'outside_term', schoolDay: false, label: '假期' };
    const closure = this.closures.get(day);
    if (closure) return { day, kind: 'closure', schoolDay: false, label: closure.note || '停课' };
    const entry = this.countyEntries.get(day);
    if (entry?.kind === 'holiday')
      return { day, kind: 'holiday', schoolDay: false, label: entry.note || '放假' };
    if (entry?.kind === 'workday')
      return { day, kind: 'makeup_day', schoolDay: true, label: entry.note || '调休上课' };
    const official = officialDay(day);
    return { day, ...official, schoolDay: official.kind === 'school_day' || official.kind === 'makeup_day' };
  }

  isSchoolDay(day: string): boolean {
    return this.describe(day).schoolDay;
  }
}
