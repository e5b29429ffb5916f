// Writes a batch of registry rows into the county's records: the schools and classes the rows name
// when they are new, then each child inserted or updated by student number or resident ID. Runs
// inside the import's transaction, so a refused or interrupted import leaves none of it behind.

import type { Kysely } from 'kysely';
import { idLast4, nameReadings, type SchoolTypeCode } from '../../../domain/index.ts';
import { setRowTriggers } from '../../db/rowTriggers.ts';
import type { DB } from '../../db/types.ts';
import { BulkIndexes } from './bulkIndexes.ts';
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
  /** Region code → whether the region table has it; a registry names a few thousand at most. */
  private readonly regions = new Map<string, boolean>();
  /** Name → [initials, pinyin]: a registry repeats names a lot, and pinyin is the dearest field. */
  private readonly pinyin = new Map<string, readonly [string, string]>();
  /** Surname or given name → its syllables (nameReadings): fewer of them than of whole names. */
  private readonly nameParts: Parameters<typeof nameReadings>[1] = new Map();
  /**
   * Whether the county had children before this import; if not, no row is matched. A row can
   * only match a child that was there before: a child this import inserted holds the student
   * number and document of an earlier row of the file, and a row repeating either is refused as a
   * duplicate (RowChecker) before it gets here.
   */
  private hadChildren: boolean | undefined;
  private readonly childIndexes: BulkIndexes;
  private readonly enrollmentIndexes: BulkIndexes;
  /** Whether the per-row foreign-key triggers may be skipped (decided on the first batch). */
  private skipTriggers: boolean | undefined;
  /** What this transaction has locked against deletion (see `lockReferences`). */
  private readonly locked = {
    counties: new Set<string>(),
    schools: new Set<number>(),
    classes: new Set<number>(),
    regions: new Set<string>(),
  };
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
  ) {
    // With no child of the county there before, nothing is matched, and no row can collide with
    // another (a file's rows do not repeat a student number or document): the unique indexes too.
    this.childIndexes = new BulkIndexes(db, 'child', () => this.hadChildren === false);
    this.enrollmentIndexes = new BulkIndexes(db, 'enrollment');
  }

  /**
   * Decides each row: the reason (by index) it cannot be written, else a new child or an update.
   * Schools and classes it needs are created now; the children are written by `write`, which the
   * caller runs inside `withoutRowTriggers` (while it reads the next rows) and awaits before the
   * next `apply`.
   */
  async apply(
    rows: readonly StudentRow[],
  ): Promise<{ rejected: Map<number, string>; write: () => Promise<void> }> {
    const rejected = new Map<number, string>();
    await this.loadSchools(rows);
    const placed: Array<{ index: number; row: StudentRow; schoolId: number; classId: number }> = [];
    for (const [index, row] of rows.entries()) {
      const school = this.schools.get(row.student.schoolCode) as School;
      if ('error' in school) rejected.set(index, school.error);
      else placed.push({ index, row, schoolId: school.id, classId: 0 });
    }
    await this.loadClasses(placed.map((p) => p.schoolId));
    await this.createClasses(placed.map((p) => ({ schoolId: p.schoolId, student: p.row.student })));
    for (const p of placed) p.classId = this.classes.get(classKey(p.schoolId, p.row.student)) as number;

    this.hadChildren ??= await q.countyHasChildren(this.db, this.countyCode);
    const existing = this.hadChildren ? await this.match(placed.map((p) => p.row)) : [];
    const byStudentNumber = new Map(
      existing.filter((c) => c.student_number).map((c) => [c.student_number, c]),
    );
    const byDocument = new Map(
      existing.filter((c) => c.id_number).map((c) => [`${c.id_type}|${c.id_number}`, c]),
    );
    await this.loadRegions(placed.flatMap((p) => p.row.record.regionCode ?? []));

    const fresh: Array<Omit<q.ChildValues, 'id'>> = [];
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
      const [initials, pinyin] = this.pinyinOf(name);
      const values = {
        id_type: student.idType,
        id_number: document,
        id_last4: student.idType === '1' ? idLast4(record.idNumber) : null,
        name,
        name_initials: initials,
        name_pinyin: pinyin,
        sex: record.sex === '1' ? 'male' : 'female',
        birth_date: record.birthDate as string,
        ethnicity: student.ethnicity,
        hukou_region_code:
          record.regionCode && this.regions.get(record.regionCode) ? record.regionCode : null,
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
      } else fresh.push(values);
    }

    await this.childIndexes.inserting(fresh.length);
    await this.enrollmentIndexes.inserting(fresh.length + moved.length);
    await this.lockReferences([...fresh, ...updates]);
    const movedSet = new Set(moved);
    const write = async () => {
      await q.insertChildren(this.db, this.countyCode, fresh, {
        schoolYear: this.schoolYear,
        startedOn: this.startedOn,
      });
      const updated = await q.updateChildren(this.db, this.countyCode, updates);
      // An enrollment must point at a child: one deleted since the match would leave it dangling.
      if (updated !== updates.length) throw new Error('学籍导入期间有学生记录被删除，请重新导入');
      await q.endEnrollments(this.db, this.countyCode, moved, this.startedOn);
      await q.insertEnrollments(
        this.db,
        this.countyCode,
        updates
          .filter((u) => movedSet.has(u.id))
          .map((c) => ({
            childId: c.id,
            schoolYear: this.schoolYear,
            schoolId: c.school_id,
            classId: c.class_id,
            grade: c.grade,
            startedOn: this.startedOn,
          })),
      );
    };
    this.counts.childrenCreated += fresh.length;
    this.counts.childrenUpdated += updates.length;
    return { rejected, write };
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

  /** Creates, in one statement, the classes the rows name that the school year does not have yet. */
  private async createClasses(
    rows: ReadonlyArray<{ schoolId: number; student: StudentFields }>,
  ): Promise<void> {
    const missing = new Map<string, q.NewClass>();
    for (const { schoolId, student } of rows) {
      const key = classKey(schoolId, student);
      if (this.classes.has(key) || missing.has(key)) continue;
      missing.set(key, { schoolId, grade: student.grade, classNumber: student.classNumber });
    }
    if (missing.size === 0) return;
    const created = await q.insertClasses(this.db, this.countyCode, this.schoolYear, [...missing.values()]);
    for (const c of created) this.classes.set(`${c.school_id}|${c.grade}|${c.class_number}`, c.id);
    this.counts.classesCreated += created.length;
  }

  private async loadRegions(codes: readonly string[]): Promise<void> {
    const unknown = [...new Set(codes)].filter((code) => !this.regions.has(code));
    if (unknown.length === 0) return;
    const known = await q.existingRegions(this.db, unknown);
    for (const code of unknown) this.regions.set(code, known.has(code));
  }

  private pinyinOf(name: string): readonly [string, string] {
    let entry = this.pinyin.get(name);
    if (!entry) {
      entry = nameReadings(name, this.nameParts);
      this.pinyin.set(name, entry);
    }
    return entry;
  }

  /** The county's children that hold the rows' student numbers or documents. */
  private match(rows: readonly StudentRow[]) {
    const studentNumbers = rows.flatMap((r) => r.record.studentNumber ?? []);
    const documents = rows.flatMap((r) => {
      const number = documentNumberOf(r);
      return number ? [{ type: r.student.idType, number }] : [];
    });
    return q.matchChildren(this.db, this.countyCode, studentNumbers, documents);
  }

  /**
   * Runs `write` (a batch's children and list rows) with the per-row foreign-key triggers of the
   * child, enrollment and list_record tables off where that is safe (`q.rowTriggersSkippable`):
   * one trigger query per row and key, a third of the time of a city's registry. What the checks
   * gave is kept otherwise: the rows point at this import's own source and list, at children it
   * has just inserted or updated (locked by the write itself), and at the county, schools, classes
   * and regions that `lockReferences` has found and locked against deletion, as each trigger's
   * FOR KEY SHARE would have.
   */
  async withoutRowTriggers<T>(write: () => Promise<T>): Promise<T> {
    if (!this.skipTriggers) return write();
    await setRowTriggers(this.db, false);
    const result = await write();
    await setRowTriggers(this.db, true);
    return result;
  }

  /** Locks the county, schools, classes and regions the children point at, failing if one has gone. */
  private async lockReferences(children: ReadonlyArray<Omit<q.ChildValues, 'id'>>): Promise<void> {
    this.skipTriggers ??= await q.rowTriggersSkippable(this.db);
    if (!this.skipTriggers) return;
    const fresh = <T>(values: Iterable<T>, done: Set<T>) => [...new Set(values)].filter((v) => !done.has(v));
    const schools = fresh(
      children.map((c) => c.school_id),
      this.locked.schools,
    );
    const classes = fresh(
      children.map((c) => c.class_id),
      this.locked.classes,
    );
    const regions = fresh(
      children.flatMap((c) => c.hukou_region_code ?? []),
      this.locked.regions,
    );
    const counties = fresh([this.countyCode], this.locked.counties);
    const found = await q.lockReferenced(this.db, { counties, schools, classes, regions });
    const missing = [
      ...counties.filter((code) => !found.counties.has(code)).map((code) => `区县 ${code}`),
      ...schools.filter((id) => !found.schools.has(id)).map((id) => `学校 ${id}`),
      ...classes.filter((id) => !found.classes.has(id)).map((id) => `班级 ${id}`),
      ...regions.filter((code) => !found.regions.has(code)).map((code) => `行政区划 ${code}`),
    ];
    if (missing.length > 0) throw new Error(`导入期间以下记录已被删除，请重新导入：${missing.join('、')}`);
    for (const code of counties) this.locked.counties.add(code);
    for (const id of schools) this.locked.schools.add(id);
    for (const id of classes) this.locked.classes.add(id);
    for (const code of regions) this.locked.regions.add(code);
  }

  /** Builds the indexes a large import dropped; call once, after the last write. */
  async finish(): Promise<void> {
    await this.childIndexes.finish();
    await this.enrollmentIndexes.finish();
  }
}

function classKey(schoolId: number, student: StudentFields): string {
  return `${schoolId}|${student.grade}|${student.classNumber}`;
}
