// The cross-check in memory: each list linked to the registry, then the findings read off the
// links (DOMAIN 2.1). No I/O: runCrosscheck loads the inputs and stores what this hands out, in
// parts, so that it can store one part while the next is computed.

import { parseIdNumber, type SchoolAgePolicy, schoolAgeStatus } from '../../../domain/index.ts';
import {
  compareId,
  findListDuplicates,
  IdLevel,
  type Link,
  type LinkRecord,
  linkRecords,
  type PairDecision,
} from '../../../domain/linkage/index.ts';
import { candidateRegistries } from './candidates.ts';
import {
  groupLabel,
  impliedGroups,
  KIND_LABELS,
  mismatchDetail,
  SEX_LABEL,
  subjectKeyOf,
  VERIFIED_ELSEWHERE,
} from './findingRules.ts';
import type { FindingRow, LinkRow, ListKind, ListRow, RegistryRow, SchoolPlace } from './runQueries.ts';

export type CrosscheckInput = {
  countyCode: string;
  asOf: string;
  schoolAge: SchoolAgePolicy;
  registry: readonly RegistryRow[];
  lists: readonly ListRow[];
  decisions: ReadonlyArray<{
    list_fingerprint: string;
    child_county_code: string;
    child_id: number;
    decision: string;
  }>;
  verified: ReadonlyMap<string, string>;
  memberships: ReadonlySet<string>;
  schools: ReadonlyMap<number, SchoolPlace>;
};

/** A stored link with the two records it joins, for the CLI's files. */
export type RunLink = LinkRow & { kind: ListKind; studentNumber: string | null };
export type RunFinding = FindingRow & { studentNumber: string | null };

export type CrosscheckOutput = {
  links: RunLink[];
  findings: RunFinding[];
  /** Verified subjects left out of not_enrolled (studying elsewhere, living elsewhere, deceased, emigrated). */
  verifiedExcluded: number;
};

function leanRecord(
  key: number,
  idNumber: string | null,
  name: string,
  sex: '1' | '2' | null,
  birthDate: string | null,
  regionCode: string | null,
): LinkRecord {
  return { key, idNumber, name, sex, birthDate, regionCode };
}

const township = (code: string | null) => (code && code.length === 12 ? `${code.slice(0, 9)}000` : null);
const village = (code: string | null) => (code && code.length === 12 && !code.endsWith('000') ? code : null);

function listPlace(row: ListRow): { townshipCode: string | null; villageCode: string | null } {
  return {
    townshipCode: row.townshipCode ?? township(row.regionCode),
    villageCode: row.villageCode ?? village(row.regionCode),
  };
}

/** A credible second registration: one ID twice, or one person under IDs a typist could confuse. */
function credibleDuplicate(kind: 'same_id' | 'same_person', records: readonly LinkRecord[]): string | null {
  if (kind === 'same_id') return '身份证号相同';
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++) {
      const level = compareId(records[i]?.idNumber ?? null, records[j]?.idNumber ?? null);
      if (level === IdLevel.oneDigit) return '姓名、出生日期、性别相同，身份证号仅一位不同';
      if (level === IdLevel.transposed) return '姓名、出生日期、性别相同，身份证号两位颠倒';
      if (level === IdLevel.id15) return '姓名、出生日期、性别相同，15 位与 18 位身份证号对应';
      if (sameBirthRegistration(records[i], records[j])) {
        return '姓名、出生日期、性别、户籍地相同，身份证号的地区码和出生日期相同（另办了新号）';
      }
    }
  }
  return null;
}

/**
 * A child registered again under a new number keeps the region and birth date digits (the first 14)
 * and the household address; a namesake born the same day elsewhere differs in region.
 */
function sameBirthRegistration(a: LinkRecord | undefined, b: LinkRecord | undefined): boolean {
  const [idA, idB] = [a?.idNumber ?? '', b?.idNumber ?? ''];
  return (
    idA.length === 18 &&
    idB.length === 18 &&
    idA.slice(0, 14) === idB.slice(0, 14) &&
    !!a?.regionCode &&
    a.regionCode === b?.regionCode
  );
}

/**
 * Remembered decisions with the registry index of their child. Only the decided children are
 * looked up: a map keyed by every child of the city costs ≈200 ms a run and is usually unused.
 */
function pairDecisions(
  registry: readonly RegistryRow[],
  decided: CrosscheckInput['decisions'],
): PairDecision[] {
  if (decided.length === 0) return [];
  const wanted = new Map<string, Map<number, number>>();
  for (const d of decided) {
    const ids = wanted.get(d.child_county_code) ?? new Map<number, number>();
    ids.set(Number(d.child_id), -1);
    wanted.set(d.child_county_code, ids);
  }
  registry.forEach((child, i) => {
    const ids = wanted.get(child.countyCode);
    if (ids?.get(child.id) === -1) ids.set(child.id, i);
  });
  const decisions: PairDecision[] = [];
  for (const d of decided) {
    const registryKey = wanted.get(d.child_county_code)?.get(Number(d.child_id)) ?? -1;
    if (registryKey === -1) continue;
    decisions.push({
      listFingerprint: d.list_fingerprint,
      registryKey,
      verdict: d.decision === 'rejected' ? 'rejected' : 'confirmed',
    });
  }
  return decisions;
}

/** The links and findings computed since the previous part, in output order. */
export type CrosscheckPart = { links: RunLink[]; findings: RunFinding[] };

/**
 * Yields the output in parts (each list's links, then its findings, then the registry's
 * findings) and returns the whole of it. Storing a city's links and findings is mostly the
 * database's work (≈1.5 s of index and log writes): handed out in parts, it runs beside the
 * linking and finding still to do here rather than after all of it.
 */
export function* crosscheckInParts(input: CrosscheckInput): Generator<CrosscheckPart, CrosscheckOutput> {
  const registry = input.registry;
  // The engine's records carry its six fields and nothing else, all of one shape: its hot loops
  // run about three times faster than over the wider rows they come from.
  const registryRecords: LinkRecord[] = registry.map((child, key) =>
    leanRecord(key, child.idNumber, child.name, child.sex, child.birthDate, child.hukouRegionCode),
  );
  const decisions = pairDecisions(registry, input.decisions);

  const decidedKeys = new Set(decisions.map((d) => d.registryKey));

  const byKind = new Map<ListKind, ListRow[]>();
  for (const row of input.lists) {
    const rows = byKind.get(row.kind) ?? [];
    rows.push(row);
    byKind.set(row.kind, rows);
  }

  const links: RunLink[] = [];
  const findings: RunFinding[] = [];
  // How much of links and findings earlier parts handed out.
  let linksOut = 0;
  let findingsOut = 0;
  const part = (): CrosscheckPart => {
    const next = { links: links.slice(linksOut), findings: findings.slice(findingsOut) };
    linksOut = links.length;
    findingsOut = findings.length;
    return next;
  };
  const childOf = (link: Link) => registry[link.registryKey as number] as RegistryRow;
  const schoolPlace = (child: RegistryRow) =>
    child.schoolId === null ? undefined : input.schools.get(child.schoolId);
  // Where the township goes to check: the household's place on the list, else the child's school.
  const placeOf = (row: ListRow, child: RegistryRow | null) => {
    const place = listPlace(row);
    if (place.townshipCode || !child) return place;
    const school = schoolPlace(child);
    return {
      townshipCode: school?.townshipCode ?? null,
      villageCode: school && school.regionCode !== school.townshipCode ? school.regionCode : null,
    };
  };
  const listFinding = (
    code: string,
    row: ListRow,
    child: RegistryRow | null,
    subject: { idNumber: string | null; name: string; birthDate: string | null },
    detail: string,
  ): RunFinding => ({
    code,
    kind: row.kind,
    importId: row.importId,
    listRow: row.listRow,
    childCountyCode: child?.countyCode ?? null,
    childId: child?.id ?? null,
    schoolId: child?.schoolId ?? null,
    ...placeOf(row, child),
    subjectKey: subjectKeyOf(subject),
    detail,
    studentNumber: child?.studentNumber ?? null,
  });

  let verifiedExcluded = 0;
  // 1 for each registry index the police list links to; null without a police list.
  let policeLinked: Uint8Array | null = null;
  const kinds = [...byKind];
  const leanLists = kinds.map(([, records]) =>
    records.map((row, key) =>
      leanRecord(key, row.idNumber, row.name, row.sex, row.birthDate, row.regionCode),
    ),
  );
  const candidates = candidateRegistries(registryRecords, leanLists, decidedKeys);
  for (const [k, [kind, records]] of kinds.entries()) {
    const leanList = leanLists[k] as LinkRecord[];
    const kindLinks = linkRecords(candidates[k] as LinkRecord[], leanList, { decisions });
    // The index in kindLinks of each list row's link, -1 for none: typed arrays rather than a
    // Map or Set keyed by row, which on a city list cost more than the loops that use them.
    const linkOf = new Int32Array(records.length).fill(-1);
    kindLinks.forEach((link, i) => {
      linkOf[link.listKey as number] = i;
    });
    const linkAt = (key: number) => kindLinks[linkOf[key] ?? -1];
    for (const link of kindLinks) {
      const row = records[link.listKey as number] as ListRow;
      const child = childOf(link);
      links.push({
        kind,
        importId: row.importId,
        listRow: row.listRow,
        childCountyCode: child.countyCode,
        childId: child.id,
        score: link.score,
        decision: link.decision,
        reasons: link.reasons,
        studentNumber: child.studentNumber,
      });
    }
    yield part();
    // Findings read only links a person or the engine accepted; a pair waiting in review
    // still counts as enrolled (a person is about to look at it).
    const accepted = kindLinks.filter((link) => link.decision !== 'review');

    if (kind === 'police') {
      const linked = new Uint8Array(registry.length);
      for (const link of kindLinks) linked[link.registryKey as number] = 1;
      policeLinked = linked;
      for (const link of accepted) {
        const row = records[link.listKey as number] as ListRow;
        const child = childOf(link);
        if (row.hukouStatus === 'cancelled') {
          findings.push(
            listFinding(
              'hukou_cancelled',
              row,
              child,
              child,
              `学生${child.name}的户籍已注销（户籍名单第 ${row.listRow} 行）`,
            ),
          );
        }
        const mismatch = mismatchDetail(link.reasons, row, child);
        if (mismatch) findings.push(listFinding('hukou_mismatch', row, child, child, mismatch));
      }

      // One row per second registration; the row that links (else the first) is the person's.
      const secondary = new Uint8Array(records.length);
      for (const group of findListDuplicates(leanList)) {
        const why = credibleDuplicate(group.kind, group.records);
        if (!why) continue;
        const primary = group.records.find((r) => linkOf[r.key as number] !== -1) ?? group.records[0];
        if (!primary) continue;
        const primaryRow = records[primary.key as number] as ListRow;
        const primaryLink = linkAt(primary.key as number);
        const child = primaryLink ? childOf(primaryLink) : null;
        for (const other of group.records) {
          const key = other.key as number;
          if (other === primary || linkOf[key] !== -1 || secondary[key] === 1) continue;
          secondary[key] = 1;
          const row = records[key] as ListRow;
          findings.push(
            listFinding(
              'duplicate_hukou',
              row,
              child,
              row,
              `与户籍名单第 ${primaryRow.listRow} 行为同一人：${why}`,
            ),
          );
        }
      }

      const ageOf = new Map<string, string>();
      records.forEach((row, key) => {
        if (linkOf[key] !== -1 || secondary[key] === 1) return;
        if (row.hukouStatus !== null && row.hukouStatus !== 'normal') return;
        const parsed = row.birthDate === null && row.idNumber ? parseIdNumber(row.idNumber) : null;
        const birthDate = row.birthDate ?? (parsed?.ok ? parsed.birthDate : null);
        if (birthDate === null) return;
        let status = ageOf.get(birthDate);
        if (status === undefined) {
          status = schoolAgeStatus(birthDate, input.asOf, input.schoolAge);
          ageOf.set(birthDate, status);
        }
        if (status !== 'school_age') return;
        const subject = { idNumber: row.idNumber, name: row.name, birthDate };
        const outcome = input.verified.get(subjectKeyOf(subject));
        if (outcome && VERIFIED_ELSEWHERE.has(outcome)) {
          verifiedExcluded++;
          return;
        }
        const sex = row.sex ? `${SEX_LABEL[row.sex]}，` : '';
        findings.push(
          listFinding(
            'not_enrolled',
            row,
            null,
            subject,
            `${sex}${birthDate} 出生，按 ${input.asOf} 为义务教育适龄，但全市学籍中都没有此人`,
          ),
        );
      });
    } else {
      for (const link of accepted) {
        const row = records[link.listKey as number] as ListRow;
        const child = childOf(link);
        const groups = impliedGroups(kind, row.groupCode);
        if (groups.length === 0) continue;
        if (groups.some((g) => input.memberships.has(`${child.countyCode}:${child.id}:${g}`))) continue;
        findings.push(
          listFinding(
            'group_unknown_to_school',
            row,
            child,
            child,
            `${KIND_LABELS[kind]}名单（第 ${row.listRow} 行）列为${groupLabel(groups)}，学籍中未登记`,
          ),
        );
      }
    }
    yield part();
  }

  // Without a police list, every student would lack a household record: nothing to say.
  if (policeLinked) {
    const linked = policeLinked;
    registry.forEach((child, i) => {
      if (linked[i] === 1 || child.countyCode !== input.countyCode) return;
      const school = schoolPlace(child);
      findings.push({
        code: 'no_hukou_record',
        kind: null,
        importId: null,
        listRow: null,
        childCountyCode: child.countyCode,
        childId: child.id,
        schoolId: child.schoolId,
        townshipCode: school?.townshipCode ?? null,
        villageCode: school && school.regionCode !== school.townshipCode ? school.regionCode : null,
        subjectKey: subjectKeyOf(child),
        detail: `本县户籍名单中没有学生${child.name}的户籍记录`,
        studentNumber: child.studentNumber,
      });
    });
  }
  yield part();
  return { links, findings, verifiedExcluded };
}
