import type { CorruptionType, LinkageTruth } from './synthetic.ts';
import type { Link, RecordKey } from './types.ts';

export type QualityFigures = {
  /** List records carrying the label. */
  records: number;
  links: number;
  correctLinks: number;
  /** null where undefined: no links, or no true matches to find. */
  precision: number | null;
  recall: number | null;
  f1: number | null;
};

export type LinkageQuality = QualityFigures & {
  reviewLinks: number;
  /** Links waiting for a person, as a share of the list's records. */
  reviewShare: number;
  byLabel: Partial<Record<CorruptionType | 'clean', QualityFigures>>;
};

type Tally = { records: number; links: number; correct: number; childrenToFind: Set<RecordKey> };

function figures(tally: Tally, found: ReadonlySet<RecordKey>): QualityFigures {
  let foundChildren = 0;
  for (const child of tally.childrenToFind) if (found.has(child)) foundChildren++;
  const precision = tally.links === 0 ? null : tally.correct / tally.links;
  const recall = tally.childrenToFind.size === 0 ? null : foundChildren / tally.childrenToFind.size;
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? null
      : (2 * precision * recall) / (precision + recall);
  return { records: tally.records, links: tally.links, correctLinks: tally.correct, precision, recall, f1 };
}

/**
 * Precision is over links; recall is over children: a child listed twice is found when either
 * row is linked to them, since one-to-one linkage allows only one. Per label, a record counts
 * under each of its labels, unlabelled ones under 'clean'.
 */
export function evaluateLinks(links: readonly Link[], truth: LinkageTruth): LinkageQuality {
  const linkOf = new Map<RecordKey, Link>();
  const found = new Set<RecordKey>();
  let reviewLinks = 0;
  for (const link of links) {
    linkOf.set(link.listKey, link);
    if (link.decision === 'review') reviewLinks++;
    if (truth.registryKeyOf.get(link.listKey) === link.registryKey) found.add(link.registryKey);
  }

  const newTally = (): Tally => ({ records: 0, links: 0, correct: 0, childrenToFind: new Set() });
  const overall = newTally();
  const byLabel = new Map<CorruptionType | 'clean', Tally>();
  for (const [listKey, child] of truth.registryKeyOf) {
    const link = linkOf.get(listKey);
    const correct = link !== undefined && link.registryKey === child;
    for (const label of [null, ...(truth.labels.get(listKey) ?? ['clean' as const])]) {
      let tally = overall;
      if (label !== null) {
        tally = byLabel.get(label) ?? newTally();
        byLabel.set(label, tally);
      }
      tally.records++;
      if (link) tally.links++;
      if (correct) tally.correct++;
      if (child !== null) tally.childrenToFind.add(child);
    }
  }

  return {
    ...figures(overall, found),
    reviewLinks,
    reviewShare: truth.registryKeyOf.size === 0 ? 0 : reviewLinks / truth.registryKeyOf.size,
    byLabel: Object.fromEntries([...byLabel].map(([label, tally]) => [label, figures(tally, found)])),
  };
}
