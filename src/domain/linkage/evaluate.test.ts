import { describe, expect, it } from 'vitest';
import { evaluateLinks } from './evaluate.ts';
import type { LinkageTruth } from './synthetic.ts';
import type { Link } from './types.ts';

const truth: LinkageTruth = {
  registryKeyOf: new Map<number, number | null>([
    [1, 101],
    [2, 102],
    [3, 103],
    [4, null],
    [5, 101],
  ]),
  labels: new Map([
    [2, ['typo' as const]],
    [3, ['typo' as const, 'homophone' as const]],
    [4, ['hard_negative' as const]],
    [5, ['duplicate' as const]],
  ]),
};

function link(listKey: number, registryKey: number, decision: Link['decision'] = 'auto'): Link {
  return { listKey, registryKey, score: 0.99, decision, reasons: [] };
}

describe('evaluateLinks', () => {
  it('counts precision over links and recall over children', () => {
    // Child 101 is found through its duplicate row; 102 correctly; 103 is missed; row 4 is a false link.
    const quality = evaluateLinks([link(5, 101), link(2, 102, 'review'), link(4, 103)], truth);
    expect(quality).toMatchObject({ links: 3, correctLinks: 2, reviewLinks: 1, reviewShare: 1 / 5 });
    expect(quality.precision).toBeCloseTo(2 / 3);
    expect(quality.recall).toBeCloseTo(2 / 3);
    expect(quality.f1).toBeCloseTo(2 / 3);
    expect(quality.byLabel.clean).toMatchObject({ records: 1, links: 0, precision: null, recall: 1 });
    expect(quality.byLabel.typo).toMatchObject({ records: 2, links: 1, precision: 1, recall: 0.5 });
    expect(quality.byLabel.homophone).toMatchObject({ records: 1, links: 0, precision: null, recall: 0 });
    expect(quality.byLabel.hard_negative).toMatchObject({ links: 1, precision: 0, recall: null, f1: null });
    expect(quality.byLabel.duplicate).toMatchObject({ links: 1, precision: 1, recall: 1 });
  });

  it('handles no links at all', () => {
    expect(evaluateLinks([], truth)).toMatchObject({ links: 0, precision: null, recall: 0, f1: null });
  });
});
