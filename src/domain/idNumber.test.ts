import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdConsistency,
  idCheckDigit,
  idLast4,
  maskIdNumber,
  maskStudentNumber,
  normalizeIdNumber,
  parseIdNumber,
  upgradeId15,
} from './idNumber.ts';

// An independent implementation of ISO 7064 MOD 11-2 (weights as powers of two rather than the
// table the production code uses), so that the tests do not just repeat the code under test.
function referenceCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * 2 ** (17 - i);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

/** A synthetic (not a real person's) ID: region 341802, the given date and sequence. */
function makeId(date: string, seq: string, region = '341802'): string {
  const first17 = `${region}${date.replaceAll('-', '')}${seq}`;
  return first17 + referenceCheckDigit(first17);
}

describe('normalizeIdNumber', () => {
  it.each([
    ['341802201503041231', '341802201503041231'],
    ['  341802201503041231  ', '341802201503041231'],
    ['341802 20150304 1231', '341802201503041231'],
    ['341802\u300020150304\u30001231', '341802201503041231'],
    ['\t341802201503041231\n', '341802201503041231'],
    ['\u200B341802201503041231\uFEFF', '341802201503041231'],
    ['34180220150304108x', '34180220150304108X'],
    ['３４１８０２２０１５０３０４１０８ｘ', '34180220150304108X'],
    ['３４１８０２２０１５０３０４１０８Ｘ', '34180220150304108X'],
    ['', ''],
    ['   ', ''],
    ['e12345678', 'e12345678'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeIdNumber(raw)).toBe(expected);
  });
});

describe('idCheckDigit', () => {
  it.each([
    // Hand-computed: Σ(digit × weight) = 258, 258 mod 11 = 5 → '7'.
    ['34180219850312123', '7'],
    ['34180220150304123', '1'],
    ['34180220150304108', 'X'],
    ['34180220150304102', '0'],
    ['11010520120229002', '0'],
    ['00000000000000000', '1'],
  ])('%s → %s', (first17, expected) => {
    expect(idCheckDigit(first17)).toBe(expected);
    expect(referenceCheckDigit(first17)).toBe(expected);
  });

  it.each([[''], ['3418022015030412'], ['341802201503041234'], ['3418022015030412X']])(
    'rejects %j (not 17 digits)',
    (bad) => {
      expect(() => idCheckDigit(bad)).toThrow(RangeError);
    },
  );

  it('agrees with the reference implementation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        expect(idCheckDigit(first17)).toBe(referenceCheckDigit(first17));
      }),
    );
  });
});

describe('upgradeId15', () => {
  it.each([
    // 341802 85 0312 123 → 341802 1985 0312 123 + check digit 7 (hand-computed above).
    ['341802850312123', '341802198503121237'],
    ['110105750101002', `11010519750101002${referenceCheckDigit('11010519750101002')}`],
  ])('%s → %s', (id15, id18) => {
    expect(upgradeId15(id15)).toBe(id18);
  });

  it.each([['34180285031212'], ['3418028503121234'], ['34180285031212X']])('rejects %j', (bad) => {
    expect(() => upgradeId15(bad)).toThrow(RangeError);
  });
});

describe('parseIdNumber — valid numbers', () => {
  it.each([
    // [input, idNumber, birthDate, sex, upgradedFrom15]
    [makeId('2015-03-04', '123'), makeId('2015-03-04', '123'), '2015-03-04', 'male', false],
    [makeId('2015-03-04', '124'), makeId('2015-03-04', '124'), '2015-03-04', 'female', false],
    ['34180220150304108X', '34180220150304108X', '2015-03-04', 'female', false],
    ['34180220150304108x', '34180220150304108X', '2015-03-04', 'female', false],
    ['３４１８０２２０１５０３０４１０８ｘ', '34180220150304108X', '2015-03-04', 'female', false],
    [' 341802 20150304 108X ', '34180220150304108X', '2015-03-04', 'female', false],
    ['341802\u300020150304108X', '34180220150304108X', '2015-03-04', 'female', false],
    [makeId('2012-02-29', '002'), makeId('2012-02-29', '002'), '2012-02-29', 'female', false],
    [makeId('2000-02-29', '001'), makeId('2000-02-29', '001'), '2000-02-29', 'male', false],
    [makeId('1900-01-01', '001'), makeId('1900-01-01', '001'), '1900-01-01', 'male', false],
    [makeId('2019-12-31', '999'), makeId('2019-12-31', '999'), '2019-12-31', 'male', false],
    ['341802850312123', '341802198503121237', '1985-03-12', 'male', true],
    ['341802850312124', upgradeId15('341802850312124'), '1985-03-12', 'female', true],
    ['３４１８０２８５０３１２１２３', '341802198503121237', '1985-03-12', 'male', true],
  ] as const)('%j', (input, idNumber, birthDate, sex, upgradedFrom15) => {
    expect(parseIdNumber(input)).toEqual({
      ok: true,
      idNumber,
      birthDate,
      sex,
      birthRegionCode: idNumber.slice(0, 6),
      upgradedFrom15,
    });
  });

  it.each([
    ['000000'],
    ['999999'],
    // 341821 was a county code before a merger; numbers issued under it stay valid for life.
    ['341821'],
    ['110105'],
  ])('never rejects because of the region part %s', (region) => {
    const result = parseIdNumber(makeId('2015-03-04', '123', region));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.birthRegionCode).toBe(region);
  });

  it.each([
    ['2026-03-04', '2026-03-04'],
    ['2026-03-05', '2026-03-04'],
    ['2015-03-04', '2015-03-04'],
  ])('accepts a birth date on or before today (today %s, born %s)', (today, birth) => {
    expect(parseIdNumber(makeId(birth, '123'), today).ok).toBe(true);
  });
});

describe('parseIdNumber — invalid numbers', () => {
  const wrongCheck = `${makeId('2015-03-04', '123').slice(0, 17)}2`;
  it.each([
    ['', 'empty', '身份证号为空'],
    ['   \u3000 ', 'empty', '身份证号为空'],
    ['12345', 'bad_length', '身份证号应为18位（老证件为15位），现在是 5 位'],
    [`${makeId('2015-03-04', '123')}1`, 'bad_length', '身份证号应为18位（老证件为15位），现在是 19 位'],
    ['3418022015030412', 'bad_length', '身份证号应为18位（老证件为15位），现在是 16 位'],
    ['34180220150304123A', 'bad_characters', '身份证号只能由数字组成，最后一位可以是 X'],
    ['3418022015030X1231', 'bad_characters', '身份证号只能由数字组成，最后一位可以是 X'],
    ['34180220150304-123', 'bad_characters', '身份证号只能由数字组成，最后一位可以是 X'],
    ['34180285031212X', 'bad_characters', '15位身份证号只能由数字组成'],
    [wrongCheck, 'bad_check_digit', '身份证号校验位不正确（应为 1）'],
    ['341802201503041080', 'bad_check_digit', '身份证号校验位不正确（应为 X）'],
    ['34180220150304102X', 'bad_check_digit', '身份证号校验位不正确（应为 0）'],
    [makeId('2013-02-30', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（2013-02-30）'],
    [makeId('2013-02-29', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（2013-02-29）'],
    [makeId('1900-02-29', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（1900-02-29）'],
    [makeId('2013-13-01', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（2013-13-01）'],
    [makeId('2013-00-10', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（2013-00-10）'],
    [makeId('2013-04-31', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（2013-04-31）'],
    [makeId('2013-04-00', '123'), 'impossible_birth_date', '身份证号中的出生日期不存在（2013-04-00）'],
    [makeId('1899-12-31', '123'), 'impossible_birth_date', '身份证号中的出生日期早于1900年（1899-12-31）'],
    [makeId('0215-03-04', '123'), 'impossible_birth_date', '身份证号中的出生日期早于1900年（0215-03-04）'],
    // The date is reported even though the check digit is also wrong: it locates the typo.
    [
      `${makeId('2013-02-30', '123').slice(0, 17)}9`,
      'impossible_birth_date',
      '身份证号中的出生日期不存在（2013-02-30）',
    ],
    ['341802850230123', 'impossible_birth_date', '身份证号中的出生日期不存在（1985-02-30）'],
    ['341802851301123', 'impossible_birth_date', '身份证号中的出生日期不存在（1985-13-01）'],
  ] as const)('%j → %s', (input, code, message) => {
    expect(parseIdNumber(input)).toEqual({ ok: false, code, message });
  });

  it.each([
    ['2026-03-03', '2026-03-04'],
    ['2025-12-31', '2030-01-01'],
  ])('rejects a birth date after today (today %s, born %s)', (today, birth) => {
    expect(parseIdNumber(makeId(birth, '123'), today)).toEqual({
      ok: false,
      code: 'future_birth_date',
      message: `身份证号中的出生日期晚于今天（${birth}）`,
    });
  });

  it('does not check for future dates when today is not given', () => {
    expect(parseIdNumber(makeId('2099-01-01', '123')).ok).toBe(true);
  });

  it.each([['2026-3-4'], ['2026-02-30'], ['today']])('throws on a malformed today %j', (today) => {
    expect(() => parseIdNumber(makeId('2015-03-04', '123'), today)).toThrow(RangeError);
  });
});

describe('parseIdNumber — properties', () => {
  const dayMs = 86_400_000;
  const realDate = fc
    .integer({ min: Date.UTC(1900, 0, 1) / dayMs, max: Date.UTC(2099, 11, 31) / dayMs })
    .map((days) => new Date(days * dayMs).toISOString().slice(0, 10));
  const prefix17 = fc
    .tuple(fc.stringMatching(/^\d{6}$/), realDate, fc.stringMatching(/^\d{3}$/))
    .map(([region, date, seq]) => ({ first17: `${region}${date.replaceAll('-', '')}${seq}`, date, seq }));

  it('accepts every prefix completed with its check digit', () => {
    fc.assert(
      fc.property(prefix17, ({ first17, date, seq }) => {
        const result = parseIdNumber(first17 + idCheckDigit(first17));
        expect(result).toEqual({
          ok: true,
          idNumber: first17 + idCheckDigit(first17),
          birthDate: date,
          sex: Number(seq[2]) % 2 === 1 ? 'male' : 'female',
          birthRegionCode: first17.slice(0, 6),
          upgradedFrom15: false,
        });
      }),
    );
  });

  it('detects any single changed digit', () => {
    fc.assert(
      fc.property(
        prefix17,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        ({ first17 }, position, shift) => {
          const id = first17 + idCheckDigit(first17);
          const chars = '0123456789X';
          const alphabetSize = position === 17 ? 11 : 10;
          const old = chars.indexOf(id.charAt(position));
          const replacement = chars.charAt((old + (shift % alphabetSize || 1)) % alphabetSize);
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          const result = parseIdNumber(changed);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['bad_check_digit', 'impossible_birth_date']).toContain(result.code);
        },
      ),
    );
  });

  it('detects two swapped neighbouring digits (a common typing slip)', () => {
    fc.assert(
      fc.property(prefix17, fc.integer({ min: 0, max: 15 }), ({ first17 }, position) => {
        const a = first17.charAt(position);
        const b = first17.charAt(position + 1);
        fc.pre(a !== b);
        const id = first17 + idCheckDigit(first17);
        const swapped = id.slice(0, position) + b + a + id.slice(position + 2);
        expect(parseIdNumber(swapped).ok).toBe(false);
      }),
    );
  });
});

describe('checkIdConsistency', () => {
  const parsed = { birthDate: '2015-03-04', sex: 'male' } as const;
  it.each([
    [{ birthDate: '2015-03-04', sex: 'male' }, []],
    [{}, []],
    [{ birthDate: null, sex: null }, []],
    [{ birthDate: '', sex: undefined }, []],
    [
      { birthDate: '2015-04-03' },
      [
        {
          field: 'birthDate',
          message: '出生日期与身份证号不一致（填写为 2015-04-03，身份证号为 2015-03-04）',
        },
      ],
    ],
    [{ sex: 'female' }, [{ field: 'sex', message: '性别与身份证号不一致（填写为 女，身份证号为 男）' }]],
    [
      { birthDate: '2016-03-04', sex: 'female' },
      [
        {
          field: 'birthDate',
          message: '出生日期与身份证号不一致（填写为 2016-03-04，身份证号为 2015-03-04）',
        },
        { field: 'sex', message: '性别与身份证号不一致（填写为 女，身份证号为 男）' },
      ],
    ],
  ] as const)('%j', (record, expected) => {
    expect(checkIdConsistency(parsed, record)).toEqual(expected);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['34180220150304108X', '341802********108X'],
    ['34180220150304108x', '341802********108X'],
    [' 341802 20150304 108X ', '341802********108X'],
    ['341802850312123', '341802*****2123'],
    ['E12345678', 'E1*****78'],
    ['H1234567', 'H1****67'],
    ['12345', '12*45'],
    ['1234', '****'],
    ['A1', '**'],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (id, expected) => {
    expect(maskIdNumber(id)).toBe(expected);
  });

  it('never reveals the birth date of an 18-character ID', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const masked = maskIdNumber(id) ?? '';
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });
});

describe('idLast4', () => {
  it.each([
    ['34180220150304108X', '108X'],
    ['34180220150304108x', '108X'],
    ['341802850312123', '2123'],
    ['E12345678', '5678'],
    ['1234', '1234'],
    ['123', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (id, expected) => {
    expect(idLast4(id)).toBe(expected);
  });
});

describe('maskStudentNumber', () => {
  it.each([
    ['G34180220190312051X', 'G341802********051X'],
    ['G341802190312051', 'G341802*****2051'],
    ['L3418020000123', 'L3418020000123'],
    [null, null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(maskStudentNumber(input)).toBe(expected);
  });
});
