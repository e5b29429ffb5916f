// `nol crosscheck [--county CODE] [--as-of YYYY-MM-DD] --out DIR`: the yearly check for bureaus
// that script it. Writes DIR/links.csv and DIR/findings.csv (UTF-8, no BOM, header row) and
// returns the counts by finding with elapsedMs, which the CLI prints as one JSON line.

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDate } from '../../../domain/index.ts';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { FINDING_CODES } from './findingRules.ts';
import { executeCrosscheck } from './run.ts';

export const crosscheckUsage = `nol crosscheck [--county CODE] [--as-of YYYY-MM-DD] --out DIR
  把本县现行的公安户籍、乡村振兴、残联、民政名单与学籍比对（适龄按 --as-of 日期判断，默认今天），
  写出 DIR/links.csv（list,list_row,student_number,score,decision）和
  DIR/findings.csv（finding,list,list_row,student_number,detail），UTF-8 无 BOM；
  输出一行 JSON：各类发现的数量与 elapsedMs。数据库只有一个区县时可省略 --county。`;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let chunk = `${header.join(',')}\n`;
  for (const row of rows) {
    chunk += `${row.map((v) => csvField(v as string | number | null)).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await done;
}

const score = (value: number) => String(Math.round(value * 1e6) / 1e6);

export async function runCrosscheckCommand(
  deps: Deps,
  args: string[],
  log: (message: string) => void,
): Promise<Record<string, number>> {
  const { values } = parseArgs({
    args,
    options: { county: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.out) throw new AppError('validation', '请用 --out 指定输出目录');
  const asOf = values['as-of'];
  if (asOf !== undefined && !isIsoDate(asOf))
    throw new AppError('validation', `--as-of 须为 YYYY-MM-DD：${asOf}`);
  const { summary, output } = await executeCrosscheck(deps, SYSTEM_ACTOR, {
    countyCode: values.county,
    asOf,
  });
  await mkdir(values.out, { recursive: true });
  await writeCsv(
    join(values.out, 'links.csv'),
    ['list', 'list_row', 'student_number', 'score', 'decision'],
    output.links.map((l) => [l.kind, l.listRow, l.studentNumber, score(l.score), l.decision]),
  );
  await writeCsv(
    join(values.out, 'findings.csv'),
    ['finding', 'list', 'list_row', 'student_number', 'detail'],
    output.findings.map((f) => [f.code, f.kind, f.listRow, f.studentNumber, f.detail]),
  );
  log(
    `${summary.countyCode}：比对批次 ${summary.runId}，关联 ${summary.counts.links ?? 0} 条（待复核 ${summary.counts.review ?? 0}），发现 ${output.findings.length} 条 → ${values.out}`,
  );
  const counts: Record<string, number> = Object.fromEntries(
    FINDING_CODES.map((code) => [code, summary.counts[code] ?? 0]),
  );
  return { ...counts, elapsedMs: summary.elapsedMs };
}
