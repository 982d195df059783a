import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { principalAxes } from '../../../src/core/geometry/projection';
import { typescriptKernels, useKernels, type KernelBackend } from '../../../src/core/kernels/backend';
import { createRng } from '../../../src/core/random';
import { wasmKernels } from '../helpers';
import { fixturePoints } from './fixtures';

/** The covariance's eigenvalues (sums of squares about the mean), largest first, by a full eigendecomposition. */
function exactVariances(X: Float32Array, N: number, d: number): number[] {
  const data = Matrix.from1DArray(N, d, Float64Array.from(X));
  const centered = data.subRowVector(data.mean('column'));
  return new EigenvalueDecomposition(centered.transpose().mmul(centered), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, k) => s + v * b[k], 0);

function assertOrthonormal(axes: Float64Array[]): void {
  axes.forEach((a, i) => axes.forEach((b, j) => assert.ok(Math.abs(dot(a, b) - (i === j ? 1 : 0)) < 1e-12, `axes ${i}, ${j}: ${dot(a, b)}`)));
}

test('digits (d = 64): the top two axes of the view (6 rounds) carry the exact top two variances', () => {
  const { X, N, d } = fixturePoints('digits.csv');
  const pca = principalAxes(
    X,
    d,
    Int32Array.from({ length: N }, (_, i) => i),
    2,
    6,
    'p',
  );
  const exact = exactVariances(X, N, d);
  assertOrthonormal(pca.axes);
  pca.variances.forEach((v, i) => assert.ok(Math.abs(v - exact[i]) <= 1e-6 * exact[i], `variance ${i}: ${v} vs ${exact[i]}`));
  assert.ok(Math.abs(pca.total - exact.reduce((s, v) => s + v, 0)) < 1e-9 * pca.total);
  // each axis is an eigenvector: the variance along it is its eigenvalue
  const rows = Array.from({ length: N }, (_, i) => X.subarray(i * d, (i + 1) * d));
  pca.axes.forEach((axis, i) => {
    const p = rows.map((x) => x.reduce((s, v, k) => s + (v - pca.mean[k]) * axis[k], 0));
    assert.ok(Math.abs(p.reduce((s, v) => s + v * v, 0) - exact[i]) <= 1e-6 * exact[i]);
  });
});

test('data of rank 3 in d = 12 with a 10-dimensional search space: still orthonormal axes, the exact variances', () => {
  const rng = createRng('rank3');
  const d = 12,
    N = 200;
  const basis = Array.from({ length: 3 }, () => Array.from({ length: d }, () => rng.normal()));
  const X = new Float32Array(N * d);
  for (let i = 0; i < N; i++) {
    const c = [3 * rng.normal(), 2 * rng.normal(), rng.normal()];
    for (let k = 0; k < d; k++) X[i * d + k] = c[0] * basis[0][k] + c[1] * basis[1][k] + c[2] * basis[2][k];
  }
  const pca = principalAxes(
    X,
    d,
    Int32Array.from({ length: N }, (_, i) => i),
    5,
    3,
    'r',
  );
  const exact = exactVariances(X, N, d);
  assertOrthonormal(pca.axes);
  // three directions carry everything; the other two carry only the float32 rounding of the points
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(pca.variances[i] - exact[i]) <= 1e-9 * exact[0], `variance ${i}`);
  for (let i = 3; i < 5; i++) assert.ok(pca.variances[i] <= 1e-9 * exact[0], `variance ${i}: ${pca.variances[i]}`);
});

test('identical rows: (nearly) zero variances, and the axes are still an orthonormal basis', () => {
  const d = 6;
  const X = new Float32Array(10 * d).fill(0.25);
  const pca = principalAxes(
    X,
    d,
    Int32Array.from({ length: 10 }, (_, i) => i),
    2,
    2,
    'z',
  );
  assertOrthonormal(pca.axes);
  // the mean is summed as x/n, so the centred rows keep at most rounding residue
  assert.ok(pca.variances.every((v) => v < 1e-20) && pca.total < 1e-20, `${pca.variances} ${pca.total}`);
});

test('the axes are the same bit for bit on the TypeScript and the WebAssembly kernels (digits, every row, 6 rounds)', () => {
  const { X, N, d } = fixturePoints('digits.csv');
  const rows = Int32Array.from({ length: N }, (_, i) => i);
  const on = (backend: KernelBackend) => {
    useKernels(backend);
    try {
      return principalAxes(X, d, rows, 2, 6, 'backends');
    } finally {
      useKernels(undefined);
    }
  };
  assert.deepEqual(on(wasmKernels()), on(typescriptKernels));
});
