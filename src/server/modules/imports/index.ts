export { importUsage, runImportCommand } from './cli.ts';
export { listImports, rejectedRowsPage } from './history.ts';
export { LIST_KINDS, type ListKind } from './mapping.ts';
export { rejectedRowsXlsx } from './rejectedFile.ts';
export { type ImportOptions, type ImportResult, importList, previewList } from './service.ts';
