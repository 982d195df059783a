// AssemblyScript sources of the WebAssembly kernels (compiled by scripts/build.mjs with asc, SIMD on).
// They are ports of the TypeScript kernels one folder up, which stay the reference: same arithmetic in
// the same order, so results agree bit for bit (test/unit/kernels/wasm.test.ts). No allocator: the
// JavaScript side (../wasmKernels.ts) lays out the linear memory and passes byte offsets.

// ---- layer 1: z = (Σ_k W[j,k]·x[k] in float64, ascending k) + b[j], thresholded and bit-packed.
//
// Why float64 lanes (f64x2) and not f32x4: a product of two float32 values is exact in float64, so the
// only rounding is the running sum, and the TypeScript reference, the literal forward pass and this
// kernel all add the same products in the same order (ascending k, one lane per (point, unit) pair):
// identical bits. f32x4 would double the lanes but round every product and partial sum to float32, so
// its threshold decisions would differ from the reference near z = 0.

const POINTS = 64; // points per block: their float64 copy (64·d·8 bytes) stays in L2 with one word's W

/**
 * W rows [0, units) (float32, rows of d at w) into float64 groups of 4 units interleaved by k:
 * wt[((g·d + k)·4 + lane)] = W[4g + lane, k], zero for units past `units`.
 */
export function packUnits(w: usize, units: i32, d: i32, wt: usize): void {
  const groups = (units + 3) >> 2;
  for (let g = 0; g < groups; g++) {
    for (let lane = 0; lane < 4; lane++) {
      const j = (g << 2) + lane;
      let dst = wt + (<usize>(g * d) << 5) + (<usize>lane << 3);
      if (j < units) {
        let src = w + (<usize>(j * d) << 2);
        for (let k = 0; k < d; k++, src += 4, dst += 32) store<f64>(dst, <f64>load<f32>(src));
      } else {
        for (let k = 0; k < d; k++, dst += 32) store<f64>(dst, 0.0);
      }
    }
  }
}

/** Points [p0, p0 + count) of X into float64 groups of 4 interleaved by k (zero past count). */
function packPoints(x: usize, d: i32, p0: i32, count: i32, xb: usize): void {
  const groups = (count + 3) >> 2;
  for (let g = 0; g < groups; g++) {
    for (let lane = 0; lane < 4; lane++) {
      const p = (g << 2) + lane;
      let dst = xb + (<usize>(g * d) << 5) + (<usize>lane << 3);
      if (p < count) {
        let src = x + (<usize>((p0 + p) * d) << 2);
        for (let k = 0; k < d; k++, src += 4, dst += 32) store<f64>(dst, <f64>load<f32>(src));
      } else {
        for (let k = 0; k < d; k++, dst += 32) store<f64>(dst, 0.0);
      }
    }
  }
}

/**
 * thresholdBitsMulti: units [unitStart, unitEnd) for `sets` bias vectors, points [pStart, pEnd) (the
 * caller makes several short calls: V8 swaps in its optimised code only between calls). x: N×d float32; wt: the
 * packed units of the range (packUnits, unit unitStart first); bias: sets × biasStride float32, indexed
 * by unit; out: sets bit matrices of N × stride words, outSetBytes apart; xb: scratch of POINTS·d·8
 * bytes; words: scratch of 4·sets words.
 */
export function thresholdBits(
  x: usize, pStart: i32, pEnd: i32, d: i32, wt: usize, bias: usize, biasStride: i32, sets: i32,
  unitStart: i32, unitEnd: i32, out: usize, stride: i32, outSetBytes: usize, xb: usize, words: usize,
): void {
  const w0 = unitStart >> 5, w1 = (unitEnd + 31) >> 5;
  const zero = f64x2.splat(0.0);
  for (let p0 = pStart; p0 < pEnd; p0 += POINTS) {
    const count = min(POINTS, pEnd - p0);
    packPoints(x, d, p0, count, xb);
    for (let w = w0; w < w1; w++) {
      const j0 = w << 5, j1 = min(unitEnd, j0 + 32);
      const ugroups = (j1 - j0 + 3) >> 2;
      for (let pg = 0; pg < count; pg += 4) {
        memory.fill(words, 0, <usize>(sets << 4));
        const xg = xb + (<usize>((pg >> 2) * d) << 5);
        for (let ug = 0; ug < ugroups; ug++) {
          const wg = wt + (<usize>((((j0 - unitStart) >> 2) + ug) * d) << 5);
          let a0 = zero, a1 = zero, b0 = zero, b1 = zero, c0 = zero, c1 = zero, e0 = zero, e1 = zero;
          let px = xg, pw = wg;
          for (let k = 0; k < d; k++, px += 32, pw += 32) {
            const v01 = v128.load(pw), v23 = v128.load(pw, 16);
            const x0 = v128.load64_splat(px), x1 = v128.load64_splat(px, 8);
            const x2 = v128.load64_splat(px, 16), x3 = v128.load64_splat(px, 24);
            a0 = f64x2.add(a0, f64x2.mul(v01, x0)); a1 = f64x2.add(a1, f64x2.mul(v23, x0));
            b0 = f64x2.add(b0, f64x2.mul(v01, x1)); b1 = f64x2.add(b1, f64x2.mul(v23, x1));
            c0 = f64x2.add(c0, f64x2.mul(v01, x2)); c1 = f64x2.add(c1, f64x2.mul(v23, x2));
            e0 = f64x2.add(e0, f64x2.mul(v01, x3)); e1 = f64x2.add(e1, f64x2.mul(v23, x3));
          }
          const j = j0 + (ug << 2), shift = ug << 2;
          // units at or past unitEnd must stay 0 whatever their (zero-padded) bias says
          const valid = (1 << min(4, unitEnd - j)) - 1;
          for (let l = 0; l < sets; l++) {
            const bp = bias + (<usize>(l * biasStride + j) << 2);
            const bb = v128.load(bp); // 4 float32 biases (the bias area is padded to whole groups)
            const s01 = f64x2.promote_low_f32x4(bb);
            const s23 = f64x2.promote_low_f32x4(i32x4.shuffle(bb, bb, 2, 3, 0, 1));
            const wp = words + (<usize>l << 4);
            store<u32>(wp, load<u32>(wp) | ((activeBits(a0, a1, s01, s23, zero) & valid) << shift));
            store<u32>(wp, load<u32>(wp, 4) | ((activeBits(b0, b1, s01, s23, zero) & valid) << shift), 4);
            store<u32>(wp, load<u32>(wp, 8) | ((activeBits(c0, c1, s01, s23, zero) & valid) << shift), 8);
            store<u32>(wp, load<u32>(wp, 12) | ((activeBits(e0, e1, s01, s23, zero) & valid) << shift), 12);
          }
        }
        const pn = min(4, count - pg);
        for (let l = 0; l < sets; l++) {
          for (let p = 0; p < pn; p++) {
            const dst = out + <usize>l * outSetBytes + (<usize>((p0 + pg + p) * stride + w) << 2);
            store<u32>(dst, load<u32>(words + (<usize>((l << 2) + p) << 2)));
          }
        }
      }
    }
  }
}

/** 4 bits: z + b > 0 for the units of lanes (z01, z23) with biases (s01, s23). */
// @ts-ignore: decorator
@inline function activeBits(z01: v128, z23: v128, s01: v128, s23: v128, zero: v128): u32 {
  const lo = i64x2.bitmask(f64x2.gt(f64x2.add(z01, s01), zero));
  const hi = i64x2.bitmask(f64x2.gt(f64x2.add(z23, s23), zero));
  return <u32>(lo | (hi << 2));
}

// ---- AND + popcount over bit rows, with early stopping (kernels/popcount.ts)

/**
 * popcount of row r's words [0, nWords) & u, stopping once it reaches stop: 128 bits per check (two
 * 64-bit lanes), then a 64-bit and a 32-bit tail. Stopping later than the TypeScript kernel (which checks
 * every word) changes no answer: a count that reached stop only grows.
 */
// @ts-ignore: decorator
@inline function andCountTo(row: usize, u: usize, nWords: i32, stop: i32): i32 {
  let c = 0, w = 0;
  for (; w + 3 < nWords && c < stop; w += 4) {
    const o = <usize>w << 2;
    c += <i32>(popcnt<u64>(load<u64>(row + o) & load<u64>(u + o)) + popcnt<u64>(load<u64>(row + o, 8) & load<u64>(u + o, 8)));
  }
  for (; w + 1 < nWords && c < stop; w += 2) {
    const o = <usize>w << 2;
    c += <i32>popcnt<u64>(load<u64>(row + o) & load<u64>(u + o));
  }
  if (w < nWords && c < stop) c += popcnt<u32>(load<u32>(row + (<usize>w << 2)) & load<u32>(u + (<usize>w << 2)));
  return c;
}

/** minAndPopcount: rows are int32 point indices, stride in words. */
export function minAndPopcount(bits: usize, stride: i32, rows: usize, rowCount: i32, u: usize, nWords: i32): i32 {
  let m = nWords * 32 + 1;
  for (let r = 0; r < rowCount && m > 0; r++) {
    const row = bits + (<usize>(load<i32>(rows + (<usize>r << 2)) * stride) << 2);
    const c = andCountTo(row, u, nWords, m);
    if (c < m) m = c;
  }
  return m;
}

/** markAndPopcountBelow: below[r] = 1 iff the count of rows[r] is < bound; returns how many. */
export function markAndPopcountBelow(
  bits: usize, stride: i32, rows: usize, rowCount: i32, u: usize, nWords: i32, bound: i32, below: usize,
): i32 {
  let count = 0;
  for (let r = 0; r < rowCount; r++) {
    const row = bits + (<usize>(load<i32>(rows + (<usize>r << 2)) * stride) << 2);
    const isBelow = andCountTo(row, u, nWords, bound) < bound ? 1 : 0;
    store<u8>(below + r, isBelow);
    count += isBelow;
  }
  return count;
}

// ---- first separating unit (kernels/separatingUnit.ts)

/** smallest j < nWords·32 with bit j set in row a and clear in row b, or -1 */
// @ts-ignore: decorator
@inline function firstSeparating(a: usize, b: usize, nWords: i32): i32 {
  let w = 0;
  for (; w + 1 < nWords; w += 2) {
    const o = <usize>w << 2;
    const s = load<u64>(a + o) & ~load<u64>(b + o);
    if (s != 0) return (w << 5) + <i32>ctz<u64>(s);
  }
  if (w < nWords) {
    const o = <usize>w << 2;
    const s = load<u32>(a + o) & ~load<u32>(b + o);
    if (s != 0) return (w << 5) + ctz<u32>(s);
  }
  return -1;
}

/**
 * scanFirstSeparatingUnits with the same resumable state (state[0] max, state[1] next pair) over the
 * x⁻ rows before negEnd (the caller scans in slices, for the reason given at thresholdBits); 1 when
 * every pair up to there is separated.
 */
export function scanFirstSeparatingUnits(
  bits: usize, stride: i32, neg: usize, negEnd: i32, pos: usize, nPos: i32, nWords: i32, state: usize,
): i32 {
  const nNeg = negEnd;
  if (nNeg == 0 || nPos == 0) {
    store<i32>(state, 0, 4);
    return 1;
  }
  let m = load<i32>(state);
  const start = load<i32>(state, 4);
  let a = start / nPos, c = start - a * nPos;
  for (; a < nNeg; a++, c = 0) {
    const b = bits + (<usize>(load<i32>(neg + (<usize>a << 2)) * stride) << 2);
    for (; c < nPos; c++) {
      const j = firstSeparating(bits + (<usize>(load<i32>(pos + (<usize>c << 2)) * stride) << 2), b, nWords);
      if (j < 0) {
        store<i32>(state, m);
        store<i32>(state, a * nPos + c, 4);
        return 0;
      }
      if (j > m) m = j;
    }
  }
  store<i32>(state, m);
  store<i32>(state, nNeg * nPos, 4);
  return 1;
}

// ---- nearest opposite-label point (kernels/distances.ts: nearestOpposite's scan and
// squaredDistanceBounded), the same float64 operations in the same order

/** squared distance of rows a and b (byte offsets), or a value above bound once the sum passes it */
// @ts-ignore: decorator
@inline function squaredDistanceBounded(a: usize, b: usize, d: i32, bound: f64): f64 {
  let s: f64 = 0;
  let k = 0;
  while (k < d) {
    const end = min(d, k + 16);
    for (; k < end; k++) {
      const o = <usize>k << 2;
      const t = <f64>load<f32>(a + o) - <f64>load<f32>(b + o);
      s += t * t;
    }
    if (s > bound) return s;
  }
  return s;
}

/**
 * Rows [i0, i1) of nearestOpposite: x N×d float32, proj float64, order/rank/label int32, neighbor int32
 * and best2 float64 (in: -1 and Infinity; out: each row's nearest opposite point and squared distance).
 */
export function nearestOppositeRows(
  x: usize, N: i32, d: i32, proj: usize, order: usize, rank: usize, label: usize, neighbor: usize, best2: usize, i0: i32, i1: i32,
): void {
  for (let i = i0; i < i1; i++) {
    const r = load<i32>(rank + (<usize>i << 2));
    const pi = load<f64>(proj + (<usize>i << 3));
    const li = load<i32>(label + (<usize>i << 2));
    const xi = x + (<usize>(i * d) << 2);
    const bi = best2 + (<usize>i << 3), ni = neighbor + (<usize>i << 2);
    let lo = r - 1, hi = r + 1;
    let loOpen = lo >= 0, hiOpen = hi < N;
    while (loOpen || hiOpen) {
      const gapLo = loOpen ? pi - load<f64>(proj + (<usize>load<i32>(order + (<usize>lo << 2)) << 3)) : Infinity;
      const gapHi = hiOpen ? load<f64>(proj + (<usize>load<i32>(order + (<usize>hi << 2)) << 3)) - pi : Infinity;
      const fromLo = gapLo <= gapHi;
      const gap = fromLo ? gapLo : gapHi;
      if (gap * gap > load<f64>(bi) * (1 + 1e-9) + 1e-300) break;
      const j = load<i32>(order + (<usize>(fromLo ? lo : hi) << 2));
      if (fromLo) loOpen = --lo >= 0;
      else hiOpen = ++hi < N;
      if (load<i32>(label + (<usize>j << 2)) == li) continue;
      const best = load<f64>(bi);
      const s = squaredDistanceBounded(xi, x + (<usize>(j * d) << 2), d, best);
      if (s < best || (s == best && j < load<i32>(ni))) {
        store<f64>(bi, s);
        store<i32>(ni, j);
      }
    }
  }
}
