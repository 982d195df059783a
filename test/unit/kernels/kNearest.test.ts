// The k-nearest kernels (kernels().kNearest) and the findings' neighbour lists built on them: the
// TypeScript reference and the WebAssembly float32 tiles with their certified filter both equal a brute
// force written here from the definition, bit for bit, on random data, on lattices full of ties and
// duplicates, for d from 1 to 784, in triangle and across mode; and the search pruned by a sketch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typescriptKernels, useKernels, type KernelBackend } from '../../../src/core/kernels/backend';
import { neighbours } from '../../../src/core/findings/neighbours';
import { createRng } from '../../../src/core/random';
import { serial, type Parallel } from '../../../src/core/parallel';
import { wasmKernels } from '../helpers';

const backends: KernelBackend[] = [typescriptKernels, wasmKernels()];

const exact = (X: Float32Array, d: number, i: number, j: number) => {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = X[i * d + k] - X[j * d + k];
    s += t * t;
  }
  return s;
};

/** point i's k nearest among `partners` (i itself excluded), sorted by (squared, index), padded with −1 / Infinity */
function brute(X: Float32Array, d: number, i: number, partners: Iterable<number>, k: number) {
  const all = [...partners].filter((j) => j !== i).map((j) => ({ j, s: exact(X, d, i, j) }));
  all.sort((a, b) => a.s - b.s || a.j - b.j);
  const index = Array.from({ length: k }, (_, e) => all[e]?.j ?? -1);
  const squared = Array.from({ length: k }, (_, e) => all[e]?.s ?? Infinity);
  return { index, squared };
}

function data(seed: string, N: number, d: number, lattice: boolean) {
  const rng = createRng(seed);
  // a lattice of 3 values: many equal distances and duplicate points
  return Float32Array.from({ length: N * d }, () => (lattice ? rng.int(3) : rng.normal() * 3 + 100));
}

test('kNearest: both backends equal brute force in across and triangle mode, with ties, d up to 784', () => {
  const shapes: [number, number, number, number][] = [
    [5, 1, 3, 1],
    [70, 2, 90, 4],
    [40, 17, 150, 10],
    [130, 784, 30, 5],
    [9, 3, 2100, 7],
  ];
  for (const lattice of [false, true]) {
    for (const [R, d, C, k] of shapes) {
      const N = R + C;
      const X = data(`knn-${R}-${d}-${C}-${lattice}`, N, d, lattice);
      const rows = Int32Array.from({ length: R }, (_, r) => (r * 7) % N).filter((v, r, a) => a.indexOf(v) === r);
      const rest = Int32Array.from({ length: N }, (_, i) => i).filter((i) => !rows.includes(i));
      for (const triangle of [false, true]) {
        const cols = triangle ? Int32Array.from([...rows, ...rest.slice(0, C)]) : rest.slice(0, C);
        for (const backend of backends) {
          const got = backend.kNearest(X, d, rows, cols, k, { wantCols: true, triangle });
          const what = `${backend.name} R=${rows.length} d=${d} C=${cols.length} k=${k} lattice=${lattice} triangle=${triangle}`;
          rows.forEach((i, r) => {
            const partners = triangle ? cols.slice(r + 1) : cols;
            const want = brute(X, d, i, partners, k);
            assert.deepEqual([...got.rows.index.subarray(r * k, (r + 1) * k)], want.index, `${what} row ${r}`);
            assert.deepEqual([...got.rows.squared.subarray(r * k, (r + 1) * k)], want.squared, `${what} row ${r}`);
          });
          cols.forEach((j, c) => {
            const partners = triangle ? rows.slice(0, Math.min(c, rows.length)) : rows;
            const want = brute(X, d, j, partners, k);
            assert.deepEqual([...got.cols!.index.subarray(c * k, (c + 1) * k)], want.index, `${what} col ${c}`);
            assert.deepEqual([...got.cols!.squared.subarray(c * k, (c + 1) * k)], want.squared, `${what} col ${c}`);
          });
        }
      }
    }
  }
});

/** the serial runner, claiming more threads: the stage cuts its work into more, smaller tasks */
const manyThreads: Parallel = { threads: 3, map: (task, inputs, cancel) => inputs.map((input) => task.run(input, cancel)) };

test('neighbours: same-class, other-class and all lists equal brute force, whatever the backend and task count', () => {
  for (const lattice of [false, true]) {
    const N = 260,
      d = 12,
      k = 6;
    const X = data(`neighbours-${lattice}`, N, d, lattice);
    const rng = createRng(`labels-${lattice}`);
    const y = Int32Array.from({ length: N }, () => rng.int(3));
    const everyone = Array.from({ length: N }, (_, i) => i);
    for (const backend of backends) {
      useKernels(backend);
      try {
        for (const parallel of [serial, manyThreads]) {
          const got = neighbours({ X, N, d, y }, k, { parallel });
          for (let i = 0; i < N; i++) {
            const lists = {
              same: brute(
                X,
                d,
                i,
                everyone.filter((j) => y[j] === y[i]),
                k,
              ),
              other: brute(
                X,
                d,
                i,
                everyone.filter((j) => y[j] !== y[i]),
                k,
              ),
              all: brute(X, d, i, everyone, k),
            };
            for (const name of ['same', 'other', 'all'] as const) {
              assert.deepEqual([...got[name].index.subarray(i * k, (i + 1) * k)], lists[name].index, `${backend.name} ${name} ${i}`);
              assert.deepEqual([...got[name].squared.subarray(i * k, (i + 1) * k)], lists[name].squared, `${backend.name} ${name} ${i}`);
            }
          }
        }
      } finally {
        useKernels(undefined);
      }
    }
  }
});

test('kNearest: duplicated points at d = 784 with more candidates than one recheck call takes, equal to brute force', () => {
  // 120 points, each three times, the first 40 all zero: every list is full of exact ties (a third of
  // the points at distance 0 of each other), so the rows' kept candidates alone exceed one recheck call's 4,096
  const d = 784,
    k = 10;
  const rng = createRng('knn-duplicates');
  const distinct = Float32Array.from({ length: 120 * d }, (_, e) => (e >= 40 * d && rng.int(4) === 0 ? rng.int(256) / 255 : 0));
  const N = 360;
  const X = new Float32Array(N * d);
  for (let i = 0; i < N; i++) X.set(distinct.subarray((i % 120) * d, ((i % 120) + 1) * d), i * d);
  const rows = Int32Array.from({ length: 150 }, (_, r) => r * 2);
  const cols = Int32Array.from({ length: N }, (_, i) => i).filter((i) => i % 2 === 1 || i >= 300);
  for (const backend of backends) {
    const got = backend.kNearest(X, d, rows, cols, k, { wantCols: true });
    rows.forEach((i, r) => {
      const want = brute(X, d, i, cols, k);
      assert.deepEqual([...got.rows.index.subarray(r * k, (r + 1) * k)], want.index, `${backend.name} row ${r}`);
      assert.deepEqual([...got.rows.squared.subarray(r * k, (r + 1) * k)], want.squared, `${backend.name} row ${r}`);
    });
    cols.forEach((j, c) => {
      const want = brute(X, d, j, rows, k);
      assert.deepEqual([...got.cols!.index.subarray(c * k, (c + 1) * k)], want.index, `${backend.name} col ${c}`);
      assert.deepEqual([...got.cols!.squared.subarray(c * k, (c + 1) * k)], want.squared, `${backend.name} col ${c}`);
    });
  }
});

test('kNearest pruned by a sketch (kNearestBounds, then the sketch and bounds as options) equals brute force, with ties, d from 64 to 784', () => {
  const backend = wasmKernels();
  const shapes: [number, number, number, number][] = [
    [40, 64, 150, 10],
    [130, 784, 300, 5],
    [70, 100, 2100, 7],
  ];
  for (const lattice of [false, true]) {
    for (const [R, d, C, k] of shapes) {
      const N = R + C;
      const X = data(`pruned-${R}-${d}-${C}-${lattice}`, N, d, lattice);
      const sketch = backend.sketch!(X, N, d)!;
      const rows = Int32Array.from({ length: R }, (_, r) => (r * 7) % N).filter((v, r, a) => a.indexOf(v) === r);
      const rest = Int32Array.from({ length: N }, (_, i) => i).filter((i) => !rows.includes(i));
      for (const triangle of [false, true]) {
        const cols = triangle ? Int32Array.from([...rows, ...rest.slice(0, C)]) : rest.slice(0, C);
        // across: each end's bound over the other set, which its whole list is drawn from
        let upper: Float64Array | undefined;
        if (!triangle) {
          upper = new Float64Array(N).fill(Infinity);
          const rowBounds = backend.kNearestBounds!(X, d, rows, cols, k, sketch),
            colBounds = backend.kNearestBounds!(X, d, cols, rows, k, sketch);
          rows.forEach((i, r) => (upper![i] = rowBounds[r]));
          cols.forEach((j, c) => (upper![j] = colBounds[c]));
          rows.forEach((i, r) => {
            const kth = brute(X, d, i, cols, k).squared[k - 1];
            assert.ok(!(rowBounds[r] < kth), `the bound of row ${r} is below its k-th nearest`);
          });
        }
        const got = backend.kNearest(X, d, rows, cols, k, { wantCols: true, triangle, sketch, upper });
        const what = `R=${rows.length} d=${d} C=${cols.length} k=${k} lattice=${lattice} triangle=${triangle}`;
        rows.forEach((i, r) => {
          const want = brute(X, d, i, triangle ? cols.slice(r + 1) : cols, k);
          assert.deepEqual([...got.rows.index.subarray(r * k, (r + 1) * k)], want.index, `${what} row ${r}`);
          assert.deepEqual([...got.rows.squared.subarray(r * k, (r + 1) * k)], want.squared, `${what} row ${r}`);
        });
        cols.forEach((j, c) => {
          const want = brute(X, d, j, triangle ? rows.slice(0, Math.min(c, rows.length)) : rows, k);
          assert.deepEqual([...got.cols!.index.subarray(c * k, (c + 1) * k)], want.index, `${what} col ${c}`);
          assert.deepEqual([...got.cols!.squared.subarray(c * k, (c + 1) * k)], want.squared, `${what} col ${c}`);
        });
      }
    }
  }
});

test('neighbours: from the pairs where a sketch is built (d = 784), the pruned lists equal the unpruned kernel, whatever the task count', () => {
  // 3,000 points: past SKETCH_FROM_PAIRS, so neighbours builds a sketch and the bounds; without the
  // backend's sketch the same backend tiles every pair (tested against brute force above)
  const N = 3000,
    d = 784,
    k = 10;
  const wasm = wasmKernels();
  const unpruned: KernelBackend = { ...wasm, sketch: undefined };
  for (const lattice of [false, true]) {
    const rng = createRng(`neighbours-pruned-${lattice}`);
    // lattice: 300 distinct points, each ten times, sparse as images are: ties and duplicates everywhere
    const distinct = Float32Array.from({ length: 300 * d }, () => (lattice ? (rng.int(3) === 0 ? rng.int(3) : 0) : rng.normal()));
    const X = new Float32Array(N * d);
    for (let i = 0; i < N; i++) X.set(distinct.subarray(((i * 7) % 300) * d, (((i * 7) % 300) + 1) * d), i * d);
    if (!lattice) for (let e = 0; e < N * d; e++) X[e] += rng.normal() * 0.3;
    const y = Int32Array.from({ length: N }, () => rng.int(3));
    useKernels(unpruned);
    let want;
    try {
      want = neighbours({ X, N, d, y }, k);
    } finally {
      useKernels(undefined);
    }
    useKernels(wasm);
    try {
      for (const parallel of [serial, manyThreads]) {
        const got = neighbours({ X, N, d, y }, k, { parallel });
        for (const name of ['same', 'other', 'all'] as const) {
          assert.deepEqual(got[name].index, want[name].index, `${name} lattice=${lattice} threads=${parallel.threads}`);
          assert.deepEqual(got[name].squared, want[name].squared, `${name} lattice=${lattice} threads=${parallel.threads}`);
        }
      }
    } finally {
      useKernels(undefined);
    }
  }
});
