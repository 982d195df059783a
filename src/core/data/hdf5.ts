// HDF5 (.h5, .hdf5), read with h5wasm: the HDF5 C library compiled to WebAssembly. Its module is 4 MB
// of wasm that compiles asynchronously (about half a second), while loading is synchronous: a host
// awaits loadHdf5Reader (through prepareLoad, index.ts) before it loads an HDF5 file, and only then, so
// no other format pays for it. h5wasm opens files by path in its in-memory file system: the bytes are
// lent to it (not copied) for the read, and the numbers are read a block of rows at a time, so the
// file's data are never held twice at once.
import type * as H5 from 'h5wasm';
import { RawRows } from './builder';
import { ParseContext } from './context';
import { DatasetError, LabelColumnError } from './dataset';
import { formatBytes, limitError } from './limits';
import { ARRAY_PAIRS, NdArray, count, rowsFromArrays } from './ndarray';

/** `\x89HDF\r\n\x1a\n`, at byte 0 or, after a user block, at 512, 1024, 2048, … */
export const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** What of Emscripten's file system is used here (h5wasm's types leave it opaque). */
interface EmscriptenFS {
  write(stream: unknown, data: Uint8Array, offset: number, length: number, position: number, canOwn: boolean): number;
  unlink(path: string): void;
  createDevice(parent: string, name: string, input: null, output: (c: number) => void): unknown;
  getStream(fd: number): unknown;
  close(stream: unknown): void;
  open(path: string, flags: string): { fd: number };
}

let reader: Promise<void> | undefined;
let h5: typeof H5 | undefined;
let fs: EmscriptenFS | undefined;
/** HDF5's error stack, which the library prints on its stderr: kept to quote in the error instead */
let diagnostics = '';

export function loadHdf5Reader(): Promise<void> {
  reader ??= import('h5wasm').then(async (module) => {
    // the file system from the module `ready` gives: the bundle's h5wasm.FS is a snapshot taken before it
    const files = (await module.ready).FS as unknown as EmscriptenFS;
    files.createDevice('/dev', 'hdf5-diagnostics', null, (c) => (diagnostics += String.fromCharCode(c)));
    files.close(files.getStream(2));
    if (files.open('/dev/hdf5-diagnostics', 'w').fd !== 2) throw new Error('HDF5 reader: could not redirect its stderr');
    [h5, fs] = [module, files];
  });
  return reader;
}

export function hasHdf5Signature(bytes: Uint8Array): boolean {
  for (let at = 0; at + HDF5_MAGIC.length <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (HDF5_MAGIC.every((m, i) => bytes[at + i] === m)) return true;
  }
  return false;
}

// HDF5 datatype classes (H5Tpublic.h)
const INTEGER = 0;
const FLOAT = 1;
const STRING = 3;

interface Entry {
  /** the path from the root, '/'-separated, without the leading '/' */
  path: string;
  dataset: H5.Dataset;
  shape: number[];
  /** numbers can be features and labels; texts labels only */
  kind: 'number' | 'text';
}

let serial = 0;

/**
 * Features and labels from two datasets of the file. Labels: the dataset options.label names (its path,
 * or its name when only one dataset has it), else the first pair of ARRAY_PAIRS found side by side in
 * one group (the root first, then a group named train, then the others in order). Features: the pair's
 * other member, else the largest number dataset with one row per label. A number options.label is a
 * column of the features (as for .npy). With no rule matching, a LabelColumnError offers the datasets
 * that could be labels.
 */
export function parseHdf5(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const { file } = ctx;
  if (!h5 || !fs) throw new Error('the HDF5 reader is not loaded: prepareLoad must be awaited before loading an HDF5 file');
  if (!hasHdf5Signature(bytes)) throw new DatasetError(file, 'not an HDF5 file: expected the signature \\x89HDF\\r\\n\\x1a\\n at the start');
  const path = `/dataset-geometry-${++serial}.h5`;
  const stream = fs.open(path, 'w');
  fs.write(stream, bytes, 0, bytes.length, 0, true);
  fs.close(stream);
  diagnostics = '';
  const h5file = new h5.File(path, 'r');
  try {
    if (Number(h5file.file_id) < 0) throw new DatasetError(file, `not a readable HDF5 file (${reason()})`);
    const entries = listDatasets(h5file, file);
    const { features, labels } = choose(entries, ctx);
    const read = (entry: Entry) => readArray(entry, file, ctx);
    if (typeof labels === 'number') return { ...rowsFromArrays(read(features), { column: labels }, 'hdf5', ctx), file };
    return { ...rowsFromArrays(read(features), read(labels), 'hdf5', ctx, { labelName: labels.path }), file };
  } finally {
    if (Number(h5file.file_id) >= 0) h5file.close();
    fs.unlink(path);
  }
}

/** The last specific line of HDF5's error stack ("truncated file: eof = 900, …"), else its last minor error. */
function reason(): string {
  const lines = diagnostics.split('\n').map((l) => l.trim());
  const where = lines.filter((l) => /^#\d+:/.test(l)).pop();
  const detail = where?.replace(/^#\d+:.*\(\):\s*/, '');
  return detail || lines.filter((l) => l.startsWith('minor:')).pop() || 'the HDF5 library gave no reason';
}

/** Every dataset of number or text values, depth first; groups deeper than 16 or beyond 10,000 objects are not followed. */
function listDatasets(h5file: H5.File, file: string): Entry[] {
  const entries: Entry[] = [];
  let seen = 0;
  const walk = (group: H5.Group, prefix: string, depth: number) => {
    for (const name of group.keys()) {
      if (++seen > 10_000) throw new DatasetError(file, 'more than 10,000 groups and datasets: expected a file of a few arrays');
      const path = prefix + name;
      const entity = group.get(name);
      if (entity instanceof h5!.Group && depth < 16) walk(entity, `${path}/`, depth + 1);
      if (!(entity instanceof h5!.Dataset)) continue;
      const { type } = entity.metadata;
      const shape = entity.shape;
      const kind = type === INTEGER || type === FLOAT ? 'number' : type === STRING ? 'text' : undefined;
      if (kind && shape && shape.length >= 1) entries.push({ path, dataset: entity, shape, kind });
    }
  };
  walk(h5file, '', 0);
  return entries;
}

const groupOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const isColumn = (e: Entry) => e.shape.length === 1 || (e.shape.length === 2 && e.shape[1] === 1);

function choose(entries: Entry[], ctx: ParseContext): { features: Entry; labels: Entry | number } {
  const { file } = ctx;
  const names = entries.map((e) => e.path).join(', ') || 'none';
  const numbers = entries.filter((e) => e.kind === 'number');
  const option = ctx.options.label;
  // groups in order of preference: the root, train, then the others as listed
  const groups = [...new Set(['', 'train/', ...entries.map((e) => groupOf(e.path))])];
  const pair = groups
    .flatMap((g) => ARRAY_PAIRS.map(([x, y]) => [numbers.find((e) => e.path === g + x), entries.find((e) => e.path === g + y)]))
    .find((p): p is [Entry, Entry] => p[0] !== undefined && p[1] !== undefined);
  if (typeof option === 'number' || (typeof option === 'string' && /^\s*\d+\s*$/.test(option))) {
    const features = pair?.[0] ?? largest(numbers.filter((e) => e.shape.length === 2));
    if (!features) throw new DatasetError(file, `label column ${option}: expected a 2-D features dataset, found ${names}`);
    return { features, labels: Number(option) };
  }
  if (option !== undefined) {
    const wanted = option.replace(/^\//, '');
    const matches = entries.filter((e) => e.path === wanted);
    const byName = entries.filter((e) => baseOf(e.path) === wanted);
    const labels = matches[0] ?? (byName.length === 1 ? byName[0] : undefined);
    if (!labels) {
      throw new LabelColumnError(
        file,
        `no dataset ${JSON.stringify(option)}${byName.length > 1 ? ' (several datasets have that name: give its path)' : ''}; the datasets are ${names}`,
        labelCandidates(entries),
      );
    }
    const sameGroup = ARRAY_PAIRS.filter(([, y]) => y === baseOf(labels.path))
      .map(([x]) => numbers.find((e) => e.path === groupOf(labels.path) + x))
      .find((e) => e !== undefined);
    const features = sameGroup ?? largest(numbers.filter((e) => e !== labels && e.shape[0] === labels.shape[0]));
    if (!features)
      throw new DatasetError(file, `no features dataset with ${labels.shape[0]} rows besides the labels ${labels.path}; the datasets are ${names}`);
    return { features, labels };
  }
  if (pair) return { features: pair[0], labels: pair[1] };
  const candidates = labelCandidates(entries);
  if (candidates.length === 0) {
    throw new DatasetError(file, `expected a features and a labels dataset (X and y, data and labels, images and labels), found ${names}`);
  }
  throw new LabelColumnError(
    file,
    `which dataset holds the labels? no pair of datasets named X and y (or data/labels, images/labels); found ${names}`,
    candidates,
  );
}

/** The datasets that could be labels: one value per row of some other dataset. */
function labelCandidates(entries: Entry[]): string[] {
  const rows = new Set(entries.filter((e) => e.kind === 'number' && !isColumn(e)).map((e) => e.shape[0]));
  return entries.filter((e) => isColumn(e) && rows.has(e.shape[0])).map((e) => e.path);
}

function largest(entries: Entry[]): Entry | undefined {
  return entries.reduce<Entry | undefined>((best, e) => (best === undefined || count(e.shape) > count(best.shape) ? e : best), undefined);
}

/** Rows of a number dataset read together: about 4 MB. */
const BLOCK_BYTES = 4 << 20;

/**
 * A dataset as an NdArray (the byte limit checked first). Numbers are read a block of rows at a time
 * as the values are asked for (rowsFromArrays asks in order), texts whole.
 */
function readArray(entry: Entry, file: string, ctx: ParseContext): NdArray {
  const { dataset, shape, path } = entry;
  const { size } = dataset.metadata;
  if (count(shape) * size > ctx.limits.maxBytes) {
    throw limitError(file, 'maxBytes', `dataset ${path} holds ${formatBytes(count(shape) * size)}, more than the limit`);
  }
  const read = <T>(values: () => T, expected: number): T => {
    let v: T;
    try {
      v = values();
    } catch (e) {
      throw new DatasetError(file, `damaged HDF5 data in dataset ${path} (${reason() || (e as Error).message})`);
    }
    if ((v as ArrayLike<unknown> | null)?.length !== expected)
      throw new DatasetError(file, `damaged HDF5 data in dataset ${path}: expected ${expected} values`);
    return v;
  };
  const name = `${file}:${path}`;
  if (entry.kind === 'text') {
    const texts = read(() => dataset.value as string[], count(shape));
    // texts are labels only: there is no number to check, so get() gives 0 and label() the text
    return { file: name, shape, get: () => 0, label: (k) => texts[k] };
  }
  const width = count(shape.slice(1));
  const rowsPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / Math.max(1, width * size)));
  let block: ArrayLike<number | bigint> = [];
  let from = 0;
  const at = (k: number) => {
    if (k < from || k >= from + block.length) {
      const first = Math.floor(k / width / rowsPerBlock) * rowsPerBlock;
      const end = Math.min(shape[0], first + rowsPerBlock);
      block = read(() => dataset.slice([[first, end]]) as ArrayLike<number | bigint>, (end - first) * width);
      from = first * width;
    }
    return block[k - from];
  };
  return { file: name, shape, get: (k) => Number(at(k)), label: (k) => String(at(k)) };
}
