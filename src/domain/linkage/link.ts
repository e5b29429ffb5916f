// Links the records of one list to the registry, one to one: remembered human decisions first,
// then exact ID matches, then a Fellegi–Sunter model over blocked candidate pairs for the rest.

import { IdLevel, nameKeyCache } from './comparators.ts';
import { FirstIndexByString } from './keyTable.ts';
import { comparePair, outcomeReasons, outcomeScore, outcomeWeight } from './model.ts';
import { linkByModel } from './model-link.ts';
import {
  type Link,
  type LinkDecision,
  type LinkOptions,
  type LinkReason,
  type LinkRecord,
  listFingerprint,
  type PairDecision,
  type RecordKey,
} from './types.ts';

export const DEFAULT_AUTO_THRESHOLD = 0.99;
export const DEFAULT_REVIEW_THRESHOLD = 0.5;

function registryKeyToken(key: RecordKey): string {
  return typeof key === 'number' ? `n${key}` : `s${key}`;
}

/** Remembered decisions, looked up without fingerprinting every row of a 450k list. */
class DecisionBook {
  private readonly idParts = new Set<string>();
  private readonly confirmed = new Map<string, RecordKey[]>();
  private readonly rejected = new Set<string>();

  constructor(decisions: readonly PairDecision[]) {
    for (const { listFingerprint: fingerprint, registryKey, verdict } of decisions) {
      this.idParts.add(fingerprint.slice(0, fingerprint.indexOf('|')));
      if (verdict === 'rejected') {
        this.rejected.add(`${fingerprint}\u0000${registryKeyToken(registryKey)}`);
      } else {
        const keys = this.confirmed.get(fingerprint) ?? [];
        keys.push(registryKey);
        this.confirmed.set(fingerprint, keys);
      }
    }
  }

  confirmedRegistryKeys(): Set<RecordKey> {
    return new Set([...this.confirmed.values()].flat());
  }

  /** The record's fingerprint when some decision may concern it, else null. */
  fingerprintOf(record: LinkRecord): string | null {
    return this.idParts.has(record.idNumber ?? '') ? listFingerprint(record) : null;
  }

  confirmedFor(fingerprint: string | null): readonly RecordKey[] {
    return fingerprint === null ? [] : (this.confirmed.get(fingerprint) ?? []);
  }

  isRejected(fingerprint: string | null, registryKey: RecordKey): boolean {
    return fingerprint !== null && this.rejected.has(`${fingerprint}\u0000${registryKeyToken(registryKey)}`);
  }
}

/**
 * Links each list record to at most one registry record and each registry record to at most one
 * list record. Exact ID matches are always linked (sent to review when the other fields
 * disagree too much); the others are linked when the model's score reaches the review
 * threshold. A confirmed decision links its pair whatever the score; a rejected pair is never
 * linked.
 */
export function linkRecords(
  registry: readonly LinkRecord[],
  list: readonly LinkRecord[],
  options: LinkOptions = {},
): Link[] {
  const autoThreshold = options.autoThreshold ?? DEFAULT_AUTO_THRESHOLD;
  const reviewThreshold = options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  const keysOf = nameKeyCache();
  const book = options.decisions?.length ? new DecisionBook(options.decisions) : null;
  const fingerprints = book ? list.map((record) => book.fingerprintOf(record)) : [];
  const isRejected = (l: number, r: number) =>
    book?.isRejected(fingerprints[l] ?? null, (registry[r] as LinkRecord).key) ?? false;

  // The index in `links` of each record's link, -1 while it has none.
  const listLink = new Int32Array(list.length).fill(-1);
  const registryLink = new Int32Array(registry.length).fill(-1);
  const links: Link[] = [];
  const addLink = (
    l: number,
    r: number,
    score: number,
    decision: LinkDecision,
    reasons: readonly LinkReason[],
  ) => {
    listLink[l] = links.length;
    registryLink[r] = links.length;
    const listKey = (list[l] as LinkRecord).key;
    links.push({ listKey, registryKey: (registry[r] as LinkRecord).key, score, decision, reasons });
  };

  if (book) {
    const wanted = book.confirmedRegistryKeys();
    const registryByKey = new Map<RecordKey, number>();
    registry.forEach((record, r) => {
      if (wanted.has(record.key) && !registryByKey.has(record.key)) registryByKey.set(record.key, r);
    });
    list.forEach((record, l) => {
      for (const key of book.confirmedFor(fingerprints[l] ?? null)) {
        const r = registryByKey.get(key);
        if (r === undefined || registryLink[r] !== -1) continue;
        const outcome = comparePair(record, registry[r] as LinkRecord, keysOf);
        addLink(l, r, outcomeScore(outcome), 'confirmed', [...outcomeReasons(outcome), 'confirmed']);
        break;
      }
    });
  }

  // Exact IDs. When one ID appears on several list rows (a child registered twice), the row
  // agreeing best with the registry takes the link; the others go on to the model step.
  const registryById = new FirstIndexByString(registry.length, (r) => (registry[r] as LinkRecord).idNumber);
  registry.forEach((record, r) => {
    const id = record.idNumber;
    if (id && registryLink[r] === -1) registryById.addIfAbsent(id, r);
  });
  const exactPartner = new Int32Array(list.length).fill(-1);
  const holderOf = new Int32Array(registry.length).fill(-1);
  const holderOutcome = new Int32Array(registry.length);
  list.forEach((record, l) => {
    if (!record.idNumber || listLink[l] !== -1) return;
    const r = registryById.get(record.idNumber);
    if (r === -1 || isRejected(l, r)) return;
    const outcome = comparePair(record, registry[r] as LinkRecord, keysOf, undefined, IdLevel.exact);
    const holder = holderOf[r] ?? -1;
    if (holder !== -1) {
      if (outcomeWeight(outcome) <= outcomeWeight(holderOutcome[r] ?? 0)) return;
      exactPartner[holder] = -1;
    }
    holderOf[r] = l;
    holderOutcome[r] = outcome;
    exactPartner[l] = r;
  });
  exactPartner.forEach((r, l) => {
    if (r === -1) return;
    const outcome = holderOutcome[r] ?? 0;
    const score = outcomeScore(outcome);
    addLink(l, r, score, score >= autoThreshold ? 'auto' : 'review', outcomeReasons(outcome));
  });

  if (options.probabilistic !== false) {
    linkByModel({
      registry,
      list,
      listLink,
      registryLink,
      keysOf,
      isRejected,
      autoThreshold,
      reviewThreshold,
      addLink,
    });
  }
  return links;
}
