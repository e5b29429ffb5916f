import { describe, expect, it } from 'vitest';
import { evaluateLinks } from './evaluate.ts';
import { linkRecords } from './link.ts';
import { generateLinkageData } from './synthetic.ts';
import { type Link, type LinkRecord, listFingerprint, type PairDecision, type RecordKey } from './types.ts';

// The goals (F1 ≥ 0.998 with ≤ 0.5% in review), on a seeded county-sized run with a
// corruption rate five times the benchmark's so that each corruption type is well represented.
const data = generateLinkageData({ seed: 2024, registrySize: 20_000, corruptionRate: 0.1 });
const links = linkRecords(data.registry, data.list);
const quality = evaluateLinks(links, data.truth);

describe('linkage quality on synthetic lists', () => {
  it('meets the goals and beats exact-ID matching', () => {
    const baseline = evaluateLinks(
      linkRecords(data.registry, data.list, { probabilistic: false }),
      data.truth,
    );
    expect(quality.f1).toBeGreaterThanOrEqual(0.998);
    expect(quality.reviewShare).toBeLessThanOrEqual(0.005);
    expect(baseline.f1).toBeLessThan(0.99);
    expect(quality.f1 ?? 0).toBeGreaterThan(baseline.f1 ?? 1);
  });

  it.each([
    'typo',
    'transposition',
    'id15',
    'missing_id',
    'traditional',
    'homophone',
    'swapped_date',
    'missing_name',
    'missing_birth_date',
    'missing_sex',
    'registry_missing_id',
  ] as const)('finds children whose list row has: %s', (label) => {
    const figures = quality.byLabel[label];
    expect(figures?.records).toBeGreaterThan(30);
    expect(figures?.recall).toBeGreaterThanOrEqual(0.98);
    expect(figures?.precision).toBeGreaterThanOrEqual(0.98);
  });

  it('leaves people missing from the registry unlinked', () => {
    expect(quality.byLabel.list_only?.links).toBeLessThanOrEqual(2);
    expect(quality.byLabel.hard_negative?.links).toBeLessThanOrEqual(2);
  });

  it('links one to one', () => {
    expect(new Set(links.map((link) => link.listKey)).size).toBe(links.length);
    expect(new Set(links.map((link) => link.registryKey)).size).toBe(links.length);
  });
});

describe('decisions reused on the next run', () => {
  it('keeps confirmed pairs and never proposes rejected ones again', () => {
    const listByKey = new Map(data.list.map((record) => [record.key, record]));
    const fingerprint = (link: Link) => listFingerprint(listByKey.get(link.listKey) as LinkRecord);
    const review = links.filter((link) => link.decision === 'review');
    const autoLinks = links.filter((link) => link.decision === 'auto');
    expect(review.length).toBeGreaterThan(1);
    // A reviewer confirms the first half of the queue and rejects the rest, plus one auto link.
    const half = Math.ceil(review.length / 2);
    const confirmed = review.slice(0, half);
    const rejected = [...review.slice(half), autoLinks[0] as Link];
    const decisions: PairDecision[] = [
      ...confirmed.map((link) => ({
        listFingerprint: fingerprint(link),
        registryKey: link.registryKey,
        verdict: 'confirmed' as const,
      })),
      ...rejected.map((link) => ({
        listFingerprint: fingerprint(link),
        registryKey: link.registryKey,
        verdict: 'rejected' as const,
      })),
    ];

    // The lists come back re-imported: other row numbers, other order.
    const renumbered = [...data.list].reverse().map((record, i) => ({ ...record, key: `row${i}` }));
    const again = linkRecords(data.registry, renumbered, { decisions });
    const pair = (link: Link) => `${fingerprint(link)}→${String(link.registryKey)}`;
    const byPair = new Map<string, Link>();
    const rowFingerprint = new Map<RecordKey, string>(
      renumbered.map((record) => [record.key, listFingerprint(record)]),
    );
    for (const link of again)
      byPair.set(`${rowFingerprint.get(link.listKey)}→${String(link.registryKey)}`, link);

    for (const link of confirmed) {
      expect(byPair.get(pair(link))).toMatchObject({ decision: 'confirmed', score: link.score });
    }
    for (const link of rejected) expect(byPair.has(pair(link))).toBe(false);
    expect(again.filter((link) => link.decision === 'review').length).toBeLessThan(review.length);
  });
});
