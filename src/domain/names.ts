// Children's names arrive from police, civil-affairs and school spreadsheets typed on different
// systems: Traditional characters, full-width letters, stray spaces ("张  三"), and half a dozen
// look-alike dots in minority names (阿依古丽·买买提). Cross-checking lists by name only works
// when all of these collapse to one form.

import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

// Building the converter loads its dictionaries; only pay for that when a name is first
// normalized, not whenever this module is imported (the web client imports the domain too).
let toSimplified: ((text: string) => string) | undefined;
function simplify(text: string): string {
  // 'hk' folds Hong Kong variant forms first, then converts standard Traditional, which also
  // covers plain Traditional and most Taiwan forms found in names.
  toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  // Character by character: OpenCC's phrase table reads a name as words (沈思 → 沉思, 乾隆 → 干隆),
  // and a few Traditional-looking characters are also ordinary Simplified name characters.
  let simplified = '';
  for (const ch of text) simplified += simplifiedChar(ch, toSimplified);
  return simplified;
}

const KEEP_IN_NAMES = new Set(['沈', '乾', '著', '瞭']);

// A character's conversion, remembered: OpenCC walks its dictionaries for every call, and a list of
// 400k names repeats a few thousand characters. Bounded by the characters there are.
const simplifiedChars = new Map<string, string>();
function simplifiedChar(ch: string, convert: (text: string) => string): string {
  let simplified = simplifiedChars.get(ch);
  if (simplified === undefined) {
    simplified = KEEP_IN_NAMES.has(ch) ? ch : convert(ch);
    simplifiedChars.set(ch, simplified);
  }
  return simplified;
}

const HAN = '\\p{Script=Han}';
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Dots that only ever mean "separator" inside a Chinese name.
const DOT_VARIANTS = /[\u00B7\u2022\u2027\u30FB\uFF65\u2219\u22C5\u2E31\u0387]/g;
// ASCII '.' and dashes are separators only between Han characters: "Jean-Luc" keeps its hyphen.
const DASH_OR_DOT_BETWEEN_HAN = new RegExp(`(${HAN}) ?[.\\-\\u2010-\\u2015]+ ?(?=${HAN})`, 'gu');
const SPACE_BETWEEN_HAN = new RegExp(`(${HAN}) +(?=${HAN})`, 'gu');

/**
 * Only characters of the CJK Unified Ideographs block (U+4E00–U+9FFF), as nearly every name in a
 * list is: none has a compatibility form for NFKC to fold, and none is a space, dot or dash the
 * clean-up below rewrites, so such a name is already in that form.
 */
function isPlainHan(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || code > 0x9fff) return false;
  }
  return true;
}

export function normalizeName(raw: string): string {
  if (isPlainHan(raw)) return simplify(raw);
  const text = raw
    // NFKC turns full-width letters and digits into ASCII, U+3000 into a space, Kangxi radicals
    // (⾦) and compatibility ideographs into ordinary characters.
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .replace(DOT_VARIANTS, '·')
    .replace(DASH_OR_DOT_BETWEEN_HAN, '$1·')
    .replace(/ ?·[ ·]*/g, '·')
    .replace(/^[ ·]+|[ ·]+$/g, '')
    .replace(SPACE_BETWEEN_HAN, '$1');
  return simplify(text);
}

function lettersOnly(parts: readonly string[]): string {
  return parts
    .join('')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Lowercase initials, one per character (张三 → 'zs'), reading the first character(s) as a
 * surname so that 单 is shàn and 曾 is zēng. Characters pinyin-pro does not know stay as they
 * are rather than vanish, so two different rare names never share initials by accident.
 */
export function nameInitials(name: string): string {
  return lettersOnly(nameSyllables(name, { pattern: 'first', toneType: 'none', type: 'array' }));
}

/** Full toneless pinyin without spaces (张三 → 'zhangsan'); ü is written v (吕 → 'lv'). */
export function namePinyin(name: string): string {
  return lettersOnly(nameSyllables(name, { toneType: 'none', type: 'array', v: true }));
}

const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
]);

type SyllableOptions = { pattern?: 'first'; toneType: 'none'; type: 'array'; v?: boolean };

const INITIALS_OPTIONS: SyllableOptions = { pattern: 'first', toneType: 'none', type: 'array' };
const PINYIN_OPTIONS: SyllableOptions = { toneType: 'none', type: 'array', v: true };

/** The syllables of a surname or a given name, as read for initials and for full pinyin. */
type PartSyllables = readonly [initials: readonly string[], pinyin: readonly string[]];

/**
 * nameInitials and namePinyin of one name, reading its surname and its given name once each.
 * Each part is read on its own whatever the other is, so `memo` (kept by the caller, such as an
 * import of a list that repeats surnames and given names) may give a part's syllables read for
 * an earlier name.
 */
export function nameReadings(
  raw: string,
  memo?: Map<string, PartSyllables>,
): readonly [initials: string, pinyin: string] {
  const name = normalizeName(raw);
  const surnameLength = COMPOUND_SURNAMES.has(name.slice(0, 2)) ? 2 : 1;
  const surname = partSyllables(name.slice(0, surnameLength), true, memo);
  const givenName = name.slice(surnameLength);
  const given = givenName ? partSyllables(givenName, false, memo) : ([[], []] as const);
  return [lettersOnly([...surname[0], ...given[0]]), lettersOnly([...surname[1], ...given[1]])];
}

function partSyllables(part: string, surname: boolean, memo?: Map<string, PartSyllables>): PartSyllables {
  const key = surname ? `s|${part}` : `g|${part}`;
  let syllables = memo?.get(key);
  if (syllables === undefined) {
    const read = (options: SyllableOptions) =>
      pinyin(part, surname ? { ...options, surname: 'all' } : options);
    syllables = [read(INITIALS_OPTIONS), read(PINYIN_OPTIONS)];
    memo?.set(key, syllables);
  }
  return syllables;
}

/**
 * The surname is read on its own: read with the given name, pinyin-pro sometimes takes the pair
 * for a word (沈思 → chensi), while the surname reading of 沈 is shěn.
 */
function nameSyllables(raw: string, options: SyllableOptions): string[] {
  const name = normalizeName(raw);
  const surnameLength = COMPOUND_SURNAMES.has(name.slice(0, 2)) ? 2 : 1;
  const surname = name.slice(0, surnameLength);
  const given = name.slice(surnameLength);
  return [...pinyin(surname, { ...options, surname: 'all' }), ...(given ? pinyin(given, options) : [])];
}

const GARBLED_MARKERS = ['\uFFFD', '锟斤拷', '烫烫烫', '屯屯屯', '?', '？'];

// Tabs and line breaks come from spreadsheet cells and say nothing about the encoding.
function isControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function isLatin1Letterlike(code: number): boolean {
  // U+00B7 is the legitimate minority-name separator and is not evidence of anything.
  return code >= 0xa0 && code <= 0xff && code !== 0xb7;
}

/**
 * True when a name was evidently damaged on its way here: a replacement character, the
 * classic "锟斤拷"/"烫烫烫", a '?' left by an encoder that could not represent a character, control
 * characters, or GBK/UTF-8 bytes decoded as Latin-1 ("ÕÅÈý" for 张三). The last test needs
 * at least two such characters making up half the name, so that José or Zoë Müller pass.
 */
export function isGarbledName(name: string): boolean {
  if (GARBLED_MARKERS.some((marker) => name.includes(marker))) return true;
  // Ideographs are neither control nor Latin-1 characters.
  if (isPlainHan(name)) return false;
  let latin1 = 0;
  let visible = 0;
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (isControl(code)) return true;
    if (ch.trim() === '') continue;
    visible++;
    if (isLatin1Letterlike(code)) latin1++;
  }
  return latin1 >= 2 && latin1 * 2 >= visible;
}
