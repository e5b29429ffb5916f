// Fixture lists for the import tests, generated in a temporary directory.

import { idCheckDigit } from '../../../domain/index.ts';

export { collect, tempDir, writeText, writeXlsx } from './reader/testFiles.ts';

/** A valid 18-digit ID of the demo county (宣州区 341802) with the given birth date and sequence. */
export function residentId(birth: string, sequence: number, region = '341802'): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idCheckDigit(first17)}`;
}

/** The same ID with its check digit changed: a typo the linkage must tolerate. */
export function withWrongCheckDigit(id: string): string {
  const last = id.slice(-1);
  return `${id.slice(0, 17)}${last === '0' ? '1' : '0'}`;
}

export function csv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
}
