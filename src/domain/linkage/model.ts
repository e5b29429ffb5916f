// The Fellegi–Sunter model: each comparator level contributes log2(m/u), where m is the chance
// of that level when the two records are the same child and u when they are not.
//
// m and u are fixed, not estimated by EM. EM needs conditionally independent comparators, and
// here they are not (the ID embeds the birth date and the sex); and after exact-ID matching the
// remaining pairs are mostly the corrupted ones and the strangers, so EM on them would learn
// that "corrupted" is normal. Fixed values also give the same pair the same score on every run,
// which reviewers and the remembered decisions rely on. The values come from the error rates of
// hand-typed lists (a few per cent of fields wrong, most of them one of the patterns below) and
// from the frequencies among unrelated children (1 in ~3,000 share a name, ~1 in 3,650 a birth
// date within a ten-year cohort, and no two share an ID).

import {
  BirthLevel,
  compareBirthDate,
  compareId,
  compareName,
  compareRegion,
  compareSex,
  IdLevel,
  type NameKeys,
  NameLevel,
  RegionLevel,
  SexLevel,
} from './comparators.ts';
import type { LinkReason, LinkRecord } from './types.ts';

type MU = readonly [m: number, u: number];

// u of a near-miss ID is not negligible: a stranger's mistyped ID is one digit away from a
// registry child's when that child was born the same day in the same county with a sequence
// number one keystroke away (about 1 mistyped ID in 60, spread over a registry of ~4·10^5).
// Two children share a 15-digit form only if born a century apart.
const ID_MU: Record<IdLevel, MU | null> = {
  [IdLevel.exact]: [0.97, 1e-8],
  [IdLevel.oneDigit]: [0.006, 4e-8],
  [IdLevel.transposed]: [0.004, 1e-8],
  [IdLevel.id15]: [0.004, 1e-9],
  [IdLevel.differs]: [0.003, 1],
  [IdLevel.missing]: null,
};

const NAME_MU: Record<NameLevel, MU | null> = {
  [NameLevel.exact]: [0.95, 1 / 3000],
  [NameLevel.homophone]: [0.03, 1 / 3000],
  [NameLevel.initials]: [0.01, 1 / 200],
  [NameLevel.differs]: [0.01, 1],
  [NameLevel.missing]: null,
};

const BIRTH_MU: Record<BirthLevel, MU | null> = {
  [BirthLevel.exact]: [0.97, 1 / 3650],
  [BirthLevel.swapped]: [0.01, 1 / 3650],
  [BirthLevel.differs]: [0.02, 1],
  [BirthLevel.missing]: null,
};

const SEX_MU: Record<SexLevel, MU | null> = {
  [SexLevel.agrees]: [0.99, 0.5],
  [SexLevel.differs]: [0.01, 0.5],
  [SexLevel.missing]: null,
};

// A city has ~100 townships in ~8 counties.
const REGION_MU: Record<RegionLevel, MU | null> = {
  [RegionLevel.township]: [0.9, 0.01],
  [RegionLevel.county]: [0.08, 0.11],
  [RegionLevel.differs]: [0.02, 0.88],
  [RegionLevel.missing]: null,
};

/**
 * Prior odds that two records are the same child, before comparing them: about one in the size
 * of a county-to-city registry. Fixed rather than derived from the list sizes so that a pair
 * scores the same whichever lists it was checked in.
 */
const PRIOR_BITS = Math.log2(1e-5);

function bits(mu: MU | null): number {
  return mu === null ? 0 : Math.log2(mu[0] / mu[1]);
}

const ID_REASONS: Record<IdLevel, LinkReason> = {
  [IdLevel.exact]: 'exact_id',
  [IdLevel.oneDigit]: 'id_one_digit',
  [IdLevel.transposed]: 'id_transposed',
  [IdLevel.id15]: 'id_15_18',
  [IdLevel.differs]: 'id_differs',
  [IdLevel.missing]: 'id_missing',
};
const NAME_REASONS: Record<NameLevel, LinkReason> = {
  [NameLevel.exact]: 'name_exact',
  [NameLevel.homophone]: 'name_homophone',
  [NameLevel.initials]: 'name_initials',
  [NameLevel.differs]: 'name_differs',
  [NameLevel.missing]: 'name_missing',
};
const BIRTH_REASONS: Record<BirthLevel, LinkReason> = {
  [BirthLevel.exact]: 'birth_date_exact',
  [BirthLevel.swapped]: 'birth_day_month_swapped',
  [BirthLevel.differs]: 'birth_date_differs',
  [BirthLevel.missing]: 'birth_date_missing',
};
const SEX_REASONS: Record<SexLevel, LinkReason> = {
  [SexLevel.agrees]: 'sex_agrees',
  [SexLevel.differs]: 'sex_differs',
  [SexLevel.missing]: 'sex_missing',
};
const REGION_REASONS: Record<RegionLevel, LinkReason | null> = {
  [RegionLevel.township]: 'region_same_township',
  [RegionLevel.county]: 'region_same_county',
  [RegionLevel.differs]: 'region_differs',
  [RegionLevel.missing]: null,
};

const LEVEL_COUNTS = { id: 6, name: 5, birth: 4, sex: 3, region: 4 } as const;
export const OUTCOME_COUNT =
  LEVEL_COUNTS.id * LEVEL_COUNTS.name * LEVEL_COUNTS.birth * LEVEL_COUNTS.sex * LEVEL_COUNTS.region;

/** One integer for a pair's five comparator levels, indexing the tables below. */
export function outcomeOf(
  id: IdLevel,
  name: NameLevel,
  birth: BirthLevel,
  sex: SexLevel,
  region: RegionLevel,
): number {
  return (
    (((id * LEVEL_COUNTS.name + name) * LEVEL_COUNTS.birth + birth) * LEVEL_COUNTS.sex + sex) *
      LEVEL_COUNTS.region +
    region
  );
}

function levelsOf(outcome: number): [IdLevel, NameLevel, BirthLevel, SexLevel, RegionLevel] {
  let rest = outcome;
  const region = rest % LEVEL_COUNTS.region;
  rest = (rest - region) / LEVEL_COUNTS.region;
  const sex = rest % LEVEL_COUNTS.sex;
  rest = (rest - sex) / LEVEL_COUNTS.sex;
  const birth = rest % LEVEL_COUNTS.birth;
  rest = (rest - birth) / LEVEL_COUNTS.birth;
  const name = rest % LEVEL_COUNTS.name;
  const id = (rest - name) / LEVEL_COUNTS.name;
  return [id as IdLevel, name as NameLevel, birth as BirthLevel, sex as SexLevel, region as RegionLevel];
}

/**
 * The ID encodes the birth date and the sex, so when two IDs agree or nearly agree, agreeing
 * birth dates and sexes are no further evidence: counting them again would let a stranger's
 * mistyped ID plus the date it carries outweigh a name that differs. Disagreements still count.
 */
function conditionedOnId(id: IdLevel, birth: BirthLevel, sex: SexLevel): [BirthLevel, SexLevel] {
  if (id === IdLevel.differs || id === IdLevel.missing) return [birth, sex];
  return [
    birth === BirthLevel.exact || birth === BirthLevel.swapped ? BirthLevel.missing : birth,
    sex === SexLevel.agrees ? SexLevel.missing : sex,
  ];
}

const WEIGHTS = new Float64Array(OUTCOME_COUNT);
const SCORES = new Float64Array(OUTCOME_COUNT);
const REASONS: (readonly LinkReason[])[] = [];
for (let outcome = 0; outcome < OUTCOME_COUNT; outcome++) {
  const [id, name, birth, sex, region] = levelsOf(outcome);
  const [birthEvidence, sexEvidence] = conditionedOnId(id, birth, sex);
  const weight =
    bits(ID_MU[id]) +
    bits(NAME_MU[name]) +
    bits(BIRTH_MU[birthEvidence]) +
    bits(SEX_MU[sexEvidence]) +
    bits(REGION_MU[region]);
  WEIGHTS[outcome] = weight;
  SCORES[outcome] = 1 / (1 + 2 ** -(weight + PRIOR_BITS));
  const reasons: LinkReason[] = [ID_REASONS[id], NAME_REASONS[name], BIRTH_REASONS[birth], SEX_REASONS[sex]];
  const regionReason = REGION_REASONS[region];
  if (regionReason) reasons.push(regionReason);
  REASONS.push(Object.freeze(reasons));
}

/** Sum of the comparators' log2 likelihood ratios. */
export function outcomeWeight(outcome: number): number {
  return WEIGHTS[outcome] ?? Number.NEGATIVE_INFINITY;
}

/** The match probability, 0 to 1. */
export function outcomeScore(outcome: number): number {
  return SCORES[outcome] ?? 0;
}

export function outcomeReasons(outcome: number): readonly LinkReason[] {
  return REASONS[outcome] ?? [];
}

/** Converts a match probability into the weight that reaches it. */
export function weightForScore(score: number): number {
  return Math.log2(score / (1 - score)) - PRIOR_BITS;
}

/**
 * Compares two records field by field; the result indexes the weight and reason tables. Returns
 * -1 without comparing names when even identical names could not lift the pair to `minWeight`:
 * the name comparison needs pinyin, and most candidate pairs are strangers. `id` may be passed
 * when already known.
 */
export function comparePair(
  list: LinkRecord,
  registry: LinkRecord,
  keysOf: (name: string) => NameKeys,
  minWeight = Number.NEGATIVE_INFINITY,
  id: IdLevel = compareId(list.idNumber, registry.idNumber),
): number {
  const birth = compareBirthDate(list.birthDate, registry.birthDate);
  const sex = compareSex(list.sex, registry.sex);
  const region = compareRegion(list.regionCode, registry.regionCode);
  if (outcomeWeight(outcomeOf(id, NameLevel.exact, birth, sex, region)) < minWeight) return -1;
  return outcomeOf(id, compareName(list.name, registry.name, keysOf), birth, sex, region);
}
