// The central directory only declares sizes. Before ExcelJS reads the archive, every entry is
// inflated once and counted, so that a directory that lies about sizes is caught, and damaged
// data is refused here: ExcelJS's zip parser stalls for ever on an inflate error inside a
// worksheet, and reads a worksheet cut short as a shorter list. Inflating costs a fraction of
// parsing the XML.
//
// The entries must also tile the file from its start to the central directory: ExcelJS reads
// the local headers in file order, so an entry hidden between them, absent from the
// directory, would escape the checks.

import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { fileError } from './limits.ts';
import { CORRUPT, type ZipDirectory, type ZipEntry } from './zipDirectory.ts';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const STORED = 0;
const DEFLATED = 8;
const HAS_DATA_DESCRIPTOR = 0x08;
// crc and two sizes, 32- or 64-bit, with or without the optional signature.
const DATA_DESCRIPTOR_SIZES = new Set([12, 16, 20, 24]);

async function dataOffset(handle: FileHandle, entry: ZipEntry): Promise<number> {
  const header = Buffer.alloc(LOCAL_HEADER_SIZE);
  const { bytesRead } = await handle.read(header, 0, LOCAL_HEADER_SIZE, entry.localHeaderOffset);
  if (bytesRead < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
    throw fileError(CORRUPT);
  }
  return entry.localHeaderOffset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
}

const TAIL_BYTES = 64;
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const WORKSHEET_END = /<\/(?:\w+:)?worksheet>\s*$/;

/** The inflated size of an entry and its last bytes. */
async function inflate(path: string, handle: FileHandle, start: number, entry: ZipEntry) {
  if (entry.method === STORED) {
    const length = Math.min(TAIL_BYTES, entry.compressedSize);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, start + entry.compressedSize - length);
    return { size: entry.compressedSize, tail };
  }
  if (entry.method !== DEFLATED || entry.compressedSize === 0) throw fileError(CORRUPT);
  const input = createReadStream(path, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1024 ** 2,
  });
  let size = 0;
  // The last two chunks, so that the tail is whole even when the last chunk is tiny.
  let previous: Buffer = Buffer.alloc(0);
  let last: Buffer = Buffer.alloc(0);
  await pipeline(
    input,
    createInflateRaw({ chunkSize: 256 * 1024 }),
    async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        size += chunk.length;
        // The declared sizes were checked against the limits, so this also bounds the total.
        if (size > entry.uncompressedSize) throw fileError(CORRUPT);
        previous = last;
        last = chunk;
      }
    },
  );
  const tail = Buffer.concat([previous, last]).subarray(-TAIL_BYTES);
  return { size, tail };
}

/** Inflates every entry, refusing damaged data, sizes that lie and entries not in the directory. */
export async function verifyZipData(
  path: string,
  handle: FileHandle,
  directory: ZipDirectory,
): Promise<void> {
  const entries = [...directory.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let expectedOffset = 0;
  for (const [i, entry] of entries.entries()) {
    if (entry.localHeaderOffset !== expectedOffset) throw fileError(CORRUPT);
    const start = await dataOffset(handle, entry);
    const end = start + entry.compressedSize;
    const next = entries[i + 1]?.localHeaderOffset ?? directory.offset;
    const gap = next - end;
    if (!(gap === 0 || (entry.flags & HAS_DATA_DESCRIPTOR && DATA_DESCRIPTOR_SIZES.has(gap)))) {
      throw fileError(CORRUPT);
    }
    const { size, tail } = await inflate(path, handle, start, entry).catch(() => {
      throw fileError(CORRUPT);
    });
    if (size !== entry.uncompressedSize) throw fileError(CORRUPT);
    // ExcelJS reads a worksheet cut short as a shorter list, without an error.
    if (WORKSHEET.test(entry.name) && !WORKSHEET_END.test(tail.toString('latin1'))) throw fileError(CORRUPT);
    expectedOffset = next;
  }
  if (expectedOffset !== directory.offset) throw fileError(CORRUPT);
}
