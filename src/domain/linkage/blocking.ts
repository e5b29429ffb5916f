// Blocking: which pairs the probabilistic step compares at all. Every corruption the engine
// tolerates must leave at least one key intact on both sides:
//   A region+birth date, B region+sequence+check, C birth date+sequence+check — one mistyped
//     digit damages one of the three ID parts, so one of these keys survives (pigeonhole);
//   S the ID's digit multiset — survives any transposition, including across those parts;
//   F the 15-digit form — joins a 15-digit ID, or one upgraded as if born in the 1900s, to the
//     18-digit ID;
//   N birth date + sex + the initial of the surname's pinyin — records without a usable ID;
//     homophones and Traditional leftovers keep the initial; probed with the day and month
//     swapped, and with both sexes when the sex is missing;
//   D birth date + sex — only probed for a record without a name;
//   P full pinyin — only probed for a record with neither a usable ID nor a birth date.
// Keys are numbers computed from character codes, one Map per kind: a city list probes half a
// million keys, and building and hashing that many strings cost more than the comparisons.
// Pinyin, the slowest thing linkage does, is kept out of the keys: the surname initial comes
// from a per-character cache, and P is only indexed when some record needs it.

import { pinyin } from 'pinyin-pro';
import type { LinkRecord } from './types.ts';

export const KeyKind = { A: 0, B: 1, C: 2, S: 3, F: 4, N: 5, D: 6, P: 7 } as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];
export type EmitKey = (kind: KeyKind, key: number) => void;

const MAX_BLOCK = 64;

/** Base 11, so that the check character X (and anything unexpected) is a digit of its own. */
function symbol(id: string, i: number): number {
  const code = id.charCodeAt(i) - 48;
  return code >= 0 && code <= 9 ? code : 10;
}

function digitsValue(id: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 11 + symbol(id, i);
  return value;
}

function digitSignature(id: string): number {
  const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < id.length; i++) {
    const slot = symbol(id, i);
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  // A count is at most 18: base 19 keeps the eleven counts apart within 2^53.
  return counts.reduce((value, count) => value * 19 + count, 0);
}

function emitIdKeys(id: string | null, emit: EmitKey): void {
  if (id?.length === 18) {
    emit(KeyKind.A, digitsValue(id, 0, 14));
    emit(KeyKind.B, digitsValue(id, 0, 6) * 11 ** 4 + digitsValue(id, 14, 18));
    emit(KeyKind.C, digitsValue(id, 6, 18));
    emit(KeyKind.S, digitSignature(id));
    emit(KeyKind.F, digitsValue(id, 0, 6) * 11 ** 9 + digitsValue(id, 8, 17));
  } else if (id?.length === 15) {
    emit(KeyKind.F, digitsValue(id, 0, 15));
    emit(KeyKind.S, digitSignature(id));
  }
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

type DateParts = { year: number; month: number; day: number };

/** The birth date a record states, or else the one its ID encodes. */
export function blockingDate(record: LinkRecord): DateParts | null {
  const date = record.birthDate;
  if (date?.length === 10) {
    return {
      year: twoDigits(date, 0) * 100 + twoDigits(date, 2),
      month: twoDigits(date, 5),
      day: twoDigits(date, 8),
    };
  }
  const id = record.idNumber;
  if (id?.length === 18)
    return {
      year: twoDigits(id, 6) * 100 + twoDigits(id, 8),
      month: twoDigits(id, 10),
      day: twoDigits(id, 12),
    };
  return null;
}

function dateSexKey(year: number, month: number, day: number, sex: number): number {
  return ((year * 13 + month) * 32 + day) * 3 + sex;
}

export function hasUsableId(record: LinkRecord): boolean {
  const length = record.idNumber?.length;
  return length === 18 || length === 15;
}

/** The code point of the surname's pinyin initial ('z' for 张 and 張), cached per character. */
export function surnameInitialCache(): (name: string) => number {
  const cache = new Map<string, number>();
  return (name) => {
    const first = name.charAt(0);
    let initial = cache.get(first);
    if (initial === undefined) {
      const syllable = pinyin(first, { toneType: 'none', surname: 'all' }).toLowerCase();
      initial = (/^[a-z]/.test(syllable) ? syllable : first).codePointAt(0) ?? 0;
      cache.set(first, initial);
    }
    return initial;
  };
}

const CODE_POINTS = 0x110000;
const BOTH_SEXES = [1, 2] as const;
const sexesOf = (record: LinkRecord) => (record.sex ? [Number(record.sex)] : BOTH_SEXES);

/** The keys a registry record is filed under (P apart). */
export function registryKeys(
  record: LinkRecord,
  surnameInitial: (name: string) => number,
  emit: EmitKey,
): void {
  emitIdKeys(record.idNumber, emit);
  const date = blockingDate(record);
  if (!date) return;
  const initial = record.name ? surnameInitial(record.name) : -1;
  for (const sex of sexesOf(record)) {
    const key = dateSexKey(date.year, date.month, date.day, sex);
    if (initial !== -1) emit(KeyKind.N, key * CODE_POINTS + initial);
    emit(KeyKind.D, key);
  }
}

/** The keys a list record looks up: the registry's keys plus the variants of likely errors. */
export function probeKeys(record: LinkRecord, surnameInitial: (name: string) => number, emit: EmitKey): void {
  emitIdKeys(record.idNumber, emit);
  const date = blockingDate(record);
  if (!date) return;
  const { year, month, day } = date;
  const swappable = day <= 12 && day !== month;
  const initial = record.name ? surnameInitial(record.name) : -1;
  for (const sex of sexesOf(record)) {
    for (const key of swappable
      ? [dateSexKey(year, month, day, sex), dateSexKey(year, day, month, sex)]
      : [dateSexKey(year, month, day, sex)]) {
      if (initial === -1) emit(KeyKind.D, key);
      else emit(KeyKind.N, key * CODE_POINTS + initial);
    }
  }
}

/** Registry indices filed by key, as chains in flat arrays rather than one array per block. */
export class BlockIndex<K extends number | string = number> {
  private readonly blocks: Map<K, number>[] = [];
  private readonly heads: number[] = [];
  private readonly sizes: number[] = [];
  private readonly nodeValue: number[] = [];
  private readonly nodeNext: number[] = [];

  add(kind: number, key: K, value: number): void {
    let blocks = this.blocks[kind];
    if (blocks === undefined) {
      blocks = new Map();
      this.blocks[kind] = blocks;
    }
    let block = blocks.get(key);
    if (block === undefined) {
      block = this.heads.length;
      blocks.set(key, block);
      this.heads.push(-1);
      this.sizes.push(0);
    }
    this.nodeValue.push(value);
    this.nodeNext.push(this.heads[block] ?? -1);
    this.heads[block] = this.nodeValue.length - 1;
    this.sizes[block] = (this.sizes[block] ?? 0) + 1;
  }

  /** Calls `visit` for each value filed under the key, unless the block is too large to be useful. */
  forEach(kind: number, key: K, visit: (value: number) => void): void {
    const block = this.blocks[kind]?.get(key);
    if (block === undefined || (this.sizes[block] ?? 0) > MAX_BLOCK) return;
    for (let node = this.heads[block] ?? -1; node !== -1; node = this.nodeNext[node] ?? -1) {
      visit(this.nodeValue[node] ?? -1);
    }
  }
}
