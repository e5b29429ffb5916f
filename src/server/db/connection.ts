import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PgliteDialect } from './pgliteDriver.ts';
import type { DB } from './types.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations, restores) outside Kysely's compiler. */
  execScript(script: string): Promise<void>;
  /** Flushes to disk (PGlite) and closes every connection. */
  close(): Promise<void>;
  /** Present on PGlite: the embedded instance, for data-directory dumps in tests. */
  pglite?: PGlite;
}

const INT8 = 20;
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

/** PostgreSQL writes '2026-11-23 02:00:00.123+00'; JavaScript wants 'T' and a '+00:00' offset. */
const toIso = (value: string) =>
  new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

/** Same JS shapes from both engines: int8 as number, dates as 'YYYY-MM-DD', instants as ISO strings. */
const parsers = {
  [INT8]: (value: string) => Number(value),
  [DATE]: (value: string) => value,
  [TIMESTAMPTZ]: (value: string) => toIso(value),
  [TIMESTAMP]: (value: string) => value,
};

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  const instance = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers,
  });
  await instance.exec("SET TimeZone = 'UTC'");
  const db = new Kysely<DB>({ dialect: new PgliteDialect(instance) });
  return {
    kind: 'pglite',
    db,
    pglite: instance,
    execScript: async (script) => {
      await instance.exec(script);
    },
    close: async () => {
      await db.destroy();
      if (!instance.closed) {
        await instance.query('CHECKPOINT');
        await instance.close();
      }
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Both engines render instants alike (row_to_json in backups, ::text in reports).
    options: '-c TimeZone=UTC',
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        const parser = parsers[oid as keyof typeof parsers];
        return parser ?? pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closes (a restart, an administrator, a dropped test database)
  // reaches the pool as an 'error' event; unheard, it would crash the process. The pool discards
  // the client and opens a new one when needed.
  pool.on('error', (error: Error & { code?: string }) => {
    process.stderr.write(
      `PostgreSQL 连接已断开，将自动重连 / idle connection lost: ${error.code ?? error.message}\n`,
    );
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    execScript: async (script) => {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}
