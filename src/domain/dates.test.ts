import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesFrom,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  parseIsoDate,
  requireIsoDate,
  weekdayOf,
} from './dates.ts';

describe('isLeapYear', () => {
  it.each([
    [2000, true],
    [2024, true],
    [2016, true],
    [1900, false],
    [2100, false],
    [2023, false],
  ])('%i → %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2023, 1, 31],
    [2023, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2023, 4, 30],
    [2023, 6, 30],
    [2023, 9, 30],
    [2023, 11, 30],
    [2023, 12, 31],
  ])('%i-%i → %i', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2015-03-04', { year: 2015, month: 3, day: 4 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2023-02-29', null],
    ['2023-13-01', null],
    ['2023-00-01', null],
    ['2023-04-31', null],
    ['2023-4-1', null],
    ['20230401', null],
    ['2023-04-01T00:00:00Z', null],
    [' 2023-04-01', null],
    ['', null],
  ])('%j → %j', (date, parts) => {
    expect(parseIsoDate(date)).toEqual(parts);
    expect(isIsoDate(date)).toBe(parts !== null);
  });
});

describe('formatIsoDate', () => {
  it.each([
    [2015, 3, 4, '2015-03-04'],
    [215, 12, 31, '0215-12-31'],
  ])('%i-%i-%i → %s', (y, m, d, expected) => {
    expect(formatIsoDate(y, m, d)).toBe(expected);
  });
});

describe('requireIsoDate', () => {
  it('returns the parts of a valid date', () => {
    expect(requireIsoDate('2015-03-04')).toEqual({ year: 2015, month: 3, day: 4 });
  });
  it('throws a RangeError naming the field', () => {
    expect(() => requireIsoDate('2015-02-30', '出生日期')).toThrow('出生日期格式不正确');
  });
});

describe('addDays', () => {
  it.each([
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-11-23', 1, '2026-11-24'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-09-30', 8, '2026-10-08'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 365, '2024-12-31'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-11-01', 1, '2026-11-02'],
    ['0050-03-01', 0, '0050-03-01'],
    ['0099-12-31', 1, '0100-01-01'],
    ['0001-01-01', -1, '0000-12-31'],
  ])('%s %+i → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('refuses a malformed date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-11-23', '2026-11-23', 0],
    ['2026-11-23', '2026-11-24', 1],
    ['2026-11-24', '2026-11-23', -1],
    ['2026-09-30', '2026-10-08', 8],
    ['2024-01-01', '2025-01-01', 366],
    ['2023-01-01', '2024-01-01', 365],
    ['2026-03-01', '2026-11-01', 245],
    ['0050-01-01', '2050-01-01', 730485],
  ])('%s → %s: %i', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
    expect(addDays(from, days)).toBe(to);
  });
});

describe('weekdayOf', () => {
  it.each([
    ['2026-11-23', 1],
    ['2026-10-01', 4],
    ['2026-10-10', 6],
    ['2026-09-20', 0],
    ['2000-01-01', 6],
    ['2024-02-29', 4],
    ['1970-01-01', 4],
    ['0050-03-01', 2],
  ])('%s → %i', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });
});

describe('datesFrom', () => {
  it.each([
    ['2026-11-23', '2026-11-23', ['2026-11-23']],
    ['2024-02-27', '2024-03-01', ['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']],
    ['2026-12-30', '2027-01-02', ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']],
    ['2026-11-24', '2026-11-23', []],
  ])('%s … %s', (from, to, dates) => {
    expect(datesFrom(from, to)).toEqual(dates);
  });

  it('covers a whole year', () => {
    expect(datesFrom('2024-01-01', '2024-12-31')).toHaveLength(366);
  });
});
