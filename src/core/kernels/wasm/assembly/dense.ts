// ---- dense products in float64 (kernels/dense.ts: rowProducts, the reference), for the Lipschitz
// stage's gradients and Gram matrices. Re-exported by kernels.ts, the module's entry.
//
// Bit for bit the reference: every output starts at its bias and adds its products M[r,k]·A[i,k] one
// by one in ascending k, each product rounded and then added (WebAssembly has no fused multiply-add
// unless relaxed SIMD is enabled, which it is not). The SIMD lanes hold different outputs (two rows of
// M), never parts of one sum, so they change the speed, not the order of any sum.

/**
 * out[i·R + r] = bias[r] + Σ_k M[r, k]·A[i, k] for r < R. p: M's rows in pairs interleaved by k,
 * p[(r >> 1)·2K + 2k + (r & 1)] = M[r, k] (the JavaScript side packs them, zero past the last row);
 * bias: R float64 padded to a multiple of four; A: B rows of K.
 */
export function rowProductsF64(a: usize, B: i32, p: usize, R: i32, K: i32, bias: usize, out: usize): void {
  const pairs = (R + 1) >> 1;
  const pairBytes = <usize>K << 4;
  const rowBytes = <usize>K << 3;
  const outRow = <usize>R << 3;
  let q = 0;
  // four rows (two pairs) by four points: eight accumulators share each load
  for (; q + 2 <= pairs; q += 2) {
    const p0 = p + <usize>q * pairBytes;
    const p1 = p0 + pairBytes;
    const r = q << 1;
    const b0 = v128.load(bias + (<usize>r << 3)),
      b1 = v128.load(bias + (<usize>r << 3), 16);
    let i = 0;
    for (; i + 4 <= B; i += 4) {
      const a0 = a + <usize>i * rowBytes;
      let s00 = b0, s01 = b0, s02 = b0, s03 = b0, s10 = b1, s11 = b1, s12 = b1, s13 = b1;
      let w0 = p0, w1 = p1, x = a0;
      for (let k = 0; k < K; k++, w0 += 16, w1 += 16, x += 8) {
        const u = v128.load(w0), w = v128.load(w1);
        const x0 = v128.load64_splat(x), x1 = v128.load64_splat(x + rowBytes);
        const x2 = v128.load64_splat(x + 2 * rowBytes), x3 = v128.load64_splat(x + 3 * rowBytes);
        s00 = f64x2.add(s00, f64x2.mul(u, x0)); s01 = f64x2.add(s01, f64x2.mul(u, x1));
        s02 = f64x2.add(s02, f64x2.mul(u, x2)); s03 = f64x2.add(s03, f64x2.mul(u, x3));
        s10 = f64x2.add(s10, f64x2.mul(w, x0)); s11 = f64x2.add(s11, f64x2.mul(w, x1));
        s12 = f64x2.add(s12, f64x2.mul(w, x2)); s13 = f64x2.add(s13, f64x2.mul(w, x3));
      }
      const o = out + <usize>i * outRow + (<usize>r << 3);
      storePair(o, s00, r, R); storePair(o + outRow, s01, r, R);
      storePair(o + 2 * outRow, s02, r, R); storePair(o + 3 * outRow, s03, r, R);
      storePair(o + 16, s10, r + 2, R); storePair(o + outRow + 16, s11, r + 2, R);
      storePair(o + 2 * outRow + 16, s12, r + 2, R); storePair(o + 3 * outRow + 16, s13, r + 2, R);
    }
    for (; i < B; i++) {
      let s0 = b0, s1 = b1;
      let w0 = p0, w1 = p1, x = a + <usize>i * rowBytes;
      for (let k = 0; k < K; k++, w0 += 16, w1 += 16, x += 8) {
        const xv = v128.load64_splat(x);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(w0), xv));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(w1), xv));
      }
      const o = out + <usize>i * outRow + (<usize>r << 3);
      storePair(o, s0, r, R);
      storePair(o + 16, s1, r + 2, R);
    }
  }
  // the last pair when there is an odd number: two rows by four points
  for (; q < pairs; q++) {
    const p0 = p + <usize>q * pairBytes;
    const r = q << 1;
    const b0 = v128.load(bias + (<usize>r << 3));
    let i = 0;
    for (; i + 4 <= B; i += 4) {
      let s0 = b0, s1 = b0, s2 = b0, s3 = b0;
      let w0 = p0, x = a + <usize>i * rowBytes;
      for (let k = 0; k < K; k++, w0 += 16, x += 8) {
        const u = v128.load(w0);
        s0 = f64x2.add(s0, f64x2.mul(u, v128.load64_splat(x)));
        s1 = f64x2.add(s1, f64x2.mul(u, v128.load64_splat(x + rowBytes)));
        s2 = f64x2.add(s2, f64x2.mul(u, v128.load64_splat(x + 2 * rowBytes)));
        s3 = f64x2.add(s3, f64x2.mul(u, v128.load64_splat(x + 3 * rowBytes)));
      }
      const o = out + <usize>i * outRow + (<usize>r << 3);
      storePair(o, s0, r, R); storePair(o + outRow, s1, r, R);
      storePair(o + 2 * outRow, s2, r, R); storePair(o + 3 * outRow, s3, r, R);
    }
    for (; i < B; i++) {
      let s0 = b0;
      let w0 = p0, x = a + <usize>i * rowBytes;
      for (let k = 0; k < K; k++, w0 += 16, x += 8) s0 = f64x2.add(s0, f64x2.mul(v128.load(w0), v128.load64_splat(x)));
      storePair(out + <usize>i * outRow + (<usize>r << 3), s0, r, R);
    }
  }
}

/** rows r and r + 1 of an output row at o, or only r when r + 1 is past R (the padding lane) */
// @ts-ignore: decorator
@inline function storePair(o: usize, s: v128, r: i32, R: i32): void {
  if (r + 1 < R) v128.store(o, s);
  else if (r < R) store<f64>(o, f64x2.extract_lane(s, 0));
}
