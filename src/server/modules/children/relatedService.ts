import type { Kysely } from 'kysely';
import { normalizeIdNumber, normalizeName, parseIdNumber } from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { actorMaySee } from '../../auth/scope.ts';
import { schoolDate } from '../../clock.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound, validationError } from '../../errors.ts';
import { findClass, locateClass } from '../schools/index.ts';
import { childPermissions } from './policy.ts';
import * as q from './queries.ts';
import type { EnrollmentInput, GroupMembershipInput, GuardianInput, GuardianUpdateInput } from './schema.ts';
import { getChildInTransaction } from './service.ts';

async function childOrThrow(db: Kysely<DB>, childId: number) {
  const child = await q.findChild(db, childId);
  if (!child) throw notFound('儿童');
  return child;
}

function guardianIdNumber(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const normalized = normalizeIdNumber(raw);
  if (normalized.length === 18 || normalized.length === 15) {
    const parsed = parseIdNumber(normalized);
    if (!parsed.ok) throw validationError([{ field: 'idNumber', message: parsed.message }]);
    return parsed.idNumber;
  }
  return normalized;
}

export async function addGuardian(deps: Deps, actor: Actor, childId: number, input: GuardianInput) {
  return deps.db.transaction().execute(async (trx) => {
    const child = await childOrThrow(trx, childId);
    const row = await trx
      .insertInto('guardian')
      .values({
        county_code: child.county_code,
        child_id: childId,
        name: normalizeName(input.name),
        relation: input.relation,
        phone: input.phone ?? null,
        id_number: guardianIdNumber(input.idNumber),
        is_guardian: input.isGuardian,
        working_away: input.workingAway,
        work_place: input.workPlace ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'guardian.create',
      entity: 'guardian',
      entityId: row.id,
      countyCode: child.county_code,
      detail: { childId },
    });
    return getChildInTransaction(trx, actor, childId);
  });
}

export async function updateGuardian(
  deps: Deps,
  actor: Actor,
  childId: number,
  guardianId: number,
  input: GuardianUpdateInput,
) {
  return deps.db.transaction().execute(async (trx) => {
    const child = await childOrThrow(trx, childId);
    const changes = {
      ...(input.name !== undefined && { name: normalizeName(input.name) }),
      ...(input.relation !== undefined && { relation: input.relation }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.idNumber !== undefined && { id_number: guardianIdNumber(input.idNumber) }),
      ...(input.isGuardian !== undefined && { is_guardian: input.isGuardian }),
      ...(input.workingAway !== undefined && { working_away: input.workingAway }),
      ...(input.workPlace !== undefined && { work_place: input.workPlace }),
    };
    const result = await trx
      .updateTable('guardian')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('county_code', '=', child.county_code)
      .where('child_id', '=', childId)
      .where('id', '=', guardianId)
      .where('version', '=', input.version)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new AppError('conflict', '该监护人信息已被他人修改或已结束，请刷新后重试', {
        current: await getChildInTransaction(trx, actor, childId),
      });
    }
    await writeAudit(trx, actor, {
      action: 'guardian.update',
      entity: 'guardian',
      entityId: guardianId,
      countyCode: child.county_code,
      detail: { childId, changed: Object.keys(changes) },
    });
    return getChildInTransaction(trx, actor, childId);
  });
}

export async function endGuardian(
  deps: Deps,
  actor: Actor,
  childId: number,
  guardianId: number,
  reason: string,
) {
  return deps.db.transaction().execute(async (trx) => {
    const child = await childOrThrow(trx, childId);
    const result = await trx
      .updateTable('guardian')
      .set((eb) => ({ ended_at: deps.now(), version: eb('version', '+', 1) }))
      .where('county_code', '=', child.county_code)
      .where('child_id', '=', childId)
      .where('id', '=', guardianId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw notFound('监护人');
    await writeAudit(trx, actor, {
      action: 'guardian.end',
      entity: 'guardian',
      entityId: guardianId,
      countyCode: child.county_code,
      reason,
      detail: { childId },
    });
    return getChildInTransaction(trx, actor, childId);
  });
}

export async function addGroupMembership(
  deps: Deps,
  actor: Actor,
  childId: number,
  input: GroupMembershipInput,
) {
  if (input.validTo && input.validTo < input.validFrom) {
    throw validationError([{ field: 'validTo', message: '有效期止不能早于有效期起' }]);
  }
  if (input.group === 'disabled' && !input.details.disabilityCategory) {
    throw validationError([{ field: 'details.disabilityCategory', message: '残疾儿童须填写残疾类别' }]);
  }
  return deps.db.transaction().execute(async (trx) => {
    const child = await childOrThrow(trx, childId);
    let sourceId: number | null = null;
    if (input.documentNumber) {
      const source = await trx
        .insertInto('data_source')
        .values({
          county_code: child.county_code,
          department: input.sourceDepartment,
          document_number: input.documentNumber,
          created_by: actor.userId || null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      sourceId = source.id;
    }
    const row = await trx
      .insertInto('group_membership')
      .values({
        county_code: child.county_code,
        child_id: childId,
        group_code: input.group,
        source_department: input.sourceDepartment,
        source_id: sourceId,
        valid_from: input.validFrom,
        valid_to: input.validTo ?? null,
        details: JSON.stringify(input.details),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'group.create',
      entity: 'group_membership',
      entityId: row.id,
      countyCode: child.county_code,
      detail: { childId, group: input.group },
    });
    return getChildInTransaction(trx, actor, childId);
  });
}

export async function endGroupMembership(
  deps: Deps,
  actor: Actor,
  childId: number,
  membershipId: number,
  reason: string,
) {
  return deps.db.transaction().execute(async (trx) => {
    const child = await childOrThrow(trx, childId);
    const result = await trx
      .updateTable('group_membership')
      .set((eb) => ({ ended_at: deps.now(), end_reason: reason, version: eb('version', '+', 1) }))
      .where('county_code', '=', child.county_code)
      .where('child_id', '=', childId)
      .where('id', '=', membershipId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw notFound('特殊群体记录');
    await writeAudit(trx, actor, {
      action: 'group.end',
      entity: 'group_membership',
      entityId: membershipId,
      countyCode: child.county_code,
      reason,
      detail: { childId },
    });
    return getChildInTransaction(trx, actor, childId);
  });
}

/** Moves a child to another class: the open enrollment ends the day before, a new one starts. */
export async function changeEnrollment(deps: Deps, actor: Actor, childId: number, input: EnrollmentInput) {
  const today = schoolDate(deps.now());
  if (input.startedOn > today)
    throw validationError([{ field: 'startedOn', message: '开始日期不能晚于今天' }]);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childOrThrow(trx, childId);
    const target = await locateClass(trx, input.classId);
    if (!target || !actorMaySee(actor, childPermissions['child.write'], target)) throw notFound('班级');
    const schoolClass = await findClass(trx, input.classId);
    if (!schoolClass) throw notFound('班级');
    if (schoolClass.county_code !== child.county_code) {
      throw validationError([{ field: 'classId', message: '只能调入本县的班级；跨县转学请走转出/转入手续' }]);
    }
    if (schoolClass.id === child.class_id)
      throw validationError([{ field: 'classId', message: '儿童已在该班级' }]);
    const open = await trx
      .selectFrom('enrollment')
      .select(['id', 'started_on'])
      .where('county_code', '=', child.county_code)
      .where('child_id', '=', childId)
      .where('ended_on', 'is', null)
      .execute();
    if (open.some((e) => e.started_on >= input.startedOn)) {
      throw validationError([{ field: 'startedOn', message: '开始日期须晚于当前班级的入班日期' }]);
    }
    const dayBefore = new Date(Date.parse(`${input.startedOn}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    await trx
      .updateTable('enrollment')
      .set({ ended_on: dayBefore, end_reason: input.reason })
      .where('county_code', '=', child.county_code)
      .where('child_id', '=', childId)
      .where('ended_on', 'is', null)
      .execute();
    await trx
      .insertInto('enrollment')
      .values({
        county_code: child.county_code,
        child_id: childId,
        school_year: schoolClass.school_year,
        school_id: schoolClass.school_id,
        class_id: schoolClass.id,
        grade: schoolClass.grade,
        started_on: input.startedOn,
      })
      .execute();
    await q.setPlacement(trx, child.county_code, childId, {
      schoolId: schoolClass.school_id,
      classId: schoolClass.id,
      grade: schoolClass.grade,
    });
    await writeAudit(trx, actor, {
      action: 'enrollment.change',
      entity: 'child',
      entityId: childId,
      countyCode: child.county_code,
      reason: input.reason,
      detail: { fromClassId: child.class_id, toClassId: schoolClass.id },
    });
    return getChildInTransaction(trx, actor, childId);
  });
}
