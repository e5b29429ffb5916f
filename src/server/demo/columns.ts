// Column-wise buffers flushed with one `insert … select * from unnest($1::type[], …)` per chunk:
// one parameter per column whatever the number of rows, so chunks can be large and PGlite (one
// in-process connection) parses a handful of statements instead of thousands.

import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.ts';

export type PgType = 'text' | 'int2' | 'int4' | 'int8' | 'date' | 'bool' | 'jsonb';

type Value = string | number | boolean | null;

export const CHUNK_ROWS = 20_000;

export class Columns<K extends string> {
  private readonly names: K[];
  private data: Value[][];
  /** Rows waiting in the buffer. */
  rows = 0;
  /** Rows inserted so far. */
  inserted = 0;

  constructor(
    private readonly table: keyof DB,
    private readonly types: Record<K, PgType>,
  ) {
    this.names = Object.keys(types) as K[];
    this.data = this.names.map(() => []);
  }

  push(row: Record<K, Value>): void {
    for (let i = 0; i < this.names.length; i++) {
      (this.data[i] as Value[]).push(row[this.names[i] as K]);
    }
    this.rows++;
  }

  /** Inserts the buffered rows and empties the buffer. */
  async insert(db: Kysely<DB>): Promise<void> {
    const columnList = sql.raw(this.names.join(', '));
    // jsonb travels as text and is cast in the select list: a text[] literal is unambiguous.
    const selectList = sql.raw(
      this.names.map((name) => (this.types[name] === 'jsonb' ? `${name}::jsonb` : name)).join(', '),
    );
    for (let start = 0; start < this.rows; start += CHUNK_ROWS) {
      const end = Math.min(this.rows, start + CHUNK_ROWS);
      const arrays = this.names.map((name, i) => {
        const type = this.types[name] === 'jsonb' ? 'text' : this.types[name];
        return sql`${(this.data[i] as Value[]).slice(start, end)}::${sql.raw(type)}[]`;
      });
      await sql`insert into ${sql.table(this.table)} (${columnList})
        select ${selectList} from unnest(${sql.join(arrays)}) as t(${columnList})`.execute(db);
    }
    this.inserted += this.rows;
    this.rows = 0;
    this.data = this.names.map(() => []);
  }
}
