// The probabilistic step: candidate pairs from blocking, scored by the model, assigned one to
// one greedily from the highest weight down.

import {
  BlockIndex,
  blockingDate,
  hasUsableId,
  KeyKind,
  ProbedBlocks,
  probeKeys,
  RecordKeys,
  registryKeys,
  surnameInitialCache,
} from './blocking.ts';
import type { NameKeys } from './comparators.ts';
import { KeySlots } from './keyTable.ts';
import { comparePair, outcomeReasons, outcomeScore, outcomeWeight, weightForScore } from './model.ts';
import type { LinkDecision, LinkReason, LinkRecord } from './types.ts';

/**
 * When a record left unlinked beside an accepted link scored within this many bits of it (a
 * likelihood ratio of 16), the engine cannot tell the two apart: a person decides.
 */
const AMBIGUITY_BITS = 4;

export type ModelStep = {
  registry: readonly LinkRecord[];
  list: readonly LinkRecord[];
  /** -1 for records still free; the steps before this one have taken the others. */
  listLink: Int32Array;
  registryLink: Int32Array;
  keysOf: (name: string) => NameKeys;
  isRejected: (l: number, r: number) => boolean;
  autoThreshold: number;
  reviewThreshold: number;
  addLink: (
    l: number,
    r: number,
    score: number,
    decision: LinkDecision,
    reasons: readonly LinkReason[],
  ) => void;
};

type Candidates = { list: number[]; registry: number[]; outcome: number[]; weight: number[] };

function findCandidates(step: ModelStep): Candidates {
  const { registry, list, listLink, registryLink, keysOf } = step;
  const surnameInitial = surnameInitialCache();
  // Each free list record's probe keys, numbered; the probes of record l are
  // probes[probeStart[l]] up to probes[probeStart[l + 1]].
  const wanted = new KeySlots();
  const probeStart = new Int32Array(list.length + 1);
  const probes: number[] = [];
  const keys = new RecordKeys();
  list.forEach((record, l) => {
    probeStart[l] = probes.length;
    if (listLink[l] !== -1) return;
    probeKeys(record, surnameInitial, keys);
    for (let k = 0; k < keys.count; k++) probes.push(wanted.insert(keys.kinds[k] ?? 0, keys.keys[k] ?? 0));
  });
  probeStart[list.length] = probes.length;
  const index = new ProbedBlocks(wanted);
  registry.forEach((record, r) => {
    if (registryLink[r] !== -1) return;
    registryKeys(record, surnameInitial, keys);
    index.add(keys, r);
  });
  let pinyinIndex: BlockIndex<string> | null = null;
  const byPinyin = () => {
    if (pinyinIndex) return pinyinIndex;
    const built = new BlockIndex<string>();
    registry.forEach((record, r) => {
      if (registryLink[r] === -1 && record.name) built.add(KeyKind.P, keysOf(record.name).pinyin, r);
    });
    pinyinIndex = built;
    return built;
  };

  const minWeight = weightForScore(step.reviewThreshold);
  const found: Candidates = { list: [], registry: [], outcome: [], weight: [] };
  const seenBy = new Int32Array(registry.length).fill(-1);
  list.forEach((record, l) => {
    if (listLink[l] !== -1) return;
    const visit = (r: number) => {
      if (seenBy[r] === l) return;
      seenBy[r] = l;
      if (step.isRejected(l, r)) return;
      const outcome = comparePair(record, registry[r] as LinkRecord, keysOf, minWeight);
      if (outcome === -1) return;
      const weight = outcomeWeight(outcome);
      if (weight < minWeight) return;
      found.list.push(l);
      found.registry.push(r);
      found.outcome.push(outcome);
      found.weight.push(weight);
    };
    const end = probeStart[l + 1] ?? 0;
    for (let p = probeStart[l] ?? 0; p < end; p++) index.forEach(probes[p] ?? -1, visit);
    if (record.name && !hasUsableId(record) && blockingDate(record) === null) {
      byPinyin().forEach(KeyKind.P, keysOf(record.name).pinyin, visit);
    }
  });
  return found;
}

export function linkByModel(step: ModelStep): void {
  const found = findCandidates(step);
  const { list: pairList, registry: pairRegistry, weight } = found;
  const order = Array.from(pairList, (_, i) => i).sort(
    (a, b) =>
      (weight[b] ?? 0) - (weight[a] ?? 0) ||
      (pairList[a] ?? 0) - (pairList[b] ?? 0) ||
      (pairRegistry[a] ?? 0) - (pairRegistry[b] ?? 0),
  );

  // The chosen pair of each record still free before this step, -1 if none.
  const chosenOfList = new Map<number, number>();
  const chosenOfRegistry = new Map<number, number>();
  for (const p of order) {
    const l = pairList[p] ?? -1;
    const r = pairRegistry[p] ?? -1;
    if (chosenOfList.has(l) || chosenOfRegistry.has(r)) continue;
    chosenOfList.set(l, p);
    chosenOfRegistry.set(r, p);
  }

  const ambiguous = new Set<number>();
  for (let p = 0; p < pairList.length; p++) {
    const l = pairList[p] ?? -1;
    const r = pairRegistry[p] ?? -1;
    const byRegistry = chosenOfRegistry.get(r);
    const byList = chosenOfList.get(l);
    const close = (chosen: number) => (weight[p] ?? 0) >= (weight[chosen] ?? 0) - AMBIGUITY_BITS;
    if (byList === undefined && byRegistry !== undefined && byRegistry !== p && close(byRegistry)) {
      ambiguous.add(byRegistry);
    }
    if (byRegistry === undefined && byList !== undefined && byList !== p && close(byList))
      ambiguous.add(byList);
  }

  for (const [l, p] of chosenOfList) {
    const outcome = found.outcome[p] ?? 0;
    const score = outcomeScore(outcome);
    if (ambiguous.has(p)) {
      step.addLink(l, pairRegistry[p] ?? -1, score, 'review', [...outcomeReasons(outcome), 'ambiguous']);
    } else {
      const decision = score >= step.autoThreshold ? 'auto' : 'review';
      step.addLink(l, pairRegistry[p] ?? -1, score, decision, outcomeReasons(outcome));
    }
  }
}
