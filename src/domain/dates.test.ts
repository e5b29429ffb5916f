import { describe, expect, it } from 'vitest';
import { daysInMonth, formatIsoDate, isIsoDate, isLeapYear, parseIsoDate, requireIsoDate } from './dates.ts';

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
