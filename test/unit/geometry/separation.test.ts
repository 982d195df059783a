import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestOppositeAll, separation } from '../../../src/core/geometry/separation';
import { identicalGroups, sanityCheck } from '../../../src/core/geometry/sanity';
import { createRng } from '../../../src/core/random';
import type { Dataset } from '../../../src/core/data/dataset';
import { readFixture, wasmKernels } from '../helpers';
import { useKernels } from '../../../src/core/kernels/backend';
import { serial } from '../../../src/core/parallel';

/** every point's nearest opposite point by the definition: float64 sums in ascending k, ties to the lower index */
function bruteNearest(X: Float32Array, N: number, d: number, y: Int32Array) {
  const squared = new Float64Array(N).fill(Infinity);
  const neighbor = new Int32Array(N).fill(-1);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      if (y[i] === y[j]) continue;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = X[i * d + k] - X[j * d + k];
        s += t * t;
      }
      if (s < squared[i]) {
        squared[i] = s;
        neighbor[i] = j;
      }
    }
  return { distance: squared.map(Math.sqrt), neighbor };
}

function randomProblem(seed: string, N: number, d: number, classes: number, grid = 0) {
  const rng = createRng(seed);
  const X = new Float32Array(N * d);
  // grid > 0 puts coordinates on a coarse lattice, so exact ties and duplicates occur
  for (let k = 0; k < N * d; k++) X[k] = grid ? Math.round(rng.normal() * grid) / grid : rng.normal();
  const y = Int32Array.from({ length: N }, () => rng.int(classes));
  y[0] = 0;
  y[1] = 1;
  return { X, y };
}

/** two-moons.csv (x0, x1, label), parsed here so this test stands alone */
function twoMoons() {
  const lines = new TextDecoder().decode(readFixture('two-moons.csv')).trim().split('\n').slice(1);
  const X = new Float32Array(lines.length * 2);
  const y = new Int32Array(lines.length);
  lines.forEach((l, i) => {
    const [a, b, c] = l.split(',').map(Number);
    X[2 * i] = a;
    X[2 * i + 1] = b;
    y[i] = c;
  });
  return { X, y, N: lines.length };
}

test('nearest opposite-class distance equals brute force on random data (many shapes, ties)', () => {
  for (const [N, d, classes, grid] of [
    [60, 2, 2, 0],
    [80, 5, 3, 0],
    [50, 30, 2, 0],
    [70, 3, 4, 2],
    [40, 1, 2, 1],
  ]) {
    for (const seed of ['a', 'b', 'c']) {
      const { X, y } = randomProblem(`${seed}${N}${d}`, N, d, classes, grid);
      const fast = nearestOppositeAll({ X, N, d, y });
      const slow = bruteNearest(X, N, d, y);
      assert.deepEqual(fast.distance, slow.distance, `N=${N}, d=${d}`);
      assert.deepEqual(fast.neighbor, slow.neighbor, `N=${N}, d=${d}`);
    }
  }
});

test('with the sketch and the seeds shared by every block (WebAssembly): brute force, 1 and 3 threads, ties and duplicates', () => {
  // 4,400 points at d = 64 pass the pair count from which the sketch is built (SKETCH_PAIRS): the seeds of
  // every point, found over all the blocks, bound each block's columns by partners in other blocks
  useKernels(wasmKernels());
  try {
    for (const [classes, grid] of [
      [2, 0],
      [3, 2],
    ]) {
      const N = 4400,
        d = 64;
      const { X, y } = randomProblem(`sketched ${classes}`, N, d, classes, grid);
      // exact duplicates across classes: nearest distances of 0, tied between copies
      for (let t = 0; t < 40; t++) X.copyWithin((N - 1 - t) * d, t * d, (t + 1) * d);
      const slow = bruteNearest(X, N, d, y);
      for (const threads of [1, 3]) {
        const fast = nearestOppositeAll({ X, N, d, y }, { parallel: { ...serial, threads } });
        assert.ok(fast.sketch, 'the sketch was built');
        assert.deepEqual(fast.distance, slow.distance, `${classes} classes, ${threads} threads`);
        assert.deepEqual(fast.neighbor, slow.neighbor, `${classes} classes, ${threads} threads`);
      }
    }
  } finally {
    useKernels(undefined);
  }
});

test('δ of the two moons equals brute force and names the pair of rows', () => {
  const { X, y, N } = twoMoons();
  const sourceRows = Int32Array.from({ length: N }, (_, i) => i + 2); // line 1 is the header
  const { report } = separation({ X, N, d: 2, y, classNames: ['0', '1'], sourceRows });
  const slow = bruteNearest(X, N, 2, y).distance;
  const delta = Math.min(...slow);
  assert.equal(report.delta, delta);
  const [ra, rb] = report.rows.map((r) => r - 2);
  assert.notEqual(y[ra], y[rb]);
  assert.equal(Math.sqrt((X[2 * ra] - X[2 * rb]) ** 2 + (X[2 * ra + 1] - X[2 * rb + 1]) ** 2), delta);
  // the closest pairs are listed once each, closest first; the worst points are sorted too
  const keys = report.closestPairs.map((p) => `${p.a.row}-${p.b.row}`);
  assert.equal(new Set(keys).size, keys.length);
  for (let k = 1; k < report.closestPairs.length; k++) assert.ok(report.closestPairs[k - 1].distance <= report.closestPairs[k].distance);
  const sorted = [...slow].sort((a, b) => a - b);
  report.worstPoints.forEach((w, k) => assert.equal(w.distance, sorted[k]));
  assert.equal(report.nearestOppositeQuantiles[0].distance, sorted[0]);
  assert.equal(report.nearestOppositeQuantiles.at(-1)!.distance, sorted.at(-1));
});

function datasetOf(rows: number[][], labels: number[], classNames: string[]): Dataset {
  const d = rows[0].length;
  return {
    file: 't.csv',
    format: 'csv',
    N: rows.length,
    d,
    X: Float32Array.from(rows.flat()),
    y: Int32Array.from(labels),
    classNames,
    featureNames: rows[0].map((_, k) => `f${k}`),
    labelColumn: 'label',
    sourceRows: Int32Array.from(rows, (_, i) => i + 2),
    pixel: false,
  };
}

test('sanity: duplicates and conflicting labels are found with their rows', () => {
  const ds = datasetOf(
    [
      [1, 2],
      [3, 4],
      [1, 2],
      [1, 2],
      [5, 6],
      [3, 4],
      [-0, 7],
      [0, 7],
    ],
    [0, 1, 0, 1, 0, 1, 0, 0],
    ['a', 'b'],
  );
  const s = sanityCheck(ds);
  // rows 2,4,5 are identical with labels a,a,b: one duplicate and a conflict; rows 3,7 duplicate (b);
  // −0 and +0 are the same point: rows 8,9 duplicate (a)
  assert.equal(s.duplicates, 3);
  assert.deepEqual(s.conflicts, [{ rows: [2, 4, 5], labels: ['a', 'a', 'b'] }]);
  assert.deepEqual(s.duplicateGroups, [
    { rows: [3, 7], label: 'b' },
    { rows: [8, 9], label: 'a' },
  ]);
  assert.ok(s.warnings.some((w) => /no function can memorize/.test(w)));
});

test('identical groups agree with a brute-force comparison on lattice data', () => {
  const { X } = randomProblem('dup', 200, 2, 2, 1);
  const groups = identicalGroups(X, 200, 2);
  const key = (i: number) => `${X[2 * i]},${X[2 * i + 1]}`;
  const brute = new Map<string, number[]>();
  for (let i = 0; i < 200; i++) brute.set(key(i), [...(brute.get(key(i)) ?? []), i]);
  assert.deepEqual(
    groups,
    [...brute.values()].filter((g) => g.length > 1),
  );
});

test('sanity: a few one-point classes are named one by one; a label per row is one sentence that suspects the label column', () => {
  const few = sanityCheck(datasetOf([[1], [2], [3], [4]], [0, 0, 1, 2], ['a', 'b', 'c']));
  assert.deepEqual(few.warnings, ['Class "b" has only 1 point.', 'Class "c" has only 1 point.']);
  // a continuous column read as labels: 50 rows, 50 classes (as np.savez(X=X, y=X[:, 0]) gives)
  const rows = Array.from({ length: 50 }, (_, i) => [i, (i * 7) % 11]);
  const continuous = sanityCheck(
    datasetOf(
      rows,
      rows.map((_, i) => i),
      rows.map((_, i) => `${i / 100}`),
    ),
  );
  assert.deepEqual(continuous.warnings, [
    '50 of the 50 classes have fewer than 2 points ("0", "0.01", "0.02", "0.03", "0.04", …): with 50 distinct labels in 50 rows, ' +
      'the label column ("label") looks like a measured value, not classes; choose the label column (CLI: --label).',
  ]);
});
