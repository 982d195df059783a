// Parquet files written by a real writer (parquet-wasm, the Rust parquet crate, from Arrow tables):
// every codec, several row groups, list and fixed-size-list vector columns, string labels, nulls,
// damaged files, and the row limit's sampling against the CSV of the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Field, Float32, Int64, List, Table, Utf8, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { analyze } from '../../../src/core/analysis';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { DatasetError, detectFormat } from '../../../src/core/data/index';
import { defaultSettings } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { PARQUET_CODECS, comparableReport, csvTable, embeddings, errorOf, load, parquet } from './writers';

const irisText = new TextDecoder().decode(readFixture('iris.csv'));
const irisCsv = load('iris.csv', irisText);

test('parquet: every codec, in row groups of 40 rows, reads iris exactly as its CSV does', () => {
  for (const codec of PARQUET_CODECS) {
    const ds = load('iris.parquet', parquet(csvTable(irisText), codec, 40));
    assert.equal(ds.format, 'parquet');
    assert.deepEqual(Array.from(ds.X), Array.from(irisCsv.X), codec);
    assert.deepEqual(Array.from(ds.y), Array.from(irisCsv.y), codec);
    assert.deepEqual(ds.classNames, irisCsv.classNames);
    assert.deepEqual(ds.featureNames, irisCsv.featureNames);
    assert.equal(ds.labelColumn, 'label');
    // records, 0-based, as for the other binary formats
    assert.deepEqual(
      Array.from(ds.sourceRows),
      Array.from({ length: 150 }, (_, i) => i),
    );
  }
});

test('parquet: found by its magic bytes without the extension, and by .pq', () => {
  const bytes = parquet(csvTable(irisText));
  assert.equal(detectFormat('iris.bin', bytes), 'parquet');
  assert.equal(load('iris.bin', bytes).N, 150);
  assert.equal(load('iris.pq', bytes).N, 150);
});

test('parquet: the row limit keeps the same stratified sample as the CSV, row groups read one at a time', () => {
  const bytes = parquet(csvTable(irisText), 'SNAPPY', 16);
  for (const [rowLimit, seed] of [
    [30, '1'],
    [7, 'other'],
  ] as const) {
    const pq = load('iris.parquet', bytes, { rowLimit, seed });
    const csv = load('iris.csv', irisText, { rowLimit, seed });
    assert.deepEqual(pq.sampling, csv.sampling);
    assert.equal(pq.N, rowLimit);
    // the CSV names lines (header on line 1): record r is line r + 2
    assert.deepEqual(
      Array.from(pq.sourceRows, (r) => r + 2),
      Array.from(csv.sourceRows),
    );
    assert.deepEqual(Array.from(pq.X), Array.from(csv.X));
  }
});

test('parquet: list and fixed-size-list columns are one vector per row; string columns other than the label are not features', () => {
  for (const codec of ['ZSTD', 'GZIP'] as const) {
    const ds = load('emb.parquet', parquet(embeddings(), codec, 3));
    assert.equal(ds.d, 6);
    assert.deepEqual(ds.featureNames, ['emb[0]', 'emb[1]', 'emb[2]', 'fixed[0]', 'fixed[1]', 'fixed[2]']);
    assert.deepEqual(ds.classNames, ['cat', 'dog']);
    assert.deepEqual(Array.from(ds.X.subarray(6 * 5, 6 * 6)), [5, 2.5, -5, 105, 102.5, 95]);
    assert.deepEqual(Array.from(ds.y), [1, 0, 1, 0, 1, 0, 1, 0]);
  }
});

test('parquet: the label column by name or index; integer and 64-bit labels keep their exact text', () => {
  const table = tableFromArrays({
    a: Float64Array.from([1, 2, 3, 4]),
    b: Float64Array.from([0, 0, 1, 1]),
    big: BigInt64Array.from([9007199254740993n, 1n, 9007199254740993n, 1n]),
  });
  const bytes = parquet(table);
  const byBig = load('t.parquet', bytes);
  assert.equal(byBig.labelColumn, 'big');
  assert.deepEqual(byBig.classNames, ['1', '9007199254740993']);
  const byName = load('t.parquet', bytes, { label: 'b' });
  assert.deepEqual(byName.featureNames, ['a', 'big']);
  assert.deepEqual(byName.classNames, ['0', '1']);
  assert.equal(load('t.parquet', bytes, { label: 0 }).labelColumn, 'a');
  assert.match(errorOf(() => load('t.parquet', bytes, { label: 'nope' })).message, /^t\.parquet: no label column "nope": the columns are a, b, big/);
});

test('parquet: dictionary pages of every index width (bit-packed and run-length) read back exactly the values written', () => {
  const n = 20_000;
  // distinct values: 1 (width 0), 3 (2 bits), 1,000 (10 bits), 20,000 (15 bits); long runs; uint8 as pixels are
  const columns = {
    one: Int32Array.from({ length: n }, () => 7),
    three: Int32Array.from({ length: n }, (_, i) => (i * 7) % 3),
    thousand: Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 8),
    all: Int32Array.from({ length: n }, (_, i) => (i * 104_729) % n),
    runs: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 3000)),
    pixel: Uint8Array.from({ length: n }, (_, i) => (i * 31) % 256),
    label: Int32Array.from({ length: n }, (_, i) => i % 2),
  };
  const ds = load('dict.parquet', parquet(tableFromArrays(columns), 'SNAPPY', 6000));
  const names = Object.keys(columns).filter((c) => c !== 'label') as (keyof typeof columns)[];
  assert.deepEqual(ds.featureNames, names);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < names.length; j++) assert.equal(ds.X[i * names.length + j], Math.fround(columns[names[j]][i]), `row ${i}, ${names[j]}`);
});

test('parquet: a dictionary index past the dictionary is an error naming the column', () => {
  // one uncompressed column of 3 distinct values (2-bit indices, bit-packed), so its bytes can be edited in place
  const n = 64;
  const bytes = parquet(
    tableFromArrays({ x: Float32Array.from({ length: n }, (_, i) => (i * 7) % 3), label: Int32Array.from({ length: n }, (_, i) => i % 2) }),
    'UNCOMPRESSED',
  );
  const x = parquetMetadata(bytes.slice().buffer).row_groups[0].columns[0].meta_data!;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset), offset: Number(x.data_page_offset) };
  const header = parquetHeader(reader);
  assert.equal(header.type, 'DATA_PAGE');
  const data = reader.offset; // the indices' bit width, then the runs: a varint header, then 2 bits per index
  assert.equal(bytes[data], 2);
  const pastDictionary = bytes.slice();
  pastDictionary[data + 2] = 0xff; // four indices of 3 in a dictionary of 3 values
  assert.match(
    errorOf(() => load('d.parquet', pastDictionary)).message,
    /^d\.parquet, column x: damaged uncompressed data in the row group of rows 0–63 \(a dictionary index of 3 in a dictionary of 3 values\)$/,
  );
  assert.deepEqual(
    Array.from(load('d.parquet', bytes).X),
    Array.from({ length: n }, (_, i) => (i * 7) % 3),
  );
});

test('parquet nulls: a missing feature or label is an error naming the row and the column', () => {
  const withNull = new Table({
    x: vectorFromArray([1, 2, null, 4], new Float32()),
    label: vectorFromArray([0n, 1n, 0n, 1n], new Int64()),
  });
  const e = errorOf(() => load('n.parquet', parquet(withNull)));
  assert.equal(e.message, 'n.parquet, row 2, column x: a missing value (null): expected a number; drop or fill the missing values first');
  const nullLabel = new Table({ x: vectorFromArray([1, 2, 3], new Float32()), label: vectorFromArray(['a', null, 'b'], new Utf8()) });
  assert.equal(
    errorOf(() => load('n.parquet', parquet(nullLabel))).message,
    'n.parquet, row 1, column label: a missing label (null): every row needs a label; drop those rows first',
  );
});

test("parquet: a vector of another length than the first row's is an error naming row and column", () => {
  const ragged = new Table({
    v: vectorFromArray([[1, 2], [3, 4], [5]], new List(new Field('item', new Float32(), true))),
    label: vectorFromArray(['a', 'b', 'a'], new Utf8()),
  });
  assert.equal(
    errorOf(() => load('r.parquet', parquet(ragged))).message,
    "r.parquet, row 2, column v: a list of 1 values, expected 2 as in the first row (every row's vector must have the same length)",
  );
});

test('parquet damage: wrong magic, truncation, and damaged pages are errors naming the file (and the column)', () => {
  const bytes = parquet(csvTable(irisText), 'ZSTD', 50);
  const wrongMagic = bytes.slice();
  wrongMagic[0] = 0x51;
  assert.equal(errorOf(() => load('iris.parquet', wrongMagic)).message, 'iris.parquet: not a Parquet file: expected the magic bytes PAR1 at the start');
  for (const cut of [bytes.length - 1, bytes.length >> 1, 8]) {
    assert.match(
      errorOf(() => load('iris.parquet', bytes.subarray(0, cut))).message,
      /^iris\.parquet: truncated: a Parquet file ends with its footer and the magic bytes PAR1/,
    );
  }
  // the first column chunk's compressed bytes overwritten: zstd refuses them
  const damaged = bytes.slice();
  damaged.fill(0xff, 40, 80);
  const e = errorOf(() => load('iris.parquet', damaged));
  assert.ok(e instanceof DatasetError);
  assert.match(e.message, /^iris\.parquet, column sepal_length: damaged zstd data in the row group of rows 0–49 \(/);
});

/** Every row reference of a report moved by `delta` (CSV lines against 0-based records). */
test("a Parquet file and the CSV of the same data give the same report (analyze JSON), but for the file's name, format, row numbering and timings", () => {
  const settings = { ...defaultSettings, draws: 20, stages: [] };
  const csv = analyze({ name: 'iris.csv', bytes: readFixture('iris.csv') }, settings, { inflate: nodeInflate });
  const pq = analyze({ name: 'iris.parquet', bytes: parquet(csvTable(irisText), 'SNAPPY', 64) }, settings, { inflate: nodeInflate });
  assert.equal(pq.dataset.format, 'parquet');
  assert.equal(comparableReport(pq, 2), comparableReport(csv, 0));
});
