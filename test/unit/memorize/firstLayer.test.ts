import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';

test('a draw extended in steps equals the same draw made at full width (prefixes are valid draws)', () => {
  for (const d of [1, 2, 3, 64]) {
    const whole = new FirstLayerDraw('s', 4, d, 0.7, 300);
    whole.extendTo(300);
    const steps = new FirstLayerDraw('s', 4, d, 0.7, 300);
    for (const n of [1, 2, 33, 33, 256, 300]) steps.extendTo(n);
    assert.deepEqual(steps.W, whole.W, `W, d = ${d}`);
    assert.deepEqual(steps.b, whole.b, `b, d = ${d}`);
    const small = new FirstLayerDraw('s', 4, d, 0.7, 40);
    small.extendTo(40);
    assert.deepEqual(small.W, whole.W.subarray(0, 40 * d));
    assert.deepEqual(small.b, whole.b.subarray(0, 40));
  }
  assert.throws(() => new FirstLayerDraw('s', 0, 2, 1, 10).extendTo(11), RangeError);
});

test('draws are seeded: same seed and index agree, other index or seed differ; λ only scales the bias', () => {
  const make = (seed: string, t: number, lambda: number) => {
    const f = new FirstLayerDraw(seed, t, 5, lambda, 50);
    f.extendTo(50);
    return f;
  };
  assert.deepEqual(make('a', 1, 1).W, make('a', 1, 1).W);
  assert.notDeepEqual(make('a', 1, 1).W, make('a', 2, 1).W);
  assert.notDeepEqual(make('a', 1, 1).W, make('b', 1, 1).W);
  const one = make('a', 3, 1), half = make('a', 3, 0.5), zero = make('a', 3, 0);
  assert.deepEqual(half.W, one.W);
  one.b.forEach((v, j) => assert.equal(half.b[j], Math.fround(0.5 * (v))));
  assert.ok(zero.b.every((v) => v === 0));
});

test('W is N(0, 1) and b is Uniform[−λ, λ] (moments within 5 standard errors)', () => {
  const n = 20000, d = 3, lambda = 2;
  const f = new FirstLayerDraw('moments', 0, d, lambda, n);
  f.extendTo(n);
  const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const meanSq = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0) / a.length;
  const m = n * d;
  assert.ok(Math.abs(mean(f.W)) < 5 / Math.sqrt(m));
  assert.ok(Math.abs(meanSq(f.W) - 1) < 5 * Math.sqrt(2 / m));
  assert.ok(f.b.every((v) => v >= -lambda && v <= lambda));
  assert.ok(Math.abs(mean(f.b)) < 5 * (lambda / Math.sqrt(3)) / Math.sqrt(n));
  // Var of Uniform[−λ, λ] is λ²/3; its sample variance has sd ≈ λ²·√(4/45)/√n
  assert.ok(Math.abs(meanSq(f.b) - (lambda * lambda) / 3) < 5 * lambda * lambda * Math.sqrt(4 / 45 / n));
});
