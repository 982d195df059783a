// What the columnar formats (Parquet, Arrow) share: a file of row groups (record batches) whose
// columns are read one at a time. The label column is read first; a group none of whose rows the
// sampler keeps has no feature decoded, so the row limit's sample reads only what it keeps. Features
// are the number columns and the list columns of numbers (one vector per row, named `name[k]`);
// other columns (strings, structs, dates) are not features, and any column with one value per row
// can be the label (the usual rule, columns.ts). Nulls are refused, not filled: any filling would
// change the geometry the report measures. An image column (Hugging Face's Image feature: a struct of
// PNG/JPEG `bytes` and a `path`) makes the data images: its pixels are the features, decoded as an
// image folder's files are (imageFolder.ts), and the other number columns are not features.
import { LabelTable, RawRows, decodeLabel } from './builder';
import { resolveLabelColumn } from './columns';
import { ParseContext } from './context';
import { DatasetError } from './dataset';
import { decodeImages } from './imageFolder';
import { checkMatrix } from './limits';
import { defaultSettings } from '../report';

export interface ColumnSpec {
  name: string;
  /** number: a feature; vector: a list of numbers per row; image: encoded image bytes per row; value: a label only; other: neither */
  kind: 'number' | 'vector' | 'image' | 'value' | 'other';
}

export interface ColumnarFile {
  format: string;
  columns: ColumnSpec[];
  /** the rows of each group, in file order */
  groupRows: number[];
  /**
   * a one-value-per-row column of group g in runs (values[0] is row `first` of the group); a null is
   * passed as null; an image column's values are its bytes. `floats`: the values are read as features
   * into these float32 slots (one per row of the group): a run the reader itself turns into finite
   * float32 values (Parquet's dictionary pages) is written there, without a call.
   */
  forEachPage(g: number, column: number, each: (values: ArrayLike<unknown>, first: number) => void, floats?: Float32Array): void;
  /** a list column's rows in group g: an array-like of numbers, or null, per row */
  vectors(g: number, column: number): ArrayLike<unknown>;
}

/** Number columns decoded together before they are copied into X's rows: up to 32, in 8 MiB. */
const BLOCK_COLUMNS = 32;
const BLOCK_BYTES = 8 << 20;

export function rowsFromColumns(source: ColumnarFile, ctx: ParseContext): RawRows {
  const { file } = ctx;
  const all = source.columns.map((c, index) => ({ ...c, index }));
  const usable = all.filter((c) => c.kind !== 'other' && c.kind !== 'image');
  if (usable.length === 0) throw new DatasetError(file, 'no columns of numbers or labels: expected feature columns and a label column');
  const label =
    usable[
      resolveLabelColumn(
        file,
        usable.length,
        usable.map((c) => c.name),
        ctx.options.label,
      )
    ];
  if (label.kind === 'vector') throw new DatasetError(file, `the label column ${label.name} holds a list per row: choose a column with one value per row`);
  const images = all.filter((c) => c.kind === 'image');
  if (images.length > 1) throw new DatasetError(file, `more than one image column (${images.map((c) => c.name).join(', ')}): expected one`);
  if (images.length === 1) return rowsFromImages(source, images[0], label, ctx);
  const features = all.filter((c) => c !== label && (c.kind === 'number' || c.kind === 'vector'));
  const starts = groupStarts(source);
  const widths = features.map((c) => (c.kind === 'number' ? 1 : vectorWidth(source, c.index)));
  const d = widths.reduce((a, b) => a + b, 0);
  const featureNames = features.flatMap((c, j) => (c.kind === 'number' ? [c.name] : Array.from({ length: widths[j] }, (_, k) => `${c.name}[${k}]`)));
  const totalRows = source.groupRows.reduce((a, b) => a + b, 0);
  const capacity = Math.min(totalRows, ctx.sampler.limit);
  checkMatrix(file, capacity, d, ctx.limits);
  const X = new Float32Array(capacity * d);
  const kept = new KeptRows();
  source.groupRows.forEach((rows, g) => {
    const start = starts[g];
    const slot = kept.readLabels(source, g, label, start, ctx);
    if (!slot.some((s) => s >= 0)) return;
    let offset = 0;
    for (let j = 0; j < features.length;) {
      const c = features[j];
      const at = { X, d, offset, slot, file, column: c.name };
      if (c.kind === 'vector') {
        scatterVectors(source.vectors(g, c.index), widths[j], start, at);
        offset += widths[j++];
        continue;
      }
      // consecutive number columns are decoded into a column-major block, then copied into X's rows:
      // one column at a time straight into X would write with a stride of d
      let end = j;
      const most = Math.max(1, Math.min(BLOCK_COLUMNS, Math.floor(BLOCK_BYTES / (4 * rows))));
      while (end < features.length && features[end].kind === 'number' && end - j < most) end++;
      const block = new Float32Array((end - j) * rows);
      for (let b = j; b < end; b++) {
        const base = (b - j) * rows;
        source.forEachPage(
          g,
          features[b].index,
          (values, first) => toFloats(values, first, start, block, base, { ...at, column: features[b].name }),
          block.subarray(base, base + rows),
        );
      }
      transposeInto(block, end - j, rows, at);
      offset += end - j;
      j = end;
    }
  });
  return { ...kept.rows(source.format, label, ctx), d, featureNames, X: X.subarray(0, kept.labelIds.length * d) };
}

const groupStarts = (source: ColumnarFile) => source.groupRows.map((_, g) => source.groupRows.slice(0, g).reduce((a, b) => a + b, 0));

/** The rows the sampler keeps, in file order, with their labels. */
class KeptRows {
  readonly labels = new LabelTable();
  readonly labelIds: number[] = [];
  readonly sourceRows: number[] = [];

  /** Group g's label column read: slot[r] is where row r of the group goes in X, or -1 when the sampler leaves it out. */
  readLabels(source: ColumnarFile, g: number, label: ColumnSpec & { index: number }, start: number, ctx: ParseContext): Int32Array {
    const slot = new Int32Array(source.groupRows[g]).fill(-1);
    source.forEachPage(g, label.index, (values, first) => {
      for (let k = 0; k < values.length; k++) {
        const row = start + first + k;
        const id = this.labels.id(labelText(values[k], ctx.file, row, label.name));
        if (ctx.sampler.keep(id, row)) {
          slot[first + k] = this.labelIds.length;
          this.labelIds.push(id);
          this.sourceRows.push(row);
        }
      }
    });
    return slot;
  }

  rows(format: string, label: ColumnSpec, ctx: ParseContext): Omit<RawRows, 'd' | 'featureNames' | 'X'> {
    const { labels, labelIds, sourceRows } = this;
    return { file: ctx.file, format, labelColumn: label.name, labels, labelIds: Int32Array.from(labelIds), sourceRows: Int32Array.from(sourceRows) };
  }
}

/**
 * An image column's kept rows decoded into X. The encoded bytes of every kept row are gathered first
 * (views into the file where the format allows), since the common size is known only once every kept
 * image's header was read; a first pass that will be read again with the sampling plan decodes nothing.
 */
function rowsFromImages(source: ColumnarFile, image: ColumnSpec & { index: number }, label: ColumnSpec & { index: number }, ctx: ParseContext): RawRows {
  const { file } = ctx;
  const kept = new KeptRows();
  const encoded: Uint8Array[] = [];
  const starts = groupStarts(source);
  source.groupRows.forEach((_, g) => {
    const slot = kept.readLabels(source, g, label, starts[g], ctx);
    if (ctx.sampler.discarded || !slot.some((s) => s >= 0)) return;
    source.forEachPage(g, image.index, (values, first) => {
      for (let k = 0; k < values.length; k++) {
        if (slot[first + k] < 0) continue;
        const bytes = values[k];
        if (!(bytes instanceof Uint8Array)) {
          const what = bytes === null || bytes === undefined ? 'no image bytes (null)' : `expected image bytes, found ${describe(bytes)}`;
          throw new DatasetError(file, `${what}: every row needs its PNG or JPEG image embedded`, starts[g] + first + k, image.name);
        }
        encoded[slot[first + k]] = bytes;
      }
    });
  });
  const rows = kept.rows(source.format, label, ctx);
  const base = { ...rows, pixel: true };
  if (ctx.sampler.discarded) return { ...base, d: 0, featureNames: [], X: new Float32Array(0), labelIds: new Int32Array(0), sourceRows: new Int32Array(0) };
  const kinds = [...new Set(encoded.map((b) => (b[0] === 0x89 ? 'PNG' : b[0] === 0xff ? 'JPEG' : 'other')))].sort().join(' and ');
  const { X, d, featureNames, pixelReason } = decodeImages(
    encoded,
    (i) => ({ name: `row ${rows.sourceRows[i]}`, row: rows.sourceRows[i], column: image.name }),
    `an image column (${image.name}) of ${kinds} images`,
    ctx.options.imageColor ?? defaultSettings.imageColor,
    ctx,
  );
  return { ...base, d, featureNames, X, pixelReason };
}

/** The length of a list column's first non-null row (every other row must match it, see scatterVectors). */
function vectorWidth(source: ColumnarFile, column: number): number {
  for (let g = 0; g < source.groupRows.length; g++) {
    const rows = source.vectors(g, column);
    for (let r = 0; r < rows.length; r++) if (isVector(rows[r])) return (rows[r] as ArrayLike<unknown>).length;
  }
  return 0;
}

const isVector = (v: unknown): v is ArrayLike<unknown> => typeof v === 'object' && v !== null && typeof (v as ArrayLike<unknown>).length === 'number';

/** Where a column's values go: X's rows by slot (−1: not kept), from feature `offset` on. */
interface Target {
  X: Float32Array;
  d: number;
  offset: number;
  slot: Int32Array;
  file: string;
  column: string;
}

/** One page of a number column as float32 into block[base + first …]; every value is checked. */
function toFloats(values: ArrayLike<unknown>, first: number, start: number, block: Float32Array, base: number, t: Target): void {
  // typed arrays of numbers (most pages) are converted by the engine in one call: an integer is always
  // a finite float32, a float is checked after (NaN, ±∞, overflow) and its page redone value by value
  if (ArrayBuffer.isView(values) && !(values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    const into = block.subarray(base + first, base + first + values.length);
    into.set(values as unknown as ArrayLike<number>);
    if (!(values instanceof Float32Array || values instanceof Float64Array) || allFinite(into)) return;
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    let f = typeof v === 'number' ? Math.fround(v) : NaN;
    // the rare cases (big integers, booleans, nulls, overflow) take the slow path that names them
    if (!(f - f === 0)) f = featureValue(v, t.file, start + first + k, t.column);
    block[base + first + k] = f;
  }
}

function allFinite(values: Float32Array): boolean {
  for (let k = 0; k < values.length; k++) if (!(values[k] - values[k] === 0)) return false;
  return true;
}

/**
 * The kept rows of a column-major block (`width` columns of `rows`) into X at t.offset: each row's
 * values are written together, read from `width` sequential streams.
 */
function transposeInto(block: Float32Array, width: number, rows: number, t: Target): void {
  const { X, d, offset, slot } = t;
  for (let r = 0; r < rows; r++) {
    const s = slot[r];
    if (s < 0) continue;
    const to = s * d + offset;
    for (let b = 0; b < width; b++) X[to + b] = block[b * rows + r];
  }
}

/** A list column's rows into X: each a vector of `width` numbers. */
function scatterVectors(rows: ArrayLike<unknown>, width: number, start: number, t: Target): void {
  for (let r = 0; r < rows.length; r++) {
    const vector = rows[r];
    if (!isVector(vector)) throw missing(t.file, start + r, t.column, vector);
    if (vector.length !== width) {
      throw new DatasetError(
        t.file,
        `a list of ${vector.length} values, expected ${width} as in the first row (every row's vector must have the same length)`,
        start + r,
        t.column,
      );
    }
    const base = t.slot[r] * t.d + t.offset;
    for (let k = 0; k < width; k++) {
      const f = featureValue(vector[k], t.file, start + r, `${t.column}[${k}]`);
      if (t.slot[r] >= 0) t.X[base + k] = f;
    }
  }
}

function featureValue(v: unknown, file: string, row: number, column: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : undefined;
  if (n === undefined) throw missing(file, row, column, v);
  const f = Math.fround(n);
  if (!Number.isFinite(f))
    throw new DatasetError(file, `expected a finite number${Number.isFinite(n) ? ' within float32 range' : ''}, found ${n}`, row, column);
  return f;
}

function missing(file: string, row: number, column: string, v: unknown): DatasetError {
  if (v === null || v === undefined)
    return new DatasetError(file, 'a missing value (null): expected a number; drop or fill the missing values first', row, column);
  return new DatasetError(file, `expected a number, found ${describe(v)}`, row, column);
}

function labelText(v: unknown, file: string, row: number, column: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new DatasetError(file, `expected a finite label, found ${v}`, row, column);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Uint8Array) return decodeLabel(v);
  if (v === null || v === undefined) throw new DatasetError(file, 'a missing label (null): every row needs a label; drop those rows first', row, column);
  throw new DatasetError(file, `expected a label (a string or a number), found ${describe(v)}`, row, column);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length} values`;
  if (v instanceof Date) return `a date (${v.toISOString()})`;
  return typeof v === 'object' ? 'a structure' : `${typeof v} ${JSON.stringify(String(v)).slice(0, 40)}`;
}
