import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denseProducts, rowProducts, tridiagonalize } from '../../../src/core/kernels/dense';
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

/** A symmetric m × m matrix: Gaussian, small integers, or sparse (whole columns below the diagonal zero: the reduction's skipped steps). */
function symmetric(seed: string, m: number, kind: 'normal' | 'integers' | 'sparse'): Float64Array {
  const rng = createRng(seed);
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      const x = kind === 'normal' ? rng.normal() : kind === 'integers' ? rng.int(5) - 2 : j % 3 === 0 && i !== j ? 0 : rng.int(3) - 1;
      A[i * m + j] = A[j * m + i] = x;
    }
  return A;
}

test('tridiagonalize: WebAssembly equals the TypeScript reference bit for bit, and the reduction keeps the trace and the Frobenius norm', () => {
  const wasm = wasmKernels();
  for (const kind of ['normal', 'integers', 'sparse'] as const)
    for (const m of [1, 2, 3, 4, 5, 17, 64, 131]) {
      const A = symmetric(`tri-${kind}-${m}`, m, kind);
      const run = (k: typeof wasm) => {
        const diag = new Float64Array(m),
          off = new Float64Array(m);
        k.tridiagonalize(A.slice(), m, diag, off);
        return { diag, off };
      };
      const a = run(typescriptKernels),
        w = run(wasm);
      assert.deepEqual(bytes(w.diag), bytes(a.diag), `${kind} m=${m} diagonal`);
      assert.deepEqual(bytes(w.off), bytes(a.off), `${kind} m=${m} off-diagonal`);
      // an orthogonal similarity: trace and Frobenius norm unchanged up to rounding
      let trace = 0,
        frob = 0,
        tTrace = 0,
        tFrob = 0;
      for (let i = 0; i < m; i++) {
        trace += A[i * m + i];
        for (let j = 0; j < m; j++) frob += A[i * m + j] ** 2;
        tTrace += a.diag[i];
        tFrob += a.diag[i] ** 2 + (i < m - 1 ? 2 * a.off[i] ** 2 : 0);
      }
      assert.ok(Math.abs(tTrace - trace) <= 1e-10 * Math.max(1, Math.sqrt(frob) * m), `${kind} m=${m}: trace ${tTrace} vs ${trace}`);
      assert.ok(Math.abs(tFrob - frob) <= 1e-10 * Math.max(1, frob), `${kind} m=${m}: Frobenius² ${tFrob} vs ${frob}`);
    }
  // the reference itself on a 3 × 3 whose reduction is known: one rotation of the last two coordinates
  const diag = new Float64Array(3),
    off = new Float64Array(3);
  tridiagonalize(Float64Array.of(2, 3, 4, 3, 0, 0, 4, 0, 0), 3, diag, off);
  assert.deepEqual([...diag], [2, 0, 0]);
  assert.deepEqual([...off.subarray(0, 2)].map(Math.abs), [5, 0]);
});

test('spreadProjection: WebAssembly equals the TypeScript reference bit for bit (odd N and d, integer pixels, identical points)', () => {
  const wasm = wasmKernels();
  for (const [N, d] of [
    [2, 2],
    [3, 3],
    [5, 7],
    [64, 64],
    [301, 17],
    [40, 784],
  ])
    for (const kind of ['normal', 'pixels', 'constant'] as const) {
      const rng = createRng(`spread-${N}-${d}-${kind}`);
      const X = Float32Array.from({ length: N * d }, () => (kind === 'normal' ? rng.normal() : kind === 'pixels' ? rng.int(256) / 255 : 0.5));
      const a = typescriptKernels.spreadProjection(X, N, d),
        w = wasm.spreadProjection(X, N, d);
      assert.deepEqual(bytes(w.proj), bytes(a.proj), `${kind} N=${N} d=${d} projections`);
      assert.deepEqual(bytes(w.direction), bytes(a.direction), `${kind} N=${N} d=${d} direction`);
      // a unit direction whatever the data
      assert.ok(Math.abs(Math.hypot(...a.direction) - 1) < 1e-12);
    }
});
