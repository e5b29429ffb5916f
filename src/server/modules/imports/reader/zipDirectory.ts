// An .xlsx is a zip archive. Before any of it is inflated, its central directory (which every zip
// carries at its end) says how large each part claims to be: a zip bomb — a few kilobytes that
// inflate to gigabytes — is refused here, without a new dependency, before the streaming reader
// starts. Declared sizes can lie: zipInflate.ts then checks what the data really inflates to.

import type { FileHandle } from 'node:fs/promises';
import { fileError, type ReadLimits } from './limits.ts';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const MAX_COMMENT = 0xffff;
// Office writes a few dozen entries; a directory this large is not a spreadsheet.
const MAX_DIRECTORY_BYTES = 16 * 1024 ** 2;
// Below this an entry cannot hurt whatever its ratio (a column of empty styled cells compresses
// very well).
const RATIO_FLOOR_BYTES = 1024 ** 2;

export type ZipEntry = {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

export const CORRUPT = '文件已损坏或不是有效的 Excel 文件';

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

type Directory = { offset: number; size: number; entries: number };

async function findDirectory(handle: FileHandle, fileSize: number): Promise<Directory> {
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      at = i;
      break;
    }
  }
  if (at < 0) throw fileError(CORRUPT);
  const directory = {
    entries: tail.readUInt16LE(at + 10),
    size: tail.readUInt32LE(at + 12),
    offset: tail.readUInt32LE(at + 16),
  };
  const zip64 =
    directory.entries === 0xffff || directory.size === 0xffffffff || directory.offset === 0xffffffff;
  if (!zip64) return directory;

  if (at < 20 || tail.readUInt32LE(at - 20) !== ZIP64_LOCATOR_SIGNATURE) throw fileError(CORRUPT);
  const record = await readAt(handle, Number(tail.readBigUInt64LE(at - 20 + 8)), 56);
  if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw fileError(CORRUPT);
  return {
    entries: Number(record.readBigUInt64LE(32)),
    size: Number(record.readBigUInt64LE(40)),
    offset: Number(record.readBigUInt64LE(48)),
  };
}

/** Values marked 0xFFFFFFFF are in the zip64 extra field (id 1), in this order, when present. */
function zip64Values(extra: Buffer, values: [number, number, number]): [number, number, number] {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      return values.map((value) => {
        if (value !== 0xffffffff) return value;
        if (field + 8 > extra.length) throw fileError(CORRUPT);
        const wide = Number(extra.readBigUInt64LE(field));
        field += 8;
        return wide;
      }) as [number, number, number];
    }
    at += 4 + size;
  }
  throw fileError(CORRUPT);
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.ceil(bytes / 1024 ** 2)} MB`;
}

export type ZipDirectory = { entries: ZipEntry[]; offset: number };

/** Reads the central directory and refuses a corrupt, encrypted or bomb-like archive. */
export async function checkZipDirectory(handle: FileHandle, limits: ReadLimits): Promise<ZipDirectory> {
  const { size: fileSize } = await handle.stat();
  const directory = await findDirectory(handle, fileSize);
  if (directory.size > MAX_DIRECTORY_BYTES || directory.offset + directory.size > fileSize) {
    throw fileError(CORRUPT);
  }
  const data = await readAt(handle, directory.offset, directory.size);
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = 0;
  while (entries.length < directory.entries) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_ENTRY_SIGNATURE) throw fileError(CORRUPT);
    const flags = data.readUInt16LE(at + 8);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > data.length) throw fileError(CORRUPT);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    const method = data.readUInt16LE(at + 10);
    let compressedSize = data.readUInt32LE(at + 20);
    let uncompressedSize = data.readUInt32LE(at + 24);
    let localHeaderOffset = data.readUInt32LE(at + 42);
    if (
      compressedSize === 0xffffffff ||
      uncompressedSize === 0xffffffff ||
      localHeaderOffset === 0xffffffff
    ) {
      const extra = data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      [uncompressedSize, compressedSize, localHeaderOffset] = zip64Values(extra, [
        uncompressedSize,
        compressedSize,
        localHeaderOffset,
      ]);
    }
    if (flags & 1) throw fileError('文件有密码保护，请取消密码后重新保存再导入');

    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw fileError(
        `文件解压后过大（超过 ${formatSize(limits.maxUncompressedBytes)}），可能是恶意构造的压缩文件`,
      );
    }
    const ratio = uncompressedSize / Math.max(compressedSize, 1);
    if (uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio) {
      throw fileError(`文件的压缩比异常（${Math.round(ratio)} 倍），可能是恶意构造的压缩文件`);
    }
    entries.push({ name, flags, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = end;
  }
  return { entries, offset: directory.offset };
}
