import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reluActivations, thresholdBits } from '../../../src/core/kernels/layer1';
import { coverLoop, reluScores, thresholdScores } from '../../../src/core/memorize/coverLoop';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import { classify, interpolates } from '../../../src/core/memorize/forward';
import { rowsByClass } from '../../../src/core/memorize/problem';
import { createRng } from '../../../src/core/random';
import { randomProblem } from './fixtures';

/** Threshold pattern of point i at width n, from the definition (not the kernel). */
function pattern(X: Float32Array, d: number, f: FirstLayerDraw, i: number, n: number): boolean[] {
  return Array.from({ length: n }, (_, j) => {
    let z = 0;
    for (let k = 0; k < d; k++) z += f.W[j * d + k] * X[i * d + k];
    return z + f.b[j] > 0;
  });
}

/** SCIENCE.md §3's pair condition: every (x⁻, x⁺) has a unit active at x⁺ and inactive at x⁻. */
function pairCondition(X: Float32Array, d: number, f: FirstLayerDraw, neg: Int32Array, pos: Int32Array, n: number): boolean {
  const h = new Map<number, boolean[]>();
  for (const i of [...neg, ...pos]) h.set(i, pattern(X, d, f, i, n));
  return [...neg].every((a) => [...pos].every((c) => h.get(c)!.some((on, j) => on && !h.get(a)![j])));
}

test('threshold cover loop: x⁺ always right, and it interpolates exactly when the pair condition holds', () => {
  let interpolated = 0,
    failed = 0;
  for (let p = 0; p < 6; p++) {
    const { X, N, d, y } = randomProblem(`cover-${p}`, 24, 2 + (p % 3), 2);
    const [neg, pos] = rowsByClass(y, 2).reverse();
    for (let t = 0; t < 5; t++) {
      for (const n of [3, 17, 40, 100]) {
        const f = new FirstLayerDraw('cover', t, d, 0.8, n);
        f.extendTo(n);
        const stride = (n + 31) >>> 5;
        const bits = new Uint32Array(N * stride);
        thresholdBits(X, N, d, f.W, [f.b], 0, n, [bits], stride);
        const layer = coverLoop(thresholdScores(bits, stride, n), neg, pos, createRng(`loop-${t}-${n}`));
        const [predicted] = classify(X, N, d, f.W, f.b, 'threshold', [layer]);
        for (const i of pos) assert.equal(predicted[i], 0, `x⁺ ${i} classified X⁻`);
        const ok = interpolates(predicted, neg, pos);
        assert.equal(ok, pairCondition(X, d, f, neg, pos, n), `problem ${p}, draw ${t}, width ${n}`);
        assert.equal(ok, layer.uncovered === 0);
        assert.ok(layer.K >= 1 && layer.K <= neg.length);
        ok ? interpolated++ : failed++;
      }
    }
  }
  assert.ok(interpolated > 10 && failed > 10, `both outcomes occur (${interpolated} / ${failed})`);
});

test('each neuron has m = min over X⁺ of ⟨u, h(x)⟩ > 0 and u = the units inactive at some x⁻', () => {
  const { X, N, d, y } = randomProblem('neurons', 30, 3, 2);
  const [pos, neg] = rowsByClass(y, 2);
  const n = 64;
  const f = new FirstLayerDraw('neurons', 0, d, 1, n);
  f.extendTo(n);
  const bits = new Uint32Array(N * 2);
  thresholdBits(X, N, d, f.W, [f.b], 0, n, [bits], 2);
  const layer = coverLoop(thresholdScores(bits, 2, n), neg, pos, createRng('x'));
  const h = Array.from({ length: N }, (_, i) => pattern(X, d, f, i, n));
  for (let k = 0; k < layer.K; k++) {
    const u = Array.from({ length: n }, (_, j) => (layer.U[k * layer.nWords + (j >>> 5)] >>> (j & 31)) & 1);
    const s = (i: number) => u.reduce((acc, uj, j) => acc + (uj && h[i][j] ? 1 : 0), 0);
    assert.equal(layer.m[k], Math.min(...[...pos].map(s)));
    assert.ok(layer.m[k] > 0);
    assert.ok(
      [...neg].some((i) => h[i].every((on, j) => on === !u[j])),
      'u is some x⁻’s inactive set',
    );
  }
});

test('no neuron added: K = 1, the zero neuron, which classifies everything X⁺', () => {
  // x⁻ = x⁺ in the same place: the pair condition can never hold.
  const X = Float32Array.of(0.5, 0.5, 0.5, 0.5),
    y = Int32Array.of(0, 1);
  const f = new FirstLayerDraw('zero', 0, 2, 1, 8);
  f.extendTo(8);
  const bits = new Uint32Array(2);
  thresholdBits(X, 2, 2, f.W, [f.b], 0, 8, [bits], 1);
  const [pos, neg] = rowsByClass(y, 2);
  const layer = coverLoop(thresholdScores(bits, 1, 8), neg, pos, createRng('z'));
  assert.equal(layer.K, 1);
  assert.ok(layer.dummy);
  assert.equal(layer.uncovered, 1);
  assert.deepEqual([...classify(X, 2, 2, f.W, f.b, 'threshold', [layer])[0]], [0, 0]);
});

test('ReLU cover loop: x⁺ always right, loop and forward pass agree, and the pair condition suffices', () => {
  let interpolated = 0;
  for (let p = 0; p < 4; p++) {
    const { X, N, d, y } = randomProblem(`relu-${p}`, 24, 3, 2);
    const [neg, pos] = rowsByClass(y, 2).reverse();
    for (let t = 0; t < 4; t++) {
      for (const n of [5, 30, 90]) {
        const f = new FirstLayerDraw('relu', t, d, 0.8, n);
        f.extendTo(n);
        const act = new Float32Array(N * n);
        reluActivations(X, N, d, f.W, f.b, 0, n, act, n);
        const layer = coverLoop(reluScores(act, n, n), neg, pos, createRng(`relu-${t}-${n}`));
        const [predicted] = classify(X, N, d, f.W, f.b, 'relu', [layer]);
        for (const i of pos) assert.equal(predicted[i], 0);
        const ok = interpolates(predicted, neg, pos);
        assert.equal(ok, layer.uncovered === 0);
        if (pairCondition(X, d, f, neg, pos, n)) assert.ok(ok, 'pair condition ⇒ ReLU interpolates');
        if (ok) interpolated++;
      }
    }
  }
  assert.ok(interpolated > 5);
});

test('the cover loop is determined by its seed', () => {
  const { X, N, d, y } = randomProblem('det', 40, 2, 2);
  const [pos, neg] = rowsByClass(y, 2);
  const n = 50;
  const f = new FirstLayerDraw('det', 0, d, 1, n);
  f.extendTo(n);
  const bits = new Uint32Array(N * 2);
  thresholdBits(X, N, d, f.W, [f.b], 0, n, [bits], 2);
  const run = (seed: string) => coverLoop(thresholdScores(bits, 2, n), neg, pos, createRng(seed));
  assert.deepEqual(run('a'), run('a'));
  const others = ['b', 'c', 'd', 'e'].map(run);
  assert.ok(
    others.some((o) => o.K !== run('a').K || !o.U.every((w, q) => w === run('a').U[q])),
    'another seed picks other candidates',
  );
});
