import { describe, expect, it } from 'vitest';
import { idCheckDigit, upgradeId15 } from '../idNumber.ts';
import {
  BirthLevel,
  compareBirthDate,
  compareId,
  compareName,
  compareRegion,
  compareSex,
  computeNameKeys,
  IdLevel,
  id15Form,
  NameLevel,
  nameKeyCache,
  RegionLevel,
  SexLevel,
  swapDayMonth,
} from './comparators.ts';

/** A synthetic (not a real person's) ID with a correct check digit. */
function makeId(region: string, date: string, seq: string): string {
  const first17 = `${region}${date}${seq}`;
  return first17 + idCheckDigit(first17);
}

const ID = makeId('341802', '20150304', '123');
const ID_OTHER_CHILD = makeId('341802', '20150304', '125');
const ID15 = '341802150304123';

describe('compareId', () => {
  it.each([
    ['the same ID', ID, ID, IdLevel.exact],
    ['a mistyped sequence digit', ID, `${ID.slice(0, 15)}9${ID.slice(16)}`, IdLevel.oneDigit],
    ['a mistyped region digit', ID, `7${ID.slice(1)}`, IdLevel.oneDigit],
    ['a mistyped check digit', ID, `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`, IdLevel.oneDigit],
    ['month digits transposed', ID, `${ID.slice(0, 10)}30${ID.slice(12)}`, IdLevel.transposed],
    ['the last two digits transposed', '34180220150304123X', '3418022015030412X3', IdLevel.transposed],
    ['a 15-digit ID', ID15, ID, IdLevel.id15],
    ['a child’s 15-digit ID upgraded as if born in 1915', upgradeId15(ID15), ID, IdLevel.id15],
    ['another child born the same day', ID_OTHER_CHILD, ID, IdLevel.differs],
    ['two digits ten apart swapped', '341822201806270803', '341802201806272803', IdLevel.differs],
    ['two substitutions', `${ID.slice(0, 14)}99${ID.slice(16)}`, ID, IdLevel.differs],
    ['a different length', '12345', ID, IdLevel.differs],
    ['a missing ID', null, ID, IdLevel.missing],
    ['a blank ID', '', ID, IdLevel.missing],
    ['both missing', null, null, IdLevel.missing],
  ])('%s', (_, a, b, level) => {
    expect(compareId(a, b)).toBe(level);
    expect(compareId(b, a)).toBe(level);
  });

  it('never calls two different valid IDs one substitution or one transposition apart', () => {
    const ids = ['000', '001', '002', '010', '100', '123', '132', '213', '998'].map((seq) =>
      makeId('341802', '20150304', seq),
    );
    for (const a of ids) {
      for (const b of ids) {
        if (a !== b) expect(compareId(a, b)).toBe(IdLevel.differs);
      }
    }
  });
});

describe('id15Form', () => {
  it.each([
    [ID, ID15],
    [ID15, ID15],
    ['12345', null],
  ])('%s → %s', (id, form) => {
    expect(id15Form(id)).toBe(form);
  });
});

describe('computeNameKeys', () => {
  it.each([
    ['张伟', 'zhangwei', 'zw'],
    ['張偉', 'zhangwei', 'zw'],
    ['曾国藩', 'zengguofan', 'zgf'],
    ['吕布', 'lvbu', 'lb'],
    ['欧阳小明', 'ouyangxiaoming', 'oyxm'],
    ['阿依古丽·买买提', 'ayiguli' + 'maimaiti', 'aygl' + 'mmt'],
  ])('%s → %s, %s', (name, pinyin, initials) => {
    expect(computeNameKeys(name)).toEqual({ pinyin, initials });
  });
});

describe('compareName', () => {
  const keysOf = nameKeyCache();
  it.each([
    ['张伟', '张伟', NameLevel.exact],
    ['张伟', '张玮', NameLevel.homophone],
    ['张伟', '張偉', NameLevel.homophone],
    ['李静怡', '李婧怡', NameLevel.homophone],
    ['张伟', '周文', NameLevel.initials],
    ['张伟', '张伟伟', NameLevel.differs],
    ['张伟', '李明', NameLevel.differs],
    ['', '张伟', NameLevel.missing],
    ['', '', NameLevel.missing],
  ])('%s / %s', (a, b, level) => {
    expect(compareName(a, b, keysOf)).toBe(level);
    expect(compareName(b, a, keysOf)).toBe(level);
  });
});

describe('swapDayMonth', () => {
  it.each([
    ['2015-03-04', '2015-04-03'],
    ['2015-12-01', '2015-01-12'],
    ['2015-03-13', null],
    ['2015-05-05', null],
  ])('%s → %s', (date, swapped) => {
    expect(swapDayMonth(date)).toBe(swapped);
  });
});

describe('compareBirthDate', () => {
  it.each([
    ['2015-03-04', '2015-03-04', BirthLevel.exact],
    ['2015-03-04', '2015-04-03', BirthLevel.swapped],
    ['2015-03-04', '2016-04-03', BirthLevel.differs],
    ['2015-03-04', '2015-03-05', BirthLevel.differs],
    [null, '2015-03-04', BirthLevel.missing],
    ['', '2015-03-04', BirthLevel.missing],
  ])('%s / %s', (a, b, level) => {
    expect(compareBirthDate(a, b)).toBe(level);
    expect(compareBirthDate(b, a)).toBe(level);
  });
});

describe('compareSex', () => {
  it.each([
    ['1', '1', SexLevel.agrees],
    ['1', '2', SexLevel.differs],
    [null, '2', SexLevel.missing],
  ] as const)('%s / %s', (a, b, level) => {
    expect(compareSex(a, b)).toBe(level);
    expect(compareSex(b, a)).toBe(level);
  });
});

describe('compareRegion', () => {
  it.each([
    ['341802001002', '341802001002', RegionLevel.township],
    ['341802001002', '341802001009', RegionLevel.township],
    ['341802001002', '341802002002', RegionLevel.county],
    ['341802', '341802001002', RegionLevel.county],
    ['341802001002', '341821001002', RegionLevel.differs],
    [null, '341802001002', RegionLevel.missing],
    [undefined, '341802001002', RegionLevel.missing],
    ['3418', '341802001002', RegionLevel.missing],
  ])('%s / %s', (a, b, level) => {
    expect(compareRegion(a, b)).toBe(level);
    expect(compareRegion(b, a)).toBe(level);
  });
});
