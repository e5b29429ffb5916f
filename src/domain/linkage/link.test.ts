import { describe, expect, it } from 'vitest';
import { idCheckDigit, upgradeId15 } from '../idNumber.ts';
import { linkRecords } from './link.ts';
import { type LinkRecord, listFingerprint } from './types.ts';

function makeId(date: string, seq: string, region = '341802'): string {
  const first17 = `${region}${date.replaceAll('-', '')}${seq}`;
  return first17 + idCheckDigit(first17);
}

function child(key: string | number, overrides: Partial<LinkRecord> = {}): LinkRecord {
  return {
    key,
    idNumber: makeId('2015-03-04', '123'),
    name: '张伟',
    sex: '1',
    birthDate: '2015-03-04',
    regionCode: '341802001002',
    ...overrides,
  };
}

const ID = makeId('2015-03-04', '123');

describe('linkRecords, one corruption at a time', () => {
  // Each list row is the registry child below with one field damaged.
  it.each([
    ['nothing', {}, 'auto', ['exact_id', 'name_exact', 'birth_date_exact', 'sex_agrees']],
    ['a mistyped ID digit', { idNumber: `${ID.slice(0, 15)}9${ID.slice(16)}` }, 'auto', ['id_one_digit']],
    [
      'two transposed ID digits',
      { idNumber: `${ID.slice(0, 10)}30${ID.slice(12)}` },
      'auto',
      ['id_transposed'],
    ],
    ['a 15-digit ID', { idNumber: '341802150304123' }, 'auto', ['id_15_18']],
    ['a 15-digit ID upgraded to 1915', { idNumber: upgradeId15('341802150304123') }, 'auto', ['id_15_18']],
    ['a homophone name', { name: '张玮' }, 'auto', ['exact_id', 'name_homophone']],
    ['a Traditional name', { name: '張偉' }, 'auto', ['name_homophone']],
    ['day and month swapped', { birthDate: '2015-04-03' }, 'auto', ['birth_day_month_swapped']],
    ['no ID', { idNumber: null }, 'auto', ['id_missing', 'name_exact', 'birth_date_exact']],
    ['no ID and a homophone', { idNumber: null, name: '张玮' }, 'auto', ['id_missing', 'name_homophone']],
    [
      'no ID and swapped date',
      { idNumber: null, birthDate: '2015-04-03' },
      'auto',
      ['birth_day_month_swapped'],
    ],
    ['no ID and no sex', { idNumber: null, sex: null }, 'auto', ['sex_missing']],
    [
      'a typo and no birth date',
      { idNumber: `${ID.slice(0, 3)}0${ID.slice(4)}`, birthDate: null },
      'auto',
      [],
    ],
    ['no name', { name: '' }, 'auto', ['name_missing']],
    ['no ID and no region', { idNumber: null, regionCode: null }, 'auto', ['id_missing']],
    ['no ID and no birth date', { idNumber: null, birthDate: null }, 'review', ['birth_date_missing']],
    ['no name and a mistyped ID', { name: '', idNumber: `${ID.slice(0, 15)}9${ID.slice(16)}` }, 'auto', []],
    ['no ID, no region and a homophone', { idNumber: null, regionCode: null, name: '张玮' }, 'review', []],
  ] as const)('links despite %s', (_, damage, decision, reasons) => {
    const links = linkRecords([child('r1')], [child('l1', damage)]);
    expect(links).toHaveLength(1);
    const [link] = links;
    expect(link).toMatchObject({ listKey: 'l1', registryKey: 'r1', decision });
    expect(link?.reasons).toEqual(expect.arrayContaining([...reasons]));
    expect(link?.score).toBeGreaterThan(0.5);
  });

  it('does not link a namesake born the same day with another ID', () => {
    const namesake = child('l1', {
      idNumber: makeId('2015-03-04', '155', '341821'),
      regionCode: '341821003001',
    });
    expect(linkRecords([child('r1')], [namesake])).toEqual([]);
  });

  it('does not link a record with nothing but the name in common', () => {
    const stranger = child('l1', { idNumber: null, birthDate: '2014-07-09', regionCode: null });
    expect(linkRecords([child('r1')], [stranger])).toEqual([]);
  });

  it('sends an exact ID whose name and birth date both disagree to review', () => {
    const [link] = linkRecords([child('r1')], [child('l1', { name: '李明', birthDate: '2016-01-09' })]);
    expect(link).toMatchObject({
      decision: 'review',
      reasons: expect.arrayContaining(['exact_id', 'name_differs']),
    });
  });

  it('only links exactly when probabilistic is off', () => {
    const registry = [child('r1'), child('r2', { idNumber: makeId('2015-03-04', '135'), name: '李明' })];
    const list = [child('l1'), child('l2', { idNumber: null, name: '李明' })];
    expect(linkRecords(registry, list, { probabilistic: false }).map((link) => link.listKey)).toEqual(['l1']);
    expect(linkRecords(registry, list).map((link) => link.listKey)).toEqual(['l1', 'l2']);
  });
});

describe('linkRecords, one to one', () => {
  it('gives an ID listed twice to the row that agrees best, and not the other', () => {
    const registry = [child('r1')];
    const list = [child('l1', { name: '李明', birthDate: '2015-09-09' }), child('l2')];
    expect(linkRecords(registry, list).map((link) => [link.listKey, link.registryKey])).toEqual([
      ['l2', 'r1'],
    ]);
  });

  it('gives each registry child to the better of two candidates', () => {
    const registry = [child('r1')];
    const list = [
      child('l1', { idNumber: null, name: '张玮' }),
      child('l2', { idNumber: `${ID.slice(0, 17)}0` }),
    ];
    const links = linkRecords(registry, list);
    expect(links.map((link) => link.listKey)).toEqual(['l2']);
  });

  it('sends a link to review when an equally good candidate stays unlinked', () => {
    const twinA = child('r1', { idNumber: makeId('2015-03-04', '123') });
    const twinB = child('r2', { idNumber: makeId('2015-03-04', '133') });
    const [link, ...rest] = linkRecords([twinA, twinB], [child('l1', { idNumber: null })]);
    expect(rest).toEqual([]);
    expect(link).toMatchObject({ decision: 'review', reasons: expect.arrayContaining(['ambiguous']) });
  });
});

describe('linkRecords with remembered decisions', () => {
  const registry = [child('r1'), child('r2', { idNumber: makeId('2015-03-04', '133'), name: '李明' })];

  it('keeps a confirmed pair, with its score, whatever the model says', () => {
    const row = child('l1', { idNumber: null, name: '李敏', regionCode: null });
    expect(linkRecords(registry, [row])).toEqual([]);
    const decisions = [
      { listFingerprint: listFingerprint(row), registryKey: 'r2', verdict: 'confirmed' as const },
    ];
    const [link] = linkRecords(registry, [row], { decisions });
    expect(link).toMatchObject({ listKey: 'l1', registryKey: 'r2', decision: 'confirmed' });
    expect(link?.reasons).toContain('confirmed');
    expect(link?.score).toBeLessThan(0.5);
  });

  it('never proposes a rejected pair again, even an exact ID', () => {
    const rows = [child('l1'), child('l2', { idNumber: null, name: '李明' })];
    const decisions = rows.map((row, i) => ({
      listFingerprint: listFingerprint(row),
      registryKey: `r${i + 1}`,
      verdict: 'rejected' as const,
    }));
    expect(linkRecords(registry, rows)).toHaveLength(2);
    expect(linkRecords(registry, rows, { decisions })).toEqual([]);
  });

  it('ignores decisions about records no longer present', () => {
    const decisions = [{ listFingerprint: '1|王五|', registryKey: 'r1', verdict: 'confirmed' as const }];
    expect(linkRecords(registry, [child('l1')], { decisions })).toMatchObject([{ decision: 'auto' }]);
  });
});
