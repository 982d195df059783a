// HDF5 files written by the HDF5 C library (h5wasm): the committed fixtures (test/fixtures/make-hdf5.ts)
// and files written here: float32, float64 and integer datasets, image stacks, text labels, gzip
// chunks, groups, the label dataset asked for, a truncated file and a wrong signature.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analysis';
import { LabelColumnError } from '../../../src/core/data/dataset';
import { DatasetError, detectFormat, prepareLoad } from '../../../src/core/data/index';
import { defaultSettings } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { comparableReport, errorOf, hdf5, load } from './writers';

const irisCsv = load('iris.csv', readFixture('iris.csv'));
const digitsCsv = load('digits.csv', readFixture('digits.csv'));

before(() => prepareLoad({ name: 'any.h5', bytes: new Uint8Array(0) }));

test('hdf5: iris.h5 (/X float64, /y int64) reads exactly as iris.csv; records are 0-based', () => {
  const ds = load('iris.h5', readFixture('iris.h5'));
  assert.equal(ds.format, 'hdf5');
  assert.deepEqual(Array.from(ds.X), Array.from(irisCsv.X));
  assert.deepEqual(Array.from(ds.y), Array.from(irisCsv.y));
  assert.deepEqual(ds.classNames, irisCsv.classNames);
  assert.equal(ds.labelColumn, 'y');
  assert.deepEqual(ds.featureNames, ['0', '1', '2', '3']);
  assert.deepEqual(
    Array.from(ds.sourceRows),
    Array.from({ length: 150 }, (_, i) => i),
  );
  assert.equal(ds.pixel, false);
});

test('hdf5: an image stack (/train/images uint8 N × 8 × 8, gzip chunks) is flattened row-major, with text labels, and is image data', () => {
  const ds = load('digits-images.h5', readFixture('digits-images.h5'));
  assert.equal(ds.N, 300);
  assert.equal(ds.d, 64);
  assert.equal(ds.pixel, true);
  assert.equal(ds.labelColumn, 'train/labels');
  assert.deepEqual(Array.from(ds.X), Array.from(digitsCsv.X.subarray(0, 300 * 64)));
  assert.deepEqual(
    ds.classNames,
    Array.from({ length: 10 }, (_, k) => `digit ${k}`),
  );
  assert.deepEqual(Array.from(ds.y), Array.from(digitsCsv.y.subarray(0, 300)));
});

test('hdf5: float32, int8…int64 and uint features read exactly; 64-bit labels keep their exact text', async () => {
  const values = [0, 1, -2, 3, 4, -5, 6, 7];
  for (const [dtype, data] of [
    ['<f', Float32Array.from(values, (v) => v + 0.25)],
    ['<d', Float64Array.from(values, (v) => v / 3)],
    ['b', Int8Array.from(values)],
    ['<h', Int16Array.from(values)],
    ['<i', Int32Array.from(values)],
    ['<q', BigInt64Array.from(values.map(BigInt))],
    ['B', Uint8Array.from(values.map(Math.abs))],
  ] as const) {
    const bytes = await hdf5([
      { path: 'data', data, shape: [4, 2], dtype },
      { path: 'labels', data: BigInt64Array.from([9007199254740993n, 1n, 9007199254740993n, 1n]) },
    ]);
    const ds = load('t.h5', bytes);
    const expected = Array.from(data as ArrayLike<number | bigint>, (v) => Math.fround(Number(v)));
    assert.deepEqual(Array.from(ds.X), expected, dtype);
    assert.deepEqual(ds.classNames, ['1', '9007199254740993'], dtype);
    assert.equal(ds.labelColumn, 'labels');
  }
});

test('hdf5: with no pair of usual names the label dataset is asked for, offering the datasets with one value per row; the answer reads it', () => {
  const bytes = readFixture('iris-unnamed.h5');
  const e = errorOf(() => load('iris-unnamed.h5', bytes));
  assert.ok(e instanceof LabelColumnError);
  assert.deepEqual(e.candidates, ['species', 'species_id']);
  for (const label of ['species', '/species_id']) {
    const ds = load('iris-unnamed.h5', bytes, { label });
    assert.deepEqual(Array.from(ds.X), Array.from(irisCsv.X), label);
    assert.deepEqual(Array.from(ds.y), Array.from(irisCsv.y), label);
    assert.equal(ds.labelColumn, label.replace(/^\//, ''));
  }
  assert.deepEqual(load('iris-unnamed.h5', bytes, { label: 'species' }).classNames, ['setosa', 'versicolor', 'virginica']);
  const missing = errorOf(() => load('iris-unnamed.h5', bytes, { label: 'target' }));
  assert.ok(missing instanceof LabelColumnError);
  assert.match(missing.message, /no dataset "target"; the datasets are measurements, species, species_id/);
});

test("hdf5: the root pair comes before a group's, train before other groups; a number label is a column of the features", async () => {
  const X = (k: number) => ({ data: Float64Array.from([k, 1, k, 2, k, 3, k, 4]), shape: [4, 2] });
  const y = { data: Int32Array.from([0, 1, 0, 1]) };
  const grouped = await hdf5([
    { path: 'a/X', ...X(1) },
    { path: 'a/y', ...y },
    { path: 'train/X', ...X(2) },
    { path: 'train/y', ...y },
  ]);
  assert.equal(load('g.h5', grouped).labelColumn, 'train/y');
  assert.equal(load('g.h5', grouped).X[0], 2);
  const root = await hdf5([
    { path: 'train/X', ...X(2) },
    { path: 'train/y', ...y },
    { path: 'X', ...X(3) },
    { path: 'y', ...y },
  ]);
  assert.equal(load('r.h5', root).X[0], 3);
  const byColumn = load('r.h5', root, { label: 1 });
  assert.equal(byColumn.d, 1);
  assert.deepEqual(byColumn.classNames, ['1', '2', '3', '4']);
});

test('hdf5: the row limit keeps the same stratified sample as the CSV', () => {
  for (const [rowLimit, seed] of [
    [30, '1'],
    [7, 'other'],
  ] as const) {
    const h5 = load('iris.h5', readFixture('iris.h5'), { rowLimit, seed });
    const csv = load('iris.csv', readFixture('iris.csv'), { rowLimit, seed });
    assert.deepEqual(h5.sampling, csv.sampling);
    assert.deepEqual(
      Array.from(h5.sourceRows, (r) => r + 2),
      Array.from(csv.sourceRows),
    );
    assert.deepEqual(Array.from(h5.X), Array.from(csv.X));
  }
});

test('hdf5 damage: a wrong signature, every truncation and labels of another length are errors naming the file', async () => {
  const bytes = readFixture('iris.h5');
  assert.equal(detectFormat('iris.bin', bytes), 'hdf5');
  const wrong = bytes.slice();
  wrong[1] = 0x58;
  assert.match(errorOf(() => load('iris.h5', wrong)).message, /^iris\.h5: not an HDF5 file: expected the signature/);
  for (let cut = 8; cut < bytes.length; cut += 97) {
    const e = errorOf(() => load('iris.h5', bytes.subarray(0, cut)));
    assert.ok(e instanceof DatasetError && e.file === 'iris.h5', `cut at ${cut}`);
    // HDF5's own reason is quoted: "truncated file: eof = …" once the superblock is whole
    assert.match(e.detail, cut < 96 ? /^not a readable HDF5 file \(.+\)$/ : /^not a readable HDF5 file \(truncated file: eof = \d+/, `cut at ${cut}`);
  }
  const short = await hdf5([
    { path: 'X', data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2] },
    { path: 'y', data: Int32Array.from([0, 1]) },
  ]);
  assert.match(errorOf(() => load('s.h5', short)).message, /^s\.h5:y: expected 3 labels \(one per row of s\.h5:X\), found 2/);
  const nan = await hdf5([
    { path: 'X', data: Float64Array.from([1, NaN, 3, 4]), shape: [2, 2] },
    { path: 'y', data: Int32Array.from([0, 1]) },
  ]);
  assert.match(errorOf(() => load('n.h5', nan)).message, /^n\.h5:X, row 0, column 1: expected a finite number, found NaN/);
});

test('an HDF5 file and the CSV of the same data give the same report (analyze JSON), but for the file, format, row numbering and timings', () => {
  const settings = { ...defaultSettings, draws: 20 };
  const csv = comparableReport(analyze({ name: 'iris.csv', bytes: readFixture('iris.csv') }, settings, { inflate: nodeInflate }), 0);
  const h5 = analyze({ name: 'iris.h5', bytes: readFixture('iris.h5') }, settings, { inflate: nodeInflate });
  assert.equal(h5.dataset.format, 'hdf5');
  // HDF5 datasets name no columns: the label is y, the widest feature its index
  assert.equal(h5.dataset.labelColumn, 'y');
  const scales = h5.dataset.featureScales!;
  assert.equal(scales.widest, '2');
  const named = { ...h5.dataset, labelColumn: 'label', featureScales: { ...scales, widest: 'petal_length' } };
  assert.equal(comparableReport({ ...h5, dataset: named }, 2), csv);
});
