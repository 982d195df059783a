// Just enough of ZIP for .npz: the central directory (ZIP64 sizes included), stored and deflated
// entries. Every offset and length is checked against the file before it is read, every entry's
// CRC-32 and size against its data (numpy refuses a file whose data changed; so do we).
import { Inflate, InflateLimitError } from '../env';
import { DatasetError } from './dataset';
import { DataLimits, formatBytes, limitError } from './limits';
import { truncated } from './ndarray';

const EOCD = 0x06054b50,
  CENTRAL = 0x02014b50,
  LOCAL = 0x04034b50;

/** name -> a function that returns the entry's bytes (unpacked on demand, so unused arrays cost nothing) */
export function readZip(bytes: Uint8Array, file: string, inflate: Inflate, limits: DataLimits): Map<string, () => Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (detail: string) => new DatasetError(file, detail);
  /** bytes [p, p + length) lie in the file */
  const need = (p: number, length: number, what: string) => {
    if (!(p >= 0 && p + length <= bytes.length))
      throw fail(`${what} at bytes ${p}–${p + length} lies past the end of the file (${bytes.length} bytes): truncated or damaged zip`);
  };
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw fail('not a complete zip archive: the end-of-central-directory record is missing (truncated file?)');
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out = new Map<string, () => Uint8Array>();
  for (let e = 0; e < entries; e++) {
    need(p, 46, `zip entry ${e}: the central directory record`);
    if (view.getUint32(p, true) !== CENTRAL) throw fail(`zip entry ${e}: expected a central directory record at byte ${p}`);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressed = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    need(p + 46, nameLength + extraLength + commentLength, `zip entry ${e}: the name, extra field and comment`);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // ZIP64: fields that overflowed 32 bits are 0xFFFFFFFF and follow, in order, in extra field 0x0001.
    const extraEnd = p + 46 + nameLength + extraLength;
    for (let x = p + 46 + nameLength; x + 4 <= extraEnd;) {
      const id = view.getUint16(x, true);
      const length = view.getUint16(x + 2, true);
      if (x + 4 + length > extraEnd) throw fail(`zip entry ${name}: extra field at byte ${x} runs past its record`);
      if (id === 1) {
        let q = x + 4;
        const next64 = () => {
          if (q + 8 > x + 4 + length) throw fail(`zip entry ${name}: ZIP64 extra field at byte ${x} is too short`);
          const v = Number(view.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next64();
        if (compressed === 0xffffffff) compressed = next64();
        if (local === 0xffffffff) local = next64();
      }
      x += 4 + length;
    }
    p = extraEnd + commentLength;
    out.set(name, () => {
      const where = `zip entry ${name}`;
      need(local, 30, `${where}: the local header`);
      if (view.getUint32(local, true) !== LOCAL) throw fail(`${where}: expected a local header at byte ${local}`);
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      if (start + compressed > bytes.length) throw truncated(file, start + compressed, bytes.length, where);
      if (size > limits.maxBytes) {
        throw limitError(file, 'maxBytes', `${where} unpacks to ${formatBytes(size)}, more than the limit of ${formatBytes(limits.maxBytes)}`);
      }
      const data = bytes.subarray(start, start + compressed);
      const span = `${where} (compressed data at bytes ${start}–${start + compressed})`;
      let unpacked: Uint8Array;
      if (method === 0) unpacked = data;
      else if (method === 8) unpacked = inflateEntry(inflate, data, size, file, span);
      else throw fail(`${where} uses compression method ${method}: expected stored (0) or deflate (8)`);
      if (unpacked.length !== size) throw fail(`${span}: unpacks to ${unpacked.length} bytes, the directory says ${size}`);
      const actual = crc32(unpacked);
      if (actual !== crc) throw fail(`${span}: CRC-32 mismatch (stored ${hex(crc)}, data ${hex(actual)}): the data changed after it was written`);
      return unpacked;
    });
  }
  return out;
}

function inflateEntry(inflate: Inflate, data: Uint8Array, size: number, file: string, span: string): Uint8Array {
  try {
    // one byte past the promised size, so a stream longer than its directory entry is caught
    return inflate.inflateRaw(data, size + 1);
  } catch (e) {
    if (e instanceof InflateLimitError) throw new DatasetError(file, `${span}: unpacks to more than the ${size} bytes its directory entry says`);
    throw new DatasetError(file, `${span}: damaged deflate data (${(e as Error).message})`);
  }
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip and gzip use it). */
export function crc32(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
