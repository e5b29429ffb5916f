import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../../../tests/support/database.ts';
import { addForeignCounty } from '../../../../tests/support/foreignCounty.ts';
import type { Database } from '../../db/connection.ts';
import type { Deps } from '../../deps.ts';
import { csvField } from './cli.ts';
import { runCrosscheckCommand } from './index.ts';
import { type Scenario, seedScenario } from './testLists.ts';

let database: Database;
let deps: Deps;
let scenario: Scenario;
let dir: string;

beforeAll(async () => {
  database = await freshDatabase();
  deps = testDeps(database);
  scenario = await seedScenario(database.db);
  dir = await mkdtemp(join(tmpdir(), 'nol-crosscheck-'));
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('nol crosscheck', () => {
  it('writes links.csv and findings.csv (UTF-8, no BOM, header row) and returns the counts', async () => {
    const lines: string[] = [];
    const counts = await runCrosscheckCommand(deps, ['--as-of', '2026-11-23', '--out', dir], (line) =>
      lines.push(line),
    );
    expect(counts).toMatchObject({
      not_enrolled: 2,
      hukou_cancelled: 1,
      hukou_mismatch: 1,
      duplicate_hukou: 3,
      no_hukou_record: 1,
      group_unknown_to_school: 2,
    });
    expect(counts.elapsedMs).toBeGreaterThan(0);
    expect(Object.keys(counts).sort()).toEqual(
      [
        'duplicate_hukou',
        'elapsedMs',
        'group_unknown_to_school',
        'hukou_cancelled',
        'hukou_mismatch',
        'no_hukou_record',
        'not_enrolled',
      ].sort(),
    );
    expect(lines).toHaveLength(1);

    const linksBytes = await readFile(join(dir, 'links.csv'));
    expect([...linksBytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const links = parse(linksBytes.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(linksBytes.toString('utf8').split('\n')[0]).toBe('list,list_row,student_number,score,decision');
    const police = links.filter((l) => l.list === 'police');
    expect(police).toHaveLength(scenario.children.length - 1);
    const mismatch = police.find((l) => l.list_row === String(scenario.rows.mismatch));
    expect(mismatch).toMatchObject({ student_number: scenario.mismatch.studentNumber, decision: 'auto' });
    expect(links.every((l) => Number(l.score) >= 0 && Number(l.score) <= 1)).toBe(true);
    expect(links.filter((l) => l.list === 'disabled')).toHaveLength(2);

    const findingsText = await readFile(join(dir, 'findings.csv'), 'utf8');
    expect(findingsText.charCodeAt(0)).not.toBe(0xfeff);
    expect(findingsText.split('\n')[0]).toBe('finding,list,list_row,student_number,detail');
    const findings = parse(findingsText, { columns: true }) as Record<string, string>[];
    expect(findings.filter((f) => f.finding === 'not_enrolled')).toEqual([
      expect.objectContaining({
        list: 'police',
        list_row: String(scenario.rows.notEnrolledXilin),
        student_number: '',
      }),
      expect.objectContaining({
        list: 'police',
        list_row: String(scenario.rows.notEnrolledShuiyang),
        student_number: '',
      }),
    ]);
    expect(findings.find((f) => f.finding === 'no_hukou_record')).toMatchObject({
      list: '',
      list_row: '',
      student_number: scenario.missingFromPolice.studentNumber,
    });
    const duplicates = findings.filter((f) => f.finding === 'duplicate_hukou');
    expect(duplicates.map((f) => f.list_row)).toEqual([
      String(scenario.rows.duplicateCopy),
      String(scenario.rows.duplicateTypo),
      String(scenario.rows.duplicateReissued),
    ]);
    expect(duplicates[0]?.detail).toMatch(/与户籍名单第 \d+ 行为同一人/);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('学籍与户籍不一致：姓名')).toBe('学籍与户籍不一致：姓名');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it('refuses a bad date, a missing --out, and a missing --county when the database holds two', async () => {
    const log = () => {};
    await expect(runCrosscheckCommand(deps, ['--out', dir, '--as-of', '2026-13-01'], log)).rejects.toThrow(
      /--as-of/,
    );
    await expect(runCrosscheckCommand(deps, [], log)).rejects.toThrow(/--out/);
    await addForeignCounty(database.db);
    await expect(runCrosscheckCommand(deps, ['--out', dir], log)).rejects.toThrow(/--county/);
    const counts = await runCrosscheckCommand(deps, ['--county', '110101', '--out', dir], log);
    // The other county has no lists: nothing to find, and no household list to miss.
    expect(counts).toMatchObject({ not_enrolled: 0, no_hukou_record: 0 });
  });
});
