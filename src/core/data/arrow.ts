// Apache Arrow IPC, file (`.arrow`, Feather v2) and stream, and the shards of a Hugging Face
// `save_to_disk` folder, read with apache-arrow; which columns are features and how record batches
// are sampled is columnar.ts (a record batch is a row group there).
// apache-arrow trusts the lengths and offsets it reads: a damaged file can make it loop or allocate
// without end. So every message's framing (its metadata length, the flatbuffer tables, vectors and
// strings the reader will walk, the body's buffers) and a file's footer are checked here first, with
// our own bounded reads, and only then are the bytes handed to it.
import { DataType, RecordBatch, Schema, Table, Vector, tableFromIPC } from 'apache-arrow';
import './arrowCodecs';
import { RawRows } from './builder';
import { ColumnSpec, rowsFromColumns } from './columnar';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { formatBytes, limitError } from './limits';
import { truncated } from './ndarray';

/** `ARROW1`: the first six bytes (then two of padding) and the last six of an IPC file. */
export const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];
const CONTINUATION = 0xffffffff;

/** One file of the dataset: its name for messages and its bytes. */
export interface ArrowPart {
  file: string;
  bytes: Uint8Array;
}

/**
 * Parses one or more IPC files or streams (a Hugging Face folder's shards, in order) as one table:
 * the shards must have the same columns. `file` names the dataset; an error names the shard.
 */
export function parseArrow(parts: ArrowPart[], ctx: ParseContext, format = 'arrow'): RawRows {
  const total = parts.reduce((n, p) => n + p.bytes.length, 0);
  const ticker = new Ticker(total, ctx.env);
  let done = 0;
  let schema: Schema | undefined;
  const batches: { batch: RecordBatch; part: string }[] = [];
  for (const part of parts) {
    const messages = checkFraming(part, ctx.limits.maxBytes);
    let table: Table;
    try {
      table = tableFromIPC(messages);
    } catch (e) {
      throw new DatasetError(part.file, `damaged Arrow data (${(e as Error).message})`);
    }
    for (const batch of table.batches) batches.push({ batch, part: part.file });
    const names = table.schema.fields.map((f) => f.name).join(', ');
    if (schema && schema.fields.map((f) => f.name).join(', ') !== names) {
      throw new DatasetError(part.file, `its columns (${names}) differ from the first shard's (${schema.fields.map((f) => f.name).join(', ')})`);
    }
    schema ??= table.schema;
    done += part.bytes.length;
    if (done >= ticker.next) ticker.tick(done);
  }
  if (!schema) throw new DatasetError(ctx.file, 'no Arrow data');
  const columns: ColumnSpec[] = schema.fields.map((f) => ({ name: f.name, kind: kindOf(f.type) }));
  return rowsFromColumns(
    {
      format,
      columns,
      groupRows: batches.map((b) => b.batch.numRows),
      forEachPage: (g, c, each) => each(columnValues(batches[g], c, columns[c].name), 0),
      vectors: (g, c) => rowVectors(batches[g].batch, c),
    },
    ctx,
  );
}

const isNumberType = (t: DataType) => DataType.isInt(t) || DataType.isFloat(t) || DataType.isBool(t);

/** Hugging Face's Image feature: struct<bytes: binary, path: string> (`datasets` writes it so in Arrow and Parquet). */
const imageBytesChild = (type: DataType): number =>
  DataType.isStruct(type) && type.children.some((f) => f.name === 'path' && (DataType.isUtf8(f.type) || DataType.isLargeUtf8(f.type)))
    ? type.children.findIndex((f) => f.name === 'bytes' && (DataType.isBinary(f.type) || DataType.isLargeBinary(f.type)))
    : -1;

function kindOf(type: DataType): ColumnSpec['kind'] {
  if (isNumberType(type)) return 'number';
  if (imageBytesChild(type) >= 0) return 'image';
  if ((DataType.isList(type) || DataType.isFixedSizeList(type)) && isNumberType(type.children[0].type)) return 'vector';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || (DataType.isDictionary(type) && !DataType.isDictionary(type.dictionary))) return 'value';
  return 'other';
}

/**
 * A one-value-per-row column of a batch: its typed array when the values are plain numbers without
 * nulls (no copy), else each row's value (null where missing, which columnar.ts names).
 */
function columnValues({ batch, part }: { batch: RecordBatch; part: string }, c: number, name: string): ArrayLike<unknown> {
  const vector = batch.getChildAt(c)!;
  const bytesChild = imageBytesChild(vector.type);
  if (bytesChild >= 0) {
    // an image's bytes: views into the file, null where the struct or its bytes are missing
    const bytes = vector.getChildAt(bytesChild)!;
    return Array.from({ length: vector.length }, (_, r) => (vector.isValid(r) ? bytes.get(r) : null));
  }
  const [data] = vector.data;
  const plain = vector.data.length === 1 && data.nullCount === 0 && (DataType.isFloat(data.type) ? data.type.precision !== 0 : DataType.isInt(data.type));
  if (plain) {
    const values = data.values as unknown as { length: number; subarray(a: number, b: number): ArrayLike<unknown> };
    if (values.length < data.offset + data.length)
      throw new DatasetError(part, `damaged Arrow data: ${data.length} rows but ${values.length} values`, undefined, name);
    return values.subarray(data.offset, data.offset + data.length);
  }
  return Array.from({ length: vector.length }, (_, r) => vector.get(r));
}

/** A list column's rows: each a typed array of its numbers, or null; a row with a missing number is a plain array holding the null. */
function rowVectors(batch: RecordBatch, c: number): ArrayLike<unknown> {
  const vector = batch.getChildAt(c)!;
  return Array.from({ length: vector.length }, (_, r) => {
    const row = vector.get(r) as Vector | null;
    if (row === null) return null;
    return row.nullCount > 0 ? Array.from({ length: row.length }, (_, k) => row.get(k)) : row.toArray();
  });
}

// ---- framing ------------------------------------------------------------------------------------

/**
 * The bytes to hand to apache-arrow once every message of `part` was checked: a stream's messages up
 * to its end marker; a file's footer (its schema and the blocks locating each dictionary and record
 * batch) and every message a block points to. Throws a DatasetError naming the byte offset of the
 * first thing out of place.
 */
export function checkFraming({ file, bytes }: ArrowPart, maxBytes: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (offset: number) => ARROW_MAGIC.every((m, i) => bytes[offset + i] === m);
  if (at(0)) {
    // file: magic, padding, the messages, the footer, its int32 length, magic
    if (bytes.length < 8 + 10 || !at(bytes.length - 6)) {
      throw new DatasetError(
        file,
        `truncated: an Arrow IPC file ends with its footer and the magic bytes ARROW1, found ${bytes.length} bytes without them (an incomplete copy?)`,
      );
    }
    const size = view.getInt32(bytes.length - 10, true);
    if (!(size > 0 && size <= bytes.length - 18))
      throw new DatasetError(file, `damaged Arrow IPC file: its footer claims ${size} bytes in a file of ${bytes.length}`);
    const end = bytes.length - 10 - size;
    // Footer: version, schema, dictionaries [Block], recordBatches [Block]; Block: offset, metaDataLength, bodyLength
    const footer = new Flat(bytes.subarray(end, end + size), file, end);
    const root = footer.root();
    const schemaAt = footer.field(root, 1) ?? footer.fail('a footer without a schema', root);
    checkFields(footer, footer.table(schemaAt, 'the schema'), 1, 0);
    for (const field of [2, 3]) {
      const blocksAt = footer.field(root, field);
      if (blocksAt === undefined) continue;
      const blocks = footer.vector(blocksAt, 24, 'the list of record batches');
      for (let k = 0; k < blocks.length; k++) {
        const offset = footer.i64(blocks.start + 24 * k);
        const message = offset >= 8 && offset < end ? messageAt(file, view, offset, end, true, maxBytes) : undefined;
        const length = footer.i64(blocks.start + 24 * k + 16);
        if (!message || message.next - message.body !== length) {
          throw new DatasetError(file, `damaged Arrow IPC file: the footer locates a batch at byte ${offset} of ${length} bytes where there is none`);
        }
      }
    }
    return bytes;
  }
  // a stream starts with the continuation marker, or (before Arrow 0.15) a length that fits the file
  const first = bytes.length >= 4 ? view.getInt32(0, true) : 0;
  if (bytes.length >= 4 && view.getUint32(0, true) !== CONTINUATION && !(first > 0 && first <= bytes.length - 4)) {
    throw new DatasetError(file, 'not an Arrow IPC file or stream: expected the magic bytes ARROW1 or a message length at the start');
  }
  let offset = 0;
  let sawSchema = false;
  while (offset < bytes.length) {
    const message = messageAt(file, view, offset, bytes.length, sawSchema, maxBytes);
    if (!message) break;
    sawSchema ||= message.schema;
    offset = message.next;
  }
  if (!sawSchema) throw new DatasetError(file, 'not an Arrow IPC stream: no schema message');
  return bytes.subarray(0, offset);
}

/** The message at `offset` checked (undefined: the end-of-stream marker): where its body starts and ends. */
function messageAt(
  file: string,
  view: DataView,
  offset: number,
  end: number,
  sawSchema: boolean,
  maxBytes: number,
): { body: number; next: number; schema: boolean } | undefined {
  let length: number;
  let prefix = 4;
  if (end - offset < 4) throw truncated(file, offset + 4, end, `the Arrow message at byte ${offset}`);
  if (view.getUint32(offset, true) === CONTINUATION) {
    if (end - offset < 8) throw truncated(file, offset + 8, end, `the Arrow message at byte ${offset}`);
    length = view.getInt32(offset + 4, true);
    prefix = 8;
  } else {
    length = view.getInt32(offset, true); // before Arrow 0.15 the length came without the marker
  }
  if (length === 0) return undefined;
  if (length < 0) throw new DatasetError(file, `damaged Arrow stream: the message at byte ${offset} claims a length of ${length}`);
  const metaStart = offset + prefix;
  if (metaStart + length > end) throw truncated(file, metaStart + length, end, `the Arrow message at byte ${offset}`);
  const bytes = new Uint8Array(view.buffer, view.byteOffset + metaStart, length);
  const body = checkMessage(new Flat(bytes, file, metaStart), sawSchema);
  const next = metaStart + length + body.length;
  if (next > end) throw truncated(file, next, end, `the body of the Arrow message at byte ${offset}`);
  if (body.compressed) checkCompressedLengths(file, view, metaStart + length, body.compressed, maxBytes);
  return { body: metaStart + length, next, schema: body.schema };
}

/** Bounded reads of one flatbuffer: every offset is checked before it is followed. */
class Flat {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    private readonly base: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(what: string, at: number): never {
    throw new DatasetError(this.file, `damaged Arrow metadata: ${what} at byte ${this.base + at} lies outside its ${this.bytes.length}-byte message`);
  }
  need(at: number, size: number, what: string): void {
    if (!(at >= 0 && at + size <= this.bytes.length)) this.fail(what, at);
  }
  u8(at: number): number {
    this.need(at, 1, 'a byte');
    return this.view.getUint8(at);
  }
  u32(at: number): number {
    this.need(at, 4, 'an offset');
    return this.view.getUint32(at, true);
  }
  i64(at: number): number {
    this.need(at, 8, 'a 64-bit number');
    return Number(this.view.getBigInt64(at, true));
  }
  root(): number {
    return this.table(0, 'the root table');
  }
  /** The table an offset at `at` points to (its vtable checked too). */
  table(at: number, what: string): number {
    const table = at + this.u32(at);
    this.need(table, 4, what);
    const vtable = table - this.view.getInt32(table, true);
    this.need(vtable, 4, `the field table of ${what}`);
    this.need(vtable, this.view.getUint16(vtable, true), `the field table of ${what}`);
    return table;
  }
  /** Where field `i` of a table is, or undefined when it is absent. */
  field(table: number, i: number): number | undefined {
    const vtable = table - this.view.getInt32(table, true);
    if (4 + 2 * i >= this.view.getUint16(vtable, true)) return undefined;
    const offset = this.view.getUint16(vtable + 4 + 2 * i, true);
    return offset === 0 ? undefined : table + offset;
  }
  /** A vector's start and length, `size` bytes an element. */
  vector(at: number, size: number, what: string): { start: number; length: number } {
    const v = at + this.u32(at);
    const length = this.u32(v);
    this.need(v + 4, length * size, what);
    return { start: v + 4, length };
  }
}

/**
 * A compressed body stores each buffer as its uncompressed length (int64; −1: stored as is) and the
 * codec's bytes: the lengths are checked against the byte limit before a codec allocates them.
 */
function checkCompressedLengths(file: string, view: DataView, body: number, buffers: Buffer[], maxBytes: number): void {
  let total = 0;
  for (const { offset, size } of buffers) {
    if (size === 0) continue;
    const at = body + offset;
    const length = size >= 8 ? Number(view.getBigInt64(at, true)) : NaN;
    if (!(length >= -1)) throw new DatasetError(file, `damaged Arrow data: a compressed buffer at byte ${at} without a valid length`);
    total += length === -1 ? size - 8 : length;
    if (total > maxBytes) throw limitError(file, 'maxBytes', `a compressed record batch unpacks to more than ${formatBytes(maxBytes)}, the limit`);
  }
}

interface Buffer {
  offset: number;
  size: number;
}

/**
 * Message: version, header type, header, bodyLength. Returns the body's length, whether it was the
 * schema, and a compressed batch's buffers.
 */
function checkMessage(flat: Flat, sawSchema: boolean): { length: number; schema: boolean; compressed?: Buffer[] } {
  const message = flat.root();
  const typeAt = flat.field(message, 1);
  const headerAt = flat.field(message, 2);
  const lengthAt = flat.field(message, 3);
  const type = typeAt === undefined ? 0 : flat.u8(typeAt);
  const length = lengthAt === undefined ? 0 : flat.i64(lengthAt);
  if (!(length >= 0 && Number.isSafeInteger(length))) flat.fail(`a body length of ${length}`, lengthAt ?? 0);
  if (headerAt === undefined) flat.fail('a message without a header', message);
  const header = flat.table(headerAt, 'the message header');
  let compressed: Buffer[] | undefined;
  switch (type) {
    case 1: // Schema
      checkFields(flat, header, 1, 0);
      return { length, schema: true };
    case 2: {
      // DictionaryBatch: id, data (a RecordBatch), isDelta
      const dataAt = flat.field(header, 1);
      if (dataAt === undefined) flat.fail('a dictionary batch without data', header);
      compressed = checkBatch(flat, flat.table(dataAt, 'a dictionary batch'), length);
      break;
    }
    case 3:
      compressed = checkBatch(flat, header, length);
      break;
    default:
      flat.fail(`a message of type ${type} (only schemas, dictionaries and record batches are data)`, typeAt ?? 0);
  }
  if (!sawSchema) flat.fail('a batch before the schema', message);
  return { length, schema: false, compressed };
}

/** Schema or Field tables: field names, types and children (recursively), key-value metadata. */
function checkFields(flat: Flat, table: number, fieldsField: number, depth: number): void {
  if (depth > 64) flat.fail('columns nested more than 64 deep', table);
  const fieldsAt = flat.field(table, fieldsField);
  if (fieldsAt === undefined) return;
  const { start, length } = flat.vector(fieldsAt, 4, 'the columns');
  for (let i = 0; i < length; i++) {
    const field = flat.table(start + 4 * i, 'a column');
    const nameAt = flat.field(field, 0);
    if (nameAt !== undefined) flat.vector(nameAt, 1, 'a column name');
    const typeAt = flat.field(field, 3);
    if (typeAt !== undefined) flat.table(typeAt, 'a column type');
    const dictionaryAt = flat.field(field, 4);
    if (dictionaryAt !== undefined) flat.table(dictionaryAt, 'a dictionary encoding');
    checkFields(flat, field, 5, depth + 1);
    checkMetadata(flat, field, 6);
  }
  if (depth === 0) checkMetadata(flat, table, 2);
}

function checkMetadata(flat: Flat, table: number, i: number): void {
  const at = flat.field(table, i);
  if (at === undefined) return;
  const { start, length } = flat.vector(at, 4, 'the key-value metadata');
  for (let k = 0; k < length; k++) {
    const pair = flat.table(start + 4 * k, 'a key-value pair');
    for (const f of [0, 1]) {
      const s = flat.field(pair, f);
      if (s !== undefined) flat.vector(s, 1, 'a metadata string');
    }
  }
}

/**
 * RecordBatch: length, nodes (length, null count), buffers (offset, length) inside the body, and
 * compression (codec, method). Returns the buffers when the body is compressed.
 */
function checkBatch(flat: Flat, batch: number, bodyLength: number): Buffer[] | undefined {
  const lengthAt = flat.field(batch, 0);
  const rows = lengthAt === undefined ? 0 : flat.i64(lengthAt);
  if (!(rows >= 0 && rows <= 0x7fffffff)) flat.fail(`a record batch of ${rows} rows`, lengthAt ?? batch);
  const nodesAt = flat.field(batch, 1);
  if (nodesAt !== undefined) {
    const nodes = flat.vector(nodesAt, 16, 'the column lengths');
    for (let k = 0; k < nodes.length; k++) {
      const n = flat.i64(nodes.start + 16 * k);
      const nulls = flat.i64(nodes.start + 16 * k + 8);
      if (!(n >= 0 && n <= 0x7fffffff && nulls >= 0 && nulls <= n)) flat.fail(`a column of ${n} values with ${nulls} nulls`, nodes.start + 16 * k);
    }
  }
  const buffersAt = flat.field(batch, 2);
  const buffers: Buffer[] = [];
  if (buffersAt !== undefined) {
    const list = flat.vector(buffersAt, 16, 'the buffer list');
    for (let k = 0; k < list.length; k++) {
      const offset = flat.i64(list.start + 16 * k);
      const size = flat.i64(list.start + 16 * k + 8);
      if (!(offset >= 0 && size >= 0 && offset + size <= bodyLength)) {
        flat.fail(`a buffer at ${offset} of ${size} bytes in a body of ${bodyLength}`, list.start + 16 * k);
      }
      buffers.push({ offset, size });
    }
  }
  const compressionAt = flat.field(batch, 3);
  if (compressionAt === undefined) return undefined;
  // BodyCompression: codec (0 LZ4_FRAME, 1 ZSTD), method (0 BUFFER, the only one defined)
  const compression = flat.table(compressionAt, 'the body compression');
  const codecAt = flat.field(compression, 0);
  const methodAt = flat.field(compression, 1);
  const codec = codecAt === undefined ? 0 : flat.u8(codecAt);
  if (codec > 1 || (methodAt !== undefined && flat.u8(methodAt) !== 0)) flat.fail(`an unknown body compression (codec ${codec})`, compression);
  return buffers;
}
