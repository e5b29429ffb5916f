import { describe, expect, it } from 'vitest';
import { Coalescer, keyedLoader } from './coalesce.ts';

describe('Coalescer', () => {
  it('sends a lone item at once and groups the items that arrive while a batch is out', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new Coalescer<number, number>(async (items) => {
      batches.push([...items]);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => ({ ok: true as const, value: item * 10 }));
    });
    const first = coalescer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [coalescer.submit(2), coalescer.submit(3), coalescer.submit(4)];
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('settles each item with its own outcome, and fails the whole batch when the batch throws', async () => {
    const picky = new Coalescer<number, number>(async (items) =>
      items.map((item) =>
        item % 2 === 0
          ? { ok: true as const, value: item }
          : { ok: false as const, error: new Error(`odd ${item}`) },
      ),
    );
    const outcomes = await Promise.allSettled([picky.submit(2), picky.submit(3)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);

    const broken = new Coalescer<number, number>(async () => {
      throw new Error('database gone');
    });
    const failed = await Promise.allSettled([broken.submit(1), broken.submit(2)]);
    expect(failed.every((o) => o.status === 'rejected')).toBe(true);
    // The queue keeps working after a failed batch.
    const healthy = new Coalescer<number, number>(async (items) =>
      items.map((value) => ({ ok: true, value })),
    );
    expect(await healthy.submit(5)).toBe(5);
  });

  it('caps a batch at its size and sends the rest in the next', async () => {
    const sizes: number[] = [];
    const small = new Coalescer<number, number>(async (items) => {
      sizes.push(items.length);
      return items.map((value) => ({ ok: true, value }));
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => small.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});

describe('keyedLoader', () => {
  it('loads the distinct keys of a batch once, per database handle, and gives undefined when not found', async () => {
    const loads: Array<{ db: string; keys: readonly number[] }> = [];
    const load = keyedLoader(async (db: { name: string }, keys: readonly number[]) => {
      loads.push({ db: db.name, keys });
      return new Map(keys.filter((k) => k < 100).map((k) => [k, `row ${k}`]));
    });
    const one = { name: 'one' };
    const two = { name: 'two' };
    const found = await Promise.all([load(one, 1), load(one, 1), load(one, 200), load(two, 3)]);
    expect(found).toEqual(['row 1', 'row 1', undefined, 'row 3']);
    expect(loads).toEqual([
      { db: 'one', keys: [1, 200] },
      { db: 'two', keys: [3] },
    ]);
  });
});
