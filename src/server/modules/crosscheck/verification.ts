// What the township found at the door for a child on the household list enrolled nowhere: one
// outcome at a time from the page, or a whole check sheet's outcomes uploaded as a file.

import {
  normalizeHeader,
  normalizeListDate,
  normalizeListIdNumber,
  normalizeListName,
} from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import { actorMaySee } from '../../auth/scope.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound, validationError } from '../../errors.ts';
import { type Cell, readListTable } from '../imports/reader/index.ts';
import { OUTCOME_LABELS, VERIFICATION_OUTCOMES, type VerificationOutcome } from './findingRules.ts';
import { crosscheckPermissions } from './policy.ts';
import * as vq from './verificationQueries.ts';

export type VerificationRequest = {
  countyCode: string;
  subjectKey?: string;
  findingId?: number;
  outcome: VerificationOutcome;
  schoolName?: string;
  proof?: string;
  note?: string;
};

type Db = Deps['db'];

async function record(db: Db, deps: Deps, actor: Actor, input: VerificationRequest & { subjectKey: string }) {
  const place = await vq.subjectPlace(db, input.countyCode, input.subjectKey);
  const location = {
    countyCode: input.countyCode,
    regionCode: place?.township_code ?? null,
    schoolId: null,
    classId: null,
    helperUserIds: [],
  };
  if (!place || !actorMaySee(actor, crosscheckPermissions['crosscheck.verify'], location)) {
    throw notFound('核查对象');
  }
  if (input.outcome === 'studying_elsewhere' && !input.schoolName?.trim()) {
    throw validationError([{ field: 'schoolName', message: '在外地就读须填写就读学校' }]);
  }
  const userId = actor.userId > 0 ? actor.userId : null;
  const now = deps.now();
  const verificationId = await vq.insertVerification(db, input, userId, now);
  const returnCaseId =
    input.outcome === 'out_of_school'
      ? await vq.openPendingCase(
          db,
          {
            countyCode: input.countyCode,
            subjectKey: input.subjectKey,
            verificationId,
            name: place.name,
            idNumber: place.id_number,
            birthDate: place.birth_date,
            townshipCode: place.township_code,
            villageCode: place.village_code,
          },
          userId,
          now,
        )
      : null;
  await writeAudit(db, actor, {
    action: 'crosscheck.verify',
    entity: 'finding_verification',
    entityId: verificationId,
    countyCode: input.countyCode,
    detail: { outcome: input.outcome, returnCaseId },
  });
  return { verificationId, returnCaseId };
}

/** Records one outcome; out of school opens a pending return-to-school case. */
export async function recordVerification(deps: Deps, actor: Actor, input: VerificationRequest) {
  return deps.db.transaction().execute(async (trx) => {
    let subjectKey = input.subjectKey;
    if (subjectKey === undefined && input.findingId !== undefined) {
      subjectKey = (await vq.findingSubject(trx, input.countyCode, input.findingId))?.subject_key;
    }
    if (subjectKey === undefined) throw notFound('核查对象');
    return record(trx, deps, actor, { ...input, subjectKey });
  });
}

const OUTCOME_BY_NAME = new Map<string, VerificationOutcome>([
  ...VERIFICATION_OUTCOMES.map((code) => [code, code] as const),
  ...VERIFICATION_OUTCOMES.map((code) => [OUTCOME_LABELS[code], code] as const),
  ['出国', 'emigrated'],
  ['出境', 'emigrated'],
  ['出国(境)', 'emigrated'],
  ['空挂', 'living_elsewhere'],
  ['失学', 'out_of_school'],
  ['辍学', 'out_of_school'],
]);

const COLUMNS = {
  idNumber: ['身份证号', '身份证件号', '公民身份号码', '证件号码'],
  name: ['姓名'],
  birthDate: ['出生日期'],
  outcome: ['核查结果', '核查情况', '结果'],
  schoolName: ['就读学校', '学校'],
  proof: ['证明', '证明材料'],
  note: ['备注'],
} as const;

const text = (cell: Cell | undefined) =>
  cell === null || cell === undefined
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell).trim();

export type VerificationImportResult = {
  read: number;
  accepted: number;
  rejected: number;
  rejectedRows: Array<{ rowNumber: number; listRow: number; reason: string }>;
};

/**
 * Reads a filled-in check sheet (身份证号/姓名/核查结果/就读学校/证明/备注) and records every row
 * that names a person the township may verify and a known outcome, all in one transaction; the
 * other rows come back with their reasons.
 */
export async function importVerifications(
  deps: Deps,
  actor: Actor,
  countyCode: string,
  filePath: string,
): Promise<VerificationImportResult> {
  const table = await readListTable(filePath);
  const headers = table.header.cells.map((cell) => normalizeHeader(text(cell)));
  const columnOf = (names: readonly string[]) => {
    const wanted = new Set(names.map(normalizeHeader));
    return headers.findIndex((header) => wanted.has(header));
  };
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, names]) => [field, columnOf(names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (at.outcome === -1) throw new AppError('bad_request', '文件中没有“核查结果”列');
  if (at.idNumber === -1 && at.name === -1)
    throw new AppError('bad_request', '文件中没有“身份证号”或“姓名”列');

  const rows: Array<{
    rowNumber: number;
    listRow: number;
    request: VerificationRequest & { subjectKey: string };
  }> = [];
  const result: VerificationImportResult = { read: 0, accepted: 0, rejected: 0, rejectedRows: [] };
  const reject = (rowNumber: number, listRow: number, reason: string) => {
    result.rejected++;
    result.rejectedRows.push({ rowNumber, listRow, reason });
  };
  for await (const row of table.rows) {
    result.read++;
    const cell = (field: keyof typeof COLUMNS) => (at[field] === -1 ? '' : text(row.cells[at[field]]));
    const outcome = OUTCOME_BY_NAME.get(cell('outcome').replace(/\s/g, ''));
    if (!outcome) {
      reject(
        row.rowNumber,
        row.listRow,
        `核查结果“${cell('outcome')}”无法识别（应为：${Object.values(OUTCOME_LABELS).join('、')}）`,
      );
      continue;
    }
    let subjectKey: string | null = null;
    if (cell('idNumber')) {
      const id = normalizeListIdNumber(cell('idNumber'));
      if (!id.ok) {
        reject(row.rowNumber, row.listRow, id.message);
        continue;
      }
      subjectKey = id.id;
    } else {
      const name = normalizeListName(cell('name'));
      const birth = cell('birthDate') ? normalizeListDate(cell('birthDate')) : null;
      if (name.ok && birth?.ok) subjectKey = `${name.name}|${birth.date}`;
    }
    if (subjectKey === null) {
      reject(row.rowNumber, row.listRow, '缺少身份证号（无身份证号时须有姓名和出生日期）');
      continue;
    }
    rows.push({
      rowNumber: row.rowNumber,
      listRow: row.listRow,
      request: {
        countyCode,
        subjectKey,
        outcome,
        schoolName: cell('schoolName') || undefined,
        proof: cell('proof') || undefined,
        note: cell('note') || undefined,
      },
    });
  }

  await deps.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      try {
        await record(trx, deps, actor, row.request);
        result.accepted++;
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'internal') throw error;
        reject(
          row.rowNumber,
          row.listRow,
          error.code === 'not_found' ? '不是本次比对的适龄未入学对象，或不在您的管辖范围' : error.message,
        );
      }
    }
  });
  result.rejectedRows.sort((a, b) => a.rowNumber - b.rowNumber);
  return result;
}
