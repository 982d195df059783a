import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataBound } from '../../../src/core/lipschitz/dataBound';
import { nearestOppositeAll } from '../../../src/core/geometry/separation';
import { mcShaneExtension } from '../../../src/core/lipschitz/mcshane';
import { mcShaneInterpolates } from '../../../src/core/lipschitz/dataBoundStudy';
import { separatingOrder } from '../../../src/core/lipschitz/separationP';
import { pNorm } from '../../../src/core/lipschitz/norms';
import { createRng } from '../../../src/core/random';
import { serial, type Parallel } from '../../../src/core/parallel';
import { useKernels } from '../../../src/core/kernels/backend';
import { bruteSeparation, fixturePoints } from './fixtures';
import { wasmKernels } from '../helpers';

const P = [1, 1.5, 2, 3, 7, Infinity];

function pairDistance(X: ArrayLike<number>, d: number, [i, j]: [number, number], p: number): number {
  return pNorm(
    Array.from({ length: d }, (_, k) => X[i * d + k] - X[j * d + k]),
    p,
  );
}

test('δ_1 and δ_∞ (and every other p) on two-moons equal brute force, and the pair attains them', () => {
  const { X, y, N, d } = fixturePoints('two-moons.csv');
  for (const p of P) {
    const b = dataBound({ X, N, d, y }, p);
    const brute = bruteSeparation(X, N, d, y, p);
    if (p === 1 || p === Infinity) assert.equal(b.delta, brute, `p=${p}`);
    else assert.ok(Math.abs(b.delta - brute) <= 1e-12 * brute, `p=${p}: ${b.delta} vs ${brute}`);
    assert.ok(b.pair);
    assert.notEqual(y[b.pair[0]], y[b.pair[1]]);
    assert.ok(Math.abs(pairDistance(X, d, b.pair, p) - b.delta) <= 1e-12 * b.delta);
    assert.equal(b.bound, 2 / b.delta);
  }
});

test('δ_p equals brute force on random data with ties, several classes and dimensions', () => {
  // grid > 0: coordinates rounded to multiples of 1/grid, so many distances tie
  for (const { N, d, classes, grid } of [
    { N: 80, d: 1, classes: 2, grid: 0 },
    { N: 90, d: 3, classes: 3, grid: 0 },
    { N: 60, d: 12, classes: 2, grid: 0 },
    { N: 70, d: 4, classes: 4, grid: 2 },
    { N: 50, d: 2, classes: 2, grid: 1 },
    { N: 120, d: 40, classes: 3, grid: 0 },
    { N: 150, d: 30, classes: 2, grid: 1 },
  ]) {
    const rng = createRng(`sep${N}/${d}`);
    const X = Float32Array.from({ length: N * d }, () => (grid ? Math.round(rng.normal() * grid) / grid : rng.normal()));
    const y = Int32Array.from({ length: N }, (_, i) => (i < classes ? i : rng.int(classes)));
    // with the ℓ2 nearest opposite points, the sweep also prunes by the norm inequalities: same δ_p
    const nearest = nearestOppositeAll({ X, N, d, y });
    for (const p of P) {
      const brute = bruteSeparation(X, N, d, y, p);
      for (const b of [dataBound({ X, N, d, y }, p), dataBound({ X, N, d, y, nearest }, p)]) {
        assert.ok(Math.abs(b.delta - brute) <= 1e-12 * brute, `N=${N} d=${d} p=${p}: ${b.delta} vs ${brute}`);
        assert.ok(b.pair && y[b.pair[0]] !== y[b.pair[1]]);
        assert.ok(Math.abs(pairDistance(X, d, b.pair, p) - b.delta) <= 1e-12 * b.delta);
      }
    }
  }
});

test('δ_p equals brute force when the sweep runs along the principal direction (data spread along a diagonal)', () => {
  const rng = createRng('diagonal');
  const N = 150,
    d = 10;
  const X = new Float32Array(N * d);
  for (let i = 0; i < N; i++) {
    const t = rng.normal();
    for (let k = 0; k < d; k++) X[i * d + k] = t + 0.05 * rng.normal(); // every coordinate ≈ the same t
  }
  const y = Int32Array.from({ length: N }, () => rng.int(2));
  for (const p of [1, 1.5, 2, 3, Infinity]) {
    const b = dataBound({ X, N, d, y }, p);
    const brute = bruteSeparation(X, N, d, y, p);
    assert.ok(Math.abs(b.delta - brute) <= 1e-12 * brute, `p=${p}: ${b.delta} vs ${brute}`);
  }
});

test('identical points with different labels give δ_p = 0 and no finite bound; one class gives no pair', () => {
  const X = Float32Array.from([0, 0, 1, 1, 0.5, 0.2, 1, 1]);
  const y = Int32Array.from([0, 0, 1, 1]);
  for (const p of [1, 2, Infinity]) {
    const b = dataBound({ X, N: 4, d: 2, y }, p);
    assert.equal(b.delta, 0);
    assert.equal(b.bound, Infinity);
    assert.deepEqual(b.pair, [1, 3]);
    const single = dataBound({ X, N: 4, d: 2, y: new Int32Array(4) }, p);
    assert.equal(single.pair, null);
    assert.equal(single.delta, Infinity);
  }
});

test('2/δ_p is attained: the McShane extension interpolates and its Lipschitz constant is exactly 2/δ_p', () => {
  const rng = createRng('mcshane');
  const N = 40,
    d = 3;
  const X = Float32Array.from({ length: N * d }, () => rng.normal());
  const y = Int32Array.from({ length: N }, (_, i) => (i % 2 ? 1 : 0));
  const values = Float64Array.from(y, (c) => (c === 0 ? -1 : 1));
  for (const p of [1, 1.5, 2, 4, Infinity]) {
    const b = dataBound({ X, N, d, y }, p);
    const L = b.bound;
    const f = mcShaneExtension(X, N, d, values, L, p);
    const at = (i: number) => Array.from(X.subarray(i * d, (i + 1) * d));
    for (let i = 0; i < N; i++) assert.ok(Math.abs(f(at(i)) - values[i]) <= 1e-12, `p=${p}: f(x_${i}) = ${f(at(i))}`);
    // Lipschitz ratio on every data pair and on random pairs never exceeds L ...
    const pts = [...Array.from({ length: N }, (_, i) => at(i))];
    for (let k = 0; k < 200; k++) pts.push(Array.from({ length: d }, () => 2 * rng.normal()));
    const fv = pts.map(f);
    let worst = 0;
    for (let i = 0; i < pts.length; i++)
      for (let j = i + 1; j < pts.length; j++) {
        const dist = pNorm(
          pts[i].map((v, k) => v - pts[j][k]),
          p,
        );
        worst = Math.max(worst, Math.abs(fv[i] - fv[j]) / dist);
      }
    assert.ok(worst <= L * (1 + 1e-12), `p=${p}: ratio ${worst} > ${L}`);
    // ... and the attaining pair reaches it, so Lip_p(f) = 2/δ_p
    const [i, j] = b.pair!;
    assert.ok(Math.abs(Math.abs(f(at(i)) - f(at(j))) / pairDistance(X, d, [i, j], p) - L) <= 1e-9 * L);
  }
});

test("δ_p with the ℓ2 nearest points: the ℓ∞-closest pair is nobody's ℓ2-nearest pair, and is still found", () => {
  // a0 = 0 and b2 = 0.3·(1, …, 1) are ℓ∞-closest (0.3), but a0's ℓ2-nearest is b1 (1 in one coordinate,
  // ℓ2 1 < 2.1) and b2's is a1 (0.5 in one coordinate); pruning with ‖v‖_p ≥ ‖v‖₂ instead of
  // d^{1/p − 1/2}‖v‖₂ would drop a0 and miss the pair
  const d = 50;
  const X = new Float32Array(4 * d);
  X[1 * d] = 1;
  for (let k = 0; k < d; k++) X[2 * d + k] = X[3 * d + k] = 0.3;
  X[3 * d] += 0.5;
  const y = Int32Array.from([0, 1, 1, 0]);
  const nearest = nearestOppositeAll({ X, N: 4, d, y });
  assert.deepEqual(Array.from(nearest.neighbor), [1, 0, 3, 2]);
  for (const p of [3, 7, Infinity]) {
    const b = dataBound({ X, N: 4, d, y, nearest }, p);
    assert.ok(Math.abs(b.delta - bruteSeparation(X, 4, d, y, p)) <= 1e-12 * b.delta, `p=${p}: ${b.delta}`);
    if (p === Infinity) assert.deepEqual(b.pair, [0, 2]);
  }
});

test("δ_p with the points' sketch (the WebAssembly kernels'): the same δ_p and pair as without it, and brute force", () => {
  const w = wasmKernels();
  for (const [N, d, classes, grid] of [
    [300, 100, 2, 0],
    [260, 784, 3, 0],
    [240, 64, 4, 2],
  ]) {
    const rng = createRng(`sketch sep${N}/${d}`);
    // points near a 4-dimensional subspace, so the sketch holds nearly every distance and prunes
    const basis = Array.from({ length: 4 }, () => Float64Array.from({ length: d }, () => rng.normal() / Math.sqrt(d)));
    const X = new Float32Array(N * d);
    for (let i = 0; i < N; i++) {
      const c = [0, 1, 2, 3].map(() => 2 * rng.normal());
      for (let k = 0; k < d; k++) {
        const v = 0.05 * rng.normal() + c.reduce((s, t, b) => s + t * basis[b][k], 0);
        X[i * d + k] = grid ? Math.round(v * grid) / grid : v;
      }
    }
    const y = Int32Array.from({ length: N }, (_, i) => (i < classes ? i : rng.int(classes)));
    const nearest = nearestOppositeAll({ X, N, d, y });
    const sketched = { ...nearest, sketch: w.sketch!(X, N, d) };
    assert.ok(sketched.sketch);
    for (const p of P) {
      const plain = dataBound({ X, N, d, y, nearest }, p),
        b = dataBound({ X, N, d, y, nearest: sketched }, p);
      assert.equal(b.delta, plain.delta, `N=${N} d=${d} p=${p}`);
      assert.deepEqual(b.pair, plain.pair, `N=${N} d=${d} p=${p}`);
      const brute = bruteSeparation(X, N, d, y, p);
      assert.ok(Math.abs(b.delta - brute) <= 1e-12 * brute, `N=${N} d=${d} p=${p}: ${b.delta} vs ${brute}`);
    }
  }
});

test("the report's attained check answers as the McShane extension evaluated at every point, at 2/δ_p and just below it", () => {
  for (const file of ['iris.csv', 'two-moons.csv']) {
    const { X, y, N, d } = fixturePoints(file);
    for (const p of [1, 1.5, 2, 4, Infinity]) {
      const b = dataBound({ X, N, d, y }, p);
      const c = y[b.pair![0]];
      const values = Float64Array.from(y, (label) => (label === c ? -1 : 1));
      for (const L of [b.bound, b.bound * (1 - 1e-6), b.bound * 0.5]) {
        const f = mcShaneExtension(X, N, d, values, L, p);
        let brute = true;
        for (let i = 0; i < N; i++) if (Math.abs(f(X.subarray(i * d, (i + 1) * d)) - values[i]) > 1e-9) brute = false;
        assert.equal(mcShaneInterpolates({ X, N, d, y }, c, L, p), brute, `${file} p=${p} L=${L}`);
        if (L === b.bound) assert.equal(brute, true);
        else assert.equal(brute, false); // the attaining pair itself breaks it
      }
    }
  }
});

test('δ_p on digits with repeated points of both labels: brute force, and the same pair whatever the number of threads (sweep blocks)', () => {
  useKernels(wasmKernels()); // the separation stage's sketch, as in the analysis
  try {
    const digits = fixturePoints('digits.csv');
    const d = digits.d,
      N = 700;
    const X = Float32Array.from(digits.X.subarray(0, N * d));
    const y = Int32Array.from(digits.y.subarray(0, N));
    // ties: rows 10–19 copied over rows 400–409 and shifted by 1/16 of a grey level in one pixel,
    // with labels kept, so several opposite pairs share the smallest distance in every ℓp
    for (let k = 0; k < 10; k++) {
      X.copyWithin((400 + k) * d, (10 + k) * d, (11 + k) * d);
      X[(400 + k) * d + 20] += 1 / 256;
      if (y[400 + k] === y[10 + k]) y[400 + k] = (y[10 + k] + 1) % 10;
    }
    const nearest = nearestOppositeAll({ X, N, d, y });
    // a Parallel of n threads cuts the sweep into 4n blocks; running them here in order isolates the cut
    const threads = (n: number): Parallel => ({ threads: n, map: serial.map });
    for (const p of [1, 1.5, 3, Infinity]) {
      const brute = bruteSeparation(X, N, d, y, p);
      const runs = [1, 2, 3, 8].map((n) => dataBound({ X, N, d, y, nearest }, p, { parallel: threads(n) }));
      for (const b of runs) {
        assert.ok(Math.abs(b.delta - brute) <= 1e-12 * brute, `p=${p}: ${b.delta} vs ${brute}`);
        assert.deepEqual([b.delta, b.pair], [runs[0].delta, runs[0].pair], `p=${p}`);
        assert.ok(b.pair && y[b.pair[0]] !== y[b.pair[1]]);
      }
      // and the same as without the ℓ2 nearest points (no pruning by them, one block)
      const plain = dataBound({ X, N, d, y }, p);
      assert.equal(plain.delta, runs[0].delta, `p=${p}`);
    }
  } finally {
    useKernels(undefined);
  }
});

test('the maxima visit first the coordinates that separate the most opposite pairs the earlier ones left together', () => {
  // coordinates 0–2 are one feature copied (the largest variance), 3 an independent one of smaller
  // variance, 4 constant: after one copy, the independent coordinate separates pairs the copies cannot
  const rng = createRng('order');
  const N = 400,
    d = 5;
  const X = new Float32Array(N * d);
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const a = 4 * rng.next(),
      b = rng.next();
    X.set([a, a, a, b, 0.5], i * d);
    y[i] = i % 2;
  }
  const visit = Int32Array.from([0, 1, 2, 3, 4]);
  const order = separatingOrder(X, N, d, y, 0.05, visit);
  assert.deepEqual(Array.from(order).slice(0, 2), [0, 3]);
  assert.deepEqual(Array.from(order).sort(), [0, 1, 2, 3, 4]);
});
