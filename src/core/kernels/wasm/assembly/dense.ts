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

/**
 * Householder reduction of the symmetric m × m matrix at a (lower triangle read and written) to
 * tridiagonal form: diag (m) and off (m − 1; off[i] couples i and i + 1); v and p: scratch of m
 * float64 each. Kernels/dense.ts's tridiagonalize, the reference, in the same arithmetic: every sum
 * keeps its order. The product with the Householder vector takes two rows at a time (their sums are
 * separate chains, so one waits less on the other; each p[j] still receives row i before row i + 1),
 * and the lanes of the vector operations hold different entries, never parts of one sum.
 */
export function tridiagonalizeF64(a: usize, m: i32, v: usize, p: usize, diag: usize, off: usize): void {
  const rowBytes = <usize>m << 3;
  for (let k = 0; k < m - 2; k++) {
    const k1 = k + 1;
    let alpha = 0.0;
    for (let i = k1; i < m; i++) {
      const x = load<f64>(a + <usize>i * rowBytes + (<usize>k << 3));
      alpha += x * x;
    }
    alpha = Math.sqrt(alpha);
    if (alpha == 0) continue;
    if (load<f64>(a + <usize>k1 * rowBytes + (<usize>k << 3)) > 0) alpha = -alpha;
    let vnorm2 = 0.0;
    for (let i = k1; i < m; i++) {
      let x = load<f64>(a + <usize>i * rowBytes + (<usize>k << 3));
      if (i == k1) x -= alpha;
      store<f64>(v + (<usize>i << 3), x);
      vnorm2 += x * x;
    }
    if (vnorm2 == 0) continue;
    const beta = 2 / vnorm2;
    for (let i = k1; i < m; i++) store<f64>(p + (<usize>i << 3), 0);
    // p = A v over the trailing block, from the lower triangle: row i gives s_i = Σ_{j<i} A[i,j]v[j]
    // to p[i] and A[i,j]v[i] to every p[j], j < i
    let i = k1;
    for (; i + 1 < m; i += 2) {
      const r0 = a + <usize>i * rowBytes,
        r1 = r0 + rowBytes;
      const vi = load<f64>(v + (<usize>i << 3)),
        vi1 = load<f64>(v + (<usize>(i + 1) << 3));
      const vi2 = f64x2.splat(vi),
        vi12 = f64x2.splat(vi1);
      let s0 = 0.0,
        s1 = 0.0;
      let j = k1;
      for (; j + 2 <= i; j += 2) {
        const o = <usize>j << 3;
        const a0 = v128.load(r0 + o),
          a1 = v128.load(r1 + o),
          vj = v128.load(v + o);
        const t0 = f64x2.mul(a0, vj),
          t1 = f64x2.mul(a1, vj);
        s0 += f64x2.extract_lane(t0, 0);
        s0 += f64x2.extract_lane(t0, 1);
        s1 += f64x2.extract_lane(t1, 0);
        s1 += f64x2.extract_lane(t1, 1);
        v128.store(p + o, f64x2.add(f64x2.add(v128.load(p + o), f64x2.mul(a0, vi2)), f64x2.mul(a1, vi12)));
      }
      for (; j < i; j++) {
        const o = <usize>j << 3;
        const x0 = load<f64>(r0 + o),
          x1 = load<f64>(r1 + o),
          vj = load<f64>(v + o);
        s0 += x0 * vj;
        s1 += x1 * vj;
        store<f64>(p + o, load<f64>(p + o) + x0 * vi + x1 * vi1);
      }
      // row i ends at its diagonal, before row i + 1 reaches column i
      const oi = <usize>i << 3;
      store<f64>(p + oi, load<f64>(p + oi) + (s0 + load<f64>(r0 + oi) * vi));
      const x = load<f64>(r1 + oi);
      s1 += x * vi;
      store<f64>(p + oi, load<f64>(p + oi) + x * vi1);
      const oi1 = oi + 8;
      store<f64>(p + oi1, load<f64>(p + oi1) + (s1 + load<f64>(r1 + oi1) * vi1));
    }
    for (; i < m; i++) {
      const r0 = a + <usize>i * rowBytes;
      const vi = load<f64>(v + (<usize>i << 3));
      let s = 0.0;
      for (let j = k1; j < i; j++) {
        const o = <usize>j << 3;
        const x = load<f64>(r0 + o);
        s += x * load<f64>(v + o);
        store<f64>(p + o, load<f64>(p + o) + x * vi);
      }
      const oi = <usize>i << 3;
      store<f64>(p + oi, load<f64>(p + oi) + (s + load<f64>(r0 + oi) * vi));
    }
    let vp = 0.0;
    for (let i = k1; i < m; i++) {
      const o = <usize>i << 3;
      const pi = load<f64>(p + o) * beta;
      store<f64>(p + o, pi);
      vp += load<f64>(v + o) * pi;
    }
    const c = 0.5 * beta * vp;
    for (let i = k1; i < m; i++) {
      const o = <usize>i << 3;
      store<f64>(p + o, load<f64>(p + o) - c * load<f64>(v + o));
    }
    // A −= v pᵀ + p vᵀ on the lower triangle of the trailing block
    for (let i = k1; i < m; i++) {
      const row = a + <usize>i * rowBytes;
      const vi = load<f64>(v + (<usize>i << 3)),
        pi = load<f64>(p + (<usize>i << 3));
      const vi2 = f64x2.splat(vi),
        pi2 = f64x2.splat(pi);
      let j = k1;
      for (; j + 1 <= i; j += 2) {
        const o = <usize>j << 3;
        v128.store(row + o, f64x2.sub(v128.load(row + o), f64x2.add(f64x2.mul(vi2, v128.load(p + o)), f64x2.mul(pi2, v128.load(v + o)))));
      }
      for (; j <= i; j++) {
        const o = <usize>j << 3;
        store<f64>(row + o, load<f64>(row + o) - (vi * load<f64>(p + o) + pi * load<f64>(v + o)));
      }
    }
    store<f64>(a + <usize>k1 * rowBytes + (<usize>k << 3), alpha);
    for (let i = k + 2; i < m; i++) store<f64>(a + <usize>i * rowBytes + (<usize>k << 3), 0);
  }
  for (let i = 0; i < m; i++) store<f64>(diag + (<usize>i << 3), load<f64>(a + <usize>i * rowBytes + (<usize>i << 3)));
  for (let i = 0; i < m - 1; i++) store<f64>(off + (<usize>i << 3), load<f64>(a + <usize>(i + 1) * rowBytes + (<usize>i << 3)));
}

/**
 * The power iterations of kernels/distances.ts's spreadProjection, the reference, in its arithmetic:
 * x: N rows of d float32; mean: d float64 (out); v: d float64, the start (in) and the last iterate
 * (out); next: d float64 scratch; proj: N float64 (out), each row's ⟨x, v⟩ / ‖v‖. Two rows at a time:
 * their dot products are separate chains, each summed in ascending k, and every next[k] still
 * receives row i before row i + 1. Returns ‖v‖.
 */
export function spreadProjectionF64(x: usize, N: i32, d: i32, mean: usize, v: usize, next: usize, proj: usize): f64 {
  const rowBytes = <usize>d << 2;
  for (let k = 0; k < d; k++) store<f64>(mean + (<usize>k << 3), 0);
  for (let i = 0; i < N; i++) {
    const row = x + <usize>i * rowBytes;
    for (let k = 0; k < d; k++) {
      const o = mean + (<usize>k << 3);
      store<f64>(o, load<f64>(o) + <f64>load<f32>(row + (<usize>k << 2)));
    }
  }
  const count = <f64>max(N, 1);
  for (let k = 0; k < d; k++) {
    const o = mean + (<usize>k << 3);
    store<f64>(o, load<f64>(o) / count);
  }
  for (let iter = 0; iter < 8; iter++) {
    for (let k = 0; k < d; k++) store<f64>(next + (<usize>k << 3), 0);
    let i = 0;
    for (; i + 2 <= N; i += 2) {
      const r0 = x + <usize>i * rowBytes,
        r1 = r0 + rowBytes;
      let t0 = 0.0,
        t1 = 0.0;
      let k = 0;
      for (; k + 2 <= d; k += 2) {
        const m = v128.load(mean + (<usize>k << 3)),
          w = v128.load(v + (<usize>k << 3));
        const p0 = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(r0 + (<usize>k << 2))), m), w);
        const p1 = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(r1 + (<usize>k << 2))), m), w);
        t0 += f64x2.extract_lane(p0, 0);
        t0 += f64x2.extract_lane(p0, 1);
        t1 += f64x2.extract_lane(p1, 0);
        t1 += f64x2.extract_lane(p1, 1);
      }
      for (; k < d; k++) {
        const m = load<f64>(mean + (<usize>k << 3)),
          w = load<f64>(v + (<usize>k << 3));
        t0 += (<f64>load<f32>(r0 + (<usize>k << 2)) - m) * w;
        t1 += (<f64>load<f32>(r1 + (<usize>k << 2)) - m) * w;
      }
      const s0 = f64x2.splat(t0),
        s1 = f64x2.splat(t1);
      k = 0;
      for (; k + 2 <= d; k += 2) {
        const o = next + (<usize>k << 3);
        const m = v128.load(mean + (<usize>k << 3));
        const c0 = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(r0 + (<usize>k << 2))), m);
        const c1 = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(r1 + (<usize>k << 2))), m);
        v128.store(o, f64x2.add(f64x2.add(v128.load(o), f64x2.mul(s0, c0)), f64x2.mul(s1, c1)));
      }
      for (; k < d; k++) {
        const o = next + (<usize>k << 3);
        const m = load<f64>(mean + (<usize>k << 3));
        store<f64>(o, load<f64>(o) + t0 * (<f64>load<f32>(r0 + (<usize>k << 2)) - m) + t1 * (<f64>load<f32>(r1 + (<usize>k << 2)) - m));
      }
    }
    for (; i < N; i++) {
      const r0 = x + <usize>i * rowBytes;
      let t = 0.0;
      for (let k = 0; k < d; k++) t += (<f64>load<f32>(r0 + (<usize>k << 2)) - load<f64>(mean + (<usize>k << 3))) * load<f64>(v + (<usize>k << 3));
      for (let k = 0; k < d; k++) {
        const o = next + (<usize>k << 3);
        store<f64>(o, load<f64>(o) + t * (<f64>load<f32>(r0 + (<usize>k << 2)) - load<f64>(mean + (<usize>k << 3))));
      }
    }
    let norm = 0.0;
    for (let k = 0; k < d; k++) {
      const n = load<f64>(next + (<usize>k << 3));
      norm += n * n;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0)) break; // all points equal: any unit direction is as good
    for (let k = 0; k < d; k++) store<f64>(v + (<usize>k << 3), load<f64>(next + (<usize>k << 3)) / norm);
  }
  let norm = 0.0;
  for (let k = 0; k < d; k++) {
    const n = load<f64>(v + (<usize>k << 3));
    norm += n * n;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < N; i++) {
    const r0 = x + <usize>i * rowBytes;
    let t = 0.0;
    for (let k = 0; k < d; k++) t += <f64>load<f32>(r0 + (<usize>k << 2)) * load<f64>(v + (<usize>k << 3));
    store<f64>(proj + (<usize>i << 3), t / norm);
  }
  return norm;
}
