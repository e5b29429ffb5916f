// Per-county values read on every roll call (the calendar, the policy timeline) change a few times a
// term. They are cached per database handle and county for a short time, and dropped at once when
// this process writes them; another server process sees a change within the time to live.

const TTL_MS = 30_000;

export class CountyCache<T> {
  private readonly byDatabase = new WeakMap<object, Map<string, { value: Promise<T>; at: number }>>();

  /** `db` is the root handle (deps.db): a transaction is a different object and is never cached. */
  get(db: object, countyCode: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    let counties = this.byDatabase.get(db);
    if (!counties) {
      counties = new Map();
      this.byDatabase.set(db, counties);
    }
    const hit = counties.get(countyCode);
    if (hit && now - hit.at < TTL_MS) return hit.value;
    const value = load();
    counties.set(countyCode, { value, at: now });
    value.catch(() => counties.delete(countyCode));
    return value;
  }

  invalidate(db: object, countyCode: string): void {
    this.byDatabase.get(db)?.delete(countyCode);
  }
}
