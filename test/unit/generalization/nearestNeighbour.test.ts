import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestAmong, nearestByClass } from '../../../src/core/generalization/nearestNeighbour';
import { kernels, useKernels } from '../../../src/core/kernels/backend';
import { squaredDistanceBounded } from '../../../src/core/kernels/distances';
import { stratifiedSplit } from '../../../src/core/generalization/split';
import { createRng } from '../../../src/core/random';
import { fixturePoints } from '../geometry/fixtures';
import { wasmKernels } from '../helpers';

/** every test point's nearest training point of every class by brute force: (squared distance, index) */
function bruteForce(X: Float32Array, d: number, classRows: Int32Array[], test: Int32Array) {
  return classRows.map((cols) =>
    Array.from(test, (i) => {
      let best = -1,
        bestSquared = Infinity;
      for (const j of cols) {
        const s = squaredDistanceBounded(X, d, i, j, Infinity);
        if (s < bestSquared || (s === bestSquared && j < best)) [best, bestSquared] = [j, s];
      }
      return [best, bestSquared];
    }),
  );
}

function check(X: Float32Array, d: number, y: Int32Array, C: number, seed: string) {
  const split = stratifiedSplit(y, C, 0.2, seed);
  const classRows = Array.from({ length: C }, (_, c) => split.train.filter((i) => y[i] === c));
  const expected = bruteForce(X, d, classRows, split.test);
  const sketch = kernels().sketch?.(X, y.length, d);
  assert.ok(sketch, 'the WebAssembly backend builds sketches');
  for (const near of [nearestByClass(X, d, classRows, split.test), nearestByClass(X, d, classRows, split.test, { sketch })]) {
    const T = split.test.length;
    expected.forEach((perTest, c) =>
      perTest.forEach(([j, s], t) => {
        assert.equal(near.index[c * T + t], j, `class ${c}, test point ${split.test[t]}`);
        assert.equal(near.squared[c * T + t], s);
      }),
    );
    // the overall nearest is the nearest of the per-class nearest, ties to the lower index
    for (let t = 0; t < T; t++) {
      const all = expected.map((perTest) => perTest[t]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      assert.equal(
        nearestAmong(
          near,
          t,
          Array.from({ length: C }, (_, c) => c),
        ),
        all[0][0],
      );
    }
  }
}

test('1-NN by class, with and without a sketch of the points, equals brute force (WebAssembly kernels)', () => {
  useKernels(wasmKernels());
  try {
    // digits: d = 64, ten classes
    const digits = fixturePoints('digits.csv');
    check(digits.X, digits.d, digits.y, digits.classNames.length, 'digits');
    // d = 200 with exact ties: every fifth point is a copy of an earlier one, some of them across classes
    const rng = createRng('ties');
    const N = 400,
      d = 200;
    const X = new Float32Array(N * d),
      y = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      y[i] = rng.int(3);
      if (i >= 5 && i % 5 === 0) {
        const j = rng.int(i);
        X.copyWithin(i * d, j * d, (j + 1) * d);
      } else for (let k = 0; k < d; k++) X[i * d + k] = rng.next() < 0.5 ? 0 : rng.next() / 10;
    }
    check(X, d, y, 3, 'ties');
  } finally {
    useKernels(undefined);
  }
});
