import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reluActivations, thresholdBits } from '../../../src/core/kernels/layer1';
import { createRng } from '../../../src/core/random';

// The naive definitions: one unit, one point at a time, z = (Σ_k W[j,k]·x[k] in ascending k) + b[j].
function naiveZ(X: Float32Array, d: number, W: Float32Array, b: Float32Array, i: number, j: number): number {
  let z = 0;
  for (let k = 0; k < d; k++) z += W[j * d + k] * X[i * d + k];
  return z + b[j];
}

function randomProblem(seed: string, N: number, d: number, n: number) {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: N * d }, () => rng.normal());
  const W = Float32Array.from({ length: n * d }, () => rng.normal());
  const b = Float32Array.from({ length: n }, () => rng.next() - 0.5);
  return { X, W, b };
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [37, 5, 77],
  [64, 2, 256],
  [65, 64, 33],
  [10, 130, 100],
];

test('thresholdBits equals the naive bit-by-bit definition on random inputs', () => {
  for (const [N, d, n] of shapes) {
    const { X, W, b } = randomProblem(`l1-${N}-${d}-${n}`, N, d, n);
    const stride = (n + 31) >>> 5;
    const out = new Uint32Array(N * stride).fill(0xdeadbeef);
    thresholdBits(X, N, d, W, [b], 0, n, [out], stride);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < stride * 32; j++) {
        const bit = (out[i * stride + (j >>> 5)] >>> (j & 31)) & 1;
        const want = j < n && naiveZ(X, d, W, b, i, j) > 0 ? 1 : 0;
        assert.equal(bit, want, `N=${N} d=${d} n=${n}: point ${i}, unit ${j}`);
      }
    }
  }
});

test('thresholdBits computed in pieces (extending a draw) equals one pass, and leaves other words alone', () => {
  const [N, d, n] = [45, 7, 150];
  const { X, W, b } = randomProblem('l1-pieces', N, d, n);
  const stride = 6;
  const whole = new Uint32Array(N * stride);
  thresholdBits(X, N, d, W, [b], 0, n, [whole], stride);
  const pieces = new Uint32Array(N * stride).fill(0xffffffff);
  thresholdBits(X, N, d, W, [b], 0, 64, [pieces], stride);
  for (let i = 0; i < N; i++) assert.equal(pieces[i * stride + 2], 0xffffffff, 'words past the range are untouched');
  thresholdBits(X, N, d, W, [b], 64, 128, [pieces], stride);
  thresholdBits(X, N, d, W, [b], 128, n, [pieces], stride);
  for (let i = 0; i < N; i++) for (let w = 0; w < 5; w++) assert.equal(pieces[i * stride + w], whole[i * stride + w]);
  assert.throws(() => thresholdBits(X, N, d, W, [b], 10, 20, [pieces], stride), RangeError);
});

test('σ(0) = 0: a unit exactly at zero is inactive', () => {
  const X = Float32Array.of(1, 0),
    W = Float32Array.of(0, 1, 1, 0),
    b = Float32Array.of(0, -1);
  const out = new Uint32Array(1);
  thresholdBits(X, 1, 2, W, [b], 0, 2, [out], 1);
  assert.equal(out[0], 0); // z_0 = 0, z_1 = 1 − 1 = 0
});

test('reluActivations equals max(z, 0) in float32 on random inputs, for any unit range', () => {
  for (const [N, d, n] of shapes) {
    const { X, W, b } = randomProblem(`relu-${N}-${d}-${n}`, N, d, n);
    const out = new Float32Array(N * n).fill(-1);
    const split = Math.floor(n / 3);
    reluActivations(X, N, d, W, b, 0, split, out, n);
    reluActivations(X, N, d, W, b, split, n, out, n);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < n; j++) assert.equal(out[i * n + j], Math.fround(Math.max(naiveZ(X, d, W, b, i, j), 0)));
    }
  }
});
