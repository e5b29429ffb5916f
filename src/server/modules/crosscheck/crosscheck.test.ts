import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { addForeignCounty } from '../../../../tests/support/foreignCounty.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Database } from '../../db/connection.ts';
import type { Deps } from '../../deps.ts';
import { executeCrosscheck, runCrosscheck } from './run.ts';
import { decideReview } from './service.ts';
import {
  insertList,
  makeId,
  type Scenario,
  SHUIYANG_TOWNSHIP,
  seedScenario,
  XILIN_TOWNSHIP,
} from './testLists.ts';

let database: Database;
let deps: Deps;
let scenario: Scenario;

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database);
  scenario = await seedScenario(database.db);
});
afterAll(async () => {
  await database.close();
});

const COUNTY = '341802';

describe('runCrosscheck on the tiny demo county', () => {
  it('links every police row of a registry child and reports each planted case, nothing else', async () => {
    const { summary, output } = await executeCrosscheck(deps, SYSTEM_ACTOR, {
      countyCode: COUNTY,
      asOf: '2026-11-23',
    });
    const police = output.links.filter((l) => l.kind === 'police');
    // 288 children, one left off the police list; the duplicate rows do not link a second time.
    expect(police).toHaveLength(scenario.children.length - 1);
    expect(police.every((l) => l.decision === 'auto')).toBe(true);
    const byCode = (code: string) => output.findings.filter((f) => f.code === code);

    expect(byCode('not_enrolled').map((f) => [f.listRow, f.townshipCode])).toEqual([
      [scenario.rows.notEnrolledXilin, XILIN_TOWNSHIP],
      [scenario.rows.notEnrolledShuiyang, SHUIYANG_TOWNSHIP],
    ]);
    expect(byCode('not_enrolled').map((f) => f.subjectKey)).toEqual(scenario.notEnrolledIds);
    expect(byCode('hukou_cancelled').map((f) => [f.listRow, f.childId])).toEqual([
      [scenario.rows.cancelled, scenario.cancelled.id],
    ]);
    expect(byCode('hukou_mismatch').map((f) => f.childId)).toEqual([scenario.mismatch.id]);
    expect(byCode('hukou_mismatch')[0]?.detail).toContain('性别');
    expect(byCode('duplicate_hukou').map((f) => f.listRow)).toEqual([
      scenario.rows.duplicateCopy,
      scenario.rows.duplicateTypo,
      scenario.rows.duplicateReissued,
    ]);
    expect(byCode('duplicate_hukou')[1]?.detail).toMatch(/一位不同/);
    expect(byCode('duplicate_hukou')[2]?.detail).toMatch(/另办了新号/);
    expect(byCode('no_hukou_record').map((f) => f.childId)).toEqual([scenario.missingFromPolice.id]);
    expect(byCode('group_unknown_to_school').map((f) => [f.kind, f.childId])).toEqual([
      ['disabled', scenario.groupUnknown[0]?.id],
      ['poverty', scenario.groupUnknown[1]?.id],
    ]);
    expect(summary.counts).toMatchObject({
      not_enrolled: 2,
      hukou_cancelled: 1,
      hukou_mismatch: 1,
      duplicate_hukou: 3,
      no_hukou_record: 1,
      group_unknown_to_school: 2,
    });

    // Reviewed links are rows of list_link, the engine's own elements of list_link_set's arrays.
    const stored = await sql<{ n: number }>`
      select (select count(*) from list_link where run_id = ${summary.runId})
        + (select coalesce(sum(cardinality(list_rows)), 0) from list_link_set where run_id = ${summary.runId})
        as n`.execute(database.db);
    expect(Number(stored.rows[0]?.n)).toBe(output.links.length);
    const findings = await database.db
      .selectFrom('finding')
      .select(['code', 'subject_key', 'child_county_code'])
      .where('run_id', '=', summary.runId)
      .execute();
    expect(findings).toHaveLength(output.findings.length);
    const run = await database.db
      .selectFrom('crosscheck_run')
      .selectAll()
      .where('id', '=', summary.runId)
      .executeTakeFirstOrThrow();
    expect(run.counts).toMatchObject({ not_enrolled: 2, links: output.links.length });
  });

  it('judges school age on the as-of date with the county policy', async () => {
    // On 2021-11-23 the child born 2016-03-10 starts school next year; the one born 2014 is in grade 2.
    const { output } = await executeCrosscheck(deps, SYSTEM_ACTOR, {
      countyCode: COUNTY,
      asOf: '2021-11-23',
    });
    expect(output.findings.filter((f) => f.code === 'not_enrolled').map((f) => f.listRow)).toEqual([
      scenario.rows.notEnrolledShuiyang,
    ]);
  });

  it('reuses review decisions on the next run', async () => {
    const first = await runCrosscheck(deps, SYSTEM_ACTOR, { countyCode: COUNTY, asOf: '2026-11-23' });
    // A reviewer rejects the link of the mismatched child: the next run leaves that row unlinked.
    await decideReview(deps, SYSTEM_ACTOR, {
      countyCode: COUNTY,
      runId: first.runId,
      importId: scenario.policeImport,
      listRow: scenario.rows.mismatch,
      childId: scenario.mismatch.id,
      decision: 'reject',
    });
    const { output } = await executeCrosscheck(deps, SYSTEM_ACTOR, {
      countyCode: COUNTY,
      asOf: '2026-11-23',
    });
    const linkOfRow = (row: number) => output.links.find((l) => l.kind === 'police' && l.listRow === row);
    expect(linkOfRow(scenario.rows.mismatch)).toBeUndefined();
    expect(output.findings.filter((f) => f.code === 'no_hukou_record').map((f) => f.childId)).toContain(
      scenario.mismatch.id,
    );

    // Confirming it again restores the link, now marked confirmed.
    const again = await runCrosscheck(deps, SYSTEM_ACTOR, { countyCode: COUNTY, asOf: '2026-11-23' });
    await database.db
      .insertInto('list_link')
      .values({
        county_code: COUNTY,
        run_id: again.runId,
        import_id: scenario.policeImport,
        list_row: scenario.rows.mismatch,
        child_county_code: COUNTY,
        child_id: scenario.mismatch.id,
        score: 0.9,
        decision: 'review',
        reasons: ['exact_id', 'sex_differs'],
      })
      .execute();
    const decided = await decideReview(deps, SYSTEM_ACTOR, {
      countyCode: COUNTY,
      runId: again.runId,
      importId: scenario.policeImport,
      listRow: scenario.rows.mismatch,
      childId: scenario.mismatch.id,
      decision: 'confirm',
    });
    expect(decided).toMatchObject({ stored: true, remaining: 0 });
    const third = await executeCrosscheck(deps, SYSTEM_ACTOR, { countyCode: COUNTY, asOf: '2026-11-23' });
    expect(
      third.output.links.find((l) => l.kind === 'police' && l.listRow === scenario.rows.mismatch),
    ).toMatchObject({
      childId: scenario.mismatch.id,
      decision: 'confirmed',
    });
    expect(third.output.links.find((l) => l.listRow === scenario.rows.mismatch)?.reasons).toContain(
      'confirmed',
    );
  });
});

describe('a run that fails while storing', () => {
  it('leaves nothing behind: the links stored before the failure go with it', async () => {
    const db = database.db;
    const stored = async () => {
      const counts = await sql<{ runs: number; sets: number; links: number; findings: number }>`
        select (select count(*) from crosscheck_run)::int as runs, (select count(*) from list_link_set)::int as sets,
          (select count(*) from list_link)::int as links, (select count(*) from finding)::int as findings`.execute(
        db,
      );
      return counts.rows[0];
    };
    const before = await stored();
    // The police list's links are written before its first finding: the refusal comes mid-run.
    await sql`create function refuse_finding() returns trigger language plpgsql as $$
      begin raise exception 'finding refused'; end $$`.execute(db);
    await sql`create trigger refuse_finding before insert on finding
      for each row execute function refuse_finding()`.execute(db);
    try {
      await expect(
        runCrosscheck(deps, SYSTEM_ACTOR, { countyCode: COUNTY, asOf: '2026-11-23' }),
      ).rejects.toThrow(/finding refused/);
    } finally {
      await sql`drop trigger refuse_finding on finding`.execute(db);
      await sql`drop function refuse_finding()`.execute(db);
    }
    expect(await stored()).toEqual(before);
  });
});

describe('children of other counties the database holds', () => {
  it('counts a child enrolled in another county as enrolled, not missing', async () => {
    const foreign = await addForeignCounty(database.db);
    const child = await database.db
      .selectFrom('child')
      .select(['id_number', 'name', 'birth_date'])
      .where('id', '=', foreign.childId)
      .executeTakeFirstOrThrow();
    const stranger = makeId(COUNTY, '2017-06-06', 81, '1');
    await insertList(
      database.db,
      COUNTY,
      'police',
      [
        { idNumber: child.id_number, name: child.name, sex: '2', birthDate: child.birth_date },
        { idNumber: stranger, name: '无学籍', sex: '1', birthDate: '2017-06-06' },
      ],
      '水阳派出所',
    );
    const { output } = await executeCrosscheck(deps, SYSTEM_ACTOR, {
      countyCode: COUNTY,
      asOf: '2026-11-23',
    });
    const link = output.links.find((l) => l.childId === foreign.childId);
    expect(link).toMatchObject({ childCountyCode: foreign.countyCode, decision: 'auto', kind: 'police' });
    const notEnrolled = output.findings.filter((f) => f.code === 'not_enrolled').map((f) => f.subjectKey);
    expect(notEnrolled).toContain(stranger);
    expect(notEnrolled).not.toContain(child.id_number);
    // Only the county's own students can lack its household record.
    expect(output.findings.some((f) => f.code === 'no_hukou_record' && f.childId === foreign.childId)).toBe(
      false,
    );
  });

  it('asks for --county when the database holds several', async () => {
    await expect(runCrosscheck(deps, SYSTEM_ACTOR, {})).rejects.toThrow(/请指定区县代码/);
  });
});
