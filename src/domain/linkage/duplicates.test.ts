import { describe, expect, it } from 'vitest';
import { findListDuplicates } from './duplicates.ts';
import type { LinkRecord } from './types.ts';

function row(
  key: number,
  idNumber: string | null,
  name = '张伟',
  birthDate: string | null = '2015-03-04',
): LinkRecord {
  return { key, idNumber, name, sex: '1', birthDate };
}

const keys = (list: LinkRecord[]) =>
  findListDuplicates(list).map((group) => [group.kind, group.records.map((record) => record.key)]);

describe('findListDuplicates', () => {
  it('finds one ID on several rows', () => {
    expect(keys([row(1, 'A'), row(2, 'B', '李明'), row(3, 'A', '张玮'), row(4, 'A', '张伟伟')])).toEqual([
      ['same_id', [1, 3, 4]],
    ]);
  });

  it('finds one person under two IDs', () => {
    expect(keys([row(1, 'A'), row(2, 'B', '李明'), row(3, 'C')])).toEqual([['same_person', [1, 3]]]);
  });

  it('reports a row listed twice identically once, as the same ID', () => {
    expect(keys([row(1, 'A'), row(2, 'A')])).toEqual([['same_id', [1, 2]]]);
  });

  it.each([
    ['another name', [row(1, 'A'), row(2, 'B', '李明')]],
    ['another birth date', [row(1, 'A'), row(2, 'B', '张伟', '2015-03-05')]],
    ['another sex', [row(1, 'A'), { ...row(2, 'B'), sex: '2' as const }]],
    ['a missing ID', [row(1, 'A'), row(2, null)]],
    ['a missing birth date', [row(1, 'A', '张伟', null), row(2, 'B', '张伟', null)]],
    ['a missing name', [row(1, 'A', ''), row(2, 'B', '')]],
  ])('does not group rows with %s', (_, list) => {
    expect(findListDuplicates(list)).toEqual([]);
  });

  it('finds every group in a larger list, whatever the hash order', () => {
    const list: LinkRecord[] = [];
    for (let i = 0; i < 5000; i++) list.push(row(i, `ID${i}`, `名${i}`, '2015-03-04'));
    list.push(
      row(5000, 'ID17'),
      row(5001, 'ID4711', '名4711', '2015-03-04'),
      row(5002, 'ID4999-2', '名4999'),
    );
    expect(keys(list)).toEqual([
      ['same_id', [17, 5000]],
      ['same_id', [4711, 5001]],
      ['same_person', [4999, 5002]],
    ]);
  });
});
