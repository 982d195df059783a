// Byte writers for the binary formats, so the tests build their own npy, npz, IDX and gzip inputs,
// and the real Parquet writer (parquet-wasm, from Arrow tables made with apache-arrow).
import { deflateRawSync, gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { DatasetError, loadDataset } from '../../../src/core/data/index';
import type { DatasetSource, LoadOptions } from '../../../src/core/data/index';
import { nodeInflate } from '../../../src/node/inflate';
import type { Report } from '../../../src/core/report';
import { Field, FixedSizeList, Float32, List, Table as ArrowTable, Utf8, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as parquetWasm from 'parquet-wasm';

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));

/** Loads a file given as text or bytes, with optional siblings, through the public entry. */
export function load(name: string, content: string | Uint8Array, options: LoadOptions = {}, siblings?: DatasetSource['siblings']) {
  const bytes = typeof content === 'string' ? utf8(content) : content;
  return loadDataset({ name, bytes, siblings }, options, { inflate: nodeInflate });
}

const NPY_TYPES: Record<string, (v: DataView, o: number, x: number) => void> = {
  '<f4': (v, o, x) => v.setFloat32(o, x, true),
  '<f8': (v, o, x) => v.setFloat64(o, x, true),
  '>f8': (v, o, x) => v.setFloat64(o, x, false),
  '|u1': (v, o, x) => v.setUint8(o, x),
  '|b1': (v, o, x) => v.setUint8(o, x),
  '|i1': (v, o, x) => v.setInt8(o, x),
  '<i2': (v, o, x) => v.setInt16(o, x, true),
  '<u2': (v, o, x) => v.setUint16(o, x, true),
  '<i4': (v, o, x) => v.setInt32(o, x, true),
  '<u4': (v, o, x) => v.setUint32(o, x, true),
  '<i8': (v, o, x) => v.setBigInt64(o, BigInt(x), true),
  '<u8': (v, o, x) => v.setBigUint64(o, BigInt(x), true),
};

/**
 * A .npy file as numpy writes it: magic, version, little-endian header length, a dict header padded
 * with spaces to a multiple of 64 and ending in a newline, then the values in the given order.
 * `values` are in storage order (already transposed when fortran is true).
 */
export function npy(descr: string, shape: number[], values: number[], opts: { fortran?: boolean; version?: 1 | 2 | 3 } = {}): Uint8Array {
  const size = Number(descr.slice(2));
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const data = new Uint8Array(values.length * size);
  const view = new DataView(data.buffer);
  const write = NPY_TYPES[descr];
  values.forEach((x, i) => write(view, i * size, x));
  return npyWithHeader(`{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`, data, opts.version);
}

/** A .npy file with any header text (padded as numpy pads it) over the given data bytes. */
export function npyWithHeader(dict: string, data: Uint8Array, version: 1 | 2 | 3 = 1): Uint8Array {
  const preamble = version === 1 ? 10 : 12;
  const header = dict + ' '.repeat(63 - ((preamble + dict.length) % 64)) + '\n';
  const out = new Uint8Array(preamble + header.length + data.length);
  const view = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(utf8(header), preamble);
  out.set(data, preamble + header.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive (as np.savez / np.savez_compressed write): local headers, central directory, end record. */
export function zip(entries: Record<string, Uint8Array>, deflate: boolean): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const nameBytes = utf8(name);
    const body = deflate ? new Uint8Array(deflateRawSync(data)) : data;
    const local = new Uint8Array(30 + nameBytes.length + body.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, deflate ? 8 : 0, true);
    lv.setUint32(14, crc32(data), true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(body, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, deflate ? 8 : 0, true);
    cv.setUint32(16, crc32(data), true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directorySize = centrals.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, end]);
}

/** An IDX file: 0, 0, type, dimensions, big-endian sizes, values. */
export function idx(type: 0x08 | 0x0d, shape: number[], values: number[]): Uint8Array {
  const size = type === 0x08 ? 1 : 4;
  const head = 4 + 4 * shape.length;
  const out = new Uint8Array(head + values.length * size);
  const view = new DataView(out.buffer);
  out.set([0, 0, type, shape.length]);
  shape.forEach((n, k) => view.setUint32(4 + 4 * k, n));
  values.forEach((x, i) => (type === 0x08 ? view.setUint8(head + i, x) : view.setFloat32(head + 4 * i, x)));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The DatasetError that f throws (failing the test if it throws nothing or something else). */
export function errorOf(f: () => unknown): DatasetError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DatasetError, `expected a DatasetError, got ${e}`);
    return e;
  }
  assert.fail('no error thrown');
}

/** The Parquet codecs real writers use; parquet-wasm (the Rust `parquet` crate) writes each. */
export const PARQUET_CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW'] as const;

/** An Arrow table written as Parquet by parquet-wasm, with the codec and row-group size given. */
export function parquet(table: ArrowTable, codec: (typeof PARQUET_CODECS)[number] = 'ZSTD', rowGroupSize?: number): Uint8Array {
  let props = new parquetWasm.WriterPropertiesBuilder().setCompression(parquetWasm.Compression[codec]);
  if (rowGroupSize) props = props.setMaxRowGroupSize(rowGroupSize);
  return parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(table, 'stream')), props.build());
}

/** A CSV fixture with a header row as an Arrow table: number columns as float64, the label as text. */
export function csvTable(text: string, labelColumn = 'label'): ArrowTable {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  const rows = lines.map((l) => l.split(','));
  return tableFromArrays(
    Object.fromEntries(names.map((n, j) => [n, n === labelColumn ? rows.map((r) => r[j]) : Float64Array.from(rows, (r) => Number(r[j]))])),
  );
}

/** Row numbers in a report (keys `row` and `rows`) shifted by `delta`: a CSV's lines are records + 2. */
function shiftRows(value: unknown, delta: number, key = ''): unknown {
  if (typeof value === 'number') return key === 'row' || key === 'rows' ? value + delta : value;
  if (Array.isArray(value)) return value.map((v) => shiftRows(v, delta, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftRows(v, delta, k)]));
  return value;
}

/** A report as JSON but for the file's name, format, header, images line and timings (wall times differ), rows shifted by `delta`. */
export function comparableReport(r: Report, delta: number): string {
  const { file, format, header, images, ...facts } = r.dataset;
  const { timings, ...rest } = r;
  return JSON.stringify(shiftRows({ ...rest, dataset: facts }, delta));
}

/** Eight 3-vectors in two classes, as a list column and a fixed-size-list column, with string labels and ids. */
export function embeddings(rows = Array.from({ length: 8 }, (_, i): (number | null)[] => [i, i * 0.5, -i])): ArrowTable {
  return new ArrowTable({
    id: vectorFromArray(
      rows.map((_, i) => `doc-${i}`),
      new Utf8(),
    ),
    emb: vectorFromArray(rows, new List(new Field('item', new Float32(), true))),
    fixed: vectorFromArray(
      rows.map((r) => r.map((v) => (v === null ? null : v + 100))),
      new FixedSizeList(3, new Field('item', new Float32(), true)),
    ),
    label: vectorFromArray(
      rows.map((_, i) => (i % 2 ? 'cat' : 'dog')),
      new Utf8(),
    ),
  });
}

/** One dataset of an HDF5 file: its path (groups are made as needed) and what h5wasm's create_dataset takes. */
export interface Hdf5Dataset {
  path: string;
  data: ArrayLike<number> | bigint[] | BigInt64Array | string[];
  shape?: number[];
  dtype?: string;
  /** chunked and gzip-compressed (level 4) with these chunk dimensions */
  chunks?: number[];
}

let hdf5Files = 0;

/** An HDF5 file written by h5wasm (the HDF5 C library), in its in-memory file system, as bytes. */
export async function hdf5(datasets: Hdf5Dataset[]): Promise<Uint8Array> {
  const h5 = await import('h5wasm');
  const FS = (await h5.ready).FS as unknown as { readFile(p: string): Uint8Array; unlink(p: string): void };
  const name = `/writer-${++hdf5Files}.h5`;
  const file = new h5.File(name, 'w');
  for (const d of datasets) {
    const parts = d.path.split('/');
    let group: InstanceType<typeof h5.Group> = file;
    for (const part of parts.slice(0, -1)) group = (group.get(part) as InstanceType<typeof h5.Group> | null) ?? group.create_group(part);
    group.create_dataset({
      name: parts[parts.length - 1],
      data: d.data as never,
      shape: d.shape,
      dtype: d.dtype,
      ...(d.chunks ? { chunks: d.chunks, compression: 'gzip', compression_opts: 4 } : {}),
    });
  }
  file.close();
  const bytes = FS.readFile(name);
  FS.unlink(name);
  return bytes;
}
