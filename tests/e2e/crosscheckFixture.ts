// The police list the crosscheck e2e test uploads, built from the tiny demo county's children
// with known truth: exact copies, two copies corrupted into the review band, two school-age
// children the registry does not know (not_enrolled). A title row sits above the header, and the
// birth-date column is headed 公历生日, which no synonym matches, so the page must map it by hand.

import { HOMOPHONE_GROUPS } from '../../src/domain/linkage/syntheticNames.ts';
import type { DemoChild } from '../../src/server/modules/crosscheck/testLists.ts';
import { makeId } from '../../src/server/modules/crosscheck/testLists.ts';

export const UNMAPPED_HEADER = '公历生日';

/** One character swapped for a homophone, or null when the name has none from the groups. */
export function homophoneOf(name: string): string | null {
  for (let i = name.length - 1; i > 0; i--) {
    const group = HOMOPHONE_GROUPS.find((g) => g.includes(name.charAt(i)));
    const other = group ? [...group].find((ch) => ch !== name.charAt(i)) : undefined;
    if (other) return name.slice(0, i) + other + name.slice(i + 1);
  }
  return null;
}

/** Two differing neighbouring digits of the sequence part swapped (positions 15 and 16). */
export function transposedId(id: string): string | null {
  const a = id.charAt(14);
  const b = id.charAt(15);
  return a === b ? null : `${id.slice(0, 14)}${b}${a}${id.slice(16)}`;
}

/** 2014-03-07 → 2014-07-03, or null when the swap is not a real, different date. */
export function swappedBirth(date: string): string | null {
  const month = date.slice(5, 7);
  const day = date.slice(8);
  return Number(day) > 12 || day === month ? null : `${date.slice(0, 4)}-${day}-${month}`;
}

export type Row = { id: string; name: string; sex: '1' | '2'; birth: string; address: string };

const sexText = (sex: '1' | '2') => (sex === '1' ? '男' : '女');

export function toCsv(rows: readonly Row[]): string {
  const lines = [
    '宣州区2026年适龄人口户籍名单（西林派出所）,,,,',
    `公民身份号码,姓名,性别,${UNMAPPED_HEADER},户籍地址`,
    ...rows.map((r) => [r.id, r.name, sexText(r.sex), r.birth, r.address].join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export type Fixture = { rows: Row[]; reviewNames: string[]; notEnrolledNames: string[] };

const row = (c: DemoChild, change: Partial<Row> = {}): Row => ({
  id: c.idNumber ?? '',
  name: c.name,
  sex: c.sex,
  birth: c.birthDate,
  address: '西林街道',
  ...change,
});

/**
 * Every registered child with an ID, two of them corrupted past what the engine accepts alone
 * (scores about 0.88 and 0.67 against the 0.5–0.99 review band of src/domain/linkage): an ID with
 * two digits transposed, a homophone name and the wrong sex; no ID and the birth day and month
 * swapped. A transposed ID with a homophone name and swapped date alone still scores 0.997 (auto).
 */
export function policeFixture(children: readonly DemoChild[], countyCode = '341802'): Fixture {
  const withId = children.filter((c) => c.idNumber !== null);
  const first = withId.find((c) => transposedId(c.idNumber as string) && homophoneOf(c.name));
  const second = withId.find((c) => c !== first && swappedBirth(c.birthDate));
  if (!first || !second) throw new Error('the demo county has no child fit for the review fixture');
  const corrupted = new Map<DemoChild, Row>([
    [
      first,
      row(first, {
        id: transposedId(first.idNumber as string) as string,
        name: homophoneOf(first.name) as string,
        sex: first.sex === '1' ? '2' : '1',
      }),
    ],
    [second, row(second, { id: '', birth: swappedBirth(second.birthDate) as string })],
  ]);
  const unknown: Row[] = [
    {
      id: makeId(countyCode, '2016-03-10', 71, '1'),
      name: '陆小川',
      sex: '1',
      birth: '2016-03-10',
      address: '西林街道某社区 12 号',
    },
    {
      id: makeId(countyCode, '2014-07-01', 72, '2'),
      name: '韦思琪',
      sex: '2',
      birth: '2014-07-01',
      address: '水阳镇',
    },
  ];
  return {
    rows: [...withId.map((c) => corrupted.get(c) ?? row(c)), ...unknown],
    reviewNames: [first.name, second.name],
    notEnrolledNames: unknown.map((r) => r.name),
  };
}
