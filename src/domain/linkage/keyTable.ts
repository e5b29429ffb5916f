// Hash tables over typed arrays for linkage's keys. A city run files and probes millions of
// blocking keys and looks up ≈450k ID numbers: the keys are integers up to 2^53, which a JS Map
// holds as heap numbers (an allocation and a slow hash each), and a Map of 400k strings spends
// most of its time on cache misses. Open addressing over flat arrays does the same work several
// times faster and leaves almost nothing for the garbage collector.

const EMPTY = -1;

function capacityFor(expected: number): number {
  let capacity = 16;
  while (capacity < expected * 2) capacity *= 2;
  return capacity;
}

/** A 32-bit hash of a blocking key kind and an integer key below 2^53. */
function hashKey(kind: number, key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high + kind, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Numbers each distinct (kind, key) pair it is given, from 0 up: `slot` finds a pair's number,
 * `insert` also adds a new pair. Keys are non-negative integers below 2^53, kinds small integers.
 */
export class KeySlots {
  private table: Int32Array;
  private mask: number;
  private keys: Float64Array;
  private kinds: Uint8Array;
  size = 0;

  constructor(expected = 1024) {
    const capacity = capacityFor(expected);
    this.table = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    this.keys = new Float64Array(capacity >> 1);
    this.kinds = new Uint8Array(capacity >> 1);
  }

  /** The pair's number, or -1 when it was never inserted. */
  slot(kind: number, key: number): number {
    const { table, keys, kinds, mask } = this;
    for (let i = hashKey(kind, key) & mask; ; i = (i + 1) & mask) {
      const slot = table[i] ?? EMPTY;
      if (slot === EMPTY) return EMPTY;
      if (keys[slot] === key && kinds[slot] === kind) return slot;
    }
  }

  insert(kind: number, key: number): number {
    const { table, keys, kinds, mask } = this;
    let i = hashKey(kind, key) & mask;
    for (; ; i = (i + 1) & mask) {
      const slot = table[i] ?? EMPTY;
      if (slot === EMPTY) break;
      if (keys[slot] === key && kinds[slot] === kind) return slot;
    }
    const slot = this.size++;
    table[i] = slot;
    keys[slot] = key;
    kinds[slot] = kind;
    if (this.size * 2 >= table.length) this.grow();
    return slot;
  }

  private grow(): void {
    const capacity = this.table.length * 2;
    const keys = new Float64Array(capacity >> 1);
    keys.set(this.keys);
    const kinds = new Uint8Array(capacity >> 1);
    kinds.set(this.kinds);
    const table = new Int32Array(capacity).fill(EMPTY);
    const mask = capacity - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let i = hashKey(kinds[slot] ?? 0, keys[slot] ?? 0) & mask;
      while (table[i] !== EMPTY) i = (i + 1) & mask;
      table[i] = slot;
    }
    this.table = table;
    this.mask = mask;
    this.keys = keys;
    this.kinds = kinds;
  }
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * The first value stored under each string, the values being indices into the caller's records
 * (non-negative integers); `keyOf` gives a value's string back, so the table keeps no strings.
 * Each entry keeps its string's hash beside it: strings are compared only when the hashes agree.
 */
export class FirstIndexByString {
  private readonly values: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(
    capacity: number,
    private readonly keyOf: (value: number) => string | null,
  ) {
    const size = capacityFor(capacity);
    this.values = new Int32Array(size).fill(EMPTY);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Stores the value under the key unless the key holds one already. At most `capacity` keys. */
  addIfAbsent(key: string, value: number): void {
    const { values, hashes, mask } = this;
    const hash = hashString(key);
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const held = values[i] ?? EMPTY;
      if (held === EMPTY) {
        values[i] = value;
        hashes[i] = hash;
        return;
      }
      if (hashes[i] === hash && this.keyOf(held) === key) return;
    }
  }

  /** The value stored under the key, or -1. */
  get(key: string): number {
    const { values, hashes, mask } = this;
    const hash = hashString(key);
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const held = values[i] ?? EMPTY;
      if (held === EMPTY || (hashes[i] === hash && this.keyOf(held) === key)) return held;
    }
  }
}
