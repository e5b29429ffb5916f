// A short list (a few thousand disabled or orphaned children) linked against a city registry
// spends nearly all its time indexing the registry's 400k records. Filing the list's blocking
// keys instead and keeping only the registry records that share one gives linkRecords the same
// candidates at a fraction of the cost.

import {
  type EmitKey,
  hasUsableId,
  probeKeys,
  registryKeys,
  surnameInitialCache,
} from '../../../domain/linkage/blocking.ts';
import type { LinkRecord, RecordKey } from '../../../domain/linkage/index.ts';

/** Below this list-to-registry ratio the registry is filtered first. */
const SHORT_LIST_RATIO = 0.05;

/**
 * The registry records that share a blocking key with some list record, plus those named by
 * remembered decisions. Records a list row could only reach through full pinyin (no usable ID
 * and no birth date) are not filed by key: such a list gets the whole registry.
 */
export function candidateRegistry<R extends LinkRecord>(
  registry: readonly R[],
  list: readonly LinkRecord[],
  decidedKeys: ReadonlySet<RecordKey>,
): readonly R[] {
  if (list.length > registry.length * SHORT_LIST_RATIO) return registry;
  if (list.some((record) => !hasUsableId(record) && !record.birthDate && record.name)) return registry;
  const initial = surnameInitialCache();
  const wanted: Set<number>[] = [];
  const file: EmitKey = (kind, key) => {
    let keys = wanted[kind];
    if (!keys) {
      keys = new Set();
      wanted[kind] = keys;
    }
    keys.add(key);
  };
  for (const record of list) probeKeys(record, initial, file);
  return registry.filter((record) => {
    if (decidedKeys.has(record.key)) return true;
    let hit = false;
    registryKeys(record, initial, (kind, key) => {
      if (wanted[kind]?.has(key)) hit = true;
    });
    return hit;
  });
}
