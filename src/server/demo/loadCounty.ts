// Loads one demo county inside the caller's transaction: villages, bureau, data sources,
// schools, classes, users, terms, then children with everything hanging off them.

import { type Kysely, sql } from 'kysely';
import type { SourceDepartmentCode } from '../../domain/index.ts';
import { loadCountyVillages } from '../db/regions.ts';
import type { DB } from '../db/types.ts';
import { beginBulk, endBulk } from './bulk.ts';
import { addClassChildren, type ChildContext, newBuffers, type Origin } from './children.ts';
import { CHUNK_ROWS, Columns } from './columns.ts';
import { addDays, onOrAfter, onOrBefore } from './dates.ts';
import { groupCalendar } from './groups.ts';
import type { PinyinCache } from './names.ts';
import { type CountyPlace, planCounty, planTinyCounty, townshipsFrom } from './plan.ts';
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

const IDENTITY_TABLES = [
  'school',
  'school_class',
  'app_user',
  'user_role',
  'data_source',
  'child',
  'guardian',
  'enrollment',
  'group_membership',
  'pairing',
] as const;
type IdentityTable = (typeof IDENTITY_TABLES)[number];

async function maxIds(db: Kysely<DB>): Promise<Record<IdentityTable, number>> {
  const columns = IDENTITY_TABLES.map((t) => `(select coalesce(max(id), 0) from ${t})::int8 as ${t}`).join(
    ', ',
  );
  const result = await sql<Record<IdentityTable, number>>`select ${sql.raw(columns)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('max id query returned nothing');
  return Object.fromEntries(IDENTITY_TABLES.map((t) => [t, Number(row[t])])) as Record<IdentityTable, number>;
}

async function loadPlace(db: Kysely<DB>, code: string): Promise<CountyPlace> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('county_code', '=', code)
    .orderBy('code')
    .execute();
  const names = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', 'in', [`${code}000000`, `${code.slice(0, 4)}00000000`, `${code.slice(0, 2)}0000000000`])
    .execute();
  const nameOf = (c: string) => names.find((n) => n.code === c)?.name ?? '';
  const place: CountyPlace = {
    code,
    name: nameOf(`${code}000000`),
    cityName: nameOf(`${code.slice(0, 4)}00000000`),
    provinceName: nameOf(`${code.slice(0, 2)}0000000000`),
    townships: townshipsFrom(rows),
  };
  if (!place.name || place.townships.length === 0) {
    throw new Error(
      `行政区划表中没有区县 ${code} 或其乡镇，请先运行 nol migrate / region ${code} or its townships missing`,
    );
  }
  return place;
}

function dataSources(place: CountyPlace, today: string, adminId: number | null, firstId: number) {
  const year = today.slice(0, 4);
  const abbr = place.name.charAt(0) + (place.name.includes('开发区') ? '开' : '');
  const monthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
  const yesterday = addDays(today, -1);
  const list: Array<[SourceDepartmentCode, string | null, string | null, string, string]> = [
    ['police', `${place.name}公安局`, `${abbr}公〔${year}〕7号`, monthEnd, '户籍人口名单（6—16周岁）'],
    [
      'civil_affairs',
      `${place.name}民政局`,
      `${abbr}民〔${year}〕12号`,
      monthEnd,
      '孤儿、事实无人抚养儿童、低保、特困名单',
    ],
    [
      'disabled_federation',
      `${place.name}残疾人联合会`,
      `${abbr}残联〔${year}〕5号`,
      monthEnd,
      '持证残疾儿童名单',
    ],
    [
      'rural_revitalization',
      `${place.name}乡村振兴局`,
      `${abbr}乡振〔${year}〕9号`,
      monthEnd,
      '脱贫户、监测户家庭学生名单',
    ],
    [
      'education',
      `${place.name}教育体育局`,
      `${abbr}教体〔${year}〕21号`,
      yesterday,
      '学籍系统导出；留守儿童、随迁子女登记',
    ],
    ['school', '各中小学', null, yesterday, '学校上报（单亲家庭、学困生）'],
  ];
  return list.map(([department, unit, documentNumber, cutOff, note], index) => ({
    county_code: place.code,
    id: firstId + index + 1,
    department,
    issuing_unit: unit,
    document_number: documentNumber,
    cut_off_date: cutOff,
    note,
    created_by: adminId,
  }));
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

  const y = job.schoolYear;
  await db
    .insertInto('school_term')
    .values([
      {
        county_code: place.code,
        school_year: y,
        term: 1,
        starts_on: `${y}-09-01`,
        ends_on: onOrBefore(`${y + 1}-01-18`, 5),
      },
      {
        county_code: place.code,
        school_year: y,
        term: 2,
        starts_on: onOrAfter(`${y + 1}-02-20`, 1),
        ends_on: onOrAfter(`${y + 1}-07-01`, 5),
      },
    ])
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
  const pairable: number[] = [];
  for (const [schoolIndex, school] of schools.entries()) {
    for (const [i, c] of school.classes.entries()) {
      const plan = school.plan.classes[i];
      if (!plan) continue;
      addClassChildren(
        ctx,
        buffers,
        { school: school.plan, schoolId: school.id, classId: c.id, plan },
        (id, groups) => {
          if (
            schoolIndex === 0 &&
            groups.some((g) => g.code === 'left_behind' || g.code === 'orphan' || g.code === 'unsupported')
          )
            pairable.push(id);
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
  for (const helper of helpers) {
    for (const childId of pairable.slice(0, 5)) {
      pairings.push({
        county_code: place.code,
        id: ++pairingId,
        child_id: childId,
        helper_user_id: helper,
        started_on: `${y}-09-01`,
      });
    }
  }
  await pairings.insert(db);
  if (bulk) await endBulk(db, place.code);
  step('外键已核对 / foreign keys verified');

  for (const table of IDENTITY_TABLES) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
      db,
    );
  }
  return {
    schools: schools.length,
    classes: classRows.inserted,
    children: buffers.child.inserted,
    users: userRows.inserted,
  };
}
