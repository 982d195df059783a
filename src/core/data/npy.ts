// NumPy .npy (format versions 1, 2, 3) and .npz (a zip of .npy entries, stored or deflated).
import { RawRows } from './builder';
import { ParseContext } from './context';
import { DatasetError } from './dataset';
import { baseName } from './paths';
import { NdArray, count, elementReader, rowsFromArrays, truncated } from './ndarray';
import { readZip } from './zip';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Reads one .npy file: dtypes f4 f8 i1..i8 u1..u8 b1, either byte order, C or Fortran order. */
export function readNpy(bytes: Uint8Array, file: string): NdArray {
  if (!MAGIC.every((m, i) => bytes[i] === m)) throw new DatasetError(file, 'not a .npy file: expected the magic bytes \\x93NUMPY');
  if (bytes.length < 10) throw truncated(file, 10, bytes.length, 'the .npy preamble');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DatasetError(file, `unsupported .npy version ${major}: expected 1, 2 or 3`);
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : NaN;
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (!(dataStart <= bytes.length)) throw truncated(file, dataStart, bytes.length, 'the .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*True/.test(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined) throw new DatasetError(file, `unreadable .npy header ${JSON.stringify(header.trim())}: expected descr, fortran_order and shape`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const dtype = /^([<>|=])([fiub])(\d)$/.exec(descr);
  const size = dtype ? Number(dtype[3]) : 0;
  const read = dtype && elementReader(new DataView(bytes.buffer, bytes.byteOffset + dataStart, bytes.byteLength - dataStart), dtype[2] as 'f' | 'i' | 'u' | 'b', size, dtype[1] !== '>');
  if (!read) throw new DatasetError(file, `unsupported dtype ${descr}: expected a number type such as <f4, <f8, <i8, |u1 or |b1 (no structured, complex, string or object arrays)`);
  const total = count(shape);
  const expected = dataStart + total * size;
  if (bytes.length < expected) throw truncated(file, expected, bytes.length, `header + ${shape.join(' × ')} values of ${descr}`);
  return { file, shape, get: fortran && shape.length > 1 ? fortranOrder(shape, read) : read };
}

/** Fortran order stores the first index fastest: map a C-order position to its storage position. */
function fortranOrder(shape: number[], read: (i: number) => number): (k: number) => number {
  const strides: number[] = [];
  let s = 1;
  for (const n of shape) {
    strides.push(s);
    s *= n;
  }
  return (k) => {
    let offset = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      offset += (k % shape[axis]) * strides[axis];
      k = Math.floor(k / shape[axis]);
    }
    return read(offset);
  };
}

/** Features from a .npy, labels from its sibling file or from the column chosen by options.label. */
export function parseNpy(bytes: Uint8Array, sibling: { name: string; bytes: Uint8Array } | undefined, ctx: ParseContext): RawRows {
  const features = readNpy(bytes, ctx.file);
  const column = labelColumnOption(ctx);
  if (column !== undefined) return rowsFromArrays(features, { column }, 'npy', { env: ctx.env });
  if (!sibling && features.shape.length === 1) {
    throw new DatasetError(ctx.file, `a 1-D array of ${features.shape[0]} values (labels?): expected a 2-D feature array; open the features file (e.g. X.npy) instead`);
  }
  if (!sibling) {
    throw new DatasetError(ctx.file, 'no labels: expected a labels file beside it (X.npy → y.npy, foo_X.npy → foo_y.npy, foo.npy → foo_labels.npy) or a label column index');
  }
  return rowsFromArrays(features, readNpy(sibling.bytes, sibling.name), 'npy', { labelName: baseName(sibling.name), env: ctx.env });
}

function labelColumnOption(ctx: ParseContext): number | undefined {
  const option = ctx.options.label;
  if (option === undefined) return undefined;
  const index = typeof option === 'number' ? option : /^\s*\d+\s*$/.test(option) ? Number(option) : NaN;
  if (!Number.isInteger(index) || index < 0) throw new DatasetError(ctx.file, `label ${JSON.stringify(option)}: arrays have no column names, expected a 0-based column index`);
  return index;
}

const ARRAY_PAIRS: [string, string][] = [['X', 'y'], ['x', 'y'], ['X', 'Y'], ['data', 'labels'], ['data', 'target'], ['features', 'labels'], ['images', 'labels']];

/**
 * An .npz: features and labels are the arrays named in options.arrays, else the first present pair of
 * X/y, x/y, X/Y, data/labels, data/target, features/labels, images/labels; with options.label as a
 * column index, a single array (options.arrays.x, or the only array) is enough.
 */
export function parseNpz(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const entries = readZip(bytes, ctx.file, ctx.env.inflate);
  const arrays = new Map<string, () => Uint8Array>();
  for (const [name, data] of entries) if (name.endsWith('.npy')) arrays.set(name.slice(0, -4), data);
  const load = (name: string) => readNpy(arrays.get(name)!(), `${ctx.file}:${name}`);
  const wanted = ctx.options.arrays ?? {};
  const available = [...arrays.keys()].join(', ') || 'none';
  for (const name of [wanted.x, wanted.y]) {
    if (name !== undefined && !arrays.has(name)) throw new DatasetError(ctx.file, `no array ${JSON.stringify(name)}: the arrays are ${available}`);
  }
  const column = labelColumnOption(ctx);
  if (column !== undefined && wanted.y === undefined) {
    const x = wanted.x ?? (arrays.size === 1 ? [...arrays.keys()][0] : ARRAY_PAIRS.find(([x]) => arrays.has(x))?.[0]);
    if (x === undefined) throw new DatasetError(ctx.file, `which array holds the features? the arrays are ${available}: choose one`);
    return { ...rowsFromArrays(load(x), { column }, 'npz', { env: ctx.env }), file: ctx.file };
  }
  const pair = wanted.x !== undefined || wanted.y !== undefined
    ? ARRAY_PAIRS.map(([x, y]): [string, string] => [wanted.x ?? x, wanted.y ?? y]).find(([x, y]) => arrays.has(x) && arrays.has(y))
    : ARRAY_PAIRS.find(([x, y]) => arrays.has(x) && arrays.has(y));
  if (!pair) throw new DatasetError(ctx.file, `expected feature and label arrays named X and y (or data/labels), found ${available}: choose them`);
  return { ...rowsFromArrays(load(pair[0]), load(pair[1]), 'npz', { labelName: pair[1], env: ctx.env }), file: ctx.file };
}
