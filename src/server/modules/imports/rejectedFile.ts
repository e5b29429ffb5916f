// The rejected rows of an import as an .xlsx to correct and import again: the list's own columns as
// they were read, then 行号 (the row number in the original file) and 原因.

import ExcelJS from 'exceljs';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import * as q from './queries.ts';

const PAGE_ROWS = 5_000;

/** Written with the streaming writer, a page of rows at a time, so a big file never sits in memory. */
export async function rejectedRowsXlsx(
  deps: Deps,
  countyCode: string,
  importId: number,
  outPath: string,
): Promise<void> {
  const found = await q.findImport(deps.db, importId);
  if (!found || found.county_code !== countyCode) throw notFound('导入记录');
  const header = (found.header_cells as unknown[]).map((cell) => (cell === null ? '' : String(cell)));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: outPath, useSharedStrings: false });
  const sheet = workbook.addWorksheet('未导入的行');
  sheet.addRow([...header, '行号', '原因']).commit();
  let after = 0;
  for (;;) {
    const rows = await q.rejectedRows(deps.db, countyCode, importId, after, PAGE_ROWS);
    for (const row of rows) {
      const cells = (row.cells as unknown[]).slice(0, header.length);
      while (cells.length < header.length) cells.push(null);
      sheet.addRow([...cells, row.row_number, row.reason]).commit();
    }
    if (rows.length < PAGE_ROWS) break;
    after = rows[rows.length - 1]?.row_number ?? after;
  }
  sheet.commit();
  await workbook.commit();
}
