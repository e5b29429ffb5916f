// Calendar dates travel through the domain as 'YYYY-MM-DD' strings: they compare correctly as
// strings, carry no time zone, and a school's birth date must never shift by a day because a
// server runs in UTC.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export type DateParts = { year: number; month: number; day: number };

/** Parses a strict 'YYYY-MM-DD' string; null when malformed or not a real calendar date. */
export function parseIsoDate(date: string): DateParts | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== null;
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Like parseIsoDate but throws: used where a malformed date can only be a programming error
 * (dates from the database or already-validated input), so failing loudly beats computing a
 * plausible but wrong grade or age.
 */
export function requireIsoDate(date: string, what = '日期'): DateParts {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`${what}格式不正确：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
  return parts;
}

const DAY_MS = 86_400_000;

function utcMidnight(date: string): number {
  const { year, month, day } = requireIsoDate(date);
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month - 1, day);
  return midnight.getTime();
}

/** The date `days` days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  const result = new Date(utcMidnight(date) + days * DAY_MS);
  return formatIsoDate(result.getUTCFullYear(), result.getUTCMonth() + 1, result.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) dates.push(day);
  return dates;
}
