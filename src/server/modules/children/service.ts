import type { Kysely } from 'kysely';
import {
  checkIdConsistency,
  idLast4,
  maskIdNumber,
  nameInitials,
  namePinyin,
  normalizeIdNumber,
  normalizeName,
  parseIdNumber,
} from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor, Grant } from '../../auth/actor.ts';
import { actorMaySee } from '../../auth/scope.ts';
import { schoolDate } from '../../clock.ts';
import type { DB, NewChild } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, type FieldError, notFound, validationError } from '../../errors.ts';
import { findClass, locateClass } from '../schools/index.ts';
import { childPermissions } from './policy.ts';
import * as q from './queries.ts';
import type { ChildCreateInput, ChildListQueryInput, ChildUpdateInput } from './schema.ts';
import { childDetailView, childSummaryView } from './views.ts';

/** Reads the search box: pinyin initials, ID last 4, student number, or the start of a name. */
export function classifySearch(raw: string | undefined): q.ChildSearch['text'] {
  const text = raw?.trim();
  if (!text) return undefined;
  if (/^[a-z]+$/i.test(text)) return { kind: 'initials', value: text.toLowerCase() };
  if (/^[0-9]{3}[0-9xX]$/.test(text)) return { kind: 'last4', value: text.toUpperCase() };
  if (/^[GLgl][0-9]{4,}[0-9Xx]*$/.test(text)) return { kind: 'studentNumber', value: text.toUpperCase() };
  if (/^[0-9]{5,}[0-9Xx]*$/.test(text)) return { kind: 'studentNumber', value: `G${text.toUpperCase()}` };
  return { kind: 'name', value: normalizeName(text) };
}

export async function searchChildren(
  deps: Deps,
  actor: Actor,
  grants: readonly Grant[],
  query: ChildListQueryInput,
) {
  const { total, items } = await q.searchChildren(deps.db, grants, actor.userId, {
    text: classifySearch(query.q),
    schoolId: query.schoolId,
    classId: query.classId,
    grade: query.grade,
    group: query.group,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { total, page: query.page, pageSize: query.pageSize, items: items.map(childSummaryView) };
}

export async function getChildInTransaction(db: Kysely<DB>, actor: Actor, id: number) {
  const child = await q.findChild(db, id);
  if (!child) throw notFound('儿童');
  const [guardians, groups, enrollments, location] = [
    await q.guardiansOf(db, child.county_code, id),
    await q.groupMembershipsOf(db, child.county_code, id),
    await q.enrollmentsOf(db, child.county_code, id),
    await q.locateChild(db, id),
  ];
  const may = (permission: string) => (location ? actorMaySee(actor, permission, location) : false);
  return childDetailView(child, {
    guardians,
    groups,
    enrollments,
    mayRevealId: may(childPermissions['child.revealId']) && child.id_number !== null,
    mayEdit: may(childPermissions['child.write']),
  });
}

/** The child page holds family, disability and poverty facts: every read is audited with it. */
export function getChild(deps: Deps, actor: Actor, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const detail = await getChildInTransaction(trx, actor, id);
    await writeAudit(trx, actor, {
      action: 'child.read',
      entity: 'child',
      entityId: id,
      countyCode: detail.countyCode,
    });
    return detail;
  });
}

export function revealIdNumber(deps: Deps, actor: Actor, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const child = await q.findChild(trx, id);
    if (!child) throw notFound('儿童');
    await writeAudit(trx, actor, {
      action: 'child.reveal_id',
      entity: 'child',
      entityId: id,
      countyCode: child.county_code,
      reason,
    });
    return { idNumber: child.id_number, studentNumber: child.student_number };
  });
}

interface Identity {
  idType: string;
  idNumber: string | null;
  birthDate: string;
  sex: 'male' | 'female';
}

/** Checks the ID document against birth date and sex; derives them from a resident ID when absent. */
function resolveIdentity(
  input: { idType: string; idNumber?: string | null; birthDate?: string; sex?: 'male' | 'female' },
  today: string,
): Identity {
  const fields: FieldError[] = [];
  if (input.idType === '1') {
    const parsed = parseIdNumber(input.idNumber ?? '', today);
    if (!parsed.ok) throw validationError([{ field: 'idNumber', message: parsed.message }]);
    for (const problem of checkIdConsistency(parsed, { birthDate: input.birthDate, sex: input.sex })) {
      fields.push({ field: problem.field, message: problem.message });
    }
    if (fields.length) throw validationError(fields);
    return { idType: '1', idNumber: parsed.idNumber, birthDate: parsed.birthDate, sex: parsed.sex };
  }
  if (!input.birthDate) fields.push({ field: 'birthDate', message: '无居民身份证号时请填写出生日期' });
  if (!input.sex) fields.push({ field: 'sex', message: '无居民身份证号时请选择性别' });
  if (input.birthDate && input.birthDate > today)
    fields.push({ field: 'birthDate', message: '出生日期不能晚于今天' });
  if (fields.length || !input.birthDate || !input.sex) throw validationError(fields);
  const number = input.idNumber ? normalizeIdNumber(input.idNumber) : '';
  return { idType: input.idType, idNumber: number || null, birthDate: input.birthDate, sex: input.sex };
}

async function refuseDuplicates(
  db: Kysely<DB>,
  countyCode: string,
  identity: Identity,
  studentNumber: string | null,
  selfId: number | null,
): Promise<void> {
  if (identity.idNumber) {
    const existing = await q.findChildByIdNumber(db, countyCode, identity.idType, identity.idNumber);
    if (existing && existing.id !== selfId) {
      const where = existing.school_name ? `，${existing.school_name}` : '';
      throw new AppError(
        'conflict',
        `该证件号已登记：${existing.name}（${maskIdNumber(existing.id_number)}${where}），请勿重复建档`,
        { fields: [{ field: 'idNumber', message: '本县已有此证件号的儿童' }] },
      );
    }
  }
  if (studentNumber) {
    const existing = await q.findChildByStudentNumber(db, countyCode, studentNumber);
    if (existing && existing.id !== selfId) {
      throw new AppError('conflict', `学籍号 ${studentNumber} 已属于 ${existing.name}`, {
        fields: [{ field: 'studentNumber', message: '学籍号已被使用' }],
      });
    }
  }
}

async function checkRegion(db: Kysely<DB>, code: string | null | undefined): Promise<void> {
  if (code && !(await q.regionExists(db, code))) {
    throw validationError([{ field: 'hukouRegionCode', message: `行政区划代码 ${code} 不存在` }]);
  }
}

function profileColumns(input: Partial<ChildUpdateInput>): Partial<NewChild> {
  const columns: Partial<NewChild> = {};
  if (input.name !== undefined) {
    const name = normalizeName(input.name);
    Object.assign(columns, { name, name_initials: nameInitials(name), name_pinyin: namePinyin(name) });
  }
  const direct = {
    ethnicity: input.ethnicity,
    hukou_region_code: input.hukouRegionCode,
    hukou_address: input.hukouAddress,
    hukou_nature: input.hukouNature,
    residence_address: input.residenceAddress,
    boarding: input.boarding,
    health_status: input.healthStatus,
  };
  for (const [key, value] of Object.entries(direct)) {
    if (value !== undefined) (columns as Record<string, unknown>)[key] = value;
  }
  return columns;
}

export async function createChild(deps: Deps, actor: Actor, input: ChildCreateInput) {
  const today = schoolDate(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const target = await locateClass(trx, input.classId);
    if (!target || !actorMaySee(actor, childPermissions['child.write'], target)) throw notFound('班级');
    const schoolClass = await findClass(trx, input.classId);
    if (!schoolClass) throw notFound('班级');
    const identity = resolveIdentity(input, today);
    const studentNumber =
      input.studentNumber?.trim().toUpperCase() || (identity.idType === '1' ? `G${identity.idNumber}` : null);
    await refuseDuplicates(trx, schoolClass.county_code, identity, studentNumber, null);
    await checkRegion(trx, input.hukouRegionCode);
    const id = await q.insertChild(trx, {
      county_code: schoolClass.county_code,
      id_type: identity.idType,
      id_number: identity.idNumber,
      id_last4: idLast4(identity.idNumber),
      student_number: studentNumber,
      sex: identity.sex,
      birth_date: identity.birthDate,
      school_id: schoolClass.school_id,
      class_id: schoolClass.id,
      grade: schoolClass.grade,
      ...(profileColumns(input) as Pick<NewChild, 'name' | 'name_initials' | 'name_pinyin'>),
    });
    await trx
      .insertInto('enrollment')
      .values({
        county_code: schoolClass.county_code,
        child_id: id,
        school_year: schoolClass.school_year,
        school_id: schoolClass.school_id,
        class_id: schoolClass.id,
        grade: schoolClass.grade,
        started_on: input.startedOn ?? today,
      })
      .execute();
    await writeAudit(trx, actor, {
      action: 'child.create',
      entity: 'child',
      entityId: id,
      countyCode: schoolClass.county_code,
      detail: { classId: schoolClass.id },
    });
    return getChildInTransaction(trx, actor, id);
  });
}

export async function updateChild(deps: Deps, actor: Actor, id: number, input: ChildUpdateInput) {
  const today = schoolDate(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const current = await q.findChild(trx, id);
    if (!current) throw notFound('儿童');
    if (current.version !== input.version) {
      const currentView = await getChildInTransaction(trx, actor, id);
      const changed = Object.keys(input).filter(
        (key) =>
          key !== 'version' &&
          key in currentView &&
          (currentView as Record<string, unknown>)[key] !== (input as Record<string, unknown>)[key],
      );
      throw new AppError('conflict', '该记录已被他人修改，请查看最新内容后重新编辑', {
        current: currentView,
        fields: changed.map((field) => ({ field, message: '此项已被他人修改或与您的输入不同' })),
      });
    }
    const identityChanged =
      input.idType !== undefined ||
      input.idNumber !== undefined ||
      input.birthDate !== undefined ||
      input.sex !== undefined;
    const columns = profileColumns(input);
    if (identityChanged) {
      const identity = resolveIdentity(
        {
          idType: input.idType ?? current.id_type,
          idNumber: input.idNumber === undefined ? current.id_number : input.idNumber,
          birthDate: input.birthDate ?? (input.idNumber === undefined ? current.birth_date : undefined),
          sex: input.sex ?? (input.idNumber === undefined ? (current.sex as 'male' | 'female') : undefined),
        },
        today,
      );
      await refuseDuplicates(trx, current.county_code, identity, null, id);
      Object.assign(columns, {
        id_type: identity.idType,
        id_number: identity.idNumber,
        id_last4: idLast4(identity.idNumber),
        birth_date: identity.birthDate,
        sex: identity.sex,
      });
    }
    if (input.studentNumber !== undefined) {
      const studentNumber = input.studentNumber?.trim().toUpperCase() || null;
      await refuseDuplicates(
        trx,
        current.county_code,
        { idType: '-', idNumber: null, birthDate: '', sex: 'male' },
        studentNumber,
        id,
      );
      columns.student_number = studentNumber;
    }
    await checkRegion(trx, input.hukouRegionCode);
    const before = Object.fromEntries(
      Object.keys(columns).map((key) => [key, (current as Record<string, unknown>)[key]]),
    );
    if (!(await q.updateChild(trx, current.county_code, id, input.version, columns))) {
      throw new AppError('conflict', '该记录已被他人修改，请刷新后重试');
    }
    await writeAudit(trx, actor, {
      action: 'child.update',
      entity: 'child',
      entityId: id,
      countyCode: current.county_code,
      detail: { changed: Object.keys(columns).filter((k) => !k.startsWith('name_')), before: redact(before) },
    });
    return getChildInTransaction(trx, actor, id);
  });
}

/** Audit rows keep what changed, but an ID number only masked: the log is read by people too. */
function redact(values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  if (typeof out.id_number === 'string') out.id_number = maskIdNumber(out.id_number);
  delete out.id_last4;
  return out;
}
