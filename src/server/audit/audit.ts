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

function auditRow(actor: Actor | null, entry: AuditEntry) {
  return {
    user_id: actor && actor.userId > 0 ? actor.userId : null,
    username: actor?.username ?? 'anonymous',
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    county_code: entry.countyCode ?? null,
    reason: entry.reason ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: actor?.ip ?? null,
  };
}

/** Appends one audit row; callers pass their transaction so the row commits with the change or read. */
export async function writeAudit(db: Kysely<DB>, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(actor, entry)).execute();
}

/** Appends many rows in one statement, each with its own actor (a batch of requests). */
export async function writeAudits(
  db: Kysely<DB>,
  entries: ReadonlyArray<{ actor: Actor | null; entry: AuditEntry }>,
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(entries.map(({ actor, entry }) => auditRow(actor, entry)))
    .execute();
}
