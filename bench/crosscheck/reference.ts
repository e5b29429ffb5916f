// The import's yardstick (issue 5): a whole-buffer decode plus csv-parse of the same file (an
// ExcelJS streaming read for .xlsx) plus a bare multi-row INSERT of its rows into a scratch table
// of the same engine. No header search, normalisation, checks or history: the least any import
// of the file must do.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/server/db/connection.ts';
import type { DB } from '../../src/server/db/types.ts';

const BATCH_ROWS = 2_000;

async function readRows(path: string, encoding: 'utf-8' | 'gb18030'): Promise<string[][]> {
  if (path.endsWith('.xlsx')) {
    const rows: string[][] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'ignore',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
      }
    }
    return rows;
  }
  const text = new TextDecoder(encoding).decode(readFileSync(path));
  return parse(text, { bom: true, relax_column_count: true }) as string[][];
}

export type ReferenceFigures = { readSeconds: number; insertSeconds: number; seconds: number; rows: number };

export async function referenceImport(
  db: Kysely<DB>,
  path: string,
  encoding: 'utf-8' | 'gb18030',
): Promise<ReferenceFigures> {
  const started = performance.now();
  const rows = await readRows(path, encoding);
  const read = performance.now();
  const width = Math.max(...rows.slice(0, 10).map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => `c${i}`);
  await sql`drop table if exists bench_scratch`.execute(db);
  await sql`create table bench_scratch (${sql.raw(columns.map((c) => `${c} text`).join(', '))})`.execute(db);
  const insertStarted = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      const values = rows
        .slice(i, i + BATCH_ROWS)
        .map((row) => sql`(${sql.join(columns.map((_, c) => row[c] ?? null))})`);
      await sql`insert into bench_scratch values ${sql.join(values)}`.execute(trx);
    }
  });
  const done = performance.now();
  await sql`drop table bench_scratch`.execute(db);
  return {
    readSeconds: (read - started) / 1000,
    insertSeconds: (done - insertStarted) / 1000,
    seconds: (read - started + done - insertStarted) / 1000,
    rows: rows.length,
  };
}

export type StoredLink = { list_row: number; student_number: string | null; score: number; decision: string };

/**
 * One run's links of one list as stored: the rows of list_link and, where the engine's own
 * ('auto') links are kept as arrays in list_link_set, those unnested. Raw SQL, so that the
 * benchmark reads either layout while the storage is being reworked.
 */
export async function storedLinks(
  database: Database,
  runId: number,
  importId: number,
): Promise<StoredLink[]> {
  const db = database.db;
  const rows = await sql<StoredLink>`
    select l.list_row, c.student_number, l.score, l.decision
    from list_link l join child c on c.county_code = l.child_county_code and c.id = l.child_id
    where l.run_id = ${runId} and l.import_id = ${importId}`.execute(db);
  const hasSet = await sql<{ t: string | null }>`select to_regclass('list_link_set')::text as t`.execute(db);
  if (!hasSet.rows[0]?.t) return rows.rows;
  const sets = await sql<StoredLink>`
    select u.list_row, c.student_number, u.score, 'auto' as decision
    from list_link_set s
    cross join lateral unnest(s.list_rows, s.child_ids, s.scores) with ordinality as u(list_row, child_id, score, n)
    join child c on c.county_code = s.child_counties[coalesce(s.county_of[u.n], 1)] and c.id = u.child_id
    where s.run_id = ${runId} and s.import_id = ${importId}`.execute(db);
  return [...rows.rows, ...sets.rows];
}
