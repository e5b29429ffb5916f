// CSV and other delimited text. Lists from county offices are mostly GBK/GB18030 (what Excel
// and WPS write on a Chinese Windows), the rest UTF-8 with or without a BOM, and Excel's
// "Unicode text" is tab-separated UTF-16. The file is decoded in large chunks with a stateful
// decoder and the strings fed to csv-parse: decoding through iconv-lite's small-chunk stream was
// measured fifty times slower on a 600k-row list.

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import chardet from 'chardet';
import { CsvError, type Parser, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import {
  type Cell,
  checkColumnCount,
  checkRowCount,
  fileError,
  type PhysicalRow,
  type ReadLimits,
} from './limits.ts';

const CHUNK_BYTES = 4 * 1024 ** 2;
// Longer than any real row (2,000 columns of addresses); a longer one is an unclosed quote
// swallowing the rest of the file, or not a list at all.
const MAX_RECORD_CHARS = 1024 ** 2;

/**
 * The encoding of a sample from the start of the file. Short GBK samples fool chardet (two
 * names can score as Big5 or EUC-KR), so anything but a BOM, valid UTF-8, a confident Big5 or
 * UTF-16 is read as GB18030, the superset of GBK and GB2312 that Chinese offices write.
 */
export function detectEncoding(sample: Uint8Array): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    // stream: true leaves a character cut off at the end of the sample undecoded, not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    const best = chardet.analyse(sample)[0];
    if (best?.name === 'UTF-16LE' || best?.name === 'UTF-16BE') return best.name.toLowerCase();
    if (best?.name === 'Big5' && best.confidence >= 50) return 'big5';
    return 'gb18030';
  }
}

export function checkEncoding(encoding: string): string {
  const name = encoding.trim().toLowerCase();
  if (!iconv.encodingExists(name))
    throw fileError(`不支持的文件编码：${encoding}（可用 utf-8、gb18030、gbk 等）`);
  return name;
}

async function* decodeChunks(path: string, encoding: string): AsyncGenerator<string> {
  // The stateful decoder keeps a multi-byte character cut at a chunk boundary for the next
  // chunk, and strips a BOM.
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const text = decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Tab when the first lines hold more tabs than commas (Excel's "Unicode text" export). */
function sniffDelimiter(text: string): string {
  const head = text.split('\n', 50).join('\n');
  const tabs = head.split('\t').length;
  const commas = head.split(',').length;
  return tabs > commas ? '\t' : ',';
}

/**
 * The parser's records in batches, as many as it has buffered: a stream's own async iterator
 * waits for the next tick between every record, which costs a sixth of the time.
 */
async function* recordBatches(parser: Parser): AsyncGenerator<string[][]> {
  let ended = false;
  let failure: unknown;
  let wake = () => {};
  parser.on('readable', () => wake());
  parser.on('end', () => {
    ended = true;
    wake();
  });
  parser.on('error', (error) => {
    failure = error;
    wake();
  });
  for (;;) {
    const batch: string[][] = [];
    for (let record = parser.read(); record !== null; record = parser.read()) batch.push(record);
    // While the consumer held the batch, the parser may have pushed more and emitted 'readable'
    // to nobody: read again, and wait only after a read came back empty (which re-arms the event).
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

function csvErrorMessage(error: CsvError, rowNumber: number): string {
  if (error.code === 'CSV_MAX_RECORD_SIZE' || error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return `CSV 文件第 ${rowNumber} 行的引号没有配对，或该行过长；请检查后重新导出`;
  }
  return `CSV 文件格式有误（第 ${rowNumber} 行附近）：${error.message}`;
}

export async function* readCsvRows(
  path: string,
  encoding: string,
  limits: ReadLimits,
): AsyncGenerator<PhysicalRow> {
  const chunks = decodeChunks(path, encoding);
  const first = await chunks.next();
  if (first.done) return;
  const parser = parse({
    delimiter: sniffDelimiter(first.value),
    relax_column_count: true,
    // Stray quotes inside unquoted cells (“新村”"3组") are common in hand-typed addresses.
    relax_quotes: true,
    // Blank lines are kept so that row numbers match what Excel shows for the same file.
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  const source = Readable.from(
    (async function* () {
      yield first.value;
      yield* chunks;
    })(),
    { objectMode: false },
  );
  const piping = pipeline(source, parser).catch(() => {});
  let rowNumber = 0;
  try {
    for await (const batch of recordBatches(parser)) {
      for (const record of batch) {
        rowNumber++;
        checkRowCount(rowNumber, limits);
        checkColumnCount(rowNumber, record.length, limits);
        // In place: the record is the parser's fresh array, and one copy per row less is garbage
        // the collector does not have to sweep.
        const cells: Cell[] = record;
        for (let i = 0; i < cells.length; i++) if (cells[i] === '') cells[i] = null;
        yield { rowNumber, cells };
      }
    }
  } catch (error) {
    // The parser runs ahead of the rows consumed; the error knows how many records it completed.
    if (error instanceof CsvError) {
      const completed = typeof error.records === 'number' ? error.records : rowNumber;
      throw fileError(csvErrorMessage(error, completed + 1));
    }
    throw error;
  } finally {
    parser.destroy();
    await piping;
  }
}
