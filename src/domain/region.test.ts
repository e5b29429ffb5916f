import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countyCodeOf,
  isWithinRegion,
  parentRegionCode,
  parseRegionCode,
  REGION_LEVEL_LABELS,
  type RegionLevel,
  regionLevelOf,
  regionPrefix,
} from './region.ts';

describe('parseRegionCode — accepted', () => {
  it.each([
    ['34', '340000000000', 'province'],
    ['3400', '340000000000', 'province'],
    ['340000', '340000000000', 'province'],
    ['340000000000', '340000000000', 'province'],
    ['3418', '341800000000', 'city'],
    ['341800', '341800000000', 'city'],
    ['341800000000', '341800000000', 'city'],
    ['341802', '341802000000', 'county'],
    ['341802000', '341802000000', 'county'],
    ['341802000000', '341802000000', 'county'],
    ['341802001', '341802001000', 'township'],
    ['341802100000', '341802100000', 'township'],
    ['341802100201', '341802100201', 'village'],
    ['110101001001', '110101001001', 'village'],
    // Province-administered county-level units use city part 90.
    ['429004', '429004000000', 'county'],
    // Dongguan has no counties: its streets hang directly under the city.
    ['441900003000', '441900003000', 'township'],
    ['441900003', '441900003000', 'township'],
    ['441900003001', '441900003001', 'village'],
    // An abolished code is still a well-formed code.
    ['341821', '341821000000', 'county'],
    [' 341802 ', '341802000000', 'county'],
    ['３４１８０２', '341802000000', 'county'],
  ] as const)('%j → %s (%s)', (raw, code, level) => {
    expect(parseRegionCode(raw)).toEqual({
      ok: true,
      code,
      level,
      provinceCode: code.slice(0, 2),
      cityCode: code.slice(0, 4),
      countyCode: code.slice(0, 6),
      townshipCode: code.slice(0, 9),
    });
  });
});

describe('parseRegionCode — rejected', () => {
  it.each([
    ['', '行政区划代码为空'],
    ['   ', '行政区划代码为空'],
    ['34180a', '行政区划代码只能由数字组成'],
    ['3418-02', '行政区划代码只能由数字组成'],
    ['-34', '行政区划代码只能由数字组成'],
    ['3', '行政区划代码应为 2、4、6、9 或 12 位数字，现在是 1 位'],
    ['341', '行政区划代码应为 2、4、6、9 或 12 位数字，现在是 3 位'],
    ['3418021', '行政区划代码应为 2、4、6、9 或 12 位数字，现在是 7 位'],
    ['3418021000', '行政区划代码应为 2、4、6、9 或 12 位数字，现在是 10 位'],
    ['3418021002011', '行政区划代码应为 2、4、6、9 或 12 位数字，现在是 13 位'],
    ['00', '行政区划代码的省级部分（前2位）不能为 00'],
    ['000000000000', '行政区划代码的省级部分（前2位）不能为 00'],
    ['001802', '行政区划代码的省级部分（前2位）不能为 00'],
    ['340002', '行政区划代码缺少市级部分（第3–4位为 00）'],
    ['340000100000', '行政区划代码缺少市级部分（第3–4位为 00）'],
    ['340000000001', '行政区划代码缺少市级部分（第3–4位为 00）'],
    ['341802000201', '行政区划代码缺少乡镇/街道部分（第7–9位为 000）'],
  ])('%j → %s', (raw, message) => {
    expect(parseRegionCode(raw)).toEqual({ ok: false, message });
  });
});

describe('regionLevelOf', () => {
  it.each([
    ['340000000000', 'province'],
    ['341800000000', 'city'],
    ['341802000000', 'county'],
    ['341802100000', 'township'],
    ['341802100201', 'village'],
    ['441900003000', 'township'],
  ] as const)('%s → %s', (code, level) => {
    expect(regionLevelOf(code)).toBe(level);
  });

  it('throws on an invalid code', () => {
    expect(() => regionLevelOf('34180a000000')).toThrow(RangeError);
  });
});

describe('regionPrefix', () => {
  it.each([
    ['340000000000', '34'],
    ['341800000000', '3418'],
    ['341802000000', '341802'],
    ['341802100000', '341802100'],
    ['341802100201', '341802100201'],
    ['441900003000', '441900003'],
    ['341802', '341802'],
  ])('%s → %s', (code, prefix) => {
    expect(regionPrefix(code)).toBe(prefix);
  });
});

describe('parentRegionCode', () => {
  it.each([
    ['340000000000', null],
    ['341800000000', '340000000000'],
    ['341802000000', '341800000000'],
    ['341802100000', '341802000000'],
    ['341802100201', '341802100000'],
    ['441900003000', '441900000000'],
    ['441900003001', '441900003000'],
    ['110101001001', '110101001000'],
  ])('%s → %s', (code, parent) => {
    expect(parentRegionCode(code)).toBe(parent);
  });

  it('walks from a village up to its province in at most four steps', () => {
    const chain: string[] = [];
    let current: string | null = '341802100201';
    while (current !== null) {
      chain.push(current);
      current = parentRegionCode(current);
    }
    expect(chain).toEqual(['341802100201', '341802100000', '341802000000', '341800000000', '340000000000']);
  });
});

describe('isWithinRegion', () => {
  it.each([
    ['341802100201', '340000000000', true],
    ['341802100201', '341800000000', true],
    ['341802100201', '341802000000', true],
    ['341802100201', '341802100000', true],
    ['341802100201', '341802100201', true],
    ['341802000000', '341802000000', true],
    ['441900003000', '441900000000', true],
    ['341802100201', '341802100202', false],
    ['341802100201', '341802101000', false],
    ['341802100201', '341803000000', false],
    ['341802000000', '341802100000', false],
    ['340000000000', '341800000000', false],
    // Containment compares whole parts: 3411… is a different city from 3410….
    ['341002000000', '341000000000', true],
    ['341102000000', '341000000000', false],
    ['341802', '3418', true],
    ['bad', '340000000000', false],
    ['341802000000', 'bad', false],
  ])('%s within %s → %s', (code, ancestor, expected) => {
    expect(isWithinRegion(code, ancestor)).toBe(expected);
  });

  const validCode = fc
    .tuple(
      fc.integer({ min: 11, max: 82 }),
      fc.integer({ min: 1, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 999 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([p, c, d, t, v]) => {
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      return `${pad(p, 2)}${pad(c, 2)}${pad(d, 2)}${pad(t, 3)}${pad(t === 0 ? 0 : v, 3)}`;
    });

  it('every region is within each of its ancestors', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        for (let p = parentRegionCode(code); p !== null; p = parentRegionCode(p)) {
          expect(isWithinRegion(code, p)).toBe(true);
          expect(isWithinRegion(p, code)).toBe(false);
          expect(code.startsWith(regionPrefix(p))).toBe(true);
        }
      }),
    );
  });
});

describe('countyCodeOf', () => {
  it.each([
    ['340000000000', null],
    ['341800000000', null],
    ['341802000000', '341802'],
    ['341802100000', '341802'],
    ['341802100201', '341802'],
    ['441900003000', '441900'],
  ])('%s → %s', (code, county) => {
    expect(countyCodeOf(code)).toBe(county);
  });
});

describe('REGION_LEVEL_LABELS', () => {
  it.each([
    ['province', '省'],
    ['city', '市'],
    ['county', '区县'],
    ['township', '乡镇/街道'],
    ['village', '村/社区'],
  ] as [RegionLevel, string][])('%s → %s', (level, label) => {
    expect(REGION_LEVEL_LABELS[level]).toBe(label);
  });
});
