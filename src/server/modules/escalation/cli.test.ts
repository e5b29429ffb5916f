import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../../db/connection.ts';

// The CLI contract bureaus script against: stdout carries exactly the JSON lines, stderr the rest.
const NODE = process.execPath;
const MAIN = ['--import', 'tsx', join(process.cwd(), 'src/server/main.ts')];

let dataDir: string;
let studentNumber: string | null;

function nol(...args: string[]) {
  const result = spawnSync(NODE, [...MAIN, ...args], {
    env: { ...process.env, NOL_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(!process.env.DATABASE_URL)('nol escalate and nol tasks', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nol-cli-'));
    // The tiny demo, with three school days of absence recorded but never escalated (an import).
    const database = await openPglite({
      dataDir,
      loadDataDir: new Blob([readFileSync(inject('pgliteSnapshot'))]),
    });
    const child = await database.db
      .selectFrom('child')
      .select(['id', 'county_code', 'class_id', 'school_id', 'student_number'])
      .where('class_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    studentNumber = child.student_number;
    for (const day of ['2026-11-18', '2026-11-19', '2026-11-20']) {
      const rollCall = await database.db
        .insertInto('roll_call')
        .values({
          county_code: child.county_code,
          class_id: child.class_id as number,
          school_id: child.school_id as number,
          day,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('absence')
        .values({
          county_code: child.county_code,
          roll_call_id: rollCall.id,
          child_id: child.id,
          day,
          kind: 'absent',
        })
        .execute();
    }
    await database.close();
  }, 60_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a catch-up run opens every step reached, dated by its day; a re-run opens nothing', {
    timeout: 60_000,
  }, () => {
    const first = nol('escalate', '--date', '2026-11-20');
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      date: '2026-11-20',
      schoolDay: true,
      tasksCreated: 3,
    });
    const again = nol('escalate', '--date', '2026-11-20');
    expect(JSON.parse(again.stdout)).toMatchObject({ tasksCreated: 0 });
  });

  it('does nothing on a weekend and says so on stderr', { timeout: 60_000 }, () => {
    const saturday = nol('escalate', '--date', '2026-11-21');
    expect(saturday.status).toBe(0);
    expect(JSON.parse(saturday.stdout)).toMatchObject({ schoolDay: false, tasksCreated: 0 });
    expect(saturday.stderr).toMatch(/不是.*上课日/);
  });

  it('prints one JSON object per task with exactly the documented keys', { timeout: 60_000 }, () => {
    const out = nol('tasks', '--from', '2026-11-18', '--to', '2026-11-20', '--json');
    expect(out.status, out.stderr).toBe(0);
    const tasks = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(Object.keys(task)).toEqual([
        'studentNumber',
        'step',
        'owners',
        'status',
        'due',
        'policyVersion',
      ]);
      expect(task.studentNumber).toBe(studentNumber);
      expect(['open', 'overdue', 'done', 'closed']).toContain(task.status);
      expect(task.due).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(task.policyVersion).toBe(1);
    }
    expect(tasks.map((t) => t.step).sort()).toEqual([1, 2, 3]);
    expect(tasks.find((t) => t.step === 3)?.owners).toEqual(['homeroom_teacher', 'deputy_head', 'principal']);
  });

  it('refuses a malformed date with a clear message and a non-zero exit', { timeout: 60_000 }, () => {
    const bad = nol('tasks', '--from', '2026-13-01', '--to', '2026-11-20', '--json');
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/YYYY-MM-DD/);
  });
});
