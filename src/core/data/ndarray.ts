// A numeric array read from a binary file (npy, npz entry, IDX), and the one conversion from arrays to
// rows that those formats share: features N × (product of the other dimensions), labels 1-D or a column.
import { RawRows, LabelTable } from './builder';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { checkMatrix } from './limits';

export interface NdArray {
  /** where it came from, for messages */
  file: string;
  shape: number[];
  /** value k in C (row-major) order */
  get(k: number): number;
  /** value k as a label: its exact text (64-bit integers beyond 2^53 included; booleans as True/False) */
  label(k: number): string;
  /**
   * the values themselves when they are unsigned bytes (IDX images): rows are copied as blocks, every
   * byte a finite float32 (element by element, the 60,000 Fashion-MNIST images took 0.45 of 0.8 CPU-s to read)
   */
  bytes?: Uint8Array;
}

/** Features and labels by their names, in order of preference (npz arrays, HDF5 datasets). */
export const ARRAY_PAIRS: [string, string][] = [
  ['X', 'y'],
  ['x', 'y'],
  ['X', 'Y'],
  ['data', 'labels'],
  ['data', 'target'],
  ['features', 'labels'],
  ['images', 'labels'],
];

export const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Element readers by (kind, bytes, little-endian), over a DataView positioned at the data. */
export function elementReader(view: DataView, kind: 'f' | 'i' | 'u' | 'b', size: number, little: boolean): ((index: number) => number) | undefined {
  if (kind === 'f' && size === 4) return (i) => view.getFloat32(i * 4, little);
  if (kind === 'f' && size === 8) return (i) => view.getFloat64(i * 8, little);
  if (kind === 'b' && size === 1) return (i) => (view.getUint8(i) === 0 ? 0 : 1);
  if (kind === 'u' && size === 1) return (i) => view.getUint8(i);
  if (kind === 'i' && size === 1) return (i) => view.getInt8(i);
  if (kind === 'u' && size === 2) return (i) => view.getUint16(i * 2, little);
  if (kind === 'i' && size === 2) return (i) => view.getInt16(i * 2, little);
  if (kind === 'u' && size === 4) return (i) => view.getUint32(i * 4, little);
  if (kind === 'i' && size === 4) return (i) => view.getInt32(i * 4, little);
  if (kind === 'u' && size === 8) return (i) => Number(view.getBigUint64(i * 8, little));
  if (kind === 'i' && size === 8) return (i) => Number(view.getBigInt64(i * 8, little));
  return undefined;
}

/**
 * Element texts for labels: numpy's own spelling of booleans, and 64-bit integers read exactly (as
 * Number they would merge above 2^53); other values are their numbers' texts.
 */
export function elementText(view: DataView, kind: 'f' | 'i' | 'u' | 'b', size: number, little: boolean): (index: number) => string {
  if (kind === 'b') return (i) => (view.getUint8(i) === 0 ? 'False' : 'True');
  if (kind === 'u' && size === 8) return (i) => view.getBigUint64(i * 8, little).toString();
  if (kind === 'i' && size === 8) return (i) => view.getBigInt64(i * 8, little).toString();
  const read = elementReader(view, kind, size, little)!;
  return (i) => String(read(i));
}

/** The message for a file shorter than its header promises. */
export function truncated(file: string, expected: number, found: number, what: string): DatasetError {
  return new DatasetError(file, `truncated: expected ${expected} bytes (${what}), found ${found}`);
}

/** (N, h, w) or (N, h, w, c) with at most 4 channels: the shape of a stack of images. */
export function isImageShaped(shape: number[]): boolean {
  return shape.length === 3 || (shape.length === 4 && shape[3] <= 4);
}

/**
 * Rows from a feature array (N × …, flattened per record) and labels: a 1-D array of N values, or
 * the column `labelColumn` of a 2-D feature array. Rows are record indices (0-based). Every value is
 * checked; only the rows the sampler keeps are stored.
 */
export function rowsFromArrays(
  features: NdArray,
  labels: NdArray | { column: number },
  format: string,
  ctx: Pick<ParseContext, 'env' | 'limits' | 'sampler'>,
  options: { pixel?: boolean; labelName?: string } = {},
): RawRows {
  const file = features.file;
  if (features.shape.length < 1) throw new DatasetError(file, 'a scalar, not a data array: expected N rows of features');
  const N = features.shape[0];
  const width = features.shape.length === 1 ? 1 : count(features.shape.slice(1));
  const column = 'column' in labels ? labels.column : -1;
  if (column >= 0 && (features.shape.length !== 2 || column >= width)) {
    throw new DatasetError(
      file,
      `no label column ${column}: expected a 2-D array with more than ${column} columns, found shape (${features.shape.join(', ')})`,
    );
  }
  if (!('column' in labels)) {
    if (labels.shape.length !== 1 && !(labels.shape.length === 2 && labels.shape[1] === 1)) {
      throw new DatasetError(labels.file, `labels must be 1-D, found shape (${labels.shape.join(', ')})`);
    }
    if (labels.shape[0] !== N) {
      throw new DatasetError(labels.file, `expected ${N} labels (one per row of ${file}), found ${labels.shape[0]}`);
    }
  }
  const d = column >= 0 ? width - 1 : width;
  const { sampler } = ctx;
  const capacity = Math.min(N, sampler.limit);
  checkMatrix(file, capacity, d, ctx.limits);
  const X = new Float32Array(capacity * d);
  const labelIds: number[] = [];
  const sourceRows: number[] = [];
  const table = new LabelTable();
  // progress and cancel counted in values converted, as a parser counts bytes
  const ticker = new Ticker(N * width, ctx.env);
  for (let i = 0; i < N; i++) {
    if (i * width >= ticker.next) ticker.tick(i * width);
    const labelId = column >= 0 ? labelIdOf(table, features, i * width + column, i, String(column)) : labelIdOf(table, labels as NdArray, i, i);
    const k0 = labelIds.length * d;
    const blocks = features.bytes !== undefined && column < 0;
    // k0 is a multiple of d below X.length, or X is full and this row is not kept
    if (blocks && k0 < X.length) X.set(features.bytes!.subarray(i * width, (i + 1) * width), k0);
    for (let j = 0, k = k0; j < (blocks ? 0 : width); j++) {
      if (j === column) continue;
      const v = features.get(i * width + j);
      const f = Math.fround(v);
      if (!Number.isFinite(f)) {
        throw new DatasetError(file, `expected a finite number${Number.isFinite(v) ? ' within float32 range' : ''}, found ${v}`, i, String(j));
      }
      if (k < X.length) X[k++] = f;
    }
    if (sampler.keep(labelId, i)) {
      labelIds.push(labelId);
      sourceRows.push(i);
    }
  }
  const featureNames = Array.from({ length: width }, (_, j) => String(j)).filter((_, j) => j !== column);
  return {
    file,
    format,
    d,
    featureNames,
    labelColumn: column >= 0 ? String(column) : (options.labelName ?? (labels as NdArray).file),
    X: X.subarray(0, labelIds.length * d),
    labelIds: Int32Array.from(labelIds),
    labels: table,
    sourceRows: Int32Array.from(sourceRows),
    pixel: options.pixel ?? ('column' in labels ? undefined : isImageShaped(features.shape)),
  };
}

/** A label by its exact text (see NdArray.label); NaN and infinities are no labels. */
function labelIdOf(table: LabelTable, array: NdArray, k: number, row: number, column?: string): number {
  const v = array.get(k);
  if (!Number.isFinite(v)) throw new DatasetError(array.file, `expected a finite label, found ${v}`, row, column);
  return table.id(array.label(k));
}
