// IDX (MNIST, Fashion-MNIST): big-endian arrays with a 4-byte magic (0, 0, type, dimensions). The
// images file (N × rows × cols) and the labels file (N) are paired by name (see siblingNames); either
// may be the one opened. Unsigned-byte images are pixels by construction.
import { RawRows } from './builder';
import { ParseContext } from './context';
import { DatasetError } from './dataset';
import { baseName } from './paths';
import { NdArray, count, elementReader, elementText, rowsFromArrays, truncated } from './ndarray';

const TYPES: Record<number, { kind: 'u' | 'i' | 'f'; size: number; name: string }> = {
  0x08: { kind: 'u', size: 1, name: 'unsigned byte' },
  0x09: { kind: 'i', size: 1, name: 'signed byte' },
  0x0b: { kind: 'i', size: 2, name: 'short' },
  0x0c: { kind: 'i', size: 4, name: 'int' },
  0x0d: { kind: 'f', size: 4, name: 'float' },
  0x0e: { kind: 'f', size: 8, name: 'double' },
};

export function readIdx(bytes: Uint8Array, file: string): NdArray & { type: number } {
  if (bytes.length < 4) throw truncated(file, 4, bytes.length, 'the IDX magic number');
  const type = TYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type) {
    throw new DatasetError(file, 'not an IDX file: expected the magic 0x00 0x00 <type 08/09/0B/0C/0D/0E> <dimensions>');
  }
  const dims = bytes[3];
  const headerEnd = 4 + 4 * dims;
  if (bytes.length < headerEnd) throw truncated(file, headerEnd, bytes.length, `the IDX header of ${dims} dimensions`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dims }, (_, k) => view.getUint32(4 + 4 * k));
  const expected = headerEnd + count(shape) * type.size;
  if (bytes.length < expected) throw truncated(file, expected, bytes.length, `header + ${shape.join(' × ')} values of type ${type.name}`);
  const data = new DataView(bytes.buffer, bytes.byteOffset + headerEnd, bytes.byteLength - headerEnd);
  const raw = type.size === 1 && type.kind === 'u' ? bytes.subarray(headerEnd, expected) : undefined;
  const get = raw ? (k: number) => raw[k] : elementReader(data, type.kind, type.size, false)!;
  return { file, shape, get, label: elementText(data, type.kind, type.size, false), type: bytes[2], ...(raw ? { bytes: raw } : {}) };
}

export function parseIdx(bytes: Uint8Array, partner: { name: string; bytes: Uint8Array } | undefined, partnerNames: string[], ctx: ParseContext): RawRows {
  const opened = readIdx(bytes, ctx.file);
  if (!partner) {
    const wanted = partnerNames.length ? partnerNames.join(' or ') : 'a file named like it with images↔labels and idx3↔idx1 swapped';
    throw new DatasetError(ctx.file, `IDX ${opened.shape.length === 1 ? 'labels' : 'images'} need their partner file: expected ${wanted} beside it`);
  }
  const other = readIdx(partner.bytes, partner.name);
  // the labels are the 1-D file (idx1) and the features are not: two 1-D files are no pair
  const [images, labels] = opened.shape.length === 1 ? [other, opened] : [opened, other];
  if (labels.shape.length !== 1) throw new DatasetError(labels.file, `expected 1-D labels (idx1), found ${labels.shape.length} dimensions`);
  if (images.shape.length < 2) {
    throw new DatasetError(
      images.file,
      `expected images (idx3, N × rows × columns) beside the labels ${baseName(labels.file)}, found a 1-D array: both files hold labels`,
    );
  }
  return { ...rowsFromArrays(images, labels, 'idx', ctx, { pixel: images.type === 0x08, labelName: baseName(labels.file) }), file: ctx.file };
}
