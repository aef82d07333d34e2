import { inflateRawSync } from 'node:zlib';

/**
 * A minimal reader for the zip archives sentry-cli builds (artifact bundles): it reads the central
 * directory and extracts stored (method 0) and deflated (method 8) entries. Zip64, encryption and
 * multi-disk archives are refused: sentry-cli writes none of them for bundles under 4 GiB.
 * Layout: PKWARE APPNOTE.TXT §4.3 (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT).
 */

/** One file of the archive, as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** Where the entry's local header starts in the buffer (already corrected for prepended data). */
  localHeaderOffset: number;
}

/** The archive is malformed or uses a feature this reader does not support. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = buf.length - EOCD_SIZE; i >= stop; i--) {
    // The comment length must reach exactly to the end, so a signature inside a comment is skipped.
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + buf.readUInt16LE(i + 20) === buf.length) {
      return i;
    }
  }
  throw new ZipError('not a zip archive: no end of central directory record');
}

/**
 * Lists the entries of a zip archive held in `buf`. Data prepended to the archive (sentry-cli's
 * `SYSB` source-bundle header, a self-extractor stub) is allowed: offsets are shifted by how far
 * the central directory sits from where the end record says it starts.
 */
export function readZipEntries(buf: Buffer): ZipEntry[] {
  if (buf.length < EOCD_SIZE) throw new ZipError('not a zip archive: too short');
  const eocd = findEndOfCentralDirectory(buf);
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0) throw new ZipError('multi-disk zip archives are not supported');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new ZipError('zip64 archives are not supported');
  }
  const cdStart = eocd - cdSize;
  if (cdStart < 0) throw new ZipError('central directory lies outside the archive');
  const shift = cdStart - cdOffset;
  if (shift < 0) throw new ZipError('central directory offset lies past its position');

  const entries: ZipEntry[] = [];
  let p = cdStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      throw new ZipError(`central directory entry ${i} is malformed`);
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc32 = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLength > eocd) throw new ZipError(`central directory entry ${i} is truncated`);
    // Bit 11: the name is UTF-8; otherwise it is CP437, which latin1 matches for ASCII names.
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    if (flags & 0x1) throw new ZipError(`entry ${name} is encrypted`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError('zip64 archives are not supported');
    }
    entries.push({ name, method, compressedSize, size, crc32, localHeaderOffset: localOffset + shift });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The uncompressed content of one entry, checked against its size and CRC-32. `maxBytes` bounds
 * what inflating may produce, so a deflate bomb costs at most that much memory.
 */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes = 64 * 1024 * 1024): Buffer {
  if (entry.size > maxBytes) throw new ZipError(`entry ${entry.name} is larger than ${maxBytes} bytes`);
  const h = entry.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIGNATURE) {
    throw new ZipError(`local header of ${entry.name} is missing`);
  }
  // The local header's name and extra field lengths may differ from the central directory's.
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new ZipError(`data of ${entry.name} is truncated`);
  const raw = buf.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) {
    data = Buffer.from(raw);
  } else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (err) {
      throw new ZipError(`cannot inflate ${entry.name}: ${(err as Error).message}`);
    }
  } else {
    throw new ZipError(`entry ${entry.name} uses unsupported compression method ${entry.method}`);
  }
  if (data.length !== entry.size) throw new ZipError(`entry ${entry.name} has the wrong size`);
  if (crc32(data) !== entry.crc32) throw new ZipError(`entry ${entry.name} fails its CRC-32 check`);
  return data;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3), as zip stores it. Written out because zlib.crc32 needs Node 20.15. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
