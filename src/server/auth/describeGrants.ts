import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { className } from '../modules/schools/index.ts';
import type { Grant } from './actor.ts';

/** Grants with a human name for their scope ('宣州区', '宣城市第一小学', '三年级2班'). */
export async function describeGrants(db: Kysely<DB>, grants: readonly Grant[]) {
  return Promise.all(
    grants.map(async (grant) => {
      let scopeName = '全国';
      if (grant.regionCode) {
        const region = await db
          .selectFrom('region')
          .select('name')
          .where('code', '=', grant.regionCode)
          .executeTakeFirst();
        scopeName = region?.name ?? grant.regionCode;
      } else if (grant.classId) {
        const schoolClass = await db
          .selectFrom('school_class as k')
          .innerJoin('school as s', 's.id', 'k.school_id')
          .select(['s.name', 'k.grade', 'k.class_number'])
          .where('k.id', '=', grant.classId)
          .executeTakeFirst();
        scopeName = schoolClass
          ? `${schoolClass.name} ${className(schoolClass.grade, schoolClass.class_number)}`
          : '';
      } else if (grant.schoolId) {
        const school = await db
          .selectFrom('school')
          .select('name')
          .where('id', '=', grant.schoolId)
          .executeTakeFirst();
        scopeName = school?.name ?? '';
      } else if (grant.level === 'paired') {
        scopeName = '结对儿童';
      }
      return {
        role: grant.role,
        level: grant.level,
        regionCode: grant.regionCode,
        schoolId: grant.schoolId,
        classId: grant.classId,
        scopeName,
      };
    }),
  );
}
