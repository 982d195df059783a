// NumPy .npy (format versions 1, 2, 3) and .npz (a zip of .npy entries, stored or deflated).
import { RawRows } from './builder';
import { ParseContext } from './context';
import { DatasetError } from './dataset';
import { baseName } from './paths';
import { ARRAY_PAIRS, NdArray, count, elementReader, elementText, rowsFromArrays, truncated } from './ndarray';
import { PyLiteralError, PyValue, parsePyLiteral } from './pyLiteral';
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
  const { descr, fortran, shape } = npyHeader(header, file);
  const dtype = /^([<>|=])([fiub])(\d)$/.exec(descr);
  const size = dtype ? Number(dtype[3]) : 0;
  const kind = dtype?.[2] as 'f' | 'i' | 'u' | 'b';
  const little = dtype?.[1] !== '>';
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, bytes.byteLength - dataStart);
  const read = dtype && elementReader(data, kind, size, little);
  if (!read)
    throw new DatasetError(
      file,
      `unsupported dtype ${descr}: expected a number type such as <f4, <f8, <i8, |u1 or |b1 (no structured, complex, string or object arrays)`,
    );
  const expected = dataStart + count(shape) * size;
  if (!(bytes.length >= expected)) throw truncated(file, expected, bytes.length, `header + ${shape.join(' × ')} values of ${descr}`);
  const storage = fortran && shape.length > 1 ? fortranOrder(shape) : (k: number) => k;
  const text = elementText(data, kind, size, little);
  return { file, shape, get: (k) => read(storage(k)), label: (k) => text(storage(k)) };
}

/**
 * The header dict as numpy requires it: exactly the keys descr (a string), fortran_order (True or
 * False) and shape (a tuple of non-negative integers); anything else is an error naming the key.
 */
function npyHeader(header: string, file: string): { descr: string; fortran: boolean; shape: number[] } {
  const bad = (detail: string) => new DatasetError(file, `invalid .npy header ${JSON.stringify(header.trim())}: ${detail}`);
  let dict: PyValue;
  try {
    dict = parsePyLiteral(header);
  } catch (e) {
    if (e instanceof PyLiteralError) throw bad(`not a Python literal (${e.message})`);
    throw e;
  }
  const keys = dict instanceof Map ? [...dict.keys()].sort() : [];
  if (!(dict instanceof Map) || keys.join() !== 'descr,fortran_order,shape') {
    throw bad('expected a dict with exactly the keys descr, fortran_order and shape');
  }
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') throw bad("descr must be a string such as '<f8'");
  if (typeof fortran !== 'boolean') throw bad('fortran_order must be True or False');
  if (!Array.isArray(shape) || !shape.every((n) => typeof n === 'bigint' && n >= 0n && n <= BigInt(Number.MAX_SAFE_INTEGER))) {
    throw bad('shape must be a tuple of non-negative integers');
  }
  return { descr, fortran, shape: shape.map(Number) };
}
/** Fortran order stores the first index fastest: map a C-order position to its storage position. */
function fortranOrder(shape: number[]): (k: number) => number {
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
    return offset;
  };
}

/** Features from a .npy, labels from its sibling file or from the column chosen by options.label. */
export function parseNpy(bytes: Uint8Array, sibling: { name: string; bytes: Uint8Array } | undefined, ctx: ParseContext): RawRows {
  const features = readNpy(bytes, ctx.file);
  const column = labelColumnOption(ctx);
  if (column !== undefined) return rowsFromArrays(features, { column }, 'npy', ctx);
  if (!sibling && features.shape.length === 1) {
    throw new DatasetError(
      ctx.file,
      `a 1-D array of ${features.shape[0]} values (labels?): expected a 2-D feature array; open the features file (e.g. X.npy) instead`,
    );
  }
  if (!sibling) {
    throw new DatasetError(
      ctx.file,
      'no labels: expected a labels file beside it (X.npy → y.npy, foo_X.npy → foo_y.npy, foo.npy → foo_labels.npy) or a label column index',
    );
  }
  return rowsFromArrays(features, readNpy(sibling.bytes, sibling.name), 'npy', ctx, { labelName: baseName(sibling.name) });
}

function labelColumnOption(ctx: ParseContext): number | undefined {
  const option = ctx.options.label;
  if (option === undefined) return undefined;
  const index = typeof option === 'number' ? option : /^\s*\d+\s*$/.test(option) ? Number(option) : NaN;
  if (!Number.isInteger(index) || index < 0)
    throw new DatasetError(ctx.file, `label ${JSON.stringify(option)}: arrays have no column names, expected a 0-based column index`);
  return index;
}

/**
 * An .npz: features and labels are the arrays named in options.arrays, else the first present pair of
 * X/y, x/y, X/Y, data/labels, data/target, features/labels, images/labels; with options.label as a
 * column index, a single array (options.arrays.x, or the only array) is enough.
 */
export function parseNpz(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const entries = readZip(bytes, ctx.file, ctx.env.inflate, ctx.limits);
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
    return { ...rowsFromArrays(load(x), { column }, 'npz', ctx), file: ctx.file };
  }
  const pair =
    wanted.x !== undefined || wanted.y !== undefined
      ? ARRAY_PAIRS.map(([x, y]): [string, string] => [wanted.x ?? x, wanted.y ?? y]).find(([x, y]) => arrays.has(x) && arrays.has(y))
      : ARRAY_PAIRS.find(([x, y]) => arrays.has(x) && arrays.has(y));
  if (!pair) throw new DatasetError(ctx.file, `expected feature and label arrays named X and y (or data/labels), found ${available}: choose them`);
  return { ...rowsFromArrays(load(pair[0]), load(pair[1]), 'npz', ctx, { labelName: pair[1] }), file: ctx.file };
}
