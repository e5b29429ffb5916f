// What a county has imported, and the rows each import rejected.

import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import type { ListKind } from './mapping.ts';
import * as q from './queries.ts';

export async function listImports(deps: Deps, countyCode: string) {
  const rows = await q.listImports(deps.db, countyCode);
  return rows.map((r) => ({
    id: r.id,
    countyCode: r.county_code,
    kind: r.kind as ListKind,
    department: r.department,
    unit: r.issuing_unit,
    fileName: r.file_name,
    format: r.format,
    encoding: r.encoding,
    cutOffDate: r.cut_off_date,
    documentNumber: r.document_number,
    status: r.status as 'current' | 'superseded' | 'empty',
    read: r.read_rows,
    accepted: r.accepted,
    rejected: r.rejected,
    supersededBy: r.superseded_by,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
  }));
}

/** One page of an import's rejected rows, in row order, with the header to show the cells under. */
export async function rejectedRowsPage(deps: Deps, importId: number, page: number, pageSize: number) {
  const found = await q.findImport(deps.db, importId);
  if (!found) throw notFound('导入记录');
  const rows = await q.rejectedPage(deps.db, found.county_code, importId, (page - 1) * pageSize, pageSize);
  return {
    importId,
    fileName: found.file_name,
    header: (found.header_cells as unknown[]).map((cell) => (cell === null ? '' : String(cell))),
    total: found.rejected,
    page,
    pageSize,
    rows: rows.map((r) => ({
      rowNumber: r.row_number,
      listRow: r.list_row,
      reason: r.reason,
      cells: (r.cells as unknown[]).map((cell) => (cell === null ? '' : String(cell))),
    })),
  };
}
