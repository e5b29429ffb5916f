import { resolve } from 'node:path';
import { type Database, openPglite, openPostgres } from './connection.ts';
import { lockDataDir } from './lock.ts';

export interface DatabaseConfig {
  url: string | undefined;
  dataDir: string;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return { url: env.DATABASE_URL || undefined, dataDir: resolve(env.NOL_DATA_DIR || 'data') };
}

export function describeDatabase(config: DatabaseConfig): string {
  return config.url ? `PostgreSQL ${config.url.replace(/:[^:@/]*@/, ':***@')}` : `PGlite ${config.dataDir}`;
}

/** Opens the configured database; the embedded one is locked to this process until close. */
export async function openConfigured(config: DatabaseConfig, purpose: string): Promise<Database> {
  if (config.url) return openPostgres(config.url);
  const unlock = lockDataDir(config.dataDir, purpose);
  try {
    const database = await openPglite({ dataDir: config.dataDir });
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
