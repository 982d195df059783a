import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/env';
import { detectFormat, loadDataset, siblingNames } from '../../../src/core/data/index';
import { classQuotas } from '../../../src/core/data/sample';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { gzip, idx, load, npy, utf8, zip } from './writers';

test('detectFormat: by extension first (through .gz), then by content', () => {
  const none = new Uint8Array();
  const byName: [string, string][] = [
    ['a.csv', 'csv'],
    ['a.TSV', 'tsv'],
    ['a.json', 'json'],
    ['a.jsonl', 'jsonl'],
    ['a.ndjson', 'jsonl'],
    ['x/a.npy', 'npy'],
    ['a.npz', 'npz'],
    ['train-images-idx3-ubyte.gz', 'idx'],
    ['t10k-labels-idx1-ubyte', 'idx'],
    ['a.svm', 'libsvm'],
    ['a.libsvm', 'libsvm'],
    ['a.csv.gz', 'csv'],
  ];
  for (const [name, format] of byName) assert.equal(detectFormat(name, none), format, name);
  const byContent: [Uint8Array, string][] = [
    [npy('<f4', [1], [1]), 'npy'],
    [zip({ 'X.npy': npy('<f4', [1], [1]) }, false), 'npz'],
    [gzip(utf8('a,b\n')), 'gzip'],
    [idx(0x08, [2, 2], [1, 2, 3, 4]), 'idx'],
    [utf8(' [{"a": 1}]'), 'json'],
    [utf8('{"a": 1}\n{"a": 2}\n'), 'jsonl'],
    [utf8('{\n "X": []\n}'), 'json'],
    [utf8('1 1:0.5 3:1\n'), 'libsvm'],
    [utf8('a\tb\tlabel\n1\t2\t0\n'), 'tsv'],
    [utf8('a;b;label\n1;2;0\n'), 'csv'],
    [new Uint8Array([0, 1, 2, 3, 250, 4, 0]), 'unknown'],
  ];
  for (const [bytes, format] of byContent) assert.equal(detectFormat('data', bytes), format);
});

test('an unrecognised format is a DatasetError that lists the supported ones', () => {
  assert.throws(
    () => load('blob.bin', new Uint8Array([0, 1, 2, 3, 250, 4, 0])),
    /blob\.bin: unrecognised format: expected one of csv, tsv, json, jsonl, npy, npz, idx, libsvm/,
  );
});

test('siblingNames: IDX partners both ways with .gz variants; npy label files by the documented rule', () => {
  assert.deepEqual(siblingNames('/d/train-images-idx3-ubyte.gz'), ['/d/train-labels-idx1-ubyte.gz', '/d/train-labels-idx1-ubyte']);
  assert.deepEqual(siblingNames('t10k-labels.idx1-ubyte'), ['t10k-images.idx3-ubyte', 't10k-images.idx3-ubyte.gz']);
  assert.deepEqual(siblingNames('d/X.npy'), ['d/y.npy', 'd/Y.npy']);
  assert.deepEqual(siblingNames('foo_X.npy'), ['foo_y.npy', 'foo_Y.npy']);
  assert.deepEqual(siblingNames('C:\\data\\train-x.npy'), ['C:\\data\\train-y.npy', 'C:\\data\\train-Y.npy']);
  assert.deepEqual(siblingNames('mnist_features.npy').slice(0, 2), ['mnist_labels.npy', 'mnist_label.npy']);
  assert.deepEqual(siblingNames('foo.npy'), [
    'foo_labels.npy',
    'foo_label.npy',
    'foo_y.npy',
    'foo_targets.npy',
    'foo_target.npy',
    'foo-labels.npy',
    'foo-y.npy',
  ]);
  assert.deepEqual(siblingNames('matrix.npy')[0], 'matrix_labels.npy');
  assert.deepEqual(siblingNames('a.csv'), []);
});

test('siblings may be passed under their base name; the first candidate present wins', () => {
  const X = npy('<f4', [2, 1], [1, 2]);
  const ds = load('/abs/dir/foo.npy', X, {}, { 'foo_y.npy': npy('|u1', [2], [0, 1]), '/abs/dir/foo_labels.npy': npy('|u1', [2], [5, 6]) });
  assert.deepEqual(ds.classNames, ['5', '6']);
  assert.equal(ds.labelColumn, 'foo_labels.npy');
});

test('a gzipped CSV loads like the plain one', () => {
  const plain = readFixture('iris.csv');
  const a = load('iris.csv', plain);
  const b = load('iris.csv.gz', gzip(plain));
  assert.deepEqual(b.X, a.X);
  assert.deepEqual(b.y, a.y);
  assert.equal(b.file, 'iris.csv.gz');
});

/** A header and `blocks` copies of the same 1000 rows (cheap to build, and the parser does all the work). */
function bigCsv(blocks: number): Uint8Array {
  const head = utf8('a,b,c,label\n');
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) lines.push(`${i % 100}.${i % 7},${i % 97},${-i},${i % 3}\n`);
  const block = utf8(lines.join(''));
  const out = new Uint8Array(head.length + blocks * block.length);
  out.set(head);
  for (let k = 0; k < blocks; k++) out.set(block, head.length + k * block.length);
  return out;
}

test('progress is reported every few MB and ends at 1; a cancel during parsing stops it', () => {
  const bytes = bigCsv(600); // about 10 MB
  const seen: number[] = [];
  const ds = loadDataset({ name: 'big.csv', bytes }, {}, { inflate: nodeInflate, progress: (stage, f) => (assert.equal(stage, 'parse'), seen.push(f)) });
  assert.equal(ds.N, 600_000);
  assert.ok(seen.length >= 3, `${seen.length} progress reports`);
  assert.deepEqual(
    seen,
    [...seen].sort((x, y) => x - y),
  );
  assert.equal(seen.at(-1), 1);
  const token = { cancelled: false };
  assert.throws(
    () => loadDataset({ name: 'big.csv', bytes }, {}, { inflate: nodeInflate, cancel: token, progress: () => (token.cancelled = true) }),
    CancelledError,
  );
});

test('row limit: stratified, each class within ±1 of its share, original order, rows traceable, deterministic by seed', () => {
  const full = load('digits.csv', readFixture('digits.csv'));
  const limit = 500;
  const a = load('digits.csv', readFixture('digits.csv'), { rowLimit: limit, seed: 's1' });
  assert.equal(a.N, limit);
  assert.deepEqual(a.sampling, { totalRows: 1797, keptRows: limit, seed: 's1' });
  for (let c = 0; c < 10; c++) {
    const share = (limit * full.y.filter((v) => v === c).length) / full.N;
    const kept = a.y.filter((v) => v === c).length;
    assert.ok(Math.abs(kept - share) <= 1, `class ${c}: kept ${kept}, share ${share}`);
  }
  for (let i = 1; i < a.N; i++) assert.ok(a.sourceRows[i] > a.sourceRows[i - 1]);
  for (let i = 0; i < a.N; i++) {
    const original = a.sourceRows[i] - 2; // line 2 is the first data row
    assert.deepEqual(a.X.subarray(i * 64, (i + 1) * 64), full.X.subarray(original * 64, (original + 1) * 64));
    assert.equal(a.y[i], full.y[original]);
  }
  const again = load('digits.csv', readFixture('digits.csv'), { rowLimit: limit, seed: 's1' });
  assert.deepEqual(again.sourceRows, a.sourceRows);
  const other = load('digits.csv', readFixture('digits.csv'), { rowLimit: limit, seed: 's2' });
  assert.notDeepEqual(other.sourceRows, a.sourceRows);
  const under = load('iris.csv', readFixture('iris.csv'), { rowLimit: 150 });
  assert.equal(under.N, 150);
  assert.equal(under.sampling, undefined);
  assert.throws(() => load('iris.csv', readFixture('iris.csv'), { rowLimit: 0 }), /iris\.csv: row limit must be a positive integer, found 0/);
});

test('row limit: every row of a class is equally likely to be kept (fixed seeds, binomial tolerance)', () => {
  const bytes = readFixture('two-moons.csv');
  const seeds = 200;
  const hits = new Int32Array(1002);
  for (let s = 0; s < seeds; s++) for (const row of load('two-moons.csv', bytes, { rowLimit: 100, seed: `u${s}` }).sourceRows) hits[row]++;
  // Each row is kept with probability 50/500 = 0.1: hits ~ Binomial(200, 0.1), mean 20, sd 4.24.
  const counts = Array.from(hits.subarray(2));
  assert.ok(Math.max(...counts) <= 40 && Math.min(...counts) >= 2, `hits range ${Math.min(...counts)}..${Math.max(...counts)}`);
  const firstHalf = counts.slice(0, 500).reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(firstHalf - 10_000) <= 300, `first half kept ${firstHalf} times, expected 10000 ± 300`);
});

test('classQuotas: proportional by largest remainder, at least one per class, never above a class size', () => {
  assert.deepEqual(classQuotas([50, 50, 50], 100), [34, 33, 33]);
  assert.deepEqual(classQuotas([1000, 1], 10), [9, 1]);
  assert.deepEqual(classQuotas([1, 1, 1, 1], 2), [1, 1, 1, 1]);
  assert.deepEqual(classQuotas([3, 97], 50), [2, 48]);
});
