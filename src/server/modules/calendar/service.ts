import { addDays, daysInMonth } from '../../../domain/dates.ts';
import {
  type CalendarEntry,
  type CalendarEntryKind,
  officialCalendarCovers,
  SchoolCalendar,
  type TermDates,
} from '../../../domain/schoolCalendar.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { CountyCache } from '../../db/countyCache.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import * as q from './queries.ts';

type Db = Deps['db'];

/** A county's terms and entries, loaded once, giving each school its calendar. */
export class CountyCalendar {
  private readonly bySchool = new Map<number | null, SchoolCalendar>();

  constructor(
    readonly terms: readonly TermDates[],
    readonly entries: readonly CalendarEntry[],
  ) {}

  forSchool(schoolId: number | null): SchoolCalendar {
    let calendar = this.bySchool.get(schoolId);
    if (!calendar) {
      calendar = new SchoolCalendar(this.terms, this.entries, schoolId);
      this.bySchool.set(schoolId, calendar);
    }
    return calendar;
  }

  /** A school's school days from `to` back to `from`, newest first. */
  schoolDaysBack(schoolId: number, to: string, from: string): string[] {
    const calendar = this.forSchool(schoolId);
    const days: string[] = [];
    for (let day = to; day >= from; day = addDays(day, -1)) if (calendar.isSchoolDay(day)) days.push(day);
    return days;
  }
}

const calendars = new CountyCache<CountyCalendar>();

/** The county's calendar, cached per database for the roll-call path (see CountyCache). */
export function cachedCountyCalendar(db: Db, countyCode: string): Promise<CountyCalendar> {
  return calendars.get(db, countyCode, () => loadCountyCalendar(db, countyCode));
}

export async function loadCountyCalendar(db: Db, countyCode: string): Promise<CountyCalendar> {
  const [terms, entries] = await Promise.all([q.termsOf(db, countyCode), q.entriesOf(db, countyCode)]);
  return new CountyCalendar(
    terms.map((t) => ({ startsOn: t.starts_on, endsOn: t.ends_on })),
    entries.map((e) => ({
      day: e.day,
      kind: e.kind as CalendarEntryKind,
      schoolId: e.school_id,
      note: e.note,
    })),
  );
}

/** A month as a calendar page shows it, for the county or for one school. */
export async function monthView(deps: Deps, countyCode: string, month: string, schoolId: number | null) {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const from = `${month}-01`;
  const to = `${month}-${String(daysInMonth(year, monthNumber)).padStart(2, '0')}`;
  const calendar = await loadCountyCalendar(deps.db, countyCode);
  const school = calendar.forSchool(schoolId);
  const entries = await q.entriesOf(deps.db, countyCode, from, to);
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(school.describe(day));
  return {
    countyCode,
    schoolId,
    month,
    officialListCovers: officialCalendarCovers(year),
    days,
    entries: entries
      .filter((e) => e.school_id === null || schoolId === null || e.school_id === schoolId)
      .map((e) => ({
        id: e.id,
        day: e.day,
        kind: e.kind as CalendarEntryKind,
        note: e.note,
        schoolId: e.school_id,
        schoolName: e.school_name,
      })),
    terms: [...calendar.terms],
  };
}

export async function addEntry(
  deps: Deps,
  actor: Actor,
  countyCode: string,
  input: { day: string; kind: CalendarEntryKind; note?: string | null; schoolId?: number | null },
) {
  const schoolId = input.schoolId ?? null;
  if (schoolId !== null && input.kind !== 'closure') {
    throw new AppError('bad_request', '学校只能登记停课；放假和调休由教体局统一设定');
  }
  const created = await deps.db.transaction().execute(async (trx) => {
    const saved = await q.insertEntry(trx, {
      countyCode,
      day: input.day,
      schoolId,
      kind: input.kind,
      note: input.note?.trim() || null,
      createdBy: actor.userId > 0 ? actor.userId : null,
    });
    if (!saved) throw new AppError('conflict', `${input.day} 已有登记，请先删除原登记`);
    await writeAudit(trx, actor, {
      action: 'calendar_entry.create',
      entity: 'calendar_entry',
      entityId: saved.id,
      countyCode,
      detail: { day: input.day, kind: input.kind, schoolId, note: input.note ?? null },
    });
    return { id: saved.id };
  });
  calendars.invalidate(deps.db, countyCode);
  return created;
}

export async function removeEntry(
  deps: Deps,
  actor: Actor,
  countyCode: string,
  id: number,
  schoolId: number | null,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const entry = await q.deleteEntry(trx, countyCode, id);
    // A school may remove only its own closures; the same 404 as a missing entry.
    if (!entry || (schoolId !== null && entry.school_id !== schoolId)) throw notFound('日历登记');
    await writeAudit(trx, actor, {
      action: 'calendar_entry.delete',
      entity: 'calendar_entry',
      entityId: id,
      countyCode,
      detail: { day: entry.day, kind: entry.kind, schoolId: entry.school_id, note: entry.note },
    });
  });
  calendars.invalidate(deps.db, countyCode);
}
