// Dense float64 products shared by the Lipschitz stage's gradients (lipschitz/reluNetwork.ts) and the
// Gram matrices of its spectral norms (lipschitz/norms.ts): each output a dot product of two contiguous
// rows, summed in order, so a value does not depend on which others are computed with it; and the
// tridiagonalisation behind those norms (lipschitz/spectral.ts). These are the references; the
// WebAssembly ports (wasm/assembly/dense.ts) agree with them bit for bit.

/** A dense row-major matrix in double precision. */
export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Matrices bound once (the WebAssembly backend packs them into its memory) and multiplied many times. */
export interface DenseProducts {
  /**
   * rowProducts with M = the m-th bound matrix restricted to its first R rows (all of them when R is
   * absent), bit for bit: out[i·R + r] = bias[r] + Σ_k M[r·K + k] A[i·K + k].
   */
  rowProducts(m: number, A: Float64Array, B: number, bias: Float64Array | null, out: Float64Array, R?: number): void;
}

/** The reference binding: rowProducts on the matrices as given. */
export function denseProducts(matrices: Dense[]): DenseProducts {
  return {
    rowProducts: (m, A, B, bias, out, R = matrices[m].rows) => rowProducts(A, B, matrices[m].data, R, matrices[m].cols, bias, out),
  };
}

/** out[i·R + r] = bias[r] + Σ_k M[r·K + k] A[i·K + k], each sum in increasing k, two rows by four
 * points at a time (eight independent accumulators share each load). */
export function rowProducts(A: Float64Array, B: number, M: Float64Array, R: number, K: number, bias: Float64Array | null, out: Float64Array): void {
  let r = 0;
  for (; r + 2 <= R; r += 2) {
    const m0 = r * K,
      m1 = m0 + K;
    const b0 = bias ? bias[r] : 0,
      b1 = bias ? bias[r + 1] : 0;
    let i = 0;
    for (; i + 4 <= B; i += 4) {
      const a0 = i * K,
        a1 = a0 + K,
        a2 = a1 + K,
        a3 = a2 + K;
      let s00 = b0,
        s01 = b0,
        s02 = b0,
        s03 = b0,
        s10 = b1,
        s11 = b1,
        s12 = b1,
        s13 = b1;
      for (let k = 0; k < K; k++) {
        const u = M[m0 + k],
          w = M[m1 + k];
        const x0 = A[a0 + k],
          x1 = A[a1 + k],
          x2 = A[a2 + k],
          x3 = A[a3 + k];
        s00 += u * x0;
        s01 += u * x1;
        s02 += u * x2;
        s03 += u * x3;
        s10 += w * x0;
        s11 += w * x1;
        s12 += w * x2;
        s13 += w * x3;
      }
      const o = i * R + r;
      out[o] = s00;
      out[o + R] = s01;
      out[o + 2 * R] = s02;
      out[o + 3 * R] = s03;
      out[o + 1] = s10;
      out[o + R + 1] = s11;
      out[o + 2 * R + 1] = s12;
      out[o + 3 * R + 1] = s13;
    }
    for (; i < B; i++) {
      const a0 = i * K;
      let s0 = b0,
        s1 = b1;
      for (let k = 0; k < K; k++) {
        const x = A[a0 + k];
        s0 += M[m0 + k] * x;
        s1 += M[m1 + k] * x;
      }
      out[i * R + r] = s0;
      out[i * R + r + 1] = s1;
    }
  }
  for (; r < R; r++) {
    const m0 = r * K;
    const b0 = bias ? bias[r] : 0;
    for (let i = 0; i < B; i++) {
      const a0 = i * K;
      let s0 = b0;
      for (let k = 0; k < K; k++) s0 += M[m0 + k] * A[a0 + k];
      out[i * R + r] = s0;
    }
  }
}

/** Wᵀ's data (cols × rows, row-major). */
export function transpose(W: Dense): Float64Array {
  const t = new Float64Array(W.data.length);
  for (let r = 0; r < W.rows; r++) for (let c = 0; c < W.cols; c++) t[c * W.rows + r] = W.data[r * W.cols + c];
  return t;
}

/** Householder reduction of the symmetric m × m matrix A (row-major, overwritten) to tridiagonal form:
 * diag (m) and off (m − 1; off[i] couples i and i + 1). It reads and writes only the lower triangle (A
 * is symmetric, and so is every trailing block it updates): half the memory traffic of the full-matrix
 * form, and the product with the Householder vector and the rank-2 update each in one pass over the
 * rows. The reference of the WebAssembly port (wasm/assembly/dense.ts). */
export function tridiagonalize(A: Float64Array, m: number, diag: Float64Array, off: Float64Array): void {
  const v = new Float64Array(m);
  const p = new Float64Array(m);
  for (let k = 0; k < m - 2; k++) {
    // Householder vector zeroing A[k+2.., k]
    let alpha = 0;
    for (let i = k + 1; i < m; i++) alpha += A[i * m + k] * A[i * m + k];
    alpha = Math.sqrt(alpha);
    if (alpha === 0) continue;
    const x0 = A[(k + 1) * m + k];
    if (x0 > 0) alpha = -alpha;
    let vnorm2 = 0;
    for (let i = k + 1; i < m; i++) {
      v[i] = A[i * m + k];
      if (i === k + 1) v[i] -= alpha;
      vnorm2 += v[i] * v[i];
    }
    if (vnorm2 === 0) continue;
    const beta = 2 / vnorm2;
    // A ← H A H with H = I − β v vᵀ on the trailing block: p = β A v, w = p − (β/2)(vᵀp) v, A −= v wᵀ + w vᵀ
    p.fill(0, k + 1);
    for (let i = k + 1; i < m; i++) {
      const row = i * m,
        vi = v[i];
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const a = A[row + j];
        s += a * v[j];
        p[j] += a * vi;
      }
      p[i] += s + A[row + i] * vi;
    }
    let vp = 0;
    for (let i = k + 1; i < m; i++) {
      p[i] *= beta;
      vp += v[i] * p[i];
    }
    const c = 0.5 * beta * vp;
    for (let i = k + 1; i < m; i++) p[i] -= c * v[i];
    for (let i = k + 1; i < m; i++) {
      const row = i * m,
        vi = v[i],
        pi = p[i];
      for (let j = k + 1; j <= i; j++) A[row + j] -= vi * p[j] + pi * v[j];
    }
    A[(k + 1) * m + k] = alpha;
    for (let i = k + 2; i < m; i++) A[i * m + k] = 0;
  }
  for (let i = 0; i < m; i++) diag[i] = A[i * m + i];
  for (let i = 0; i < m - 1; i++) off[i] = A[(i + 1) * m + i];
}
