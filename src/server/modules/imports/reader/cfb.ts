// Old .xls and WPS .et files, and also password-protected .xlsx files, are OLE2 compound files
// (MS-CFB): a little FAT file system inside one file. Which streams it holds tells them apart:
// an encrypted OOXML package has EncryptionInfo and EncryptedPackage, a spreadsheet has Workbook
// (or Book for Excel 5). Only the directory is read, following its sector chain through the FAT.

import type { FileHandle } from 'node:fs/promises';

const HEADER_SIZE = 512;
const DIRECTORY_ENTRY_SIZE = 128;
const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
const HEADER_DIFAT_ENTRIES = 109;
// A directory of this many sectors would describe tens of thousands of streams.
const MAX_DIRECTORY_SECTORS = 4_096;
const MAX_FAT_SECTORS = 65_536;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Names of the entries in a compound file's directory; null when the structure is broken. */
export async function compoundFileEntryNames(handle: FileHandle): Promise<string[] | null> {
  const header = await readAt(handle, 0, HEADER_SIZE);
  if (header.length < HEADER_SIZE) return null;
  const sectorShift = header.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const idsPerSector = sectorSize / 4;

  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) {
    const sector = header.readUInt32LE(0x4c + i * 4);
    if (sector <= MAX_REGULAR_SECTOR) fatSectors.push(sector);
  }
  let difatSector = header.readUInt32LE(0x44);
  while (difatSector <= MAX_REGULAR_SECTOR && fatSectors.length < MAX_FAT_SECTORS) {
    const block = await readAt(handle, sectorOffset(difatSector), sectorSize);
    if (block.length < sectorSize) return null;
    for (let i = 0; i < idsPerSector - 1; i++) {
      const sector = block.readUInt32LE(i * 4);
      if (sector <= MAX_REGULAR_SECTOR) fatSectors.push(sector);
    }
    difatSector = block.readUInt32LE(sectorSize - 4);
  }

  const nextSector = async (sector: number): Promise<number | null> => {
    const fatSector = fatSectors[Math.floor(sector / idsPerSector)];
    if (fatSector === undefined) return null;
    const entry = await readAt(handle, sectorOffset(fatSector) + (sector % idsPerSector) * 4, 4);
    return entry.length === 4 ? entry.readUInt32LE(0) : null;
  };

  const names: string[] = [];
  let sector: number | null = header.readUInt32LE(0x30);
  for (let count = 0; sector !== null && sector !== END_OF_CHAIN; count++) {
    if (sector > MAX_REGULAR_SECTOR || count >= MAX_DIRECTORY_SECTORS) return null;
    const block = await readAt(handle, sectorOffset(sector), sectorSize);
    if (block.length < sectorSize) return null;
    for (let offset = 0; offset < sectorSize; offset += DIRECTORY_ENTRY_SIZE) {
      // The name length counts bytes including the terminating UTF-16 NUL.
      const nameBytes = block.readUInt16LE(offset + 0x40);
      if (nameBytes >= 2 && nameBytes <= 64) {
        names.push(block.toString('utf16le', offset, offset + nameBytes - 2));
      }
    }
    sector = await nextSector(sector);
  }
  return sector === null ? null : names;
}
