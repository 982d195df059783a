import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAdmissible, mutualCovering, type Covering } from '../../../src/core/geometry/covering';
import { gaussianBlobs, randomLabelled, fixturePoints } from './fixtures';
import type { LabeledPoints } from '../../../src/core/points';

const classesOf = (input: LabeledPoints, a = 0, b = 1): [Int32Array, Int32Array] => {
  const idx = (c: number) => Int32Array.from([...input.y.keys()].filter((i) => input.y[i] === c));
  return [idx(a), idx(b)];
};

/** Recompute every claimed figure by brute force and check the covering's promises. */
function assertValidCovering(input: LabeledPoints, classes: [Int32Array, Int32Array], cov: Covering) {
  const { X, d } = input;
  const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from({ length: d }, (_, k) => (a[k] - b[k]) ** 2).reduce((s, v) => s + v, 0));
  const row = (i: number) => X.subarray(i * d, (i + 1) * d);
  for (const side of [0, 1] as const) {
    const members = cov.components
      .filter((c) => c.side === side)
      .flatMap((c) => Array.from(c.members))
      .sort((p, q) => p - q);
    assert.deepEqual(
      members,
      Array.from(classes[side]).sort((p, q) => p - q),
      `side ${side} is partitioned exactly`,
    );
  }
  const conflictPoints = new Set(cov.conflicts.flatMap((c) => [...c.side0, ...c.side1]));
  for (const c of cov.components) {
    const radius = Math.max(...Array.from(c.members, (i) => dist(row(i), c.center)));
    assert.ok(Math.abs(radius - c.radius) <= 1e-9, `radius ${c.radius} vs brute force ${radius}`);
    const nearest = Math.min(...cov.components.filter((o) => o.side !== c.side).map((o) => dist(o.center, c.center)));
    assert.ok(Math.abs(nearest - c.distance) <= 1e-9, `distance ${c.distance} vs brute force ${nearest}`);
    if (!isAdmissible(c, cov.kappa)) {
      // the only exception the covering allows: identical points on identical opposite points
      assert.equal(c.radius, 0);
      assert.equal(c.distance, 0);
      assert.ok(conflictPoints.has(c.members[0]));
    } else {
      assert.ok(c.radius <= cov.kappa * c.distance);
    }
  }
}

test('k interleaved, well-separated Gaussian blobs per class give exactly k components per class', () => {
  for (const k of [1, 2, 3, 5]) {
    // class 0 at 0, 2, 4, …; class 1 at 1, 3, 5, … along e₁ in R⁵: merging two same-class blobs puts a
    // center next to an opposite blob, so only the blobs themselves are admissible
    const line = (offset: number) => Array.from({ length: k }, (_, j) => [2 * j + offset, 0, 0, 0, 0]);
    const input = gaussianBlobs([line(0), line(1)], 40, 0.02, `blobs-${k}`);
    const classes = classesOf(input);
    const cov = mutualCovering(input.X, input.d, classes, { kappa: 0.5, seed: '1' });
    assertValidCovering(input, classes, cov);
    assert.equal(cov.components.filter((c) => c.side === 0).length, k);
    assert.equal(cov.components.filter((c) => c.side === 1).length, k);
    for (const c of cov.components) assert.equal(c.members.length, 40, 'each component is one whole blob');
  }
});

test('the covering is admissible and exact on unstructured random data, for many seeds and κ', () => {
  for (let s = 0; s < 25; s++) {
    const input = randomLabelled(120, 1 + (s % 5), `random-${s}`);
    const classes = classesOf(input);
    const kappa = [0.5, 0.25, 1][s % 3];
    const cov = mutualCovering(input.X, input.d, classes, { kappa, seed: `s${s}` });
    assertValidCovering(input, classes, cov);
    assert.equal(cov.conflicts.length, 0);
  }
});

test('the distance sketch only prunes: with it from the start or never, the same covering, exact', () => {
  for (let s = 0; s < 6; s++) {
    // d ≥ 8, so the sketch has principal axes besides the residual norm
    const input = randomLabelled(300, [8, 16, 40][s % 3], `sketch-${s}`);
    const classes = classesOf(input);
    const plain = mutualCovering(input.X, input.d, classes, { kappa: 0.5, seed: `k${s}` });
    const sketched = mutualCovering(input.X, input.d, classes, { kappa: 0.5, seed: `k${s}`, sketchFrom: 2 });
    assert.ok(plain.components.length > 20 && plain.components.length < 1024, 'many components, none sketched by default');
    assertValidCovering(input, classes, sketched);
    const figures = (c: Covering) => c.components.map((o) => [o.side, Array.from(o.members), o.radius, o.distance, o.nearest]);
    assert.deepEqual(figures(sketched), figures(plain));
  }
});

test('refinement splits only inadmissible components and never enlarges a ball', () => {
  for (let s = 0; s < 10; s++) {
    const input = randomLabelled(200, 3, `refine-${s}`);
    const cov = mutualCovering(input.X, input.d, classesOf(input), { kappa: 0.5, seed: `r${s}` });
    assert.ok(cov.splits.length > 0);
    for (const split of cov.splits) {
      assert.ok(!isAdmissible({ radius: split.parentRadius, distance: split.parentDistance }, 0.5), 'only inadmissible components are split');
      assert.ok(split.childRadii[0] <= split.parentRadius && split.childRadii[1] <= split.parentRadius, 'children fit in the parent radius');
      assert.ok(split.childSizes[0] > 0 && split.childSizes[1] > 0);
    }
    // each split adds exactly one component
    assert.equal(cov.components.length, 2 + cov.splits.length);
  }
});

test('identical points with opposite labels are reported as conflicts and the loop ends', () => {
  const base = randomLabelled(60, 2, 'conflict');
  const X = new Float32Array(base.X);
  // copy point 0 (class 0) onto point 1 (class 1): two conflicting rows; and a same-class duplicate of it
  X[2] = X[0];
  X[3] = X[1];
  X[4] = X[0];
  X[5] = X[1];
  const y = Int32Array.from(base.y);
  y[0] = 0;
  y[1] = 1;
  y[2] = 0;
  const input = { ...base, X, y };
  const classes = classesOf(input);
  const cov = mutualCovering(X, 2, classes, { kappa: 0.5, seed: '1' });
  assertValidCovering(input, classes, cov);
  assert.equal(cov.conflicts.length, 1);
  assert.deepEqual([...cov.conflicts[0].side0].sort(), [0, 2]);
  assert.deepEqual(cov.conflicts[0].side1, [1]);
});

test('the same seed gives the same covering', () => {
  const input = fixturePoints('iris.csv');
  const classes = classesOf(input, 1, 2);
  const a = mutualCovering(input.X, input.d, classes, { kappa: 0.5, seed: 'x' });
  const b = mutualCovering(input.X, input.d, classes, { kappa: 0.5, seed: 'x' });
  assert.deepEqual(
    a.components.map((c) => [c.side, Array.from(c.members), c.radius]),
    b.components.map((c) => [c.side, Array.from(c.members), c.radius]),
  );
});

test('two moons: a handful of admissible balls per moon', () => {
  const input = fixturePoints('two-moons.csv');
  const classes = classesOf(input);
  const cov = mutualCovering(input.X, input.d, classes, { kappa: 0.5, seed: '1' });
  assertValidCovering(input, classes, cov);
  const M = [0, 1].map((s) => cov.components.filter((c) => c.side === s).length);
  // observed: 7 + 7 for seed 1; a moon is a curved band, so one ball cannot be admissible, and the
  // noise (0.05) is small against the gap, so it never degenerates into many small pieces
  for (const m of M) assert.ok(m >= 2 && m <= 20, `M = ${m}`);
  assert.equal(cov.conflicts.length, 0);
});
