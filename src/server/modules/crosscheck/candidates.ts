// A short list (a few thousand disabled or orphaned children) linked against a city registry
// spends nearly all its time indexing the registry's 400k records. Filing the list's blocking
// keys instead and keeping only the registry records that share one gives linkRecords the same
// candidates at a fraction of the cost.

import {
  hasUsableId,
  probeKeys,
  RecordKeys,
  registryKeys,
  surnameInitialCache,
} from '../../../domain/linkage/blocking.ts';
import type { LinkRecord, RecordKey } from '../../../domain/linkage/index.ts';
import { KeySlots } from '../../../domain/linkage/keyTable.ts';

/** Below this list-to-registry ratio the registry is filtered first. */
const SHORT_LIST_RATIO = 0.05;

/** Whether a list is short enough to link against its candidates rather than the whole registry. */
function isShort(registryLength: number, list: readonly LinkRecord[]): boolean {
  if (list.length > registryLength * SHORT_LIST_RATIO) return false;
  return !list.some((record) => !hasUsableId(record) && !record.birthDate && record.name);
}

/**
 * For each list, the registry records that share a blocking key with some list record, plus those
 * named by remembered decisions. Records a list row could only reach through full pinyin (no
 * usable ID and no birth date) are not filed by key: such a list, and a long one, gets the whole
 * registry. The registry's keys are computed once for all short lists of a run: each pass over
 * 400k records costs ≈150 ms.
 */
export function candidateRegistries<R extends LinkRecord>(
  registry: readonly R[],
  lists: ReadonlyArray<readonly LinkRecord[]>,
  decidedKeys: ReadonlySet<RecordKey>,
): Array<readonly R[]> {
  const initial = surnameInitialCache();
  const short = lists.map((list) => isShort(registry.length, list));
  // The keys short lists probe, numbered, and for each the bit set of the lists that probe it.
  const wanted = new KeySlots();
  const listsOf: number[] = [];
  const keys = new RecordKeys();
  const out: Array<R[] | readonly R[]> = lists.map((_, i) => (short[i] ? [] : registry));
  const shortIndexes = short.flatMap((isShortList, i) => (isShortList ? [i] : []));
  if (shortIndexes.length === 0) return out;
  shortIndexes.forEach((listIndex, bit) => {
    const mask = 1 << bit;
    for (const record of lists[listIndex] as readonly LinkRecord[]) {
      probeKeys(record, initial, keys);
      for (let k = 0; k < keys.count; k++) {
        const slot = wanted.insert(keys.kinds[k] ?? 0, keys.keys[k] ?? 0);
        listsOf[slot] = (listsOf[slot] ?? 0) | mask;
      }
    }
  });
  const all = (1 << shortIndexes.length) - 1;
  for (const record of registry) {
    let hits = decidedKeys.has(record.key) ? all : 0;
    if (hits !== all) {
      registryKeys(record, initial, keys);
      for (let k = 0; k < keys.count; k++) {
        const slot = wanted.slot(keys.kinds[k] ?? 0, keys.keys[k] ?? 0);
        if (slot !== -1) hits |= listsOf[slot] ?? 0;
      }
    }
    if (hits === 0) continue;
    shortIndexes.forEach((listIndex, bit) => {
      if (hits & (1 << bit)) (out[listIndex] as R[]).push(record);
    });
  }
  return out;
}
