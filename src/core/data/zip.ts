// Just enough of ZIP for .npz: the central directory (ZIP64 sizes included), stored and deflated entries.
import { Inflate } from '../env';
import { DatasetError } from './dataset';
import { truncated } from './ndarray';

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;

/** name -> a function that returns the entry's bytes (unpacked on demand, so unused arrays cost nothing) */
export function readZip(bytes: Uint8Array, file: string, inflate: Inflate): Map<string, () => Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new DatasetError(file, 'not a complete zip archive: the end-of-central-directory record is missing (truncated file?)');
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out = new Map<string, () => Uint8Array>();
  for (let e = 0; e < entries; e++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) throw new DatasetError(file, `zip entry ${e}: expected a central directory record at byte ${p}`);
    const method = view.getUint16(p + 10, true);
    let compressed = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // ZIP64: fields that overflowed 32 bits are 0xFFFFFFFF and follow, in order, in extra field 0x0001.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(x, true);
      const length = view.getUint16(x + 2, true);
      if (id === 1) {
        let q = x + 4;
        const next64 = () => {
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
    p += 46 + nameLength + extraLength + commentLength;
    out.set(name, () => {
      if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) throw new DatasetError(file, `zip entry ${name}: expected a local header at byte ${local}`);
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      if (start + compressed > bytes.length) throw truncated(file, start + compressed, bytes.length, `zip entry ${name}`);
      const data = bytes.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflate.inflateRaw(data);
      throw new DatasetError(file, `zip entry ${name} uses compression method ${method}: expected stored (0) or deflate (8)`);
    });
  }
  return out;
}
