// The WebAssembly bindings of the Lipschitz stage's float64 kernels (assembly/dense.ts), equal bit for bit
// to their references (kernels/dense.ts, kernels/distances.ts's spreadProjection). The dense products'
// matrices are packed into the instance's memory once, in pairs of rows interleaved by k, and each call
// copies in only its points and bias.
import type { Dense, DenseProducts } from '../dense';
import { layout, type Memory } from './memory';

export interface DenseExports {
  memory: Memory;
  rowProductsF64(a: number, B: number, p: number, R: number, K: number, bias: number, out: number): void;
  tridiagonalizeF64(a: number, m: number, v: number, p: number, diag: number, off: number): void;
  spreadProjectionF64(x: number, N: number, d: number, mean: number, v: number, next: number, proj: number): number;
}

/** points multiplied per call: their rows and outputs stay in cache at d = 784 and width 256 */
const CHUNK = 32;

export function wasmDenseProducts(e: DenseExports, matrices: Dense[]): DenseProducts {
  const pairs = (m: Dense) => (m.rows + 1) >> 1;
  const maxK = Math.max(1, ...matrices.map((m) => m.cols));
  const maxR = Math.max(1, ...matrices.map((m) => m.rows));
  const sizes: Record<string, number> = { a: CHUNK * maxK * 8, bias: (maxR + 4) * 8, out: CHUNK * maxR * 8 };
  matrices.forEach((m, i) => (sizes[`m${i}`] = pairs(m) * m.cols * 16));
  const at = layout(e, sizes);
  const buf = e.memory.buffer;
  matrices.forEach((M, i) => {
    const { rows: R, cols: K, data } = M;
    const p = new Float64Array(buf, at[`m${i}`], pairs(M) * 2 * K);
    for (let r = 0; r < R; r++) for (let k = 0, o = (r >> 1) * 2 * K + (r & 1); k < K; k++, o += 2) p[o] = data[r * K + k];
  });
  const a = new Float64Array(buf, at.a, CHUNK * maxK);
  const bias = new Float64Array(buf, at.bias, maxR + 4);
  const out = new Float64Array(buf, at.out, CHUNK * maxR);
  return {
    rowProducts(m, A, B, b, result, R = matrices[m].rows) {
      const K = matrices[m].cols;
      if (b) bias.set(b.subarray(0, R));
      else bias.fill(0, 0, R);
      for (let i0 = 0; i0 < B; i0 += CHUNK) {
        const n = Math.min(CHUNK, B - i0);
        a.set(A.subarray(i0 * K, (i0 + n) * K));
        e.rowProductsF64(at.a, n, at[`m${m}`], R, K, at.bias, at.out);
        result.set(out.subarray(0, n * R), i0 * R);
      }
    },
  };
}

export function wasmTridiagonalize(e: DenseExports, A: Float64Array, m: number, diag: Float64Array, off: Float64Array): void {
  const at = layout(e, { a: m * m * 8, v: m * 8, p: m * 8, diag: m * 8, off: m * 8 });
  const buf = e.memory.buffer;
  new Float64Array(buf, at.a, m * m).set(A.subarray(0, m * m));
  e.tridiagonalizeF64(at.a, m, at.v, at.p, at.diag, at.off);
  diag.set(new Float64Array(buf, at.diag, m));
  off.set(new Float64Array(buf, at.off, Math.max(0, m - 1)));
}

export function wasmSpreadProjection(e: DenseExports, X: Float32Array, N: number, d: number): { proj: Float64Array; direction: Float64Array } {
  const at = layout(e, { x: N * d * 4, mean: d * 8, v: d * 8, next: d * 8, proj: N * 8 });
  const buf = e.memory.buffer;
  new Float32Array(buf, at.x, N * d).set(X.subarray(0, N * d));
  const v = new Float64Array(buf, at.v, d);
  for (let k = 0; k < d; k++) v[k] = 1 / Math.sqrt(d) + (k % 2 ? 1e-3 : -1e-3);
  const norm = e.spreadProjectionF64(at.x, N, d, at.mean, at.v, at.next, at.proj);
  return { proj: new Float64Array(buf, at.proj, N).slice(), direction: v.map((x) => x / norm) };
}
