import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGarbledName, nameInitials, namePinyin, nameReadings, normalizeName } from './names.ts';

describe('normalizeName', () => {
  it.each([
    ['张三', '张三'],
    ['  张三  ', '张三'],
    ['张 三', '张三'],
    ['张   三', '张三'],
    ['张\u3000三', '张三'],
    ['\u3000张三\u3000', '张三'],
    ['张\t三\n', '张三'],
    ['张\u00A0三', '张三'],
    ['张\u200B三', '张三'],
    ['欧 阳 小 明', '欧阳小明'],
    // Traditional → Simplified.
    ['張偉', '张伟'],
    ['劉德華', '刘德华'],
    ['陳曉東', '陈晓东'],
    ['歐陽鋒', '欧阳锋'],
    ['鍾小雲', '钟小云'],
    ['蕭麗', '萧丽'],
    ['張 三', '张三'],
    // Minority-name separators.
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['阿依古丽•买买提', '阿依古丽·买买提'],
    ['阿依古丽‧买买提', '阿依古丽·买买提'],
    ['阿依古丽・买买提', '阿依古丽·买买提'],
    ['阿依古丽･买买提', '阿依古丽·买买提'],
    ['阿依古丽．买买提', '阿依古丽·买买提'],
    ['阿依古丽.买买提', '阿依古丽·买买提'],
    ['阿依古丽-买买提', '阿依古丽·买买提'],
    ['阿依古丽－买买提', '阿依古丽·买买提'],
    ['阿依古丽—买买提', '阿依古丽·买买提'],
    ['阿依古丽 · 买买提', '阿依古丽·买买提'],
    ['阿依古丽 - 买买提', '阿依古丽·买买提'],
    ['阿依古丽··买买提', '阿依古丽·买买提'],
    ['阿依古丽 买买提', '阿依古丽买买提'],
    ['阿卜杜拉·艾力·买买提', '阿卜杜拉·艾力·买买提'],
    ['·张三·', '张三'],
    // Full-width Latin and digits.
    ['Ｔｏｍ', 'Tom'],
    ['张ａ', '张a'],
    // Latin names keep their spaces (collapsed), dots and hyphens.
    ['Tom  Smith', 'Tom Smith'],
    ['Jean-Luc', 'Jean-Luc'],
    ['J. Smith', 'J. Smith'],
    ['Tom 张', 'Tom 张'],
    // Kangxi radical and compatibility ideograph look-alikes.
    ['\u2FA6小明', '金小明'],
    ['\uF9D1小明', '六小明'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it('is idempotent', () => {
    const alphabet = fc.constantFrom(
      ...'张三李四王五欧阳張偉劉華陳曉阿依古丽买提 \u3000·•‧・．.-—abcＡＢ1１\t'.split(''),
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), (chars) => {
        const once = normalizeName(chars.join(''));
        expect(normalizeName(once)).toBe(once);
      }),
    );
  });
});

describe('names of ideographs only', () => {
  // normalizeName returns such a name unchanged but for Traditional → Simplified: it relies on
  // NFKC leaving every character of the block as it is.
  it('are left alone by NFKC, character by character', () => {
    for (let code = 0x4e00; code <= 0x9fff; code++) {
      const ch = String.fromCharCode(code);
      expect(ch.normalize('NFKC')).toBe(ch);
    }
  });

  it.each([
    ['張偉', '张伟'],
    ['沈思', '沈思'],
    ['锟斤拷', '锟斤拷'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it('are garbled only with a garbled phrase', () => {
    expect(isGarbledName('张三')).toBe(false);
    expect(isGarbledName('张烫烫烫')).toBe(true);
  });
});

describe('nameInitials', () => {
  it.each([
    ['张三', 'zs'],
    ['单田芳', 'stf'],
    ['曾小明', 'zxm'],
    ['解小东', 'xxd'],
    ['仇大海', 'qdh'],
    ['区小明', 'oxm'],
    ['朴树', 'ps'],
    ['尉迟恭', 'ycg'],
    ['欧阳锋', 'oyf'],
    ['吕布', 'lb'],
    ['阿依古丽·买买提', 'ayglmmt'],
    ['張三', 'zs'],
    ['张 三', 'zs'],
    ['Tom张', 'tomz'],
    ['', ''],
  ])('%s → %s', (name, initials) => {
    expect(nameInitials(name)).toBe(initials);
  });
});

describe('namePinyin', () => {
  it.each([
    ['张三', 'zhangsan'],
    ['单田芳', 'shantianfang'],
    ['曾小明', 'zengxiaoming'],
    ['解小东', 'xiexiaodong'],
    ['朴树', 'piaoshu'],
    ['尉迟恭', 'yuchigong'],
    ['吕布', 'lvbu'],
    ['女娲', 'nvwa'],
    ['阿依古丽·买买提', 'ayigulimaimaiti'],
    ['劉德華', 'liudehua'],
    ['Tom张', 'tomzhang'],
    ['', ''],
  ])('%s → %s', (name, expected) => {
    expect(namePinyin(name)).toBe(expected);
  });
});

describe('nameReadings', () => {
  it('reads as nameInitials and namePinyin do, with its memo shared across names', () => {
    const memo = new Map();
    const alphabet = fc.constantFrom(...'张三李四欧阳司马沈思乾单曾长重行乐朴吕女ΑΣ·. 張偉 abJé'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 6 }), (chars) => {
        const name = chars.join('');
        const expected = [nameInitials(name), namePinyin(name)];
        expect(nameReadings(name, memo)).toEqual(expected);
        expect(nameReadings(name)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isGarbledName', () => {
  it.each([
    ['张三', false],
    ['阿依古丽·买买提', false],
    ['Tom Smith', false],
    ['José', false],
    ['Zoë Müller', false],
    ['Aïçha', false],
    ['张三\n', false],
    ['', false],
    ['张\uFFFD', true],
    ['锟斤拷', true],
    ['张锟斤拷', true],
    ['烫烫烫', true],
    ['张?', true],
    ['??', true],
    ['张？', true],
    ['张\u0001三', true],
    ['张\u0085三', true],
    // 张三 in GBK (D5 C5 C8 FD) read as Latin-1.
    ['ÕÅÈý', true],
    // 丽 in GBK (C0 F6) read as Latin-1.
    ['Àö', true],
    // 张三 in UTF-8 read as Windows-1252.
    ['å¼ ä¸‰', true],
  ])('%j → %s', (name, garbled) => {
    expect(isGarbledName(name)).toBe(garbled);
  });
});

describe('surnames read as surnames', () => {
  it.each([
    ['沈思涵', 'shensihan', 'ssh'],
    ['单田芳', 'shantianfang', 'stf'],
    ['曾小明', 'zengxiaoming', 'zxm'],
    ['欧阳娜娜', 'ouyangnana', 'oynn'],
    ['解晓东', 'xiexiaodong', 'xxd'],
  ])('%s → %s / %s', (name, full, initials) => {
    expect(namePinyin(name)).toBe(full);
    expect(nameInitials(name)).toBe(initials);
  });
});

describe('Traditional → Simplified keeps names that look like words', () => {
  it.each([
    ['沈思涵', '沈思涵'],
    ['張乾坤', '张乾坤'],
    ['劉德華', '刘德华'],
    ['歐陽娜娜', '欧阳娜娜'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});
