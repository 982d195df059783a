// The nearest-across kernels (kernels().nearestAcross): the TypeScript reference and the blocked float32
// WebAssembly kernel with its certified candidate filter both equal a brute force written here from the
// definition, bit for bit: random data, lattices with ties and duplicates, every d from 1 to 784, uneven
// sets, and inputs built against the float32 bound (distances an ulp apart under a large common offset,
// subnormal and huge magnitudes, more tied partners than a candidate list holds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typescriptKernels, type KernelBackend } from '../../../src/core/kernels/backend';
import { createRng } from '../../../src/core/random';
import { wasmKernels } from '../helpers';

const backends: KernelBackend[] = [typescriptKernels, wasmKernels()];

/** for each point a of `from`: min over b in `to` of Σ_k (a_k − b_k)² in float64, ascending k; ties to the lower index */
function brute(X: Float32Array, d: number, from: Int32Array, to: Int32Array) {
  const nearest = new Int32Array(from.length).fill(-1);
  const squared = new Float64Array(from.length).fill(Infinity);
  from.forEach((i, r) => {
    for (const j of to) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = X[i * d + k] - X[j * d + k];
        s += t * t;
      }
      if (s < squared[r] || (s === squared[r] && j < nearest[r])) {
        squared[r] = s;
        nearest[r] = j;
      }
    }
  });
  return { nearest, squared };
}

/** rows and cols: a random split of 0..N into two sets of the given sizes, each in a shuffled order */
function split(seed: string, R: number, C: number) {
  const rng = createRng(seed);
  const all = Int32Array.from({ length: R + C }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return { rows: all.slice(0, R), cols: all.slice(R) };
}

function check(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, what: string) {
  const r = brute(X, d, rows, cols),
    c = brute(X, d, cols, rows);
  for (const k of backends) {
    const got = k.nearestAcross(X, d, rows, cols, { wantCols: true });
    assert.deepEqual(got.rowNearest, r.nearest, `${k.name} rows: ${what}`);
    assert.deepEqual(got.rowSquared, r.squared, `${k.name} rows: ${what}`);
    assert.deepEqual(got.colNearest, c.nearest, `${k.name} cols: ${what}`);
    assert.deepEqual(got.colSquared, c.squared, `${k.name} cols: ${what}`);
    const rowsOnly = k.nearestAcross(X, d, rows, cols);
    assert.deepEqual(rowsOnly.rowNearest, r.nearest, `${k.name} rows only: ${what}`);
    assert.equal(rowsOnly.colNearest, undefined);
  }
}

test('random points: equal to brute force for d from 1 to 784, uneven sets, N small and a few thousand', () => {
  const rng = createRng('across');
  const shapes: [number, number, number][] = [
    [1, 1, 3],
    [5, 9, 1],
    [40, 60, 2],
    [3, 500, 7],
    [500, 3, 7],
    [64, 64, 31],
    [65, 130, 33],
    [100, 100, 100],
    [70, 90, 784],
    [7, 300, 784],
    [300, 2100, 12],
    [1200, 1800, 40],
  ];
  for (const [R, C, d] of shapes) {
    const X = Float32Array.from({ length: (R + C) * d }, () => rng.normal());
    const { rows, cols } = split(`${R} ${C} ${d}`, R, C);
    check(X, d, rows, cols, `R=${R} C=${C} d=${d}`);
  }
});

test('sparse points (pixel-like: most coordinates 0, many zero in whole groups of points, some points all 0): equal to brute force', () => {
  const rng = createRng('across-sparse');
  for (const [R, C, d, zeros] of [
    [70, 90, 784, 0.6],
    [130, 65, 64, 0.9],
    [40, 300, 33, 0.97],
  ]) {
    // a shared blank border, as images have, and scattered zeros elsewhere
    const X = Float32Array.from({ length: (R + C) * d }, (_, q) => (q % d < d / 5 || rng.next() < zeros ? 0 : rng.int(256) / 255));
    for (let i = 0; i < R + C; i += 11) X.fill(0, i * d, (i + 1) * d);
    const { rows, cols } = split(`sparse ${R} ${C} ${d}`, R, C);
    check(X, d, rows, cols, `sparse R=${R} C=${C} d=${d}`);
  }
});

test('lattice points: exact ties and duplicates resolve to the lower index, as the definition says', () => {
  const rng = createRng('lattice');
  for (const [R, C, d, levels] of [
    [200, 300, 2, 3],
    [150, 150, 5, 2],
    [90, 400, 40, 2],
    [60, 80, 784, 2],
  ] as const) {
    const X = Float32Array.from({ length: (R + C) * d }, () => rng.int(levels));
    const { rows, cols } = split(`lattice ${R} ${d}`, R, C);
    check(X, d, rows, cols, `R=${R} C=${C} d=${d}, ${levels} levels`);
  }
});

test('more tied partners than a candidate list holds: every one is checked, the lowest index wins', () => {
  // 300 identical columns at the same distance from every row, and one row equal to a column
  const d = 16,
    R = 20,
    C = 300;
  const X = new Float32Array((R + C) * d);
  for (let i = 0; i < R; i++) for (let k = 0; k < d; k++) X[i * d + k] = i + k / 8;
  for (let j = R; j < R + C; j++) for (let k = 0; k < d; k++) X[j * d + k] = 3;
  const { rows, cols } = split('ties', R, C);
  check(X, d, rows, cols, 'identical columns');
});

test('distances an ulp apart under a large common offset, where float32 cannot tell them apart', () => {
  // every point is (1, …, 1) moved by single ulps: ‖a‖² ≈ d while the distances are ~2⁻⁴⁶, so the
  // float32 expansion ‖a‖² + ‖b‖² − 2a·b is pure rounding and only the exact recheck can order them
  const rng = createRng('ulps');
  for (const [R, C, d] of [
    [6, 12, 64],
    [30, 40, 64],
    [8, 15, 784],
    [40, 200, 3],
  ] as const) {
    const steps = [1 - 2 ** -24, 1, 1 + 2 ** -23, 1 + 2 ** -22];
    const X = Float32Array.from({ length: (R + C) * d }, () => (rng.int(4) === 0 ? steps[rng.int(4)] : 1));
    const { rows, cols } = split(`ulps ${R} ${d}`, R, C);
    check(X, d, rows, cols, `R=${R} C=${C} d=${d}`);
  }
});

test('tiny and huge magnitudes: subnormal float32 products, and norms past the float32 range', () => {
  const rng = createRng('scale');
  for (const scale of [2 ** -70, 2 ** -60, 2 ** 50, 2 ** 58, 2 ** 64]) {
    const R = 50,
      C = 70,
      d = 24;
    const X = Float32Array.from({ length: (R + C) * d }, () => Math.round(rng.normal() * 4) * scale);
    const { rows, cols } = split(`scale ${scale}`, R, C);
    check(X, d, rows, cols, `scale 2^${Math.log2(scale)}`);
  }
});

/** brute force against the WebAssembly kernel given the points' sketch, which it must only use to skip pairs */
function checkSketched(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, what: string) {
  const w = backends[1];
  const sketch = w.sketch!(X, X.length / d, d);
  assert.ok(sketch, `a sketch: ${what}`);
  const r = brute(X, d, rows, cols),
    c = brute(X, d, cols, rows);
  const got = w.nearestAcross(X, d, rows, cols, { wantCols: true, sketch });
  assert.deepEqual(got.rowNearest, r.nearest, `rows: ${what}`);
  assert.deepEqual(got.rowSquared, r.squared, `rows: ${what}`);
  assert.deepEqual(got.colNearest, c.nearest, `cols: ${what}`);
  assert.deepEqual(got.colSquared, c.squared, `cols: ${what}`);
  const rowsOnly = w.nearestAcross(X, d, rows, cols, { sketch });
  assert.deepEqual(rowsOnly.rowNearest, r.nearest, `rows only: ${what}`);
  assert.deepEqual(rowsOnly.rowSquared, r.squared, `rows only: ${what}`);
}

/** points near a few random centres in a low-dimensional subspace, plus noise: the sketch rules most pairs out */
function clustered(seed: string, n: number, d: number, noise: number, levels = 0) {
  const rng = createRng(seed);
  const basis = Array.from({ length: 6 }, () => Float64Array.from({ length: d }, () => rng.normal() / Math.sqrt(d)));
  const centres = Array.from({ length: 10 }, () => Float64Array.from({ length: 6 }, () => 3 * rng.normal()));
  const X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[rng.int(centres.length)];
    for (let k = 0; k < d; k++) {
      let v = noise * rng.normal();
      for (let b = 0; b < 6; b++) v += (c[b] + 0.3 * rng.normal()) * basis[b][k];
      X[i * d + k] = levels ? Math.round(v * levels) / levels : v;
    }
  }
  return X;
}

test('with a sketch of the points: the pruned kernel equals brute force, d from 64 to 784, clusters, ties, duplicates', () => {
  for (const [R, C, d, noise, levels] of [
    [300, 500, 784, 0.05, 0],
    [257, 130, 64, 0.02, 0],
    [200, 333, 100, 0.1, 0],
    [150, 220, 784, 0.05, 4],
  ]) {
    const X = clustered(`sketch ${R} ${d}`, R + C, d, noise, levels);
    const { rows, cols } = split(`sketch ${R} ${C}`, R, C);
    checkSketched(X, d, rows, cols, `clustered R=${R} C=${C} d=${d}${levels ? ', on a lattice' : ''}`);
    // exact duplicates across the sets (distance 0) and a second copy of each: ties at zero
    for (let t = 0; t < 20; t++) {
      X.copyWithin(cols[t] * d, rows[t] * d, (rows[t] + 1) * d);
      X.copyWithin(cols[t + 20] * d, rows[t] * d, (rows[t] + 1) * d);
    }
    checkSketched(X, d, rows, cols, `with duplicates R=${R} C=${C} d=${d}`);
  }
  const rng = createRng('sketch random');
  for (const [R, C, d] of [
    [70, 90, 784],
    [130, 70, 64],
  ]) {
    const X = Float32Array.from({ length: (R + C) * d }, () => rng.normal());
    const { rows, cols } = split(`sketch random ${R}`, R, C);
    checkSketched(X, d, rows, cols, `random R=${R} C=${C} d=${d}`);
  }
  for (const [R, C, d] of [
    [60, 80, 784],
    [100, 150, 64],
  ]) {
    const X = Float32Array.from({ length: (R + C) * d }, () => rng.int(2));
    const { rows, cols } = split(`sketch lattice ${R}`, R, C);
    checkSketched(X, d, rows, cols, `lattice R=${R} C=${C} d=${d}`);
  }
});

test('with a sketch, more columns than one chunk holds: tied partners in different chunks, the lowest index wins', () => {
  // 2,300 columns are two chunks of the kernel (2,048 at a time): each row's candidates are rechecked per
  // chunk, and an exact tie across chunks must still go to the lower index into X, whichever chunk comes first
  const [R, C, d] = [90, 2300, 64];
  const X = clustered('sketch chunks', R + C, d, 0.05, 2);
  const { rows, cols } = split('sketch chunks', R, C);
  for (let t = 0; t < 30; t++) {
    X.copyWithin(cols[t] * d, rows[t] * d, (rows[t] + 1) * d);
    X.copyWithin(cols[C - 1 - t] * d, rows[t] * d, (rows[t] + 1) * d);
  }
  checkSketched(X, d, rows, cols, `clustered on a lattice, R=${R} C=${C} d=${d}`);
});

test('with a sketch: near-ties an ulp apart, and more tied partners than a candidate list holds', () => {
  const rng = createRng('sketch ulps');
  for (const [R, C, d] of [
    [30, 40, 64],
    [8, 15, 784],
  ]) {
    const steps = [1 - 2 ** -24, 1, 1 + 2 ** -23, 1 + 2 ** -22];
    const X = Float32Array.from({ length: (R + C) * d }, () => (rng.int(4) === 0 ? steps[rng.int(4)] : 1));
    const { rows, cols } = split(`sketch ulps ${R} ${d}`, R, C);
    checkSketched(X, d, rows, cols, `ulps R=${R} C=${C} d=${d}`);
  }
  const d = 64,
    R = 20,
    C = 300;
  const X = new Float32Array((R + C) * d);
  for (let i = 0; i < R; i++) for (let k = 0; k < d; k++) X[i * d + k] = i + k / 8;
  for (let j = R; j < R + C; j++) for (let k = 0; k < d; k++) X[j * d + k] = 3;
  const { rows, cols } = split('sketch ties', R, C);
  checkSketched(X, d, rows, cols, 'identical columns');
});

test('the sketch bound: ‖φ̂(a) − φ̂(b)‖ − S ≤ ‖a − b‖ for every pair, and it is tight enough to prune', () => {
  const d = 200,
    n = 400;
  const X = clustered('sketch bound', n, d, 0.05);
  const sketch = backends[1].sketch!(X, n, d)!;
  const { k, P, slack2 } = sketch;
  let below = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let full = 0,
        sk = 0;
      for (let c = 0; c < d; c++) full += (X[a * d + c] - X[b * d + c]) ** 2;
      for (let c = 0; c < k; c++) sk += (P[a * k + c] - P[b * k + c]) ** 2;
      assert.ok(Math.sqrt(sk) - slack2 <= Math.sqrt(full), `pair ${a}, ${b}`);
      if (Math.sqrt(sk) - slack2 >= 0.9 * Math.sqrt(full)) below++;
    }
  }
  // on data near a 6-dimensional subspace the sketch keeps nearly all of every distance
  assert.ok(below > (0.9 * (n * (n - 1))) / 2, `${below} pairs within 10%`);
});
