import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteGaussianMoment, expectedGaussianNorm, logGamma } from '../../../src/core/lipschitz/gaussianReference';
import { pNorm } from '../../../src/core/lipschitz/norms';
import { createRng } from '../../../src/core/random';

test('log Γ matches known values', () => {
  assert.ok(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-14);
  assert.ok(Math.abs(logGamma(10) - Math.log(362880)) < 1e-12);
  assert.ok(Math.abs(logGamma(1) - 0) < 1e-14);
  assert.ok(Math.abs(logGamma(101) - 363.73937555556347) < 1e-10);
});

test('closed forms: E‖g‖_2 (chi mean), E‖g‖_1 = d√(2/π), E|g|^r', () => {
  assert.ok(Math.abs(expectedGaussianNorm(1, 2) - Math.sqrt(2 / Math.PI)) < 1e-15);
  assert.ok(Math.abs(expectedGaussianNorm(2, 2) - Math.sqrt(Math.PI / 2)) < 1e-14); // Rayleigh mean
  assert.ok(Math.abs(expectedGaussianNorm(3, 2) - 2 * Math.sqrt(2 / Math.PI)) < 1e-14); // Maxwell mean
  assert.equal(expectedGaussianNorm(5, 1), 5 * Math.sqrt(2 / Math.PI));
  assert.ok(Math.abs(absoluteGaussianMoment(2) - 1) < 1e-14);
  assert.ok(Math.abs(absoluteGaussianMoment(4) - 3) < 1e-13);
});

test('the integral representation is exact where the answer is known', () => {
  // d = 1: ‖g‖_q = |g| for every q
  for (const q of [1.05, 1.3, 1.5, 1.9, 3, 8, Infinity]) {
    assert.ok(Math.abs(expectedGaussianNorm(1, q) - Math.sqrt(2 / Math.PI)) < 1e-7, `q=${q}`);
  }
  // the finite q to 1e-12 (q = 20 too, where the inner integral's transition is sharpest)
  for (const q of [1.05, 1.3, 3, 8, 20]) {
    assert.ok(Math.abs(expectedGaussianNorm(1, q) / Math.sqrt(2 / Math.PI) - 1) < 1e-12, `q=${q}`);
  }
  // q → 2 and q → 1 approach the closed forms continuously
  for (const d of [2, 10, 200]) {
    assert.ok(Math.abs(expectedGaussianNorm(d, 2 - 1e-7) / expectedGaussianNorm(d, 2) - 1) < 1e-6, `d=${d}`);
    assert.ok(Math.abs(expectedGaussianNorm(d, 1 + 1e-6) / expectedGaussianNorm(d, 1) - 1) < 1e-4, `d=${d}`);
  }
});

test('E‖g‖_q matches Monte Carlo within 4 standard errors (20 000 draws)', () => {
  const rng = createRng('mc');
  const draws = 20000;
  for (const [d, q] of [
    [3, 1.5],
    [20, 4 / 3],
    [50, 1.2],
    [10, 3],
    [30, Infinity],
    [7, 2],
  ] as const) {
    let s = 0,
      s2 = 0;
    const g = new Float64Array(d);
    for (let t = 0; t < draws; t++) {
      for (let i = 0; i < d; i++) g[i] = rng.normal();
      const v = pNorm(g, q);
      s += v;
      s2 += v * v;
    }
    const mean = s / draws;
    const se = Math.sqrt((s2 / draws - mean * mean) / draws);
    const exact = expectedGaussianNorm(d, q);
    assert.ok(Math.abs(mean - exact) <= 4 * se, `d=${d} q=${q}: MC ${mean} ± ${se}, exact ${exact}`);
    // and the standard error is small enough for the comparison to mean something
    assert.ok(se < 0.01 * exact);
  }
});

test('1 − e^{−y} is exactly 1 from y = 38 on, which lets the Laplace integral skip those exponentials', () => {
  for (let y = 38; y < 80; y += 1e-3) assert.equal(-Math.expm1(-y), 1, `y = ${y}`);
  for (const y of [1e3, 1e300, Infinity]) assert.equal(-Math.expm1(-y), 1);
  // the largest y below the cut still differs from 1, so the cut is not where the terms start to matter
  assert.ok(-Math.expm1(-37) < 1);
});
