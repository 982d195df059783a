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
  const r = brute(X, d, rows, cols), c = brute(X, d, cols, rows);
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
    [1, 1, 3], [5, 9, 1], [40, 60, 2], [3, 500, 7], [500, 3, 7], [64, 64, 31], [65, 130, 33], [100, 100, 100],
    [70, 90, 784], [7, 300, 784], [300, 2100, 12], [1200, 1800, 40],
  ];
  for (const [R, C, d] of shapes) {
    const X = Float32Array.from({ length: (R + C) * d }, () => rng.normal());
    const { rows, cols } = split(`${R} ${C} ${d}`, R, C);
    check(X, d, rows, cols, `R=${R} C=${C} d=${d}`);
  }
});

test('lattice points: exact ties and duplicates resolve to the lower index, as the definition says', () => {
  const rng = createRng('lattice');
  for (const [R, C, d, levels] of [[200, 300, 2, 3], [150, 150, 5, 2], [90, 400, 40, 2], [60, 80, 784, 2]] as const) {
    const X = Float32Array.from({ length: (R + C) * d }, () => rng.int(levels));
    const { rows, cols } = split(`lattice ${R} ${d}`, R, C);
    check(X, d, rows, cols, `R=${R} C=${C} d=${d}, ${levels} levels`);
  }
});

test('more tied partners than a candidate list holds: every one is checked, the lowest index wins', () => {
  // 300 identical columns at the same distance from every row, and one row equal to a column
  const d = 16, R = 20, C = 300;
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
  for (const [R, C, d] of [[6, 12, 64], [30, 40, 64], [8, 15, 784], [40, 200, 3]] as const) {
    const steps = [1 - 2 ** -24, 1, 1 + 2 ** -23, 1 + 2 ** -22];
    const X = Float32Array.from({ length: (R + C) * d }, () => (rng.int(4) === 0 ? steps[rng.int(4)] : 1));
    const { rows, cols } = split(`ulps ${R} ${d}`, R, C);
    check(X, d, rows, cols, `R=${R} C=${C} d=${d}`);
  }
});

test('tiny and huge magnitudes: subnormal float32 products, and norms past the float32 range', () => {
  const rng = createRng('scale');
  for (const scale of [2 ** -70, 2 ** -60, 2 ** 50, 2 ** 58, 2 ** 64]) {
    const R = 50, C = 70, d = 24;
    const X = Float32Array.from({ length: (R + C) * d }, () => Math.round(rng.normal() * 4) * scale);
    const { rows, cols } = split(`scale ${scale}`, R, C);
    check(X, d, rows, cols, `scale 2^${Math.log2(scale)}`);
  }
});
