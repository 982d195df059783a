// A numeric array read from a binary file (npy, npz entry, IDX), and the one conversion from arrays to
// rows that those formats share: features N × (product of the other dimensions), labels 1-D or a column.
import { RawRows, LabelTable } from './builder';
import { LoadEnv, Ticker } from './context';
import { DatasetError } from './dataset';

export interface NdArray {
  /** where it came from, for messages */
  file: string;
  shape: number[];
  /** value k in C (row-major) order */
  get(k: number): number;
}

export const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Element readers by (kind, bytes, little-endian), over a DataView positioned at the data. */
export function elementReader(view: DataView, kind: 'f' | 'i' | 'u' | 'b', size: number, little: boolean): ((index: number) => number) | undefined {
  if (kind === 'f' && size === 4) return (i) => view.getFloat32(i * 4, little);
  if (kind === 'f' && size === 8) return (i) => view.getFloat64(i * 8, little);
  if ((kind === 'u' || kind === 'b') && size === 1) return (i) => view.getUint8(i);
  if (kind === 'i' && size === 1) return (i) => view.getInt8(i);
  if (kind === 'u' && size === 2) return (i) => view.getUint16(i * 2, little);
  if (kind === 'i' && size === 2) return (i) => view.getInt16(i * 2, little);
  if (kind === 'u' && size === 4) return (i) => view.getUint32(i * 4, little);
  if (kind === 'i' && size === 4) return (i) => view.getInt32(i * 4, little);
  if (kind === 'u' && size === 8) return (i) => Number(view.getBigUint64(i * 8, little));
  if (kind === 'i' && size === 8) return (i) => Number(view.getBigInt64(i * 8, little));
  return undefined;
}

/** The message for a file shorter than its header promises. */
export function truncated(file: string, expected: number, found: number, what: string): DatasetError {
  return new DatasetError(file, `truncated: expected ${expected} bytes (${what}), found ${found}`);
}

/**
 * Rows from a feature array (N × …, flattened per record) and labels: a 1-D array of N values, or
 * the column `labelColumn` of a 2-D feature array. Rows are record indices (0-based).
 */
/** (N, h, w) or (N, h, w, c) with at most 4 channels: the shape of a stack of images. */
export function isImageShaped(shape: number[]): boolean {
  return shape.length === 3 || (shape.length === 4 && shape[3] <= 4);
}

export function rowsFromArrays(
  features: NdArray,
  labels: NdArray | { column: number },
  format: string,
  options: { pixel?: boolean; labelName?: string; env?: LoadEnv } = {},
): RawRows {
  const file = features.file;
  if (features.shape.length < 1) throw new DatasetError(file, 'a scalar, not a data array: expected N rows of features');
  const N = features.shape[0];
  const width = features.shape.length === 1 ? 1 : count(features.shape.slice(1));
  const column = 'column' in labels ? labels.column : -1;
  if (column >= 0 && (features.shape.length !== 2 || column >= width)) {
    throw new DatasetError(file, `no label column ${column}: expected a 2-D array with more than ${column} columns, found shape (${features.shape.join(', ')})`);
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
  const X = new Float32Array(N * d);
  const labelIds = new Int32Array(N);
  const table = new LabelTable();
  // progress and cancel counted in values converted, as a parser counts bytes
  const ticker = options.env && new Ticker(N * width, options.env);
  for (let i = 0, k = 0; i < N; i++) {
    if (ticker && i * width >= ticker.next) ticker.tick(i * width);
    for (let j = 0; j < width; j++) {
      const v = features.get(i * width + j);
      if (j === column) {
        labelIds[i] = labelId(table, v, file, i, String(j));
        continue;
      }
      const f = Math.fround(v);
      if (!Number.isFinite(f)) {
        throw new DatasetError(file, `expected a finite number${Number.isFinite(v) ? ' within float32 range' : ''}, found ${v}`, i, String(j));
      }
      X[k++] = f;
    }
    if (column < 0) labelIds[i] = labelId(table, (labels as NdArray).get(i), (labels as NdArray).file, i);
  }
  const featureNames = Array.from({ length: width }, (_, j) => String(j)).filter((_, j) => j !== column);
  return {
    file,
    format,
    d,
    featureNames,
    labelColumn: column >= 0 ? String(column) : (options.labelName ?? (labels as NdArray).file),
    X,
    labelIds,
    labels: table,
    sourceRows: Int32Array.from({ length: N }, (_, i) => i),
    pixel: options.pixel ?? ('column' in labels ? undefined : isImageShaped(features.shape)),
  };
}

function labelId(table: LabelTable, v: number, file: string, row: number, column?: string): number {
  if (!Number.isFinite(v)) throw new DatasetError(file, `expected a finite label, found ${v}`, row, column);
  return table.id(String(v));
}
