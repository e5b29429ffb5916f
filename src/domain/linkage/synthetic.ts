// A seeded, purely synthetic registry and corrupted list with known truth, for the linkage tests
// and bench/crosscheck. Nobody in it is real: names are drawn from character tables and IDs are
// built from real region-code structure (宣城市 3418xx) with correct check digits.

import { idCheckDigit, upgradeId15 } from '../idNumber.ts';
import { GIVEN_NAME_CHARACTERS, HOMOPHONE_GROUPS, SURNAMES, TRADITIONAL_FORMS } from './syntheticNames.ts';
import type { LinkRecord, RecordKey } from './types.ts';

export type CorruptionType =
  | 'typo'
  | 'transposition'
  | 'id15'
  | 'missing_id'
  | 'traditional'
  | 'homophone'
  | 'swapped_date'
  | 'missing_name'
  | 'missing_birth_date'
  | 'missing_sex'
  /** The child's registry record has no ID (an L student number). */
  | 'registry_missing_id'
  /** A second list row for a child already on the list, with the same or a new ID. */
  | 'duplicate'
  /** Not in the registry, but shares name, birth date and sex with a registry child. */
  | 'hard_negative'
  /** Not in the registry. */
  | 'list_only';

export type LinkageTruth = {
  /** Every list key, with the registry key of the same child or null. */
  registryKeyOf: Map<RecordKey, RecordKey | null>;
  /** The labels of each list record that has any. */
  labels: Map<RecordKey, CorruptionType[]>;
};

export type SyntheticOptions = {
  seed: number;
  registrySize: number;
  /** Share of registry children on the list. */
  coverage?: number;
  /** People on the list but not in the registry, as a share of the registry size. */
  listOnlyShare?: number;
  /** Share of those who share name, birth date and sex with a registry child. */
  hardNegativeShare?: number;
  /** Share of list records with at least one corruption. */
  corruptionRate?: number;
  /** Share of listed children with a second list row. */
  duplicateRate?: number;
  registryMissingIdRate?: number;
};

export type SyntheticData = { registry: LinkRecord[]; list: LinkRecord[]; truth: LinkageTruth };

/** mulberry32: tiny, fast and good enough to make test data. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 宣城市 (3418): 宣州区, 郎溪县, 泾县, 绩溪县, 旌德县, 宁国市, 广德市. 广德 became a city in 2019
// (341822 → 341882): children born there before keep the old code in their IDs for life.
const COUNTIES = ['341802', '341821', '341823', '341824', '341825', '341881', '341882'];
const TOWNSHIPS_PER_COUNTY = 12;
const VILLAGES_PER_TOWNSHIP = 20;

const DATES: string[] = [];
for (let t = Date.UTC(2005, 0, 1); t <= Date.UTC(2020, 11, 31); t += 86_400_000) {
  DATES.push(new Date(t).toISOString().slice(0, 10));
}
const dateIndex = (date: string) => Math.round((Date.parse(date) - Date.parse('2005-01-01')) / 86_400_000);
// Compulsory-school children in autumn 2024: born 2009-09-01 to 2018-08-31.
const SCHOOL_FIRST = dateIndex('2009-09-01');
const SCHOOL_LAST = dateIndex('2018-08-31');

const SURNAME_TOTAL = SURNAMES.reduce((sum, [, weight]) => sum + weight, 0);
const HOMOPHONE_OF = new Map<string, string>();
for (const group of HOMOPHONE_GROUPS) for (const ch of group) HOMOPHONE_OF.set(ch, group);

const CORRUPTION_WEIGHTS: readonly (readonly [CorruptionType, number])[] = [
  ['typo', 20],
  ['transposition', 15],
  ['id15', 10],
  ['missing_id', 12],
  ['traditional', 10],
  ['homophone', 12],
  ['swapped_date', 10],
  ['missing_name', 3],
  ['missing_birth_date', 5],
  ['missing_sex', 3],
];
const FIELD_OF: Record<string, string> = {
  typo: 'id',
  transposition: 'id',
  id15: 'id',
  missing_id: 'id',
  traditional: 'name',
  homophone: 'name',
  missing_name: 'name',
  swapped_date: 'date',
  missing_birth_date: 'date',
  missing_sex: 'sex',
};

type Person = { name: string; sex: '1' | '2'; birthDate: string; regionCode: string; idNumber: string };

export function generateLinkageData(options: SyntheticOptions): SyntheticData {
  const random = rng(options.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const issued = new Set<string>();

  const name = (): string => {
    let roll = random() * SURNAME_TOTAL;
    let surname = '';
    for (const [candidate, weight] of SURNAMES) {
      surname = candidate;
      roll -= weight;
      if (roll < 0) break;
    }
    const first = pick(GIVEN_NAME_CHARACTERS);
    return random() < 0.75 ? surname + first + pick(GIVEN_NAME_CHARACTERS) : surname + first;
  };
  const regionCode = (): string => {
    const county = pick(COUNTIES);
    const township = String(1 + int(TOWNSHIPS_PER_COUNTY)).padStart(3, '0');
    return `${county}${township}${String(1 + int(VILLAGES_PER_TOWNSHIP)).padStart(3, '0')}`;
  };
  const idFor = (region: string, birthDate: string, sex: '1' | '2'): string => {
    let county = region.slice(0, 6);
    if (county === '341882' && birthDate < '2019-07') county = '341822';
    const date = birthDate.replaceAll('-', '');
    for (;;) {
      const last = int(5) * 2 + (sex === '1' ? 1 : 0);
      const first17 = `${county}${date}${String(int(100)).padStart(2, '0')}${last}`;
      if (issued.has(first17)) continue;
      issued.add(first17);
      return first17 + idCheckDigit(first17);
    }
  };
  const person = (firstDate: number, lastDate: number): Person => {
    const birthDate = DATES[firstDate + int(lastDate - firstDate + 1)] as string;
    const sex = random() < 0.52 ? '1' : '2';
    const region = regionCode();
    return { name: name(), sex, birthDate, regionCode: region, idNumber: idFor(region, birthDate, sex) };
  };

  const registryPeople: Person[] = [];
  for (let i = 0; i < options.registrySize; i++) registryPeople.push(person(SCHOOL_FIRST, SCHOOL_LAST));
  const registryMissingIdRate = options.registryMissingIdRate ?? 0.002;
  const registry: LinkRecord[] = registryPeople.map((p, i) => ({
    key: i + 1,
    idNumber: random() < registryMissingIdRate ? null : p.idNumber,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    regionCode: p.regionCode,
  }));

  type Row = { record: Omit<LinkRecord, 'key'>; truth: RecordKey | null; labels: CorruptionType[] };
  const rows: Row[] = [];
  const copy = (p: Person): Omit<LinkRecord, 'key'> => ({
    idNumber: p.idNumber,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    // Police lists leave the household region blank now and then.
    regionCode: random() < 0.03 ? null : p.regionCode,
  });

  const coverage = options.coverage ?? 0.97;
  const duplicateRate = options.duplicateRate ?? 0.005;
  registryPeople.forEach((p, i) => {
    if (random() >= coverage) return;
    const labels: CorruptionType[] = registry[i]?.idNumber === null ? ['registry_missing_id'] : [];
    rows.push({ record: copy(p), truth: i + 1, labels });
    if (random() < duplicateRate) {
      const second = copy(p);
      if (random() < 0.5) second.idNumber = idFor(p.regionCode, p.birthDate, p.sex);
      rows.push({ record: second, truth: i + 1, labels: ['duplicate'] });
    }
  });

  const listOnly = Math.round(options.registrySize * (options.listOnlyShare ?? 0.15));
  const hardNegativeShare = options.hardNegativeShare ?? 0.1;
  for (let i = 0; i < listOnly; i++) {
    const twin = random() < hardNegativeShare ? pick(registryPeople) : null;
    if (twin) {
      const region = regionCode();
      const p = { ...twin, regionCode: region, idNumber: idFor(region, twin.birthDate, twin.sex) };
      rows.push({ record: copy(p), truth: null, labels: ['hard_negative'] });
    } else {
      // Younger and older than school age as well: police lists cover every child.
      rows.push({ record: copy(person(0, DATES.length - 1)), truth: null, labels: ['list_only'] });
    }
  }

  const corruptionRate = options.corruptionRate ?? 0.02;
  const corrupter = makeCorrupter(random);
  for (const row of rows) {
    if (random() < corruptionRate) corrupter(row.record, row.labels);
  }

  for (let i = rows.length - 1; i > 0; i--) {
    const j = int(i + 1);
    const row = rows[i] as Row;
    rows[i] = rows[j] as Row;
    rows[j] = row;
  }
  const list: LinkRecord[] = [];
  const truth: LinkageTruth = { registryKeyOf: new Map(), labels: new Map() };
  rows.forEach((row, i) => {
    const key = i + 1;
    list.push({ key, ...row.record });
    truth.registryKeyOf.set(key, row.truth);
    if (row.labels.length > 0) truth.labels.set(key, row.labels);
  });
  return { registry, list, truth };
}

type Corrupt = (record: Omit<LinkRecord, 'key'>, labels: CorruptionType[]) => void;

function makeCorrupter(random: () => number): Corrupt {
  const int = (n: number) => Math.floor(random() * n);
  const total = CORRUPTION_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  const draw = (): CorruptionType => {
    let roll = random() * total;
    for (const [type, weight] of CORRUPTION_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return type;
    }
    return 'typo';
  };

  const replaceOneCharacter = (name: string, replacement: (ch: string) => string | null): string | null => {
    const chars = [...name];
    const options = chars.flatMap((ch, i) => (replacement(ch) === null ? [] : [i]));
    if (options.length === 0) return null;
    const at = options[int(options.length)] ?? 0;
    chars[at] = replacement(chars[at] ?? '') ?? '';
    return chars.join('');
  };

  // Returns false when the corruption cannot apply to this record (no Traditional form, a day
  // above 12 …), so that another is drawn instead.
  const apply = (type: CorruptionType, r: Omit<LinkRecord, 'key'>): boolean => {
    const id = r.idNumber;
    switch (type) {
      case 'typo': {
        if (id?.length !== 18) return false;
        const at = int(18);
        const digit = (Number(id[at] === 'X' ? 10 : id[at]) + 1 + int(9)) % 10;
        r.idNumber = id.slice(0, at) + digit + id.slice(at + 1);
        return true;
      }
      case 'transposition': {
        if (id?.length !== 18) return false;
        const at = int(17);
        if (id[at] === id[at + 1]) return false;
        r.idNumber = id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2);
        return true;
      }
      case 'id15': {
        if (id?.length !== 18) return false;
        const id15 = id.slice(0, 6) + id.slice(8, 17);
        // The importer upgrades a 15-digit ID as if born in the 1900s; half the rows arrive that way.
        r.idNumber = random() < 0.5 ? id15 : upgradeId15(id15);
        return true;
      }
      case 'missing_id':
        r.idNumber = null;
        return true;
      case 'traditional':
      case 'homophone': {
        const changed = replaceOneCharacter(r.name, (ch) => {
          if (type === 'traditional') return TRADITIONAL_FORMS[ch] ?? null;
          const group = HOMOPHONE_OF.get(ch);
          if (!group) return null;
          const others = [...group].filter((other) => other !== ch);
          return others[int(others.length)] ?? null;
        });
        if (changed === null) return false;
        r.name = changed;
        return true;
      }
      case 'swapped_date': {
        const date = r.birthDate;
        if (!date || Number(date.slice(8)) > 12 || date.slice(5, 7) === date.slice(8)) return false;
        r.birthDate = `${date.slice(0, 4)}-${date.slice(8)}-${date.slice(5, 7)}`;
        return true;
      }
      case 'missing_name':
        r.name = '';
        return true;
      case 'missing_birth_date':
        r.birthDate = null;
        return true;
      default:
        r.sex = null;
        return true;
    }
  };

  return (record, labels) => {
    const fields = new Set(labels.flatMap((label) => FIELD_OF[label] ?? []));
    let wanted = random() < 0.3 ? 2 : 1;
    for (let attempt = 0; attempt < 12 && wanted > 0; attempt++) {
      const type = draw();
      const field = FIELD_OF[type] ?? '';
      if (fields.has(field)) continue;
      // Without an ID, a record also missing its name or birth date identifies nobody, for a
      // person as much as for the engine: such rows measure the list, not the linker.
      const unidentifiable =
        (type === 'missing_id' && (record.name === '' || record.birthDate === null)) ||
        ((type === 'missing_name' || type === 'missing_birth_date') && record.idNumber === null);
      if (unidentifiable || !apply(type, record)) continue;
      fields.add(field);
      labels.push(type);
      wanted--;
    }
  };
}
