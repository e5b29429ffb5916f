// Within-list duplicates, for the duplicate_hukou finding: one child registered twice under one
// ID, or under two IDs (a second registration, or a 15-digit and an 18-digit number).

import type { LinkRecord } from './types.ts';

export type DuplicateGroup = {
  /** same_id: one ID on several rows; same_person: one name, birth date and sex under several IDs. */
  kind: 'same_id' | 'same_person';
  /** The rows concerned, in list order. */
  records: LinkRecord[];
};

function hashString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

const FNV_OFFSET = 0x811c9dc5;

/**
 * Groups of indices of records that `same` says are equal, ordered by their first record. Records are sorted by a hash packed with their
 * index into one float, and only neighbours are compared: on a city list this is several times
 * faster than a Map keyed by concatenated strings, and allocates only for the few collisions.
 */
function collisions(
  list: readonly LinkRecord[],
  hashOf: (record: LinkRecord) => number | null,
  same: (a: LinkRecord, b: LinkRecord) => boolean,
): number[][] {
  const indexBits = Math.max(1, Math.ceil(Math.log2(list.length + 1)));
  const hashScale = 2 ** Math.min(32, 53 - indexBits);
  const indexScale = 2 ** indexBits;
  const packed = new Float64Array(list.length);
  let count = 0;
  list.forEach((record, i) => {
    const hash = hashOf(record);
    if (hash !== null) packed[count++] = Math.floor(((hash >>> 0) / 2 ** 32) * hashScale) * indexScale + i;
  });
  const sorted = packed.subarray(0, count).sort();

  const groups: number[][] = [];
  let start = 0;
  while (start < count) {
    const hash = Math.floor((sorted[start] ?? 0) / indexScale);
    let end = start + 1;
    while (end < count && Math.floor((sorted[end] ?? 0) / indexScale) === hash) end++;
    if (end - start === 1) {
      start = end;
      continue;
    }
    const run = Array.from(sorted.subarray(start, end), (value) => value % indexScale);
    const grouped = new Set<number>();
    for (const first of run) {
      if (grouped.has(first)) continue;
      const group = run.filter(
        (i) => !grouped.has(i) && (i === first || same(list[first] as LinkRecord, list[i] as LinkRecord)),
      );
      for (const i of group) grouped.add(i);
      if (group.length > 1) groups.push(group);
    }
    start = end;
  }
  groups.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  return groups;
}

export function findListDuplicates(list: readonly LinkRecord[]): DuplicateGroup[] {
  const sameId = collisions(
    list,
    (record) => (record.idNumber ? hashString(FNV_OFFSET, record.idNumber) : null),
    (a, b) => a.idNumber === b.idNumber,
  );
  const samePerson = collisions(
    list,
    (record) =>
      record.idNumber && record.name !== '' && record.birthDate && record.sex
        ? hashString(hashString(hashString(FNV_OFFSET, record.name), record.birthDate), record.sex)
        : null,
    (a, b) => a.name === b.name && a.birthDate === b.birthDate && a.sex === b.sex,
  );
  const rows = (indices: number[]) => indices.map((i) => list[i] as LinkRecord);
  const groups: DuplicateGroup[] = sameId.map((indices) => ({ kind: 'same_id', records: rows(indices) }));
  for (const records of samePerson.map(rows)) {
    if (new Set(records.map((record) => record.idNumber)).size > 1)
      groups.push({ kind: 'same_person', records });
  }
  return groups;
}
