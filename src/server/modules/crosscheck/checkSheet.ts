// The check sheet (核查表) a township prints to take door to door: one worksheet per village,
// landscape A4, the header row repeated on every page, blank columns for the outcome, the
// checker's signature and the date.

import ExcelJS from 'exceljs';
import { maskIdNumber } from '../../../domain/index.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { OUTCOME_LABELS } from './findingRules.ts';
import * as q from './queries.ts';
import * as vq from './verificationQueries.ts';

const COLUMNS = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 10 },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12 },
  { header: '身份证号', width: 21 },
  { header: '户籍地址', width: 32 },
  { header: '核查结果', width: 16 },
  { header: '核查人签字', width: 12 },
  { header: '日期', width: 12 },
];

const SEX = { '1': '男', '2': '女' } as Record<string, string>;

/** Worksheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string, used: Set<string>) => {
  const base = name.replace(/[:\\/?*[\]]/g, '').slice(0, 28) || '核查表';
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base}${n}`;
  used.add(candidate);
  return candidate;
};

export async function checkSheet(
  deps: Deps,
  actor: Actor,
  input: { runId: number; township: string; village?: string },
): Promise<{ fileName: string; body: Buffer }> {
  const run = await q.findRun(deps.db, input.runId);
  if (!run) throw notFound('比对批次');
  const [rows, township] = await Promise.all([
    vq.checkSheetRows(deps.db, { countyCode: run.county_code, id: run.id }, input.township, input.village),
    vq.regionName(deps.db, input.township),
  ]);
  const townshipName = township?.name ?? input.township;
  const byVillage = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = row.village_name ?? '（村/社区不详）';
    byVillage.set(key, [...(byVillage.get(key) ?? []), row]);
  }
  if (byVillage.size === 0) byVillage.set('（无待核查对象）', []);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = '一个都不能少';
  const used = new Set<string>();
  for (const [villageName, villageRows] of byVillage) {
    const sheet = workbook.addWorksheet(sheetName(villageName, used), {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:2',
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    });
    sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
    sheet.mergeCells(1, 1, 1, COLUMNS.length);
    const title = sheet.getCell(1, 1);
    title.value = `${townshipName} ${villageName} 适龄儿童未入学核查表（比对日期 ${run.as_of}）`;
    title.font = { bold: true, size: 14 };
    title.alignment = { horizontal: 'center' };
    const header = sheet.getRow(2);
    header.values = COLUMNS.map((c) => c.header);
    header.font = { bold: true };
    villageRows.forEach((row, i) => {
      sheet.addRow([
        i + 1,
        row.name ?? '',
        SEX[row.sex ?? ''] ?? '',
        row.birth_date ?? '',
        maskIdNumber(row.id_number) ?? '',
        row.address ?? '',
        '',
        '',
        '',
      ]);
    });
    sheet.addRow([]);
    sheet.addRow([
      `核查结果填写：${Object.values(OUTCOME_LABELS).join(' / ')}；在外地就读请注明学校并附证明。`,
    ]);
    for (let r = 2; r <= villageRows.length + 2; r++) {
      const line = sheet.getRow(r);
      line.height = 24;
      for (let c = 1; c <= COLUMNS.length; c++) {
        line.getCell(c).border = {
          top: { style: 'thin' },
          left: { style: 'thin' },
          bottom: { style: 'thin' },
          right: { style: 'thin' },
        };
        line.getCell(c).alignment = { vertical: 'middle', wrapText: c === 6 };
      }
    }
  }
  await writeAudit(deps.db, actor, {
    action: 'crosscheck.check_sheet',
    entity: 'crosscheck_run',
    entityId: run.id,
    countyCode: run.county_code,
    detail: { township: input.township, village: input.village ?? null, rows: rows.length },
  });
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `核查表-${townshipName}-${run.as_of}.xlsx`, body };
}
