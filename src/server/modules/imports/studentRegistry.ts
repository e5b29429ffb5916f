// Writes a batch of registry rows into the county's records: the schools and classes the rows name
// when they are new, then each child inserted or updated by student number or resident ID. Runs
// inside the import's transaction, so a refused or interrupted import leaves none of it behind.

import type { Kysely } from 'kysely';
import { idLast4, nameInitials, namePinyin, type SchoolTypeCode } from '../../../domain/index.ts';
import type { DB } from '../../db/types.ts';
import type { ListRecord } from './normalize.ts';
import * as q from './studentQueries.ts';
import type { StudentFields } from './studentRows.ts';

export type StudentRow = { record: ListRecord; student: StudentFields };

/** The number of the child's identity document: the resident ID, or the other document's number. */
export function documentNumberOf(row: StudentRow): string | null {
  return row.student.idType === '1' ? row.record.idNumber : row.student.documentNumber;
}

type School = { id: number; countyCode: string } | { error: string };

/** A new school's type from its name; the grade when the name does not say. */
function schoolTypeOf(name: string, grade: number): SchoolTypeCode {
  if (/九年一贯|九年制/.test(name)) return 'nine_year';
  if (/特殊教育|特教|培智|启智|启聪|启明|聋哑/.test(name)) return 'special_education';
  if (/教学点/.test(name)) return 'teaching_point';
  if (/初级中学|初中|中学/.test(name)) return 'junior_middle';
  if (/小学/.test(name)) return 'primary';
  return grade >= 7 ? 'junior_middle' : 'primary';
}

export type RegistryCounts = {
  schoolsCreated: number;
  classesCreated: number;
  childrenCreated: number;
  childrenUpdated: number;
};

export class StudentRegistry {
  private readonly schools = new Map<string, School>();
  private readonly classes = new Map<string, number>();
  private readonly loadedSchools = new Set<number>();
  /** Existing child → the row that updated it: two rows may not both claim one child. */
  private readonly claimed = new Map<number, number>();
  readonly counts: RegistryCounts = {
    schoolsCreated: 0,
    classesCreated: 0,
    childrenCreated: 0,
    childrenUpdated: 0,
  };
  private fallbackTownship: string | null | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly countyCode: string,
    private readonly schoolYear: number,
    /** The day the registry's placements take effect (the list's cut-off date, else today). */
    private readonly startedOn: string,
    private readonly sourceId: number,
  ) {}

  /** Writes the rows; returns the reason for each row (by index) that could not be written. */
  async apply(rows: readonly StudentRow[]): Promise<Map<number, string>> {
    const rejected = new Map<number, string>();
    await this.loadSchools(rows);
    const placed: Array<{ index: number; row: StudentRow; schoolId: number; classId: number }> = [];
    for (const [index, row] of rows.entries()) {
      const school = this.schools.get(row.student.schoolCode) as School;
      if ('error' in school) rejected.set(index, school.error);
      else placed.push({ index, row, schoolId: school.id, classId: 0 });
    }
    await this.loadClasses(placed.map((p) => p.schoolId));
    for (const p of placed) p.classId = await this.classFor(p.schoolId, p.row.student);

    const studentNumbers = placed.flatMap((p) => p.row.record.studentNumber ?? []);
    const documents = placed.flatMap((p) => {
      const number = documentNumberOf(p.row);
      return number ? [{ type: p.row.student.idType, number }] : [];
    });
    const existing = await q.matchChildren(this.db, this.countyCode, studentNumbers, documents);
    const byStudentNumber = new Map(
      existing.filter((c) => c.student_number).map((c) => [c.student_number, c]),
    );
    const byDocument = new Map(
      existing.filter((c) => c.id_number).map((c) => [`${c.id_type}|${c.id_number}`, c]),
    );
    const regions = await q.existingRegions(this.db, [
      ...new Set(placed.flatMap((p) => p.row.record.regionCode ?? [])),
    ]);

    const inserts: Array<Omit<q.ChildValues, 'id'> & { index: number }> = [];
    const updates: q.ChildValues[] = [];
    const moved: number[] = [];
    for (const { index, row, schoolId, classId } of placed) {
      const { record, student } = row;
      const bySn = record.studentNumber ? byStudentNumber.get(record.studentNumber) : undefined;
      const document = documentNumberOf(row);
      const byIdNumber = document ? byDocument.get(`${student.idType}|${document}`) : undefined;
      if (bySn && byIdNumber && bySn.id !== byIdNumber.id) {
        rejected.set(index, `学籍号和身份证号分别属于系统中两名不同的学生，请核对后再导入`);
        continue;
      }
      const name = record.name as string;
      const values = {
        id_type: student.idType,
        id_number: document,
        id_last4: student.idType === '1' ? idLast4(record.idNumber) : null,
        name,
        name_initials: nameInitials(name),
        name_pinyin: namePinyin(name),
        sex: record.sex === '1' ? 'male' : 'female',
        birth_date: record.birthDate as string,
        ethnicity: student.ethnicity,
        hukou_region_code: record.regionCode && regions.has(record.regionCode) ? record.regionCode : null,
        hukou_address: record.address,
        hukou_nature: student.hukouNature,
        residence_address: student.residenceAddress,
        student_number: record.studentNumber,
        boarding: student.boarding,
        health_status: student.healthStatus,
        school_id: schoolId,
        class_id: classId,
        grade: student.grade,
        source_id: this.sourceId,
      };
      const match = bySn ?? byIdNumber;
      const claimedBy = match ? this.claimed.get(match.id) : undefined;
      if (claimedBy !== undefined) {
        rejected.set(index, `与第 ${claimedBy} 行对应系统中的同一名学生（学籍号或身份证件号相同），请核对`);
        continue;
      }
      if (match) {
        this.claimed.set(match.id, record.rowNumber);
        updates.push({ id: match.id, ...values });
        if (match.class_id !== classId) moved.push(match.id);
      } else inserts.push({ index, ...values });
    }

    const ids = await q.nextChildIds(this.db, inserts.length);
    const fresh = inserts.map(({ index: _, ...values }, i) => ({ id: ids[i] as number, ...values }));
    await q.insertChildren(this.db, this.countyCode, fresh);
    await q.updateChildren(this.db, this.countyCode, updates);
    await q.endEnrollments(this.db, this.countyCode, moved, this.startedOn);
    const movedSet = new Set(moved);
    await q.insertEnrollments(
      this.db,
      this.countyCode,
      [...fresh, ...updates.filter((u) => movedSet.has(u.id))].map((c) => ({
        childId: c.id,
        schoolYear: this.schoolYear,
        schoolId: c.school_id,
        classId: c.class_id,
        grade: c.grade,
        startedOn: this.startedOn,
      })),
    );
    this.counts.childrenCreated += fresh.length;
    this.counts.childrenUpdated += updates.length;
    return rejected;
  }

  private async loadSchools(rows: readonly StudentRow[]): Promise<void> {
    const unknown = [...new Set(rows.map((r) => r.student.schoolCode))].filter(
      (code) => !this.schools.has(code),
    );
    if (unknown.length === 0) return;
    const found = await q.schoolsByCode(this.db, unknown);
    for (const school of found) {
      this.schools.set(
        school.code,
        school.county_code === this.countyCode
          ? { id: school.id, countyCode: school.county_code }
          : { error: `学校标识码 ${school.code} 属于其他区县（${school.county_code}），不能导入本县` },
      );
    }
    for (const code of unknown) {
      if (this.schools.has(code)) continue;
      const first = rows.find((r) => r.student.schoolCode === code && r.student.schoolName) ?? null;
      if (!first) {
        this.schools.set(code, {
          error: `本县没有学校标识码为 ${code} 的学校，名单中也没有学校名称，无法新建`,
        });
        continue;
      }
      const township = await this.townshipOf(first.student.schoolRegionCode);
      if (!township) {
        this.schools.set(code, { error: '行政区划表中没有本县的乡镇，无法新建学校；请先运行 nol migrate' });
        continue;
      }
      const name = first.student.schoolName as string;
      const id = await q.insertSchool(this.db, {
        code,
        name,
        type: schoolTypeOf(name, first.student.grade),
        countyCode: this.countyCode,
        regionCode: township.region,
        townshipCode: township.township,
      });
      this.schools.set(code, { id, countyCode: this.countyCode });
      this.counts.schoolsCreated++;
    }
  }

  /** The school's own region when the list gives one in this county, else the county's first township. */
  private async townshipOf(regionCode: string | null): Promise<{ region: string; township: string } | null> {
    if (regionCode?.startsWith(this.countyCode) && regionCode.slice(6, 9) !== '000') {
      const township = `${regionCode.slice(0, 9)}000`;
      const known = await q.existingRegions(this.db, [regionCode, township]);
      if (known.has(township)) return { region: known.has(regionCode) ? regionCode : township, township };
    }
    this.fallbackTownship ??= await q.firstTownship(this.db, this.countyCode);
    return this.fallbackTownship ? { region: this.fallbackTownship, township: this.fallbackTownship } : null;
  }

  private async loadClasses(schoolIds: readonly number[]): Promise<void> {
    const fresh = [...new Set(schoolIds)].filter((id) => !this.loadedSchools.has(id));
    if (fresh.length === 0) return;
    for (const c of await q.classesOf(this.db, fresh, this.schoolYear)) {
      this.classes.set(`${c.school_id}|${c.grade}|${c.class_number}`, c.id);
    }
    for (const id of fresh) this.loadedSchools.add(id);
  }

  private async classFor(schoolId: number, student: StudentFields): Promise<number> {
    const key = `${schoolId}|${student.grade}|${student.classNumber}`;
    const known = this.classes.get(key);
    if (known !== undefined) return known;
    const id = await q.insertClass(this.db, {
      schoolId,
      countyCode: this.countyCode,
      schoolYear: this.schoolYear,
      grade: student.grade,
      classNumber: student.classNumber,
    });
    this.classes.set(key, id);
    this.counts.classesCreated++;
    return id;
  }
}
