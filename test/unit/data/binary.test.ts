import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, gzip, idx, load, npy, zip } from './writers';
import { createRng } from '../../../src/core/random';

// 4 points × 3 features; labels 0 1 1 0
const X = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const y = [0, 1, 1, 0];
const transpose = (v: number[], n: number, d: number) => Array.from({ length: n * d }, (_, k) => v[(k % n) * d + Math.floor(k / n)]);

test('npy: every feature dtype and header version reads the same values; labels from the sibling y.npy', () => {
  const labels = npy('<i8', [4], y);
  for (const descr of ['<f4', '<f8', '>f8', '|u1', '|i1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8']) {
    for (const version of [1, 2, 3] as const) {
      const ds = load('data/X.npy', npy(descr, [4, 3], X, { version }), {}, { 'data/y.npy': labels });
      assert.equal(ds.format, 'npy');
      assert.deepEqual(Array.from(ds.X), X, `${descr} v${version}`);
      assert.deepEqual(Array.from(ds.y), y);
      assert.equal(ds.labelColumn, 'y.npy');
      assert.deepEqual(Array.from(ds.sourceRows), [0, 1, 2, 3]);
    }
  }
});

test('npy: Fortran order is transposed back; boolean labels; images N×h×w flatten to rows', () => {
  const fortran = load('f_X.npy', npy('<f4', [4, 3], transpose(X, 4, 3), { fortran: true }), {}, { 'f_y.npy': npy('|b1', [4], y) });
  assert.deepEqual(Array.from(fortran.X), X);
  assert.deepEqual(fortran.classNames, ['False', 'True']);
  const images = load('img.npy', npy('|u1', [4, 1, 3], X), {}, { 'img_labels.npy': npy('<f8', [4], [2.5, 7, 7, 2.5]) });
  assert.equal(images.d, 3);
  assert.deepEqual(images.classNames, ['2.5', '7']);
});

test('npy: label taken from a chosen column when there is no sibling', () => {
  const ds = load('m.npy', npy('<f8', [4, 3], X), { label: 2 });
  assert.equal(ds.d, 2);
  assert.deepEqual(Array.from(ds.X), [1, 2, 4, 5, 7, 8, 10, 11]);
  assert.deepEqual(ds.classNames, ['3', '6', '9', '12']);
  assert.equal(ds.labelColumn, '2');
});

test('npy errors: no labels, mismatched lengths, truncated data, unsupported dtype, NaN values', () => {
  assert.match(errorOf(() => load('m.npy', npy('<f8', [4, 3], X))).message, /^m\.npy: no labels: expected a labels file beside it/);
  assert.equal(
    errorOf(() => load('y.npy', npy('<i8', [4], y))).message,
    'y.npy: a 1-D array of 4 values (labels?): expected a 2-D feature array; open the features file (e.g. X.npy) instead',
  );
  assert.equal(
    errorOf(() => load('X.npy', npy('<f8', [4, 3], X), {}, { 'y.npy': npy('<i8', [3], [0, 1, 0]) })).message,
    'y.npy: expected 4 labels (one per row of X.npy), found 3',
  );
  const full = npy('<f4', [4, 3], X);
  assert.equal(
    errorOf(() => load('X.npy', full.subarray(0, full.length - 5), {}, { 'y.npy': npy('<i8', [4], y) })).message,
    `X.npy: truncated: expected ${full.length} bytes (header + 4 × 3 values of <f4), found ${full.length - 5}`,
  );
  const complex = npy('<f8', [2], [0, 0]);
  const descrAt = new TextDecoder().decode(complex).indexOf('<f8');
  complex.set(new TextEncoder().encode('<c8'), descrAt); // same size, but a complex type
  assert.match(errorOf(() => load('X.npy', complex, { label: 0 })).message, /unsupported dtype <c8/);
  const withNaN = X.slice();
  withNaN[7] = NaN;
  const e = errorOf(() => load('X.npy', npy('<f8', [4, 3], withNaN), {}, { 'y.npy': npy('<i8', [4], y) }));
  assert.equal(e.message, 'X.npy, row 2, column 1: expected a finite number, found NaN');
});

test('npz: stored and deflated archives, default array pairs and arrays chosen by name', () => {
  for (const deflate of [false, true]) {
    const ds = load('d.npz', zip({ 'X.npy': npy('<f4', [4, 3], X), 'y.npy': npy('<i8', [4], y) }, deflate));
    assert.equal(ds.format, 'npz');
    assert.deepEqual(Array.from(ds.X), X);
    assert.deepEqual(Array.from(ds.y), y);
    assert.equal(ds.file, 'd.npz');
    assert.equal(ds.labelColumn, 'y');
  }
  const dataLabels = load('d.npz', zip({ 'data.npy': npy('<f8', [4, 3], X), 'labels.npy': npy('|u1', [4], [3, 3, 4, 4]) }, true));
  assert.deepEqual(dataLabels.classNames, ['3', '4']);
  const chosen = load('d.npz', zip({ 'train.npy': npy('<f8', [4, 3], X), 'cls.npy': npy('|u1', [4], y), 'other.npy': npy('|u1', [1], [0]) }, false), {
    arrays: { x: 'train', y: 'cls' },
  });
  assert.deepEqual(Array.from(chosen.y), y);
  const column = load('d.npz', zip({ 'table.npy': npy('<f8', [4, 3], X) }, true), { label: 0 });
  assert.deepEqual(column.classNames, ['1', '4', '7', '10']);
});

test('npz errors: unknown array names, missing pairs, truncated archive', () => {
  const archive = zip({ 'a.npy': npy('<f8', [4, 3], X), 'b.npy': npy('<i8', [4], y) }, true);
  assert.equal(
    errorOf(() => load('d.npz', archive)).message,
    'd.npz: expected feature and label arrays named X and y (or data/labels), found a, b: choose them',
  );
  assert.equal(errorOf(() => load('d.npz', archive, { arrays: { x: 'a', y: 'c' } })).message, 'd.npz: no array "c": the arrays are a, b');
  assert.deepEqual(Array.from(load('d.npz', archive, { arrays: { x: 'a', y: 'b' } }).y), y);
  assert.match(errorOf(() => load('d.npz', archive.subarray(0, archive.length - 30))).message, /d\.npz: not a complete zip archive/);
});

const images = Array.from({ length: 5 * 2 * 2 }, (_, k) => (k * 37) % 256);
const labels5 = [3, 1, 3, 0, 1];

test('IDX: images and labels paired by name, either file opened, .gz or not; ubyte images are pixels', () => {
  const imageFile = idx(0x08, [5, 2, 2], images);
  const labelFile = idx(0x08, [5], labels5);
  const a = load('mnist/train-images-idx3-ubyte', imageFile, {}, { 'mnist/train-labels-idx1-ubyte': labelFile });
  assert.equal(a.format, 'idx');
  assert.equal(a.N, 5);
  assert.equal(a.d, 4);
  assert.deepEqual(Array.from(a.X), images);
  assert.deepEqual(a.classNames, ['0', '1', '3']);
  assert.deepEqual(
    Array.from(a.y, (c) => a.classNames[c]),
    labels5.map(String),
  );
  assert.equal(a.pixel, true);
  assert.equal(a.labelColumn, 'train-labels-idx1-ubyte');
  const b = load('t10k-labels-idx1-ubyte.gz', gzip(labelFile), {}, { 't10k-images-idx3-ubyte.gz': gzip(imageFile) });
  assert.deepEqual(Array.from(b.X), images);
  assert.deepEqual(Array.from(b.y), Array.from(a.y));
  const mixed = load('train-images-idx3-ubyte.gz', gzip(imageFile), {}, { 'train-labels-idx1-ubyte': labelFile });
  assert.deepEqual(Array.from(mixed.y), Array.from(a.y));
  const floats = load(
    'x-images-idx3-ubyte',
    idx(
      0x0d,
      [5, 2, 2],
      images.map((v) => v / 2),
    ),
    {},
    { 'x-labels-idx1-ubyte': labelFile },
  );
  assert.deepEqual(
    Array.from(floats.X),
    images.map((v) => v / 2),
  );
  assert.equal(floats.pixel, false);
});

test('IDX ubyte images (copied row by row as blocks) equal the same values as float images, whole and sampled by the row limit', () => {
  const rng = createRng('idx blocks');
  const [N, d] = [40, 12];
  const values = Array.from({ length: N * d }, () => Math.floor(rng.next() * 256));
  const labels = Array.from({ length: N }, () => Math.floor(rng.next() * 3));
  const siblings = { 'a-labels-idx1-ubyte': idx(0x08, [N], labels) };
  for (const rowLimit of [undefined, N, 7, 3]) {
    const bytes = load('a-images-idx3-ubyte', idx(0x08, [N, 3, 4], values), { rowLimit }, siblings);
    const floats = load('a-images-idx3-ubyte', idx(0x0d, [N, 3, 4], values), { rowLimit }, siblings);
    assert.deepEqual(Array.from(bytes.X), Array.from(floats.X), `rowLimit ${rowLimit}`);
    assert.deepEqual(Array.from(bytes.sourceRows), Array.from(floats.sourceRows));
    assert.deepEqual(Array.from(bytes.y), Array.from(floats.y));
    assert.deepEqual(
      Array.from(bytes.X),
      Array.from(bytes.sourceRows).flatMap((i) => values.slice(i * d, (i + 1) * d)),
    );
  }
});

test('IDX errors: missing partner, truncated data with the expected size, mismatched counts', () => {
  const imageFile = idx(0x08, [5, 2, 2], images);
  assert.match(
    errorOf(() => load('train-images-idx3-ubyte', imageFile)).message,
    /train-images-idx3-ubyte: IDX images need their partner file: expected train-labels-idx1-ubyte or train-labels-idx1-ubyte\.gz beside it/,
  );
  const e = errorOf(() => load('train-images-idx3-ubyte', imageFile.subarray(0, 20), {}, { 'train-labels-idx1-ubyte': idx(0x08, [5], labels5) }));
  assert.equal(e.message, 'train-images-idx3-ubyte: truncated: expected 36 bytes (header + 5 × 2 × 2 values of type unsigned byte), found 20');
  assert.match(
    errorOf(() => load('train-images-idx3-ubyte', imageFile, {}, { 'train-labels-idx1-ubyte': idx(0x08, [4], [0, 1, 0, 1]) })).message,
    /train-labels-idx1-ubyte: expected 5 labels/,
  );
  assert.match(
    errorOf(() => load('train-images-idx3-ubyte.gz', gzip(imageFile).subarray(0, 10))).message,
    /train-images-idx3-ubyte\.gz: damaged gzip data \(unexpected end of file\)/,
  );
});

test("binary readers honour a view that does not start at its buffer's first byte (odd offsets too)", () => {
  const shifted = (bytes: Uint8Array) => {
    const host = new Uint8Array(bytes.length + 7);
    host.set(bytes, 7);
    return host.subarray(7);
  };
  const npyDs = load('X.npy', shifted(npy('<f8', [4, 3], X)), {}, { 'y.npy': shifted(npy('<i8', [4], y)) });
  assert.deepEqual(Array.from(npyDs.X), X);
  const npzDs = load('d.npz', shifted(zip({ 'X.npy': npy('<f4', [4, 3], X), 'y.npy': npy('<i8', [4], y) }, false)));
  assert.deepEqual(Array.from(npzDs.X), X);
  const idxDs = load('a-images-idx3-ubyte', shifted(idx(0x0d, [5, 2, 2], images)), {}, { 'a-labels-idx1-ubyte': shifted(idx(0x08, [5], labels5)) });
  assert.deepEqual(Array.from(idxDs.X), images);
});
