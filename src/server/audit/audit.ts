import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/types.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  countyCode?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one audit row; callers pass their transaction so the row commits with the change or read. */
export async function writeAudit(db: Kysely<DB>, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor && actor.userId > 0 ? actor.userId : null,
      username: actor?.username ?? 'anonymous',
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      county_code: entry.countyCode ?? null,
      reason: entry.reason ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: actor?.ip ?? null,
    })
    .execute();
}
