// Apache Parquet, read with hyparquet (its synchronous page decoders: the core stays synchronous) and
// hyparquet-compressors (snappy, gzip, zstd, brotli, lz4, lz4_raw); which columns are features and
// how the row groups are sampled is columnar.ts. A column chunk is decoded page by page.
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { DecodedArray, FileMetaData, PageHeader, RowGroup, SchemaTree } from 'hyparquet';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { parquetHeader, readColumn } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS, convert, convertWithDictionary } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getTreePath, isListLike } from 'hyparquet/src/schema.js';
import { readVarInt } from 'hyparquet/src/thrift.js';
import { compressors } from 'hyparquet-compressors';
import { CancelledError } from '../env';
import { RawRows } from './builder';
import { ColumnSpec, rowsFromColumns } from './columnar';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { formatBytes, limitError } from './limits';
import { truncated } from './ndarray';

export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

const NUMERIC_TYPES = new Set(['BOOLEAN', 'INT32', 'INT64', 'FLOAT', 'DOUBLE']);
/** Annotations that make a number column something else (a date, a time): not a feature. */
const NOT_NUMBERS = new Set([
  'DATE',
  'TIME',
  'TIMESTAMP',
  'INTERVAL',
  'TIME_MILLIS',
  'TIME_MICROS',
  'TIMESTAMP_MILLIS',
  'TIMESTAMP_MICROS',
  'ENUM',
  'JSON',
  'BSON',
]);

interface Column extends ColumnSpec {
  /** the leaf's path: the key of its column chunks */
  path: string;
  /** the top-level node (a list's outer node) and the leaf holding the values */
  node: SchemaTree;
  leaf: SchemaTree;
  /** the nodes from the root down to the leaf, as hyparquet's reader wants them */
  schemaPath: SchemaTree[];
}

export function parseParquet(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const { file } = ctx;
  const { metadata, root } = readMetadata(bytes, file);
  const columns = root.children.map((node) => classify(root, node));
  const starts = metadata.row_groups.map((_, g) => metadata.row_groups.slice(0, g).reduce((n, r) => n + Number(r.num_rows), 0));
  const reader = new ChunkReader(bytes, file, ctx);
  return rowsFromColumns(
    {
      format: 'parquet',
      columns,
      groupRows: metadata.row_groups.map((g) => Number(g.num_rows)),
      forEachPage: (g, c, each, floats) => reader.forEachPage(metadata.row_groups[g], columns[c], starts[g], each, floats),
      vectors: (g, c) => reader.readVectors(metadata.row_groups[g], columns[c], starts[g]),
    },
    ctx,
  );
}

/** The footer's metadata; a file without the magic at both ends is refused before it is parsed. */
function readMetadata(bytes: Uint8Array, file: string): { metadata: FileMetaData; root: SchemaTree } {
  const at = (offset: number) => PARQUET_MAGIC.every((m, i) => bytes[offset + i] === m);
  if (!at(0)) throw new DatasetError(file, 'not a Parquet file: expected the magic bytes PAR1 at the start');
  if (bytes.length < 12 || !at(bytes.length - 4)) {
    throw new DatasetError(
      file,
      `truncated: a Parquet file ends with its footer and the magic bytes PAR1, found ${bytes.length} bytes without them (an incomplete copy?)`,
    );
  }
  const footer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 8, true);
  if (footer + 12 > bytes.length) throw truncated(file, footer + 12, bytes.length, 'the Parquet footer');
  let metadata: FileMetaData;
  let root: SchemaTree;
  try {
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    metadata = parquetMetadata(buffer as ArrayBuffer, { geoparquet: false });
    root = parquetSchema(metadata);
  } catch (e) {
    throw new DatasetError(file, `damaged Parquet footer (${(e as Error).message})`);
  }
  // the footer's thrift decodes whatever it is given: what the reader relies on is checked here
  const counts = metadata.row_groups.map((g) => Number(g.num_rows));
  const named = (node: SchemaTree): boolean => typeof node.element.name === 'string' && node.children.every(named);
  if (!named(root) || !counts.every((n) => Number.isSafeInteger(n) && n >= 0) || counts.reduce((a, b) => a + b, 0) !== Number(metadata.num_rows)) {
    throw new DatasetError(file, 'damaged Parquet footer: its schema or row counts are inconsistent');
  }
  return { metadata, root };
}

function classify(root: SchemaTree, node: SchemaTree): Column {
  const name = node.element.name;
  const column = (leaf: SchemaTree, kind: Column['kind']): Column => ({
    name,
    path: leaf.path.join('.'),
    node,
    leaf,
    schemaPath: getTreePath(root, leaf.path),
    kind,
  });
  if (node.children.length === 0) return column(node, isNumber(node) ? 'number' : 'value');
  // Hugging Face's Image feature: a struct of the encoded `bytes` and a `path`; the bytes leaf is read
  const bytes = node.children.find((c) => c.element.name === 'bytes' && c.children.length === 0 && c.element.type === 'BYTE_ARRAY');
  if (bytes && node.children.some((c) => c.element.name === 'path') && !isListLike(node)) return column(bytes, 'image');
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
      for (const reader = { view, offset: 0 }; reader.offset < view.byteLength;) {
        const header = this.pageHeader(reader, column);
        const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        const page = header.type === 'DATA_PAGE' ? decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors) : undefined;
        if (header.data_page_header || header.data_page_header_v2) checkRuns(header, compressed, page, decoder);
      }
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
   * optional column into a plain array even when it holds no null. With `floats` (the group's rows), a
   * dictionary page whose dictionary holds numbers that are all finite float32 is written there
   * instead of passed (see ColumnarFile.forEachPage).
   */
  forEachPage(group: RowGroup, column: Column, start: number, each: (values: DecodedArray, first: number) => void, floats?: Float32Array): void {
    this.decode(group, column, start, (view, decoder, rows) => {
      const reader = { view, offset: 0 };
      const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
      let dictionary: DecodedArray | undefined;
      let floatDictionary: Float32Array | undefined;
      let row = 0;
      while (reader.offset < view.byteLength) {
        const header = this.pageHeader(reader, column);
        const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        if (header.type === 'DICTIONARY_PAGE') {
          const page = decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors);
          const dictionaryReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
          dictionary = convert(readPlain(dictionaryReader, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length), decoder);
          floatDictionary = floats ? asFloats(dictionary) : undefined;
          dictionary = floatDictionary ?? dictionary;
          continue;
        }
        const v1 = header.type === 'DATA_PAGE' && header.data_page_header;
        const v2 = header.type === 'DATA_PAGE_V2' && header.data_page_header_v2;
        if (!v1 && !v2) continue; // index pages: nothing to read
        const count = v1 ? v1.num_values : v2 ? v2.num_values : 0;
        if (!(count >= 0 && count <= rows - row)) throw new Error(`a page of ${count} values where ${rows - row} rows remain`);
        const page = v1 ? decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors) : undefined;
        checkRuns(header, compressed, page, decoder);
        const into = floatDictionary && floats?.subarray(row, row + count);
        const typed = v1 && page && dictionary && v1.encoding.endsWith('DICTIONARY') ? dictionaryPage(page, count, maxDefinition, dictionary, into) : undefined;
        if (typed && row + typed.length <= rows) {
          if (typed !== into) each(typed, row);
          row += typed.length;
          continue;
        }
        const { definitionLevels, dataPage } = v1 && page ? readDataPage(page, v1, decoder) : readDataPageV2(compressed, header, decoder);
        const nullAt = (definitionLevels ?? []).findIndex((level: number) => level < maxDefinition);
        if (nullAt >= 0) each([null], row + nullAt); // the callback's own check names the missing value
        const values = convertWithDictionary(dataPage, dictionary, (v1 || (v2 as { encoding: string })).encoding as never, decoder);
        if (row + values.length > rows) break;
        each(values, row);
        row += values.length;
      }
      if (row !== rows) throw new Error(`expected ${rows} values, found ${row}`);
    });
  }

  /** A page's header can claim more than its chunk's metadata did: it is checked before decompressing. */
  private pageHeader(reader: { view: DataView; offset: number }, column: Column): PageHeader {
    const header = parquetHeader(reader);
    if (!(header.uncompressed_page_size <= this.ctx.limits.maxBytes)) {
      throw limitError(
        this.file,
        'maxBytes',
        `a page of column ${column.name} claims to unpack to ${formatBytes(header.uncompressed_page_size)}, more than the limit`,
      );
    }
    return header;
  }

  private decode<T>(group: RowGroup, column: Column, start: number, read: (view: DataView, decoder: Decoder, rows: number) => T): T {
    const rows = Number(group.num_rows);
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === column.path)?.meta_data;
    const where = `row group of rows ${start}–${start + rows - 1}`;
    if (!chunk) throw new DatasetError(this.file, `no data for the column in the ${where}`, undefined, column.name);
    const begin = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const size = Number(chunk.total_compressed_size);
    if (!(begin >= 4 && begin + size <= this.bytes.length - 8))
      throw truncated(this.file, begin + size + 8, this.bytes.length, `the ${where}, column ${column.name}`);
    if (Number(chunk.total_uncompressed_size) > this.ctx.limits.maxBytes) {
      throw limitError(
        this.file,
        'maxBytes',
        `column ${column.name} unpacks to ${formatBytes(Number(chunk.total_uncompressed_size))} in the ${where}, more than the limit`,
      );
    }
    const decoder: Decoder = {
      pathInSchema: chunk.path_in_schema,
      type: chunk.type,
      element: column.leaf.element,
      schemaPath: column.schemaPath,
      codec: chunk.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
      // unannotated byte arrays are text unless they are an image's bytes
      utf8: column.kind !== 'image',
    };
    let result: T;
    try {
      result = read(new DataView(this.bytes.buffer, this.bytes.byteOffset + begin, size), decoder, rows);
    } catch (e) {
      if (e instanceof CancelledError || e instanceof DatasetError) throw e;
      throw new DatasetError(this.file, `damaged ${String(chunk.codec).toLowerCase()} data in the ${where} (${(e as Error).message})`, undefined, column.name);
    }
    this.done += size;
    if (this.done >= this.ticker.next) this.ticker.tick(this.done);
    return result;
  }
}

type TypedArray = Exclude<DecodedArray, unknown[]>;

/**
 * A v1 dictionary-encoded page of a flat column without nulls, as a typed array of the dictionary's
 * type: hyparquet's readDataPage decodes the levels and indices into plain arrays, and the dictionary
 * lookup into one more, which took a third of the time of a wide table of numbers (Fashion-MNIST's 784
 * columns). With `into`, a float32 dictionary's values are written there by lookUp. Undefined for a
 * page with a null, and for dictionaries that are not typed arrays (the general path reads those and
 * names the null).
 */
function dictionaryPage(page: Uint8Array, count: number, maxDefinition: number, dictionary: DecodedArray, into?: Float32Array): TypedArray | undefined {
  if (!ArrayBuffer.isView(dictionary)) return undefined;
  const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
  if (maxDefinition > 0) {
    const levels = new Int32Array(count);
    readRleBitPackedHybrid(reader, 32 - Math.clz32(maxDefinition), levels);
    for (let k = 0; k < count; k++) if (levels[k] !== maxDefinition) return undefined;
  }
  const width = reader.view.getUint8(reader.offset++);
  if (into && dictionary instanceof Float32Array && width <= 24) {
    lookUp(page, reader.offset, width, dictionary, into);
    return into;
  }
  const indices = new Int32Array(count);
  if (width) readRleBitPackedHybrid(reader, width, indices, page.byteLength - reader.offset);
  const values = new (dictionary.constructor as new (n: number) => TypedArray)(count);
  const size = dictionary.length;
  for (let k = 0; k < count; k++) {
    const i = indices[k];
    if (!(i < size)) throw badIndex(i, size);
    values[k] = dictionary[i];
  }
  return values;
}

const badIndex = (i: number, size: number) => new Error(`a dictionary index of ${i} in a dictionary of ${size} values`);

/**
 * A float32 dictionary's entries for a run-length/bit-packed hybrid stream of `width`-bit indices
 * (width ≤ 24) from `at`, into `out`: hyparquet's readRleBitPackedHybrid reads the same stream a byte
 * at a time through a DataView into an index array that a second loop looks up, 3× the time of this
 * loop on Fashion-MNIST's 47 million indices (8 bits wide, where each byte is an index). A run past
 * the page's end or past `out`, or an index past the dictionary, is an error.
 */
function lookUp(bytes: Uint8Array, at: number, width: number, dictionary: Float32Array, out: Float32Array): void {
  const mask = (1 << width) - 1;
  const n = out.length;
  const size = dictionary.length;
  for (let seen = 0; seen < n;) {
    let header = 0;
    for (let shift = 0, b = 0x80; b & 0x80; shift += 7) {
      if (at >= bytes.length || shift > 28) throw new Error('a run header past the end of the page');
      b = bytes[at++];
      header += (b & 0x7f) * 2 ** shift;
    }
    if (header % 2) {
      // bit-packed: groups of 8 values in `width` bytes each, least significant bit first
      const groups = Math.floor(header / 2);
      const end = seen + Math.min(n - seen, groups * 8);
      if (at + Math.ceil(((end - seen) * width) / 8) > bytes.length) throw new Error('a bit-packed run past the end of the page');
      let p = at;
      if (width === 8) {
        for (; seen < end; seen++) {
          const i = bytes[p++];
          if (i >= size) throw badIndex(i, size);
          out[seen] = dictionary[i];
        }
      }
      for (let bits = 0, buffer = 0; seen < end; seen++) {
        while (bits < width) {
          buffer |= bytes[p++] << bits;
          bits += 8;
        }
        const i = buffer & mask;
        if (i >= size) throw badIndex(i, size);
        out[seen] = dictionary[i];
        buffer >>>= width;
        bits -= width;
      }
      at += groups * width;
    } else {
      const run = header / 2;
      if (run > n - seen) throw new Error(`a run of ${run} values in a page of ${n}`);
      const bytesOfValue = (width + 7) >> 3;
      if (at + bytesOfValue > bytes.length) throw new Error('a run past the end of the page');
      let i = 0;
      for (let k = 0; k < bytesOfValue; k++) i |= bytes[at++] << (8 * k);
      if (i >= size) throw badIndex(i, size);
      out.fill(dictionary[i], seen, seen + run);
      seen += run;
    }
  }
}

/** A dictionary of numbers as float32 when every entry is a finite float32 (else undefined: the general path names the value). */
function asFloats(dictionary: DecodedArray): Float32Array | undefined {
  if (!ArrayBuffer.isView(dictionary) || dictionary instanceof BigInt64Array || dictionary instanceof BigUint64Array) return undefined;
  const floats = Float32Array.from(dictionary as ArrayLike<number>);
  for (let k = 0; k < floats.length; k++) if (!(floats[k] - floats[k] === 0)) return undefined;
  return floats;
}

/**
 * hyparquet's run-length decoder writes each run's count of values without a bound, so a damaged count
 * grows its output array until V8 aborts the whole process (no exception to catch). Every run of a
 * page's level and dictionary-index streams is checked against the page's value count first.
 */
function checkRuns(header: PageHeader, compressed: Uint8Array, v1Page: Uint8Array | undefined, decoder: Decoder): void {
  const info = header.data_page_header ?? header.data_page_header_v2!;
  const n = info.num_values;
  const width = (level: number) => 32 - Math.clz32(level);
  const maxRepetition = getMaxRepetitionLevel(decoder.schemaPath);
  const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
  let values: Uint8Array;
  let at = 0;
  if (v1Page) {
    // v1: each level stream is prefixed by its byte length, then the values
    const length = (offset: number) => new DataView(v1Page.buffer, v1Page.byteOffset).getUint32(offset, true);
    for (const level of [maxRepetition, maxDefinition]) {
      if (!level) continue;
      runs(v1Page, at + 4, at + 4 + length(at), width(level), n);
      at += 4 + length(at);
    }
    values = v1Page;
  } else {
    // v2: the level streams are stored uncompressed with their lengths in the header
    const v2 = header.data_page_header_v2!;
    const repetition = v2.repetition_levels_byte_length;
    const definition = v2.definition_levels_byte_length;
    if (maxRepetition) runs(compressed, 0, repetition, width(maxRepetition), n);
    if (maxDefinition) runs(compressed, repetition, repetition + definition, width(maxDefinition), n);
    if (!/DICTIONARY$|^RLE$/.test(info.encoding)) return;
    const raw = compressed.subarray(repetition + definition);
    values =
      v2.is_compressed === false ? raw : decompressPage(raw, header.uncompressed_page_size - repetition - definition, decoder.codec, decoder.compressors);
  }
  // booleans in RLE: a byte length, then width-1 runs; dictionary indices: their bit width, then runs
  if (info.encoding === 'RLE') runs(values, at + 4, values.length, 1, n);
  else if (info.encoding.endsWith('DICTIONARY')) runs(values, at + 1, values.length, values[at], n);
}

/** Walks a run-length/bit-packed hybrid stream: no run-length run may hold more than `count` values. */
function runs(bytes: Uint8Array, offset: number, end: number, bitWidth: number, count: number): void {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset };
  for (let seen = 0; seen < count && reader.offset < end;) {
    const header = readVarInt(reader) >>> 0;
    if (header & 1) {
      seen += (header >>> 1) * 8;
      reader.offset += (header >>> 1) * bitWidth;
    } else {
      const run = header >>> 1;
      if (run > count - seen) throw new Error(`a run of ${run} values in a page of ${count}`);
      seen += run;
      reader.offset += (bitWidth + 7) >> 3;
    }
  }
}
