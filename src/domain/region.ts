// Statistical division codes (统计用区划代码), 12 digits:
//   PP CC DD TTT VVV — province, city, county, township/street, village/community.
// The first 6 digits are GB/T 2260. A region's level is given by its deepest non-zero part,
// and every region's code starts with its ancestors' significant prefixes, which is what makes
// "everything in this county" a cheap `LIKE '341802%'` query.
//
// Codes are never checked against a list of existing divisions: divisions are merged and
// renamed every year, and records made under an old code must stay readable.

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '区县',
  township: '乡镇/街道',
  village: '村/社区',
};

export type ParsedRegionCode = {
  ok: true;
  /** 12 digits, padded with zeros. */
  code: string;
  level: RegionLevel;
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  townshipCode: string;
};

const PREFIX_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
};

const ACCEPTED_LENGTHS = new Set([2, 4, 6, 9, 12]);

export function parseRegionCode(raw: string): ParsedRegionCode | { ok: false; message: string } {
  const input = raw
    .replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\s/g, '');
  if (input === '') return { ok: false, message: '行政区划代码为空' };
  if (!/^\d+$/.test(input)) return { ok: false, message: '行政区划代码只能由数字组成' };
  if (!ACCEPTED_LENGTHS.has(input.length)) {
    return {
      ok: false,
      message: `行政区划代码应为 2、4、6、9 或 12 位数字，现在是 ${input.length} 位`,
    };
  }

  const code = input.padEnd(12, '0');
  const province = code.slice(0, 2);
  const city = code.slice(2, 4);
  const county = code.slice(4, 6);
  const township = code.slice(6, 9);
  const village = code.slice(9, 12);

  if (province === '00') return { ok: false, message: '行政区划代码的省级部分（前2位）不能为 00' };
  if (city === '00' && (county !== '00' || township !== '000' || village !== '000')) {
    return { ok: false, message: '行政区划代码缺少市级部分（第3–4位为 00）' };
  }
  if (township === '000' && village !== '000') {
    return { ok: false, message: '行政区划代码缺少乡镇/街道部分（第7–9位为 000）' };
  }
  // County '00' under a non-zero township is legitimate: prefecture-level cities without
  // counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关…) number their townships directly.

  let level: RegionLevel;
  if (village !== '000') level = 'village';
  else if (township !== '000') level = 'township';
  else if (county !== '00') level = 'county';
  else if (city !== '00') level = 'city';
  else level = 'province';

  return {
    ok: true,
    code,
    level,
    provinceCode: province,
    cityCode: code.slice(0, 4),
    countyCode: code.slice(0, 6),
    townshipCode: code.slice(0, 9),
  };
}

// The helpers below take codes that were validated on the way in; an invalid one here is a
// programming error, so they throw rather than guess.
function requireRegion(code: string): ParsedRegionCode {
  const parsed = parseRegionCode(code);
  if (!parsed.ok) throw new RangeError(`${parsed.message}：${JSON.stringify(code)}`);
  return parsed;
}

export function regionLevelOf(code12: string): RegionLevel {
  return requireRegion(code12).level;
}

/** The significant prefix (2/4/6/9/12 digits): the code of every descendant starts with it. */
export function regionPrefix(code12: string): string {
  const { code, level } = requireRegion(code12);
  return code.slice(0, PREFIX_LENGTH[level]);
}

/**
 * The next region up, as a 12-digit code; null for a province. A township of a city without
 * counties (东莞) has the city as its parent.
 */
export function parentRegionCode(code12: string): string | null {
  const { code, level } = requireRegion(code12);
  switch (level) {
    case 'province':
      return null;
    case 'city':
      return code.slice(0, 2).padEnd(12, '0');
    case 'county':
      return code.slice(0, 4).padEnd(12, '0');
    case 'township':
      return code.slice(0, 6).padEnd(12, '0');
    case 'village':
      return code.slice(0, 9).padEnd(12, '0');
  }
}

/** True when `code12` is `ancestor12` itself or lies inside it. */
export function isWithinRegion(code12: string, ancestor12: string): boolean {
  const region = parseRegionCode(code12);
  const ancestor = parseRegionCode(ancestor12);
  if (!region.ok || !ancestor.ok) return false;
  return region.code.startsWith(ancestor.code.slice(0, PREFIX_LENGTH[ancestor.level]));
}

/**
 * The 6-digit county-level code a region belongs to; null above county level. For a township
 * of a city without counties this is the city's own 6-digit code (441900), which is how those
 * cities appear in county-level statistics.
 */
export function countyCodeOf(code12: string): string | null {
  const { code, level } = requireRegion(code12);
  return level === 'province' || level === 'city' ? null : code.slice(0, 6);
}
