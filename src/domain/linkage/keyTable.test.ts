import { describe, expect, it } from 'vitest';
import { FirstIndexByString, KeySlots } from './keyTable.ts';

describe('KeySlots', () => {
  it('numbers each distinct (kind, key) pair once, from 0, in order of first insertion', () => {
    const slots = new KeySlots();
    expect(slots.insert(0, 42)).toBe(0);
    expect(slots.insert(1, 42)).toBe(1);
    expect(slots.insert(0, 42)).toBe(0);
    expect(slots.insert(0, 2 ** 53 - 1)).toBe(2);
    expect(slots.insert(0, 2 ** 32)).toBe(3);
    expect(slots.insert(0, 0)).toBe(4);
    expect(slots.size).toBe(5);
    expect(slots.slot(1, 42)).toBe(1);
    expect(slots.slot(0, 2 ** 53 - 1)).toBe(2);
    expect(slots.slot(2, 42)).toBe(-1);
    expect(slots.slot(0, 2 ** 53 - 2)).toBe(-1);
  });

  it('keeps every pair through growth, keys that differ only above 32 bits included', () => {
    const slots = new KeySlots(4);
    const keys = Array.from({ length: 50_000 }, (_, i) => (i % 7) * 2 ** 40 + Math.floor(i / 7));
    keys.forEach((key, i) => {
      expect(slots.insert(i % 3, key)).toBe(i);
    });
    expect(slots.size).toBe(keys.length);
    keys.forEach((key, i) => {
      expect(slots.slot(i % 3, key)).toBe(i);
    });
    expect(slots.slot(0, 7 * 2 ** 40)).toBe(-1);
  });
});

describe('FirstIndexByString', () => {
  const ids = ['341802201501010011', '341802201501010012', '341802201501010011', '', '34180220150101001X'];
  const table = () => {
    const byId = new FirstIndexByString(ids.length, (i) => ids[i] ?? null);
    ids.forEach((id, i) => {
      if (id) byId.addIfAbsent(id, i);
    });
    return byId;
  };

  it.each([
    ['341802201501010011', 0],
    ['341802201501010012', 1],
    ['34180220150101001X', 4],
    ['341802201501010013', -1],
    ['', -1],
  ])('%s → %i (the first index holding it, -1 for none)', (id, index) => {
    expect(table().get(id)).toBe(index);
  });

  it('tells apart many strings in a full table', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `id${i}`);
    const byId = new FirstIndexByString(many.length, (i) => many[i] ?? null);
    many.forEach((id, i) => {
      byId.addIfAbsent(id, i);
    });
    many.forEach((id, i) => {
      expect(byId.get(id)).toBe(i);
    });
    expect(byId.get('id20000')).toBe(-1);
  });
});
