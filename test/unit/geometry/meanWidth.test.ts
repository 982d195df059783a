import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentWidths, gaussianDraws, groupWidths, meanAndStandardError, monteCarloWidth } from '../../../src/core/geometry/meanWidth';
import { typescriptKernels, useKernels } from '../../../src/core/kernels/backend';
import { createRng } from '../../../src/core/random';
import { wasmKernels } from '../helpers';
import { fixturePoints } from './fixtures';

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
const sqrt2overPi = Math.sqrt(2 / Math.PI);

test('segment [−a, a]·e (symmetric): both definitions equal a·√(2/π), draw by draw', () => {
  for (const [a, d] of [
    [1, 1],
    [0.3, 4],
    [2.5, 10],
  ]) {
    const X = new Float32Array(2 * d);
    X[0] = a;
    X[d] = -a; // the segment along e₁; its support function is attained at the endpoints
    const [est] = componentWidths(X, d, [{ members: Int32Array.of(0, 1), center: new Float64Array(d) }], draws, `seg-${a}`);
    assertWithin3SE(est.absolute, a * sqrt2overPi, `segment a=${a}, d=${d}`);
    // A = −A: sup |⟨g, a⟩| = sup ⟨g, a⟩ for every g, so the two Monte Carlo means are the same number
    assert.deepEqual(est.oneSided, est.absolute);
  }
});

test("one-sided set {0, a}: w = ‖a‖√(2/π) (the paper's), w⁺ = ‖a‖/√(2π), exactly half", () => {
  // ⟨g, a⟩ = ‖a‖z, z ~ N(0, 1): sup over {0, a} of |·| is ‖a‖|z|, mean ‖a‖√(2/π); of ⟨·⟩ it is ‖a‖ max(0, z),
  // mean ‖a‖/√(2π). Within 3 standard errors each (fixed seeds, about 0.3 % false-alarm chance per check).
  for (const [a, d] of [
    [[0.6, 0.8], 2],
    [[0, 0.2, 0, 0, 0.1], 5],
  ] as [number[], number][]) {
    const X = new Float32Array(2 * d);
    X.set(a, d); // row 0 is the origin, row 1 is a
    const norm = Math.hypot(...Float32Array.from(a));
    const [est] = componentWidths(X, d, [{ members: Int32Array.of(0, 1), center: new Float64Array(d) }], draws, `half-${d}`);
    assertWithin3SE(est.absolute, norm * sqrt2overPi, `w of {0, a}, d=${d}`);
    assertWithin3SE(est.oneSided, norm / Math.sqrt(2 * Math.PI), `w⁺ of {0, a}, d=${d}`);
    assert.ok(est.oneSided.width < est.absolute.width);
  }
});

test('a single point off its center: w = ‖x − c‖√(2/π) and w⁺ = 0 exactly, without sampling', () => {
  const X = Float32Array.of(0.3, 0.4);
  const [est] = componentWidths(X, 2, [{ members: Int32Array.of(0), center: Float64Array.of(0, 0) }], 500, 'p');
  // ‖(0.3, 0.4)‖ = 0.5 up to float32 rounding of the coordinates
  assert.ok(Math.abs(est.absolute.width - 0.5 * sqrt2overPi) < 1e-7, String(est.absolute.width));
  assert.equal(est.absolute.se, 0);
  assert.deepEqual(est.oneSided, { width: 0, se: 0 });
});

test('two moons, each class about its mean: 0 ≤ w⁺ ≤ w, and the moons (lopsided about their means) differ', () => {
  const { X, N, d, y } = fixturePoints('two-moons.csv');
  const groups = [0, 1].map((c) => {
    const members = Int32Array.from({ length: N }, (_, i) => i).filter((i) => y[i] === c);
    const center = new Float64Array(d);
    for (const i of members) for (let k = 0; k < d; k++) center[k] += X[i * d + k] / members.length;
    return { members, center };
  });
  for (const e of componentWidths(X, d, groups, 2000, 'moons')) {
    // w⁺ ≤ w holds draw by draw; the center is the mean, inside the hull, so every sup ⟨g, ·⟩ is ≥ 0
    assert.ok(0 <= e.oneSided.width && e.oneSided.width <= e.absolute.width, JSON.stringify(e));
    // a moon is not symmetric about its mean: the two definitions differ by more than 3 standard errors
    assert.ok(e.absolute.width - e.oneSided.width > 3 * Math.hypot(e.absolute.se, e.oneSided.se), JSON.stringify(e));
  }
});

test('disk of radius r in R²: w = r·√(π/2), from 720 points of its boundary (polygon error < 1e-5·r)', () => {
  for (const r of [1, 0.2]) {
    const n = 720,
      X = new Float32Array(2 * n);
    for (let j = 0; j < n; j++) {
      X[2 * j] = r * Math.cos((2 * Math.PI * j) / n);
      X[2 * j + 1] = r * Math.sin((2 * Math.PI * j) / n);
    }
    // shift the disk: w(A − c) does not depend on where A sits
    const shift = [0.4, -0.1];
    for (let j = 0; j < n; j++) {
      X[2 * j] += shift[0];
      X[2 * j + 1] += shift[1];
    }
    const [est] = componentWidths(X, 2, [{ members: Int32Array.from({ length: n }, (_, j) => j), center: Float64Array.from(shift) }], draws, `disk-${r}`);
    assertWithin3SE(est.absolute, r * Math.sqrt(Math.PI / 2), `disk r=${r}`);
    assertWithin3SE(est.oneSided, r * Math.sqrt(Math.PI / 2), `disk r=${r}, one-sided`);
  }
});

test('ball of radius r in R^d: w = r·√2·Γ((d+1)/2)/Γ(d/2), from its support function r‖g‖', () => {
  for (const [r, d] of [
    [1, 2],
    [0.5, 5],
    [1, 50],
    [0.1, 784],
  ]) {
    const est = monteCarloWidth((g) => r * Math.hypot(...g), d, draws, `ball-${d}`);
    assertWithin3SE(est, r * expectedNorm(d), `ball r=${r}, d=${d}`);
  }
  // the recurrence against known values: E‖g‖ = √(π/2) in R², 2√(2/π)·… in R³ = 2√(2/π)
  assert.ok(Math.abs(expectedNorm(2) - Math.sqrt(Math.PI / 2)) < 1e-12);
  assert.ok(Math.abs(expectedNorm(3) - 2 * Math.sqrt(2 / Math.PI)) < 1e-12);
});

test('a point at its own center has width exactly 0; groups share draws; the seed fixes the estimate', () => {
  const X = Float32Array.of(0.3, 0.1, -0.2, 0.5, 0.7, 0.7);
  const groups = [
    { members: Int32Array.of(0), center: Float64Array.of(X[0], X[1]) }, // the point itself, as stored
    { members: Int32Array.of(1, 2), center: Float64Array.of(0.25, 0.6) },
  ];
  const a = componentWidths(X, 2, groups, 500, 's');
  assert.deepEqual(a[0], { absolute: { width: 0, se: 0 }, oneSided: { width: 0, se: 0 } });
  assert.ok(a[1].absolute.width > 0 && a[1].oneSided.width > 0);
  assert.deepEqual(componentWidths(X, 2, groups, 500, 's'), a);
  assert.notDeepEqual(componentWidths(X, 2, groups, 500, 't'), a);
});

for (const [backend, use] of [
  ['TypeScript', () => typescriptKernels],
  ['WebAssembly', wasmKernels],
] as const) {
  test(`groupWidths equals the plain loop (one draw, one point, one dot product at a time) bit for bit, ${backend} kernels, groups across the kernel's blocks`, () => {
    useKernels(use());
    try {
      const rng = createRng('plain');
      const N = 700,
        d = 37,
        draws = 203;
      const X = Float32Array.from({ length: N * d }, () => rng.normal());
      const G = gaussianDraws(rng, draws, d);
      // groups of 14 and 13 points, and one of 673 that spans three of the dense kernel's blocks
      const groups = [0, 1, 2].map((g) => {
        const members = Int32Array.from({ length: N }, (_, i) => i).filter((i) => (i < 40 ? i % 3 === g : g === 2));
        return { members, center: Float64Array.from({ length: d }, () => rng.normal()) };
      });
      const got = groupWidths({ X, d, G, draws, groups });
      groups.forEach(({ members, center }, q) => {
        const absolute = new Float64Array(draws),
          oneSided = new Float64Array(draws);
        for (let t = 0; t < draws; t++) {
          let sup = -Infinity,
            inf = Infinity,
            c = 0;
          for (const i of members) {
            let s = 0;
            for (let k = 0; k < d; k++) s += G[t * d + k] * X[i * d + k];
            sup = Math.max(sup, s);
            inf = Math.min(inf, s);
          }
          for (let k = 0; k < d; k++) c += G[t * d + k] * center[k];
          oneSided[t] = sup - c;
          absolute[t] = Math.max(sup - c, c - inf);
        }
        assert.deepEqual(got[q], { absolute: meanAndStandardError(absolute), oneSided: meanAndStandardError(oneSided) });
      });
    } finally {
      useKernels(undefined);
    }
  });
}
