import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentWidths, monteCarloWidth } from '../../../src/core/geometry/meanWidth';

/** E‖g‖ for g ~ N(0, I_d) = √2 Γ((d+1)/2) / Γ(d/2), by the recurrence c₁ = √(2/π), c_{d+1} = d / c_d. */
function expectedNorm(d: number): number {
  let c = Math.sqrt(2 / Math.PI);
  for (let k = 1; k < d; k++) c = k / c;
  return c;
}

const draws = 4000;
/** Within 3 standard errors (about a 0.3 % chance of a false alarm per check, fixed by the seed). */
const assertWithin3SE = (est: { width: number; se: number }, exact: number, what: string) =>
  assert.ok(Math.abs(est.width - exact) <= 3 * est.se, `${what}: ${est.width} ± ${est.se} vs ${exact}`);

test('segment [−a, a]·e: w = a·√(2/π), from its two endpoints as a point set', () => {
  for (const [a, d] of [[1, 1], [0.3, 4], [2.5, 10]]) {
    const X = new Float32Array(2 * d);
    X[0] = a; X[d] = -a; // the segment along e₁; its support function is attained at the endpoints
    const [est] = componentWidths(X, d, [{ members: Int32Array.of(0, 1), center: new Float64Array(d) }], draws, `seg-${a}`);
    assertWithin3SE(est, a * Math.sqrt(2 / Math.PI), `segment a=${a}, d=${d}`);
  }
});

test('disk of radius r in R²: w = r·√(π/2), from 720 points of its boundary (polygon error < 1e-5·r)', () => {
  for (const r of [1, 0.2]) {
    const n = 720, X = new Float32Array(2 * n);
    for (let j = 0; j < n; j++) { X[2 * j] = r * Math.cos((2 * Math.PI * j) / n); X[2 * j + 1] = r * Math.sin((2 * Math.PI * j) / n); }
    // shift the disk: w(A − c) does not depend on where A sits
    const shift = [0.4, -0.1];
    for (let j = 0; j < n; j++) { X[2 * j] += shift[0]; X[2 * j + 1] += shift[1]; }
    const [est] = componentWidths(X, 2, [{ members: Int32Array.from({ length: n }, (_, j) => j), center: Float64Array.from(shift) }], draws, `disk-${r}`);
    assertWithin3SE(est, r * Math.sqrt(Math.PI / 2), `disk r=${r}`);
  }
});

test('ball of radius r in R^d: w = r·√2·Γ((d+1)/2)/Γ(d/2), from its support function r‖g‖', () => {
  for (const [r, d] of [[1, 2], [0.5, 5], [1, 50], [0.1, 784]]) {
    const est = monteCarloWidth((g) => r * Math.hypot(...g), d, draws, `ball-${d}`);
    assertWithin3SE(est, r * expectedNorm(d), `ball r=${r}, d=${d}`);
  }
  // the recurrence against known values: E‖g‖ = √(π/2) in R², 2√(2/π)·… in R³ = 2√(2/π)
  assert.ok(Math.abs(expectedNorm(2) - Math.sqrt(Math.PI / 2)) < 1e-12);
  assert.ok(Math.abs(expectedNorm(3) - 2 * Math.sqrt(2 / Math.PI)) < 1e-12);
});

test('a single point has width exactly 0; groups share draws; the seed fixes the estimate', () => {
  const X = Float32Array.of(0.3, 0.1, -0.2, 0.5, 0.7, 0.7);
  const groups = [
    { members: Int32Array.of(0), center: Float64Array.of(X[0], X[1]) }, // the point itself, as stored
    { members: Int32Array.of(1, 2), center: Float64Array.of(0.25, 0.6) },
  ];
  const a = componentWidths(X, 2, groups, 500, 's');
  assert.equal(a[0].width, 0);
  assert.equal(a[0].se, 0);
  assert.ok(a[1].width > 0);
  assert.deepEqual(componentWidths(X, 2, groups, 500, 's'), a);
  assert.notDeepEqual(componentWidths(X, 2, groups, 500, 't'), a);
});
