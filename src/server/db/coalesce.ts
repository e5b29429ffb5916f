// Group commit for hot paths. Under load, a request's round trips to the database cost more than
// its work: while one batch is with the database, the requests that arrive wait in a queue and go
// together in the next, as one multi-row statement or transaction. A lone request goes at once,
// so nothing waits when the server is quiet.

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class Coalescer<T, R> {
  private queue: Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private running = false;

  /** `run` settles every item it is given, in order; a throw fails the whole batch. */
  constructor(
    private readonly run: (items: readonly T[]) => Promise<ReadonlyArray<Settled<R>>>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Requests read from the same socket poll arrive in one turn of the event loop: one batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.run(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => {
          const result = results[i];
          if (!result) entry.reject(new Error('coalesced batch returned too few results'));
          else if (result.ok) entry.resolve(result.value);
          else entry.reject(result.error);
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.running = false;
  }
}

/** One coalescer per database handle (and optional key), created on first use. */
export class CoalescerPerDatabase<D extends object, T, R> {
  private readonly byDatabase = new WeakMap<D, Map<string, Coalescer<T, R>>>();

  constructor(private readonly create: (db: D) => Coalescer<T, R>) {}

  /** `db` is the root handle (deps.db), never a transaction: a batch runs outside its caller's. */
  for(db: D, key = ''): Coalescer<T, R> {
    let byKey = this.byDatabase.get(db);
    if (!byKey) {
      byKey = new Map();
      this.byDatabase.set(db, byKey);
    }
    let coalescer = byKey.get(key);
    if (!coalescer) {
      coalescer = this.create(db);
      byKey.set(key, coalescer);
    }
    return coalescer;
  }
}

/** Loads by key in batches: `load` returns the found values by key; a key it leaves out is undefined. */
export function keyedLoader<D extends object, K, V>(
  load: (db: D, keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
  maxBatch = 256,
): (db: D, key: K) => Promise<V | undefined> {
  const coalescers = new CoalescerPerDatabase<D, K, V | undefined>(
    (db) =>
      new Coalescer(async (keys) => {
        const found = await load(db, [...new Set(keys)]);
        return keys.map((key) => ({ ok: true as const, value: found.get(key) }));
      }, maxBatch),
  );
  return (db, key) => coalescers.for(db).submit(key);
}
