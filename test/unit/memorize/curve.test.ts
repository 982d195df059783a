import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kPoint, kWidths, parameterCount, requiredWidth, thresholdCurve, wilson } from '../../../src/core/memorize/curve';

const close = (a: number, b: number, tol = 5e-5) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('Wilson 95 % interval matches published values', () => {
  // e.g. Wilson (1927); Brown, Cai & DasGupta (2001), Table values for n = 10, 100
  const cases: [number, number, number, number][] = [
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [99, 100, 0.9455, 0.9982],
    [100, 100, 0.963, 1],
  ];
  for (const [k, T, lo, hi] of cases) {
    const w = wilson(k, T);
    close(w.lo, lo);
    close(w.hi, hi);
  }
  // the interval contains the estimate and narrows with T
  const a = wilson(30, 100),
    b = wilson(300, 1000);
  assert.ok(a.lo < 0.3 && 0.3 < a.hi && b.hi - b.lo < a.hi - a.lo);
});

test('the threshold curve is the empirical CDF, listed at its jumps and at maxWidth', () => {
  const curve = thresholdCurve([5, null, 3, 5, 9, 3, 3, null], 20);
  assert.deepEqual(
    curve.map((c) => [c.n, c.p]),
    [
      [3, 3 / 8],
      [5, 5 / 8],
      [9, 6 / 8],
      [20, 6 / 8],
    ],
  );
  assert.ok(curve.every((c) => c.lo <= c.p && c.p <= c.hi));
  assert.equal(requiredWidth(curve, 0.4), 5);
  assert.equal(requiredWidth(curve, 0.25), 9);
  assert.equal(requiredWidth(curve, 0.01), null);
  assert.deepEqual(
    thresholdCurve([null, null], 64).map((c) => [c.n, c.p]),
    [[64, 0]],
  );
  assert.deepEqual(
    thresholdCurve([64, 64], 64).map((c) => [c.n, c.p]),
    [[64, 1]],
  );
  // 99 of 100 is P = 0.99 ≥ 1 − 0.01, despite floating point
  const ninetyNine = thresholdCurve([...Array.from({ length: 99 }, (_, i) => i + 1), null], 500);
  assert.equal(requiredWidth(ninetyNine, 0.01), 99);
});

test('K statistics, K widths and the parameter count', () => {
  assert.deepEqual(kPoint(10, [4, 6, 5]), { n: 10, K: 5, min: 4, max: 6 });
  assert.deepEqual(kWidths(100, 4096), [100, 150, 200, 400]);
  assert.deepEqual(kWidths(2000, 4096), [2000, 3000, 4000, 4096]);
  assert.deepEqual(kWidths(4096, 4096), [4096]);
  // n(d + 1) + K(n + 1) + (K + 1): width 200 in R², 6 neurons
  assert.equal(parameterCount(200, 2, 6), 200 * 3 + 6 * 201 + 7);
  assert.equal(parameterCount(200, 2, 6, 3), 200 * 3 + 6 * 201 + 9);
});
