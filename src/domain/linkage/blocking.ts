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
// Keys are numbers computed from character codes, numbered in a typed-array hash table: a city
// list probes half a million keys, and building and hashing that many strings (or Map entries)
// cost more than the comparisons. Pinyin, the slowest thing linkage does, is kept out of the
// keys: the surname initial comes from a per-character cache, and P is only indexed when some
// record needs it.

import { pinyin } from 'pinyin-pro';
import type { KeySlots } from './keyTable.ts';
import type { LinkRecord } from './types.ts';

export const KeyKind = { A: 0, B: 1, C: 2, S: 3, F: 4, N: 5, D: 6, P: 7 } as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];

/**
 * The keys of one record, refilled for each record: a city run computes millions of keys, and
 * handing each to a callback boxed every one that is not a small integer (most of them).
 * Key i is `keys[i]` of kind `kinds[i]`, for i below `count`.
 */
export class RecordKeys {
  readonly kinds = new Uint8Array(16);
  readonly keys = new Float64Array(16);
  count = 0;

  push(kind: KeyKind, key: number): void {
    this.kinds[this.count] = kind;
    this.keys[this.count] = key;
    this.count++;
  }
}

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

// Reused by every call: an array per ID was one more young-generation object per record.
const digitCounts = new Int32Array(11);

function digitSignature(id: string): number {
  digitCounts.fill(0);
  for (let i = 0; i < id.length; i++) {
    const slot = symbol(id, i);
    digitCounts[slot] = (digitCounts[slot] ?? 0) + 1;
  }
  // A count is at most 18: base 19 keeps the eleven counts apart within 2^53.
  let value = 0;
  for (const count of digitCounts) value = value * 19 + count;
  return value;
}

function pushIdKeys(id: string | null, out: RecordKeys): void {
  if (id?.length === 18) {
    // Each part read once and the keys assembled from the parts (every value is an integer
    // below 2^53, so exactly the number read in one go): a city computes ≈1.5M of these keys.
    const region = digitsValue(id, 0, 6);
    const date = digitsValue(id, 6, 14);
    const sequence = digitsValue(id, 14, 18);
    out.push(KeyKind.A, region * 11 ** 8 + date);
    out.push(KeyKind.B, region * 11 ** 4 + sequence);
    out.push(KeyKind.C, date * 11 ** 4 + sequence);
    out.push(KeyKind.S, digitSignature(id));
    out.push(KeyKind.F, region * 11 ** 9 + digitsValue(id, 8, 17));
  } else if (id?.length === 15) {
    out.push(KeyKind.F, digitsValue(id, 0, 15));
    out.push(KeyKind.S, digitSignature(id));
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

/** The sexes a record may be: its own (1 or 2), or both (1 to 2) when it has none. */
const firstSex = (record: LinkRecord) => (record.sex === '2' ? 2 : 1);
const lastSex = (record: LinkRecord) => (record.sex === '1' ? 1 : 2);

/** Fills `out` with the keys a registry record is filed under (P apart). */
export function registryKeys(
  record: LinkRecord,
  surnameInitial: (name: string) => number,
  out: RecordKeys,
): void {
  out.count = 0;
  pushIdKeys(record.idNumber, out);
  const date = blockingDate(record);
  if (!date) return;
  const initial = record.name ? surnameInitial(record.name) : -1;
  for (let sex = firstSex(record); sex <= lastSex(record); sex++) {
    const key = dateSexKey(date.year, date.month, date.day, sex);
    if (initial !== -1) out.push(KeyKind.N, key * CODE_POINTS + initial);
    out.push(KeyKind.D, key);
  }
}

/** Fills `out` with the keys a list record looks up: the registry's keys plus the variants of likely errors. */
export function probeKeys(
  record: LinkRecord,
  surnameInitial: (name: string) => number,
  out: RecordKeys,
): void {
  out.count = 0;
  pushIdKeys(record.idNumber, out);
  const date = blockingDate(record);
  if (!date) return;
  const { year, month, day } = date;
  const swappable = day <= 12 && day !== month;
  const initial = record.name ? surnameInitial(record.name) : -1;
  for (let sex = firstSex(record); sex <= lastSex(record); sex++) {
    for (let swapped = 0; swapped <= (swappable ? 1 : 0); swapped++) {
      const key = swapped ? dateSexKey(year, day, month, sex) : dateSexKey(year, month, day, sex);
      if (initial === -1) out.push(KeyKind.D, key);
      else out.push(KeyKind.N, key * CODE_POINTS + initial);
    }
  }
}

/**
 * Registry indices filed under the keys that list records probe (numbered by `wanted`), as chains
 * in flat arrays. Keys no list record probes are not filed at all: after exact-ID matching a few
 * tens of thousands of list rows are left, and filing all seven keys of every registry record
 * was most of the probabilistic step's time.
 */
export class ProbedBlocks {
  private readonly heads: Int32Array;
  private readonly sizes: Int32Array;
  private readonly nodeValue: number[] = [];
  private readonly nodeNext: number[] = [];

  constructor(private readonly wanted: KeySlots) {
    this.heads = new Int32Array(wanted.size).fill(-1);
    this.sizes = new Int32Array(wanted.size);
  }

  /** Files the value under each of the keys that some list record probes. */
  add(keys: RecordKeys, value: number): void {
    for (let k = 0; k < keys.count; k++) {
      const slot = this.wanted.slot(keys.kinds[k] ?? 0, keys.keys[k] ?? 0);
      if (slot === -1) continue;
      this.nodeValue.push(value);
      this.nodeNext.push(this.heads[slot] ?? -1);
      this.heads[slot] = this.nodeValue.length - 1;
      this.sizes[slot] = (this.sizes[slot] ?? 0) + 1;
    }
  }

  /** Calls `visit` for each value filed under the key numbered `slot`, unless the block is too large to be useful. */
  forEach(slot: number, visit: (value: number) => void): void {
    if ((this.sizes[slot] ?? 0) > MAX_BLOCK) return;
    for (let node = this.heads[slot] ?? -1; node !== -1; node = this.nodeNext[node] ?? -1) {
      visit(this.nodeValue[node] ?? -1);
    }
  }
}

/** Registry indices filed by full pinyin, as chains in flat arrays rather than one array per block. */
export class BlockIndex<K extends string> {
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
