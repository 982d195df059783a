import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { COVERING_WORK, coveringCap, decompositionStudy, DECOMPOSITION_MAX_POINTS, type DecompositionOptions } from '../../../src/core/geometry/decomposition';
import { fitPlane, projectRow } from '../../../src/core/geometry/projection';
import type { Approximation } from '../../../src/core/report';
import { fixturePoints } from './fixtures';

const options = (over: Partial<DecompositionOptions> = {}): DecompositionOptions => ({
  negative: 1,
  positive: 0,
  kappa: 0.5,
  eta: 0.01,
  widthDraws: 200,
  seed: '1',
  ...over,
});

test('two moons: a JSON-safe report whose figures agree with each other', () => {
  const input = fixturePoints('two-moons.csv');
  const measured = [
    { lambda: 0, requiredWidth: null, K: null },
    { lambda: 1, requiredWidth: 250, K: 6 },
  ];
  const r = decompositionStudy(input, options({ measured }), {});
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'plain JSON data');
  assert.equal(r.Mminus + r.Mplus, r.components.length);
  assert.equal(r.components.filter((c) => c.side === 'minus').length, r.Mminus);
  assert.equal(
    r.components.reduce((s, c) => s + c.size, 0),
    1000,
  );
  assert.ok(r.components.every((c) => c.admissible && c.radius <= 0.5 * c.distance));
  assert.equal(r.deltaC, Math.min(...r.components.map((c) => c.distance)));
  assert.equal(r.orientations.length, 2);
  assert.equal(r.orientations[1].Mminus, r.Mplus);
  assert.equal(r.bound, r.orientations[0]);
  assert.equal(r.predictedWidth, r.bound!.predictedWidth);
  assert.equal(r.bound!.Kbound, r.Mminus);
  assert.equal(r.measuredWidth, 250);
  assert.equal(r.ratio, 250 / r.predictedWidth!);
  assert.equal(r.measuredK, 6);
  assert.ok(r.components.every((c) => c.width >= 0 && c.widthSE >= 0 && c.width <= 3 * c.radius));
  // d = 2: the raw plane, every point shown at its own coordinates
  assert.equal(r.projection.method, 'raw');
  assert.equal(r.projection.points.length, 1000);
  const p = r.projection.points[17];
  assert.deepEqual([p.x, p.y], [input.X[34], input.X[35]]);
  assert.equal(r.projection.centers.length, r.components.length);
  assert.match(r.sentence, /C ≈/);
});

test('the same seed reproduces the report; the covering is shared by both orientations', () => {
  const input = fixturePoints('iris.csv');
  const a = decompositionStudy(input, options({ negative: 1, positive: 2 }), {});
  assert.deepEqual(decompositionStudy(input, options({ negative: 1, positive: 2 }), {}), a);
  const swapped = decompositionStudy(input, options({ negative: 2, positive: 1 }), {});
  assert.deepEqual([swapped.Mminus, swapped.Mplus], [a.Mplus, a.Mminus]);
  assert.equal(swapped.deltaC, a.deltaC);
});

test('one-vs-rest on iris: setosa is one ball against the rest', () => {
  const r = decompositionStudy(fixturePoints('iris.csv'), options({ negative: 0, positive: 'rest' }), {});
  assert.equal(r.Mminus, 1);
  assert.equal(r.N, 150);
  assert.equal(
    r.components.filter((c) => c.side === 'plus').reduce((s, c) => s + c.size, 0),
    100,
  );
  assert.equal(r.projection.method, 'pca');
});

test('PCA view: the explained variance matches an exact eigendecomposition (iris, d = 4)', () => {
  const { X, N, d } = fixturePoints('iris.csv');
  const rows = Int32Array.from({ length: N }, (_, i) => i);
  const plane = fitPlane(X, d, rows, 'p');
  const data = Matrix.from1DArray(N, d, Float64Array.from(X));
  const centered = data.subRowVector(data.mean('column'));
  const eig = new EigenvalueDecomposition(centered.transpose().mmul(centered), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
  const exact = (eig[0] + eig[1]) / eig.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(plane.explainedVariance - exact) < 1e-9, `${plane.explainedVariance} vs ${exact}`);
  // orthonormal axes; the projection of the mean is the origin
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, k) => s + v * b[k], 0);
  assert.ok(Math.abs(dot(plane.axes[0], plane.axes[0]) - 1) < 1e-9 && Math.abs(dot(plane.axes[0], plane.axes[1])) < 1e-9);
  const o = projectRow(plane, plane.mean);
  assert.ok(Math.abs(o.x) < 1e-12 && Math.abs(o.y) < 1e-12);
});

test('conflicting identical points: no bound, the rows are named, and the sentence says why', () => {
  const input = fixturePoints('two-moons.csv');
  const X = new Float32Array(input.X);
  const y = Int32Array.from(input.y);
  const [a, b] = [y.indexOf(0), y.indexOf(1)];
  X[2 * a] = X[2 * b];
  X[2 * a + 1] = X[2 * b + 1];
  const r = decompositionStudy({ ...input, X, y }, options(), {});
  assert.equal(r.conflicts.length, 1);
  assert.deepEqual([r.conflicts[0].minus, r.conflicts[0].plus], [[b], [a]]);
  assert.equal(r.bound, null);
  assert.equal(r.predictedWidth, null);
  assert.deepEqual(r.orientations, []);
  assert.match(r.sentence, /identical point/);
});

test('digits 3 vs 8 (d = 64): every component admissible, the view is a subsample-free PCA', () => {
  const r = decompositionStudy(fixturePoints('digits.csv'), options({ negative: 3, positive: 8, widthDraws: 100 }), {});
  assert.ok(r.components.every((c) => c.admissible));
  assert.equal(r.projection.points.length, r.N);
  assert.ok(r.projection.explainedVariance > 0 && r.projection.explainedVariance < 1);
});

test('invalid class choices are refused', () => {
  assert.throws(() => decompositionStudy(fixturePoints('iris.csv'), options({ negative: 1, positive: 1 }), {}), /Invalid class pair/);
  assert.throws(() => decompositionStudy(fixturePoints('iris.csv'), options({ negative: 5, positive: 1 }), {}), /Invalid class pair/);
});

test('over maxPoints the covering takes evenly spaced points of each side in proportion, and says so', () => {
  const input = fixturePoints('two-moons.csv');
  const seen: Approximation[] = [];
  const r = decompositionStudy(input, options({ maxPoints: 300 }), { approximate: (a) => seen.push(a) });
  const sides = [1, 0].map((c) => Array.from({ length: input.N }, (_, i) => i).filter((i) => input.y[i] === c));
  const expected = sides.map((side) => Math.max(1, Math.round((300 * side.length) / 1000)));
  assert.deepEqual(seen, [{ figure: 'decomposition', kind: 'subsample', used: expected[0] + expected[1], of: 1000, sentence: seen[0].sentence }]);
  assert.equal(r.N, 1000);
  // the reading counts the balls against the points they cover, not against all N
  assert.ok(r.sentence.includes(`the ${expected[0] + expected[1]} points`), r.sentence);
  assert.deepEqual(
    [0, 1].map((s) => r.components.filter((c) => c.side === (s === 0 ? 'minus' : 'plus')).reduce((n, c) => n + c.size, 0)),
    expected,
  );
  assert.ok(r.components.every((c) => c.admissible));
  // only covered points are drawn, each inside a component
  assert.ok(r.projection.points.length <= expected[0] + expected[1] && r.projection.points.every((p) => p.component >= 0));
  // at or under the cap nothing changes and nothing is said
  const quiet: Approximation[] = [];
  assert.deepEqual(decompositionStudy(input, options({ maxPoints: 1000 }), { approximate: (a) => quiet.push(a) }), decompositionStudy(input, options(), {}));
  assert.equal(quiet.length, 0);
});

test("the covering's default cap is its work budget: √(COVERING_WORK / d) points, at most 12,000", () => {
  assert.equal(coveringCap(784), Math.floor(Math.sqrt(COVERING_WORK / 784)));
  assert.equal(coveringCap(784), 2020, 'Fashion-MNIST pixels: 2,020 points');
  assert.equal(coveringCap(64), 7071, 'digits (1,797 points) stays whole');
  assert.equal(coveringCap(2), DECOMPOSITION_MAX_POINTS);
  // (points)² × d stays within the budget, one more point would not
  for (const d of [3, 64, 784, 3072]) {
    const n = coveringCap(d);
    assert.ok(n * n * d <= COVERING_WORK && (n === DECOMPOSITION_MAX_POINTS || (n + 1) * (n + 1) * d > COVERING_WORK), `d = ${d}`);
  }
});
