// Old .xls and WPS .et files have no streaming reader in Node; LibreOffice converts them to
// .xlsx when the server has it. Each conversion gets its own LibreOffice profile directory:
// two conversions sharing the default profile block each other.

import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { fileError } from './limits.ts';

const CONVERSION_TIMEOUT_MS = 120_000;

export const SAVE_AS_XLSX = '请用 Excel 或 WPS 另存为 .xlsx 后再导入';

export async function findSoffice(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not in this directory.
      }
    }
  }
  return null;
}

export type Converted = { path: string; cleanup: () => Promise<void> };

/** Converts an .xls or .et file to .xlsx in a temporary directory the caller cleans up. */
export async function convertToXlsx(path: string, extension: string): Promise<Converted> {
  const soffice = await findSoffice();
  if (!soffice) throw fileError(`这是旧版 Excel（.xls）或 WPS 表格文件，服务器无法直接读取；${SAVE_AS_XLSX}`);
  const dir = await mkdtemp(join(tmpdir(), 'nol-convert-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    // LibreOffice names its output after the input; uploads are stored without a name.
    const input = join(dir, `list.${extension === 'et' ? 'et' : 'xls'}`);
    await copyFile(path, input);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await promisify(execFile)(
      soffice,
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'xlsx',
        '--outdir',
        dir,
        input,
      ],
      { timeout: CONVERSION_TIMEOUT_MS },
    );
    const output = (await readdir(dir)).find((name) => name.endsWith('.xlsx'));
    if (!output) throw new Error('no output');
    return { path: join(dir, output), cleanup };
  } catch {
    await cleanup();
    throw fileError(`文件无法转换，可能已损坏或有密码保护；${SAVE_AS_XLSX}`);
  }
}
