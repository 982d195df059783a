import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denseProducts, rowProducts } from '../../../src/core/kernels/dense';
import { typescriptKernels } from '../../../src/core/kernels/backend';
import { createRng } from '../../../src/core/random';
import { wasmKernels } from '../helpers';

// The dense float64 products of the Lipschitz stage: the blocked reference against the plain definition
// (each output its bias plus its products in ascending k), and the WebAssembly port against the
// reference, bit for bit (the bytes of every output, so −0 and NaN would count too).

const bytes = (v: Float64Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** Gaussian entries of mixed magnitude, or small integers (exact zeros, −0 products and ties). */
function matrix(rng: ReturnType<typeof createRng>, n: number, integers: boolean): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (integers ? rng.int(5) - 2 : rng.normal() * 10 ** ((i % 7) - 3)));
}

function plain(A: Float64Array, B: number, M: Float64Array, R: number, K: number, bias: Float64Array | null): Float64Array {
  const out = new Float64Array(B * R);
  for (let i = 0; i < B; i++)
    for (let r = 0; r < R; r++) {
      let s = bias ? bias[r] : 0;
      for (let k = 0; k < K; k++) s += M[r * K + k] * A[i * K + k];
      out[i * R + r] = s;
    }
  return out;
}

const shapes: [number, number, number][] = [
  // [R, K, B]
  [1, 1, 1],
  [2, 3, 4],
  [3, 2, 5],
  [5, 17, 3],
  [8, 4, 70],
  [33, 784, 9],
  [257, 64, 33],
];

test('rowProducts equals each output summed alone in ascending k, whatever the blocking', () => {
  for (const integers of [false, true])
    for (const [R, K, B] of shapes) {
      const rng = createRng(`dense-ref-${R}-${K}-${B}-${integers}`);
      const M = matrix(rng, R * K, integers),
        A = matrix(rng, B * K, integers),
        bias = matrix(rng, R, integers);
      for (const b of [bias, null]) {
        const out = new Float64Array(B * R);
        rowProducts(A, B, M, R, K, b, out);
        assert.deepEqual(bytes(out), bytes(plain(A, B, M, R, K, b)), `R=${R} K=${K} B=${B} bias ${b ? 'given' : 'none'}`);
      }
    }
});

test('denseProducts: WebAssembly equals the TypeScript reference bit for bit, on every bound matrix and on its leading rows', () => {
  const wasm = wasmKernels();
  for (const integers of [false, true]) {
    const rng = createRng(`dense-wasm-${integers}`);
    const matrices = shapes.map(([R, K]) => ({ rows: R, cols: K, data: matrix(rng, R * K, integers) }));
    const ts = typescriptKernels.denseProducts(matrices),
      wa = wasm.denseProducts(matrices);
    matrices.forEach((M, m) => {
      const B = shapes[m][2];
      const A = matrix(rng, B * M.cols, integers),
        bias = matrix(rng, M.rows, integers);
      for (const R of new Set([M.rows, Math.max(1, M.rows - 1), (M.rows + 1) >> 1]))
        for (const b of [bias, null]) {
          const a = new Float64Array(B * R).fill(NaN),
            w = new Float64Array(B * R).fill(NaN);
          ts.rowProducts(m, A, B, b, a, R);
          wa.rowProducts(m, A, B, b, w, R);
          assert.deepEqual(bytes(w), bytes(a), `${M.rows}×${M.cols}, R=${R}, B=${B}, bias ${b ? 'given' : 'none'}`);
        }
    });
  }
  // the reference binding is rowProducts itself
  const M = { rows: 3, cols: 2, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
  const out = new Float64Array(3);
  denseProducts([M]).rowProducts(0, Float64Array.of(1, -1), 1, null, out);
  assert.deepEqual([...out], [-1, -1, -1]);
});
