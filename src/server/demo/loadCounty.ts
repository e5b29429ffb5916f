// Loads one demo county inside the caller's transaction: villages, bureau, data sources,
// schools, classes, users, terms, then children with everything hanging off them.

import type { Kysely } from 'kysely';
import type { SourceDepartmentCode } from '../../domain/index.ts';
import { loadCountyVillages } from '../db/regions.ts';
import type { DB } from '../db/types.ts';
import { ensureCountyPolicy } from '../modules/policy/index.ts';
import { beginBulk, endBulk } from './bulk.ts';
import { addClassChildren, type ChildContext, newBuffers, type Origin } from './children.ts';
import { CHUNK_ROWS, Columns } from './columns.ts';
import { advanceSequences, dataSources, loadPlace, maxIds, schoolTerms } from './county.ts';
import { groupCalendar } from './groups.ts';
import type { PinyinCache } from './names.ts';
import { planCounty, planTinyCounty } from './plan.ts';
import { Random } from './random.ts';
import { type PlacedSchool, UserBuilder } from './users.ts';

export interface CountyJob {
  seed: number;
  code: string;
  tiny: boolean;
  targetChildren: number;
  today: string;
  schoolYear: number;
  passwordHash: string;
  otherCounties: string[];
  origins: Origin[];
  used: Set<string>;
  pinyin: PinyinCache;
  progress: (message: string) => void;
  /** Keep per-row foreign-key triggers on (what happens where the bulk path is not allowed). */
  rowByRowChecks?: boolean;
}

export interface CountyResult {
  schools: number;
  classes: number;
  children: number;
  users: number;
}

export async function loadCounty(db: Kysely<DB>, job: CountyJob): Promise<CountyResult> {
  const started = Date.now();
  const step = (message: string) =>
    job.progress(`${job.code} ${message}（${((Date.now() - started) / 1000).toFixed(1)} s）`);
  const random = new Random(job.seed, `county:${job.code}`);
  await loadCountyVillages(db, job.code);
  const place = await loadPlace(db, job.code);
  const plans = job.tiny
    ? planTinyCounty(random.fork('plan'), place)
    : planCounty(random.fork('plan'), place, job.targetChildren);
  const ids = await maxIds(db);

  await db
    .insertInto('county')
    .values({ county_code: place.code, region_code: `${place.code}000000`, name: `${place.name}教体局` })
    .onConflict((oc) => oc.column('county_code').doNothing())
    .execute();
  await ensureCountyPolicy(db, place.code);

  let classId = ids.school_class;
  const schools: PlacedSchool[] = plans.map((plan, index) => ({
    plan,
    id: ids.school + index + 1,
    classes: plan.classes.map((c) => ({ id: ++classId, grade: c.grade, number: c.number })),
  }));

  const taken = new Set(
    (await db.selectFrom('app_user').select('username').execute()).map((u) => u.username),
  );
  const users = new UserBuilder(random.fork('users'), ids.app_user, taken);
  users.addRegional(place);
  const { adminId, homeroom, helpers } = users.addCounty(place, schools);
  const userRows = new Columns('app_user', {
    id: 'int4',
    username: 'text',
    display_name: 'text',
    phone: 'text',
    password_hash: 'text',
    must_change_password: 'bool',
  });
  const roleRows = new Columns('user_role', {
    id: 'int4',
    user_id: 'int4',
    role: 'text',
    scope_level: 'text',
    region_code: 'text',
    school_id: 'int4',
    class_id: 'int4',
  });
  let roleId = ids.user_role;
  for (const user of users.users) {
    userRows.push({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      phone: user.phone,
      password_hash: job.passwordHash,
      must_change_password: false,
    });
    for (const role of user.roles) {
      roleRows.push({
        id: ++roleId,
        user_id: user.id,
        role: role.role,
        scope_level: role.scope,
        region_code: role.region ?? null,
        school_id: role.schoolId ?? null,
        class_id: role.classId ?? null,
      });
    }
  }
  await userRows.insert(db);

  const sources = dataSources(place, job.today, adminId || null, ids.data_source);
  await db.insertInto('data_source').values(sources).execute();
  const sourceId = Object.fromEntries(sources.map((s) => [s.department, s.id])) as Record<
    SourceDepartmentCode,
    number
  >;

  await db
    .insertInto('school')
    .values(
      schools.map(({ plan, id }) => ({
        id,
        code: plan.code,
        name: plan.name,
        type: plan.type,
        county_code: place.code,
        region_code: plan.village?.code ?? plan.township.code,
        township_code: plan.township.code,
        catchment_townships: plan.catchment.map((t) => t.code),
        address: `${place.provinceName}${place.cityName}${place.name}${plan.township.name}${plan.village?.short ?? ''}`,
      })),
    )
    .execute();
  const classRows = new Columns('school_class', {
    id: 'int4',
    school_id: 'int4',
    county_code: 'text',
    school_year: 'int2',
    grade: 'int2',
    class_number: 'int2',
    homeroom_teacher_id: 'int4',
  });
  for (const school of schools) {
    for (const c of school.classes) {
      classRows.push({
        id: c.id,
        school_id: school.id,
        county_code: place.code,
        school_year: job.schoolYear,
        grade: c.grade,
        class_number: c.number,
        homeroom_teacher_id: homeroom.get(c.id) ?? null,
      });
    }
  }
  await classRows.insert(db);
  await roleRows.insert(db);

  await db
    .insertInto('school_term')
    .values(schoolTerms(place.code, job.schoolYear))
    .onConflict((oc) => oc.columns(['county_code', 'school_year', 'term']).doNothing())
    .execute();
  step(
    `学校 ${schools.length} 所、班级 ${classRows.inserted} 个、账号 ${userRows.inserted} 个 / schools, classes, users`,
  );

  const ctx: ChildContext = {
    random: random.fork('children'),
    place,
    schoolYear: job.schoolYear,
    calendar: groupCalendar(job.today, job.schoolYear),
    otherCounties: job.otherCounties.filter((c) => c !== place.code),
    origins: job.origins,
    sources: sourceId,
    ids: {
      child: ids.child,
      guardian: ids.guardian,
      enrollment: ids.enrollment,
      membership: ids.group_membership,
    },
    used: job.used,
    pinyin: job.pinyin,
  };
  const bulk = job.rowByRowChecks ? false : await beginBulk(db);
  const buffers = newBuffers();
  // Written as it is generated, parents before the rows that point at them, so memory stays flat.
  const flush = async () => {
    await buffers.child.insert(db);
    await buffers.guardian.insert(db);
    await buffers.enrollment.insert(db);
    await buffers.membership.insert(db);
  };
  // The helpers' children: left-behind, orphaned or unsupported pupils of the first school.
  const pairable: number[] = [];
  const firstSchoolOthers: number[] = [];
  for (const [schoolIndex, school] of schools.entries()) {
    for (const [i, c] of school.classes.entries()) {
      const plan = school.plan.classes[i];
      if (!plan) continue;
      addClassChildren(
        ctx,
        buffers,
        { school: school.plan, schoolId: school.id, classId: c.id, plan },
        (id, groups) => {
          if (schoolIndex !== 0) return;
          const cared = groups.some(
            (g) => g.code === 'left_behind' || g.code === 'orphan' || g.code === 'unsupported',
          );
          (cared ? pairable : firstSchoolOthers).push(id);
        },
      );
      if (buffers.child.rows >= CHUNK_ROWS) await flush();
    }
  }
  await flush();
  step(
    `儿童 ${buffers.child.inserted}、监护人 ${buffers.guardian.inserted}、学籍记录 ${buffers.enrollment.inserted}、` +
      `特殊群体 ${buffers.membership.inserted} / children, guardians, enrollments, groups`,
  );

  const pairings = new Columns('pairing', {
    county_code: 'text',
    id: 'int8',
    child_id: 'int8',
    helper_user_id: 'int4',
    started_on: 'date',
  });
  let pairingId = ids.pairing;
  const paired = [...pairable, ...firstSchoolOthers].slice(0, 5);
  for (const helper of helpers) {
    for (const childId of paired) {
      pairings.push({
        county_code: place.code,
        id: ++pairingId,
        child_id: childId,
        helper_user_id: helper,
        started_on: `${job.schoolYear}-09-01`,
      });
    }
  }
  await pairings.insert(db);
  if (bulk) await endBulk(db, place.code);
  step('外键已核对 / foreign keys checked');

  await advanceSequences(db);
  return {
    schools: schools.length,
    classes: classRows.inserted,
    children: buffers.child.inserted,
    users: userRows.inserted,
  };
}
