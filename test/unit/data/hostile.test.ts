// Every reproducer of issue 14 (bad input that crashed or gave a wrong result), each as the smallest
// input that showed it, with the error or the result it must give now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRows } from '../../../src/core/data/sample';
import { tableFromArrays } from 'apache-arrow';
import { concat, errorOf, gzip, idx, load, npy, npyWithHeader, parquet, utf8, zip } from './writers';

const f8 = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);
const labels4 = npy('<i8', [4], [0, 1, 1, 0]);

test('npz: a damaged deflate stream is a positional error naming the entry, not a zlib crash', () => {
  const good = zip({ 'X.npy': npy('<f8', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), 'y.npy': labels4 }, true);
  const bad = good.slice();
  const start = 30 + 'X.npy'.length;
  for (let i = start; i < start + 6; i++) bad[i] = 0xff; // an invalid block type / lengths set
  const e = errorOf(() => load('d.npz', bad));
  assert.match(e.message, /^d\.npz: zip entry X\.npy \(compressed data at bytes 35–\d+\): damaged deflate data \(.+\)$/);
});

test('npz: every offset and length in the zip structures is checked (an extra-field length past the end)', () => {
  const good = zip({ 'X.npy': npy('<f8', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), 'y.npy': labels4 }, false);
  const view = new DataView(good.buffer);
  const eocd = good.length - 22;
  const central = view.getUint32(eocd + 16, true);
  const bad = good.slice();
  new DataView(bad.buffer).setUint16(central + 30, 0xfff0, true);
  assert.match(
    errorOf(() => load('e.npz', bad)).message,
    /^e\.npz: zip entry 0: the name, extra field and comment at bytes \d+–\d+ lies past the end of the file/,
  );
  const badLocal = good.slice();
  new DataView(badLocal.buffer).setUint32(central + 42, 0x7fffffff, true);
  assert.match(errorOf(() => load('e.npz', badLocal)).message, /zip entry X\.npy: the local header at bytes 2147483647–\d+ lies past the end/);
});

test('npz: the CRC-32 of every entry is checked, as numpy does', () => {
  const archive = zip({ 'X.npy': npy('<f8', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), 'y.npy': labels4 }, false);
  assert.equal(load('c.npz', archive).N, 4);
  const changed = archive.slice();
  changed[30 + 5 + 128 + 3] ^= 0x01; // a byte of X's data (after the 128-byte .npy header)
  assert.match(
    errorOf(() => load('c.npz', changed)).message,
    /^c\.npz: zip entry X\.npy \(compressed data at bytes 35–\d+\): CRC-32 mismatch \(stored 0x[0-9a-f]{8}, data 0x[0-9a-f]{8}\)/,
  );
});

test('npy: shapes must be tuples of non-negative integers; (4, -2), (4, 1.5), (4, abc) and (300, 8, 2.5) are refused', () => {
  for (const shape of ['(4, -2)', '(4, 1.5)', '(4, abc)', '(300, 8, 2.5)']) {
    const file = npyWithHeader(`{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`, f8(new Array(16).fill(1)));
    const e = errorOf(() => load('s.npy', file, {}, { 's_labels.npy': labels4 }));
    assert.match(e.message, /^s\.npy: invalid \.npy header .*: (shape must be a tuple of non-negative integers|not a Python literal)/, shape);
  }
  const missingKey = npyWithHeader(`{'descr': '<f8', 'shape': (4, 2), }`, f8(new Array(8).fill(1)));
  assert.match(errorOf(() => load('k.npy', missingKey)).message, /expected a dict with exactly the keys descr, fortran_order and shape/);
});

test('npy: the header is read as the Python literal it is: "fortran_order": True in double quotes is Fortran order', () => {
  // 2 × 3, stored column by column: C order would read the rows [1, 4, 2] and [5, 3, 6]
  const data = f8([1, 4, 2, 5, 3, 6]);
  const file = npyWithHeader('{"descr": "<f8", "fortran_order": True, "shape": (2, 3)}', data);
  const ds = load('f.npy', file, {}, { 'f_labels.npy': npy('<i8', [2], [0, 1]) });
  assert.deepEqual(Array.from(ds.X), [1, 2, 3, 4, 5, 6]);
  const noTrailingComma = npyWithHeader("{'descr':'<f8','fortran_order':False,'shape':(2,3)}", data);
  assert.deepEqual(Array.from(load('g.npy', noTrailingComma, {}, { 'g_labels.npy': npy('<i8', [2], [0, 1]) }).X), [1, 4, 2, 5, 3, 6]);
});

test('npy: boolean arrays are booleans (a stored byte 85 is True), as features and as labels', () => {
  const labels = npyWithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }", Uint8Array.from([0, 85, 1, 0]));
  const features = npyWithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (4, 2), }", Uint8Array.from([0, 85, 1, 0, 2, 0, 0, 0]));
  const ds = load('b_X.npy', features, {}, { 'b_y.npy': labels });
  assert.deepEqual(ds.classNames, ['False', 'True']);
  assert.deepEqual(Array.from(ds.y), [0, 1, 1, 0]);
  assert.deepEqual(Array.from(ds.X), [0, 1, 1, 0, 1, 0, 0, 0]);
});

test('LIBSVM: a feature index beyond the feature limit is refused before anything is allocated', () => {
  const e = errorOf(() => load('i.svm', '0 4294967296:1\n1 1:1\n'));
  assert.equal(
    e.message,
    'i.svm, row 1: feature index 4294967296 means more than the limit of 1000000 features; to raise the limit, set datasetGeometry.maxFeatures (CLI: --max-features)',
  );
  assert.match(errorOf(() => load('j.svm', '1 30000000:1\n')).message, /^j\.svm, row 1: feature index 30000000 means more than the limit of 1000000 features/);
  assert.equal(load('k.svm', '1 30:1\n0 2:1\n', { maxFeatures: 30 }).d, 30);
  assert.match(errorOf(() => load('k.svm', '1 30:1\n0 2:1\n', { maxFeatures: 29 })).message, /limit of 29 features/);
});

test('the rows × features matrix is bounded by maxBytes before it is allocated', () => {
  const text = Array.from({ length: 40 }, (_, i) => `${i % 2} 1000:1`).join('\n');
  assert.equal(load('m.svm', text).d, 1000);
  assert.match(
    errorOf(() => load('m.svm', text, { maxBytes: 100_000 })).message,
    /^m\.svm: 40 rows × 1000 features take 160000 bytes as float32, more than the limit of 100000 bytes .*datasetGeometry\.maxBytes \(CLI: --max-bytes\)/,
  );
});

test('gzip bomb: decompression stops at maxBytes with an error naming the limit (not "expected a complete .gz file")', () => {
  const bomb = gzip(new Uint8Array(64 << 20)); // 64 MiB of zeros in ~64 KB
  assert.ok(bomb.length < 100_000);
  const e = errorOf(() => load('bomb.csv.gz', bomb, { maxBytes: 1 << 20 }));
  assert.equal(
    e.message,
    'bomb.csv.gz: the gzip data unpack to more than 1 MiB, the limit (stopped there); to raise the limit, set datasetGeometry.maxBytes (CLI: --max-bytes)',
  );
  const entry = zip({ 'X.npy': npy('<f8', [4096, 2], new Array(8192).fill(0)), 'y.npy': labels4 }, true);
  assert.match(
    errorOf(() => load('z.npz', entry, { maxBytes: 4096 })).message,
    /^z\.npz: zip entry X\.npy unpacks to 64\.\d MiB|^z\.npz: zip entry X\.npy unpacks to 65\d+ bytes/,
  );
});

test('a small .csv.gz of many rows is sampled while reading: the kept rows are exactly the planned ones', () => {
  // 200,000 rows of three classes (about 2 MB of text, 30 KB gzipped), row limit 1,000
  const lines = ['a,b,label'];
  for (let i = 0; i < 200_000; i++) lines.push(`${i % 7},${i % 11},${i % 3 === 0 ? 'x' : i % 3 === 1 ? 'y' : 'z'}`);
  const bytes = gzip(utf8(lines.join('\n')));
  const ds = load('many.csv.gz', bytes, { rowLimit: 1000, seed: 's' });
  assert.equal(ds.N, 1000);
  assert.deepEqual(ds.sampling, { totalRows: 200_000, keptRows: 1000, seed: 's' });
  // brute force: class c's kept rows are its members at the ranks chooseRows planned
  const members: number[][] = [[], [], []];
  for (let i = 0; i < 200_000; i++) members[i % 3].push(i + 2); // line of row i
  const plan = chooseRows(
    members.map((m) => m.length),
    1000,
    's',
  );
  const expected = plan.flatMap((ranks, c) => Array.from(ranks, (r) => members[c][r])).sort((a, b) => a - b);
  assert.deepEqual(Array.from(ds.sourceRows), expected);
  for (let k = 0; k < ds.N; k++) {
    const i = ds.sourceRows[k] - 2;
    assert.deepEqual(Array.from(ds.X.subarray(2 * k, 2 * k + 2)), [i % 7, i % 11]);
    assert.equal(ds.classNames[ds.y[k]], ['x', 'y', 'z'][i % 3]);
  }
});

test('more distinct labels than the row limit is an error naming the row limit (a label column of ids)', () => {
  const text = ['a,label', ...Array.from({ length: 50 }, (_, i) => `${i},id${i}`)].join('\n');
  assert.match(
    errorOf(() => load('ids.csv', text, { rowLimit: 20 })).message,
    /^ids\.csv, row 22: more than 20 distinct labels \(is the label column right\?\).*datasetGeometry\.rowLimit \(CLI: --row-limit\)/,
  );
});

test('labels keep their bytes: invalid UTF-8 does not merge caf\\xE9, caf\\xE8 and cafe', () => {
  const bytes = concat([
    utf8('a,label\n1,caf'),
    Uint8Array.from([0xe9]),
    utf8('\n2,caf'),
    Uint8Array.from([0xe8]),
    utf8('\n3,cafe\n4,"caf'),
    Uint8Array.from([0xe9]),
    utf8('"\n'),
  ]);
  const ds = load('u.csv', bytes);
  assert.deepEqual(ds.classNames, ['caf\\xE8', 'caf\\xE9', 'cafe']);
  assert.deepEqual(Array.from(ds.y), [1, 0, 2, 1]);
  const svm = concat([utf8('caf'), Uint8Array.from([0xe9]), utf8(' 1:1\ncaf'), Uint8Array.from([0xe8]), utf8(' 1:2\n')]);
  assert.deepEqual(load('u.svm', svm).classNames, ['caf\\xE8', 'caf\\xE9']);
});

test('integer labels beyond 2^53 do not merge, in every format that can hold them', () => {
  const a = '9007199254740992',
    b = '9007199254740993';
  assert.deepEqual(load('big.csv', `x,label\n1,${a}\n2,${b}\n3,${a}\n`).classNames, [a, b]);
  assert.deepEqual(load('big.svm', `${b} 1:1\n${a} 1:2\n`).classNames, [a, b]);
  assert.deepEqual(load('big.jsonl', `{"x": 1, "label": ${a}}\n{"x": 2, "label": ${b}}\n`).classNames, [a, b]);
  const int64 = new Uint8Array(BigInt64Array.from([BigInt(a), BigInt(b)]).buffer);
  const y = npyWithHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", int64);
  assert.deepEqual(load('big_X.npy', npy('<f8', [2, 1], [1, 2]), {}, { 'big_y.npy': y }).classNames, [a, b]);
  // the same value written differently is one class
  assert.deepEqual(load('same.csv', 'x,label\n1,1\n2,1.0\n3,+1\n4,10e-1\n5,2\n').classNames, ['1', '2']);
});

test('JSON: a null is a missing value in every row, the first included (it never drops a feature)', () => {
  const first = '[\n{"a": null, "b": 1, "label": 0},\n{"a": 2, "b": 3, "label": 1}\n]';
  assert.equal(errorOf(() => load('n.json', first)).message, 'n.json, row 2, column a: missing value (null): expected a number');
  const later = '[\n{"a": 1, "b": 1, "label": 0},\n{"a": null, "b": 3, "label": 1}\n]';
  assert.equal(errorOf(() => load('n.json', later)).message, 'n.json, row 3, column a: missing value (null): expected a number');
  assert.equal(
    errorOf(() => load('n.jsonl', '{"a": null, "b": 1, "label": 0}\n{"a": 2, "b": 3, "label": 1}\n')).message,
    'n.jsonl, row 1, column a: missing value (null): expected a number',
  );
});

test('JSON syntax errors name the row: the line of the error, with its column', () => {
  const cases: [string, RegExp][] = [
    [
      '[\n{"a": 1, "label": 0},\n{"a": 2 "label": 1}\n]',
      /^e\.json, row 3: invalid JSON at line 3, column 9 \(expected , or \} after a property, found "\\""\)$/,
    ],
    ['[\n{"a": 1, "label": 0},\n{"a": tru, "label": 1}\n]', /^e\.json, row 3: invalid JSON at line 3, column 7 /],
    ['[\n{"a": 1, "label": 0},\n{"a": 1, "label": 1}', /^e\.json, row 3: invalid JSON at line 3, column \d+ \(unexpected end: an array never closes\)$/],
    ['[\n{"a": 1, "label": 0},\n{"a": 01, "label": 1}\n]', /^e\.json, row 3: invalid JSON at line 3, column 7 \(invalid number\)$/],
    ['[\n{"a": 1, "label": "x\ny"}]', /^e\.json, row 2: invalid JSON at line 2, column 21 /],
    ['[1, 0],\n[2, 1]', /^e\.json, row 1: invalid JSON at line 1, column 7 \(unexpected text after the JSON value\)$/],
  ];
  for (const [text, expected] of cases) assert.match(errorOf(() => load('e.json', text)).message, expected, text);
  assert.match(errorOf(() => load('e.jsonl', '{"a": 1, "label": 0}\n{"a": 2,, "label": 1}\n')).message, /^e\.jsonl, row 2: invalid JSON at column 9 /);
});

test('IDX: two 1-D partner files are refused (the labels are never taken as the features)', () => {
  const labels = idx(0x08, [4], [0, 1, 1, 0]);
  const e = errorOf(() => load('train-labels-idx1-ubyte', labels, {}, { 'train-images-idx3-ubyte': idx(0x08, [4], [5, 6, 7, 8]) }));
  assert.equal(
    e.message,
    'train-images-idx3-ubyte: expected images (idx3, N × rows × columns) beside the labels train-labels-idx1-ubyte, found a 1-D array: both files hold labels',
  );
});

test("numeric header 0,1,2 (pandas' default names) is read as column names, and the report's facts say so", () => {
  const ds = load('p.csv', '0,1,2\n0.5,1.5,a\n2.5,3.5,b\n');
  assert.equal(ds.N, 2);
  assert.deepEqual(ds.classNames, ['a', 'b']);
  assert.deepEqual(ds.featureNames, ['0', '1']);
  assert.equal(ds.header, "the first row 0, 1, 2: pandas' default column names, read as names, not data");
  const data = load('q.csv', '0,1,5\n0.5,1.5,3\n2.5,3.5,5\n');
  assert.equal(data.N, 3);
  assert.equal(data.header, 'none: line 1 is data');
  assert.equal(load('r.csv', 'a,b,label\n1,2,x\n3,4,y\n').header, 'the first row (column names)');
});

test('Parquet bomb: a column chunk that unpacks beyond maxBytes is refused before it is decompressed', () => {
  // 200,000 rows counting up: zstd packs the column well below the 1 MiB limit, and it unpacks to more
  const n = 200_000;
  const bytes = parquet(
    tableFromArrays({ x: Float64Array.from({ length: n }, (_, i) => i), label: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 2)) }),
    'ZSTD',
  );
  assert.ok(bytes.length < 1 << 20, `${bytes.length} bytes`);
  const e = errorOf(() => load('bomb.parquet', bytes, { maxBytes: 1 << 20, rowLimit: 10 }));
  assert.match(
    e.message,
    /^bomb\.parquet: column x unpacks to [\d.]+ (MiB|bytes) in the row group of rows 0–199999, more than the limit; to raise the limit, set datasetGeometry\.maxBytes/,
  );
});

test('Parquet: a run-length run longer than its page is refused (hyparquet would grow an array until V8 aborts the process)', () => {
  const n = 64;
  const bytes = parquet(
    tableFromArrays({ x: Float64Array.from({ length: n }, (_, i) => i), label: Array.from({ length: n }, (_, i) => (i % 2 ? 'b' : 'a')) }),
    'UNCOMPRESSED',
  );
  // the label's dictionary indices: bit width 1, one bit-packed group of 64 values a b a b … (0xAA bytes)
  const at = bytes.findIndex((_, i) => bytes[i] === 1 && bytes[i + 1] === 0x11 && bytes.subarray(i + 2, i + 10).every((b) => b === 0xaa));
  assert.ok(at > 0);
  bytes.set([0x80, 0x80, 0x80, 0x80, 0x02, 0x01], at + 1); // instead: one run of 2^28 copies of index 1
  assert.equal(
    errorOf(() => load('rle.parquet', bytes)).message,
    'rle.parquet, column label: damaged uncompressed data in the row group of rows 0–63 (a run of 268435456 values in a page of 64)',
  );
});
