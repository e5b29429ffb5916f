import type { Kysely } from 'kysely';
import type { DatabaseKind } from './db/connection.ts';
import type { DB } from './db/types.ts';

export interface Settings {
  /** Session policy (DOMAIN 3); the versioned county policy takes these over when it exists. */
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  maxFailedSignIns: number;
  lockMinutes: number;
  secureCookies: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  maxFailedSignIns: 5,
  lockMinutes: 15,
  secureCookies: false,
};

export interface Deps {
  db: Kysely<DB>;
  kind: DatabaseKind;
  now: () => Date;
  settings: Settings;
}
