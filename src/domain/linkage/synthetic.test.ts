import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../idNumber.ts';
import { BirthLevel, compareBirthDate, compareId, computeNameKeys, IdLevel } from './comparators.ts';
import { type CorruptionType, generateLinkageData } from './synthetic.ts';
import { HOMOPHONE_GROUPS, TRADITIONAL_FORMS } from './syntheticNames.ts';
import type { LinkRecord, RecordKey } from './types.ts';

const data = generateLinkageData({ seed: 7, registrySize: 6000, corruptionRate: 0.2 });
const registryByKey = new Map(data.registry.map((record) => [record.key, record]));

function labelled(label: CorruptionType): [LinkRecord, LinkRecord | undefined][] {
  return data.list
    .filter((record) => data.truth.labels.get(record.key)?.includes(label))
    .map((record) => [record, registryByKey.get(data.truth.registryKeyOf.get(record.key) as RecordKey)]);
}

describe('generateLinkageData', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateLinkageData({ seed: 7, registrySize: 6000, corruptionRate: 0.2 });
    expect(again.list).toEqual(data.list);
    expect(again.registry).toEqual(data.registry);
    const other = generateLinkageData({ seed: 8, registrySize: 6000, corruptionRate: 0.2 });
    expect(other.registry[0]).not.toEqual(data.registry[0]);
  });

  it('has the requested shape', () => {
    expect(data.registry).toHaveLength(6000);
    expect(data.list.length).toBeGreaterThan(6000 * 1.1);
    expect(data.truth.registryKeyOf.size).toBe(data.list.length);
    const linked = [...data.truth.registryKeyOf.values()].filter((key) => key !== null);
    expect(linked.length / 6000).toBeGreaterThan(0.95);
  });

  it('issues valid, unique registry IDs with the stated birth date and sex, in 宣城市', () => {
    const ids = new Set<string>();
    for (const record of data.registry) {
      if (record.idNumber === null) continue;
      const parsed = parseIdNumber(record.idNumber);
      expect(parsed).toMatchObject({ ok: true, birthDate: record.birthDate });
      expect(parsed.ok && (parsed.sex === 'male' ? '1' : '2')).toBe(record.sex);
      expect(record.idNumber.slice(0, 4)).toBe('3418');
      expect(record.regionCode).toMatch(/^3418\d{8}$/);
      ids.add(record.idNumber);
    }
    expect(ids.size).toBeGreaterThan(6000 * 0.99);
  });

  it.each([
    ['typo', IdLevel.oneDigit],
    ['transposition', IdLevel.transposed],
    ['id15', IdLevel.id15],
  ] as const)('damages the ID as labelled: %s', (label, level) => {
    const rows = labelled(label);
    expect(rows.length).toBeGreaterThan(10);
    for (const [row, child] of rows) {
      // A duplicate row may carry a second ID of its own.
      const duplicate = data.truth.labels.get(row.key)?.includes('duplicate');
      if (child?.idNumber && !duplicate) expect(compareId(row.idNumber, child.idNumber)).toBe(level);
    }
  });

  it.each(['homophone', 'traditional'] as const)(
    'changes a name to one that sounds the same: %s',
    (label) => {
      const rows = labelled(label);
      expect(rows.length).toBeGreaterThan(10);
      for (const [row, child] of rows) {
        if (!child) continue;
        expect(row.name).not.toBe(child.name);
        expect(computeNameKeys(row.name).pinyin).toBe(computeNameKeys(child.name).pinyin);
      }
    },
  );

  it('swaps day and month as labelled', () => {
    for (const [row, child] of labelled('swapped_date')) {
      if (child) expect(compareBirthDate(row.birthDate, child.birthDate)).toBe(BirthLevel.swapped);
    }
  });

  it.each([
    ['missing_id', 'idNumber'],
    ['missing_name', 'name'],
    ['missing_birth_date', 'birthDate'],
    ['missing_sex', 'sex'],
  ] as const)('blanks the field: %s', (label, field) => {
    const rows = labelled(label);
    expect(rows.length).toBeGreaterThan(5);
    for (const [row] of rows) expect(row[field] || null).toBeNull();
  });

  it('gives hard negatives a registry child’s name, birth date and sex but no link', () => {
    const people = new Set(data.registry.map((record) => `${record.name}|${record.birthDate}|${record.sex}`));
    const rows = labelled('hard_negative');
    expect(rows.length).toBeGreaterThan(50);
    for (const [row, child] of rows) {
      expect(child).toBeUndefined();
      const alsoCorrupted = (data.truth.labels.get(row.key)?.length ?? 0) > 1;
      if (!alsoCorrupted) expect(people.has(`${row.name}|${row.birthDate}|${row.sex}`)).toBe(true);
    }
  });
});

describe('the character tables', () => {
  it.each(HOMOPHONE_GROUPS)('%s read alike', (group) => {
    expect(new Set([...group].map((ch) => pinyin(ch, { toneType: 'none' }))).size).toBe(1);
  });

  it('pair each Traditional form with a character that reads the same', () => {
    for (const [simplified, traditional] of Object.entries(TRADITIONAL_FORMS)) {
      expect(pinyin(traditional, { toneType: 'none' })).toBe(pinyin(simplified, { toneType: 'none' }));
    }
  });
});
