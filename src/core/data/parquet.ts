// Apache Parquet, read with hyparquet (its synchronous column reader: the core stays synchronous) and
// hyparquet-compressors (snappy, gzip, zstd, brotli, lz4, lz4_raw). Features are the numeric and
// boolean columns and the numeric list columns (one vector per row, e.g. embeddings, which become
// `name[0]`, `name[1]`, …); other columns (strings, structs, dates) are not features. The label column
// follows the usual rule (columns.ts). Row groups are read one at a time, and within a group one
// column at a time: the label column first, then only the groups where the sampler keeps a row get
// their features decoded, so memory holds the kept matrix plus one decoded column chunk.
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { DecodedArray, FileMetaData, RowGroup, SchemaTree } from 'hyparquet';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { parquetHeader, readColumn } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS, convert, convertWithDictionary } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getTreePath, isListLike } from 'hyparquet/src/schema.js';
import { compressors } from 'hyparquet-compressors';
import { CancelledError } from '../env';
import { LabelTable, RawRows, decodeLabel } from './builder';
import { resolveLabelColumn } from './columns';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { checkMatrix, formatBytes, limitError } from './limits';
import { truncated } from './ndarray';

export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

/** Number columns decoded together before they are copied into X's rows: up to 32, in 8 MiB. */
const BLOCK_COLUMNS = 32;
const BLOCK_BYTES = 8 << 20;

const NUMERIC_TYPES = new Set(['BOOLEAN', 'INT32', 'INT64', 'FLOAT', 'DOUBLE']);
/** Annotations that make a number column something else (a date, a time): not a feature. */
const NOT_NUMBERS = new Set(['DATE', 'TIME', 'TIMESTAMP', 'INTERVAL', 'TIME_MILLIS', 'TIME_MICROS', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'ENUM', 'JSON', 'BSON']);

interface Column {
  name: string;
  /** the leaf's path: the key of its column chunks */
  path: string;
  /** the top-level node (a list's outer node) and the leaf holding the values */
  node: SchemaTree;
  leaf: SchemaTree;
  /** the nodes from the root down to the leaf, as hyparquet's reader wants them */
  schemaPath: SchemaTree[];
  kind: 'number' | 'vector' | 'other';
}

export function parseParquet(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const { file } = ctx;
  const metadata = readMetadata(bytes, file);
  const root = parquetSchema(metadata);
  const columns = root.children.map((node) => classify(root, node));
  const usable = columns.filter((c) => c.kind !== 'other' || c.leaf.children.length === 0);
  const labelIndex = resolveLabelColumn(file, usable.length, usable.map((c) => c.name), ctx.options.label);
  const label = usable[labelIndex];
  if (label.kind === 'vector') throw new DatasetError(file, `the label column ${label.name} holds a list per row: choose a column with one value per row`);
  const features = columns.filter((c) => c !== label && c.kind !== 'other');
  const groups = metadata.row_groups.map((group, g) => ({ group, start: metadata.row_groups.slice(0, g).reduce((n, r) => n + Number(r.num_rows), 0) }));
  const reader = new ChunkReader(bytes, file, ctx);
  const widths = features.map((c) => (c.kind === 'number' ? 1 : vectorWidth(c, groups, reader)));
  const d = widths.reduce((a, b) => a + b, 0);
  const featureNames = features.flatMap((c, j) => (c.kind === 'number' ? [c.name] : Array.from({ length: widths[j] }, (_, k) => `${c.name}[${k}]`)));
  const totalRows = Number(metadata.num_rows);
  const capacity = Math.min(totalRows, ctx.sampler.limit);
  checkMatrix(file, capacity, d, ctx.limits);
  const X = new Float32Array(capacity * d);
  const labels = new LabelTable();
  const labelIds: number[] = [];
  const sourceRows: number[] = [];
  for (const { group, start } of groups) {
    const rows = Number(group.num_rows);
    // slot[r]: where row r of this group goes in X, or -1 when the sampler leaves it out
    const slot = new Int32Array(rows).fill(-1);
    reader.forEachPage(group, label, start, (values, first) => {
      for (let k = 0; k < values.length; k++) {
        const row = start + first + k;
        const id = labels.id(labelText(values[k], file, row, label.name));
        if (ctx.sampler.keep(id, row)) {
          slot[first + k] = labelIds.length;
          labelIds.push(id);
          sourceRows.push(row);
        }
      }
    });
    if (!slot.some((s) => s >= 0)) continue;
    let offset = 0;
    for (let j = 0; j < features.length; ) {
      const c = features[j];
      const at = { X, d, offset, slot, file, column: c.name };
      if (c.kind === 'vector') {
        scatterVectors(reader.readVectors(group, c, start), widths[j], start, at);
        offset += widths[j++];
        continue;
      }
      // consecutive number columns are decoded into a column-major block, then copied into X's rows
      // tile by tile: one column at a time straight into X would write with a stride of d
      let end = j;
      const most = Math.max(1, Math.min(BLOCK_COLUMNS, Math.floor(BLOCK_BYTES / (4 * rows))));
      while (end < features.length && features[end].kind === 'number' && end - j < most) end++;
      const block = new Float32Array((end - j) * rows);
      for (let b = j; b < end; b++) {
        const base = (b - j) * rows;
        reader.forEachPage(group, features[b], start, (values, first) => toFloats(values, first, start, block, base, { ...at, column: features[b].name }));
      }
      transposeInto(block, end - j, rows, at);
      offset += end - j;
      j = end;
    }
  }
  return {
    file,
    format: 'parquet',
    d,
    featureNames,
    labelColumn: label.name,
    X: X.subarray(0, labelIds.length * d),
    labelIds: Int32Array.from(labelIds),
    labels,
    sourceRows: Int32Array.from(sourceRows),
  };
}

/** The footer's metadata; a file without the magic at both ends is refused before it is parsed. */
function readMetadata(bytes: Uint8Array, file: string): FileMetaData {
  const at = (offset: number) => PARQUET_MAGIC.every((m, i) => bytes[offset + i] === m);
  if (!at(0)) throw new DatasetError(file, 'not a Parquet file: expected the magic bytes PAR1 at the start');
  if (bytes.length < 12 || !at(bytes.length - 4)) {
    throw new DatasetError(file, `truncated: a Parquet file ends with its footer and the magic bytes PAR1, found ${bytes.length} bytes without them (an incomplete copy?)`);
  }
  const footer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 8, true);
  if (footer + 12 > bytes.length) throw truncated(file, footer + 12, bytes.length, 'the Parquet footer');
  try {
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    return parquetMetadata(buffer as ArrayBuffer, { geoparquet: false });
  } catch (e) {
    throw new DatasetError(file, `damaged Parquet footer (${(e as Error).message})`);
  }
}

function classify(root: SchemaTree, node: SchemaTree): Column {
  const name = node.element.name;
  const column = (leaf: SchemaTree, kind: Column['kind']): Column => ({ name, path: leaf.path.join('.'), node, leaf, schemaPath: getTreePath(root, leaf.path), kind });
  if (node.children.length === 0) return column(node, isNumber(node) ? 'number' : 'other');
  if (isListLike(node)) {
    let leaf = node.children[0];
    while (leaf.children.length === 1) leaf = leaf.children[0];
    if (leaf.children.length === 0 && isNumber(leaf)) return column(leaf, 'vector');
  }
  return column(node, 'other');
}

function isNumber({ element }: SchemaTree): boolean {
  const logical = element.logical_type?.type;
  if (logical === 'FLOAT16') return true;
  if (!NUMERIC_TYPES.has(element.type ?? '')) return false;
  return !NOT_NUMBERS.has(logical ?? '') && !NOT_NUMBERS.has(element.converted_type ?? '');
}

/** The length of a list column's first non-null row (every other row must match it, see scatter). */
function vectorWidth(column: Column, groups: { group: RowGroup; start: number }[], reader: ChunkReader): number {
  for (const { group, start } of groups) {
    const values = reader.readVectors(group, column, start);
    for (const v of values) if (Array.isArray(v)) return v.length;
  }
  return 0;
}

type Decoder = Parameters<typeof readColumn>[2];

/** Decodes column chunks, one at a time, with progress, cancel and located errors. */
class ChunkReader {
  private readonly ticker: Ticker;
  private done = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
    private readonly ctx: ParseContext,
  ) {
    this.ticker = new Ticker(bytes.length, ctx.env);
  }

  /** A list column's rows, assembled (one array, or null, per row). */
  readVectors(group: RowGroup, column: Column, start: number): unknown[] {
    return this.decode(group, column, start, (view, decoder, rows) => {
      const { data } = readColumn({ view, offset: 0 }, { groupStart: start, selectStart: 0, selectEnd: rows, groupRows: rows }, decoder);
      // the raw Dremel assembly nests one array per optional level: hyparquet's own step undoes that
      const assembled = new Map([[column.path, data.length === 1 ? data[0] : data.flatMap((part) => Array.from(part as ArrayLike<unknown>))]]);
      assembleNested(assembled, column.node, DEFAULT_PARSERS);
      return Array.from(assembled.get(column.name) as ArrayLike<unknown>);
    });
  }

  /**
   * A flat column's values page by page (`first` is the row of values[0] within the group): the
   * values stay the typed arrays the pages decode to, and a null is an error at its row. hyparquet's
   * page decoders do the work; only the loop over pages is ours, since its own loop turns every
   * optional column into a plain array even when it holds no null.
   */
  forEachPage(group: RowGroup, column: Column, start: number, each: (values: DecodedArray, first: number) => void): void {
    this.decode(group, column, start, (view, decoder, rows) => {
      const reader = { view, offset: 0 };
      const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
      let dictionary: DecodedArray | undefined;
      let row = 0;
      while (reader.offset < view.byteLength) {
        const header = parquetHeader(reader);
        const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        if (header.type === 'DICTIONARY_PAGE') {
          const page = decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors);
          const dictionaryReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
          dictionary = convert(readPlain(dictionaryReader, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length), decoder);
          continue;
        }
        const v1 = header.type === 'DATA_PAGE' && header.data_page_header;
        const v2 = header.type === 'DATA_PAGE_V2' && header.data_page_header_v2;
        if (!v1 && !v2) continue; // index pages: nothing to read
        const { definitionLevels, dataPage } = v1
          ? readDataPage(decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors), v1, decoder)
          : readDataPageV2(compressed, header, decoder);
        const nullAt = (definitionLevels ?? []).findIndex((level: number) => level < maxDefinition);
        if (nullAt >= 0) each([null], row + nullAt); // the callback's own check names the missing value
        const values = convertWithDictionary(dataPage, dictionary, (v1 || v2 as { encoding: string }).encoding as never, decoder);
        if (row + values.length > rows) break;
        each(values, row);
        row += values.length;
      }
      if (row !== rows) throw new Error(`expected ${rows} values, found ${row}`);
    });
  }

  private decode<T>(group: RowGroup, column: Column, start: number, read: (view: DataView, decoder: Decoder, rows: number) => T): T {
    const rows = Number(group.num_rows);
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === column.path)?.meta_data;
    const where = `row group of rows ${start}–${start + rows - 1}`;
    if (!chunk) throw new DatasetError(this.file, `no data for the column in the ${where}`, undefined, column.name);
    const begin = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const size = Number(chunk.total_compressed_size);
    if (!(begin >= 4 && begin + size <= this.bytes.length - 8)) throw truncated(this.file, begin + size + 8, this.bytes.length, `the ${where}, column ${column.name}`);
    if (Number(chunk.total_uncompressed_size) > this.ctx.limits.maxBytes) {
      throw limitError(this.file, 'maxBytes', `column ${column.name} unpacks to ${formatBytes(Number(chunk.total_uncompressed_size))} in the ${where}, more than the limit`);
    }
    const decoder: Decoder = {
      pathInSchema: chunk.path_in_schema,
      type: chunk.type,
      element: column.leaf.element,
      schemaPath: column.schemaPath,
      codec: chunk.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
      utf8: true,
    };
    let result: T;
    try {
      result = read(new DataView(this.bytes.buffer, this.bytes.byteOffset + begin, size), decoder, rows);
    } catch (e) {
      if (e instanceof CancelledError || e instanceof DatasetError) throw e;
      throw new DatasetError(this.file, `damaged ${chunk.codec.toLowerCase()} data in the ${where} (${(e as Error).message})`, undefined, column.name);
    }
    this.done += size;
    if (this.done >= this.ticker.next) this.ticker.tick(this.done);
    return result;
  }
}

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
function toFloats(values: DecodedArray, first: number, start: number, block: Float32Array, base: number, t: Target): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    let f = typeof v === 'number' ? Math.fround(v) : NaN;
    // the rare cases (big integers, booleans, nulls, overflow) take the slow path that names them
    if (!(f - f === 0)) f = featureValue(v, t.file, start + first + k, t.column);
    block[base + first + k] = f;
  }
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
function scatterVectors(rows: unknown[], width: number, start: number, t: Target): void {
  rows.forEach((vector, r) => {
    if (!Array.isArray(vector)) throw missing(t.file, start + r, t.column, vector);
    if (vector.length !== width) {
      throw new DatasetError(t.file, `a list of ${vector.length} values, expected ${width} as in the first row (every row's vector must have the same length)`, start + r, t.column);
    }
    const base = t.slot[r] * t.d + t.offset;
    for (let k = 0; k < width; k++) {
      const f = featureValue(vector[k], t.file, start + r, `${t.column}[${k}]`);
      if (t.slot[r] >= 0) t.X[base + k] = f;
    }
  });
}

function featureValue(v: unknown, file: string, row: number, column: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : undefined;
  if (n === undefined) throw missing(file, row, column, v);
  const f = Math.fround(n);
  if (!Number.isFinite(f)) throw new DatasetError(file, `expected a finite number${Number.isFinite(n) ? ' within float32 range' : ''}, found ${n}`, row, column);
  return f;
}

/** Nulls are refused, not filled: any filling would change the geometry the report measures. */
function missing(file: string, row: number, column: string, v: unknown): DatasetError {
  if (v === null || v === undefined) return new DatasetError(file, 'a missing value (null): expected a number; drop or fill the missing values first', row, column);
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
