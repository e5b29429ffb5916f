// Demo accounts: one for every role at every level, with predictable usernames, and short
// aliases (county.admin, principal, teacher…) for the first county so a visitor can sign in
// without looking anything up.

import type { Role, ScopeLevel } from '../../domain/index.ts';
import { phoneNumber } from './family.ts';
import { personName } from './names.ts';
import type { CountyPlace, SchoolPlan } from './plan.ts';
import type { Random } from './random.ts';

export interface RoleDraft {
  role: Role;
  scope: ScopeLevel;
  region?: string;
  schoolId?: number;
  classId?: number;
}

export interface UserDraft {
  id: number;
  username: string;
  displayName: string;
  phone: string;
  roles: RoleDraft[];
}

export interface PlacedSchool {
  plan: SchoolPlan;
  id: number;
  classes: Array<{ id: number; grade: number; number: number }>;
}

/** The county every demo size loads first; the short aliases point into it. */
export const FIRST_COUNTY = '341802';

export class UserBuilder {
  readonly users: UserDraft[] = [];

  constructor(
    private readonly random: Random,
    private nextId: number,
    private readonly taken: ReadonlySet<string>,
  ) {}

  /** Adds a user unless the username already exists in the database; returns its id either way (0 when skipped). */
  add(username: string, roles: RoleDraft[]): number {
    if (this.taken.has(username)) return 0;
    const sex = this.random.chance(0.5) ? 'male' : 'female';
    const user: UserDraft = {
      id: ++this.nextId,
      username,
      displayName: personName(this.random, 'parent', sex),
      phone: phoneNumber(this.random),
      roles,
    };
    this.users.push(user);
    return user.id;
  }

  /** Province, city and national accounts, once per database. */
  addRegional(place: CountyPlace): void {
    const province = `${place.code.slice(0, 2)}0000000000`;
    const city = `${place.code.slice(0, 4)}00000000`;
    this.add('sysadmin', [{ role: 'system_admin', scope: 'national' }]);
    this.add('national.auditor', [{ role: 'auditor', scope: 'national' }]);
    this.add('province.admin', [{ role: 'bureau_admin', scope: 'province', region: province }]);
    this.add('province.analyst', [{ role: 'bureau_analyst', scope: 'province', region: province }]);
    this.add('province.auditor', [{ role: 'auditor', scope: 'province', region: province }]);
    this.add('city.admin', [{ role: 'bureau_admin', scope: 'city', region: city }]);
    this.add('city.analyst', [{ role: 'bureau_analyst', scope: 'city', region: city }]);
    this.add('city.expert', [{ role: 'expert_committee', scope: 'city', region: city }]);
    this.add('city.auditor', [{ role: 'auditor', scope: 'city', region: city }]);
  }

  /**
   * County, township, school and class accounts. Returns the homeroom teacher per class id and
   * the helper teachers' ids (who get pairings once the children exist).
   */
  addCounty(
    place: CountyPlace,
    schools: PlacedSchool[],
  ): { adminId: number; homeroom: Map<number, number>; helpers: number[] } {
    const first = place.code === FIRST_COUNTY;
    const region = `${place.code}000000`;
    const both = (name: string, alias: string, roles: RoleDraft[]) => {
      const id = this.add(name, roles);
      if (first) this.add(alias, roles);
      return id;
    };
    const adminId = both(`county.admin.${place.code}`, 'county.admin', [
      { role: 'bureau_admin', scope: 'county', region },
    ]);
    both(`county.analyst.${place.code}`, 'county.analyst', [
      { role: 'bureau_analyst', scope: 'county', region },
    ]);
    both(`expert.${place.code}`, 'expert', [{ role: 'expert_committee', scope: 'county', region }]);
    both(`auditor.${place.code}`, 'auditor', [{ role: 'auditor', scope: 'county', region }]);
    const helpers = [this.add(`helper.${place.code}`, [{ role: 'helper_teacher', scope: 'paired' }])];
    if (first) helpers.push(this.add('helper', [{ role: 'helper_teacher', scope: 'paired' }]));

    place.townships.forEach((township, index) => {
      const roles: RoleDraft[] = [{ role: 'township_official', scope: 'township', region: township.code }];
      this.add(`township.${township.code.slice(0, 9)}`, roles);
      if (first && index === 0) this.add('township.official', roles);
    });

    const homeroom = new Map<number, number>();
    schools.forEach((school, schoolIndex) => {
      const alias = first && schoolIndex === 0;
      const scope: RoleDraft[] = [{ role: 'principal', scope: 'school', schoolId: school.id }];
      this.add(`principal.${school.plan.code}`, scope);
      if (alias) this.add('principal', scope);
      const deputy: RoleDraft[] = [{ role: 'deputy_head', scope: 'school', schoolId: school.id }];
      this.add(`deputy.${school.plan.code}`, deputy);
      if (alias) this.add('deputy', deputy);
      school.classes.forEach((schoolClass, classIndex) => {
        const roles: RoleDraft[] = [{ role: 'homeroom_teacher', scope: 'class', classId: schoolClass.id }];
        const suffix = `${String(schoolClass.grade).padStart(2, '0')}${String(schoolClass.number).padStart(2, '0')}`;
        const id = this.add(`teacher.${school.plan.code}.${suffix}`, roles);
        if (id > 0) homeroom.set(schoolClass.id, id);
        if (alias && classIndex === 0) this.add('teacher', roles);
      });
    });
    return { adminId, homeroom, helpers: helpers.filter((id) => id > 0) };
  }
}
