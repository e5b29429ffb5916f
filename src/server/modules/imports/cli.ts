// `nol import <kind> <file>`: the same import the page runs, as the system user, for bureaus that
// script their yearly check. stdout gets one JSON line (printed by main.ts); progress goes to `log`.

import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../../auth/actor.ts';
import type { Deps } from '../../deps.ts';
import { validationError } from '../../errors.ts';
import { LIST_KINDS, type ListKind } from './mapping.ts';
import { importList } from './service.ts';

export const importUsage = `nol import <students|police|poverty|disabled|civil> <file> [--county CODE] [--unit NAME]
           [--encoding E] [--cut-off YYYY-MM-DD] [--document 文号]
  导入学籍名单（students，国家学籍系统导出格式）或公安户籍（police）、乡村振兴（poverty）、残联（disabled）、
  民政（civil）名单（.xlsx / .csv；.xls/.et 需安装 LibreOffice）。编码自动识别（UTF-8、GB18030/GBK），可用
  --encoding 指定。--unit 为发文单位（如某派出所）：同一来源、同一单位的新名单取代上一份。数据库中只有一个
  区县时可省略 --county。输出一行 JSON：{"read","accepted","rejected","rejectedFile"}；未导入的行连同原因
  写入 <文件名>.rejected.xlsx。整个文件无法导入时（空文件、缺少身份证号列、文件损坏…）退出码非 0，不做任何改动。
  Imports the registry export or a department's list. Rows that cannot be imported go, with their
  reasons, to <name>.rejected.xlsx beside the file; a file refused as a whole exits non-zero and
  changes nothing.`;

export type ImportCommandResult = {
  read: number;
  accepted: number;
  rejected: number;
  rejectedFile: string | null;
};

const PROGRESS_EVERY = 20_000;

export async function runImportCommand(
  deps: Deps,
  args: string[],
  log: (message: string) => void,
): Promise<ImportCommandResult> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      county: { type: 'string' },
      unit: { type: 'string' },
      encoding: { type: 'string' },
      'cut-off': { type: 'string' },
      document: { type: 'string' },
    },
  });
  const [kind, file, ...extra] = positionals;
  if (!kind || !(LIST_KINDS as readonly string[]).includes(kind)) {
    throw validationError([{ field: 'kind', message: `名单类型须为：${LIST_KINDS.join('、')}` }]);
  }
  if (!file || extra.length > 0) {
    throw validationError([{ field: 'file', message: '请指定一个要导入的文件' }]);
  }
  const started = Date.now();
  let reported = 0;
  const result = await importList(deps, SYSTEM_ACTOR, file, {
    kind: kind as ListKind,
    countyCode: values.county,
    unit: values.unit,
    encoding: values.encoding,
    cutOffDate: values['cut-off'],
    documentNumber: values.document,
    onProgress: (rows) => {
      if (rows - reported < PROGRESS_EVERY) return;
      reported = rows;
      log(`已读取 ${rows} 行 / rows read（${((Date.now() - started) / 1000).toFixed(1)} s）`);
    },
  });
  log(
    `导入完成 / done: 读取 ${result.read}，导入 ${result.accepted}，未导入 ${result.rejected}` +
      `（${((Date.now() - started) / 1000).toFixed(1)} s）`,
  );
  return {
    read: result.read,
    accepted: result.accepted,
    rejected: result.rejected,
    rejectedFile: result.rejectedFile,
  };
}
