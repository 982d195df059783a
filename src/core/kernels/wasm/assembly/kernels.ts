// AssemblyScript sources of the WebAssembly kernels (compiled by scripts/build.mjs with asc, SIMD on).
// They are ports of the TypeScript kernels one folder up, which stay the reference: results agree bit for
// bit (test/unit/kernels/wasm.test.ts), by the same arithmetic in the same order or, for layer 1, by a
// certified filter in front of it (below). No allocator: the JavaScript side (../wasmKernels.ts) lays
// out the linear memory and passes byte offsets.

// ---- layer 1: the reference's decision z + b > 0 with z = Σ_k W[j,k]·x[k] in float64, ascending k.
//
// The product is computed in float32 (f32x4: 4 points × 8 units per step), which rounds, and then
// filtered: each entry whose float32 value lies too close to the threshold for its sign to be certain
// is recomputed exactly as the reference does (float64, ascending k). The bits are therefore identical
// to the TypeScript reference on every machine, whatever the float32 rounding did.
//
// The certified bound. u = 2⁻²⁴ (float32), v = 2⁻⁵³ (float64), γ_n(u) = nu/(1 − nu), P = Σ_k |w_k x_k|,
// S = Σ_k w_k x_k exactly. Without overflow (guarded below):
// - float32 (this kernel): each product rounds (relative u, plus at most 2⁻¹⁵⁰ absolute if it
//   underflows), and is summed in a partial sum of B = min(BLOCK_TERMS, d) products (its first
//   addition, to 0, is exact), which is added to the running total (the first block's addition to 0
//   exact too): every product goes through at most h = B + ⌈d/BLOCK_TERMS⌉ − 1 roundings. Higham's
//   inner-product bound (additions with a subnormal result are exact) gives |ŝ − S| ≤ γ_h(u)·P + d·2⁻¹⁴⁹.
// - float64 (reference): products of float32 values are exact, d − 1 additions: |a − S| ≤ γ_{d−1}(v)·P.
// So |ŝ − a| ≤ E := g·P + η with g = γ_h(u) + γ_{d−1}(v), η = d·2⁻¹⁴⁹, and P ≤ ‖w_j‖·‖x_i‖.
// The reference's bit is a + b > 0 (the float64 sum rounds to 0 only if it is exactly 0). With
// t = ŝ + b and t̂ = fl32(t) = t(1 + δ), |δ| ≤ u: if |t̂| > m ≥ (1 + u)·E then |t| > E ≥ |a − ŝ|, so
// a + b has the sign of t̂ (t̂ = ±∞ from overflow of ŝ + b likewise: then |t| ≫ E). Every other entry,
// NaN included, is recomputed. The margin m = fl32(fl32(NW_j·CX_i) + η′) with NW_j ≥ ‖w_j‖,
// CX_i ≥ 2g‖x_i‖ and η′ = 2η, all float32 rounded up by the JavaScript side (wasmKernels.ts): two
// roundings lose at most a factor (1 − u)² and 2⁻¹⁵⁰ (if NW·CX underflows), which the factors 2 cover:
// m ≥ (1 − u)²·2gP + (1 − u)(2η − 2⁻¹⁵⁰) ≥ (1 + u)(gP + η). Overflow: the JavaScript side sets
// NW_j = ∞ when NW_j·max_i ‖x_i‖ ≥ 2¹²⁰ (then no product or partial sum can reach 2¹²⁸), which makes
// m infinite or NaN and sends that unit to the exact path.

const POINTS = 64; // points per block: their packed copy (64·d·4 bytes) stays in L2 with one word's W
const BLOCK_TERMS = 32; // products per partial sum (blockTerms in wasmKernels.ts)

/**
 * W rows [0, units) (float32, rows of d at w) into groups of 8 units interleaved by k:
 * wt[(g·d + k)·8 + lane] = W[8g + lane, k], zero for units past `units`.
 */
export function packUnits(w: usize, units: i32, d: i32, wt: usize): void {
  const groups = (units + 7) >> 3;
  for (let g = 0; g < groups; g++) {
    for (let lane = 0; lane < 8; lane++) {
      const j = (g << 3) + lane;
      let dst = unitGroup(wt, g, d) + (<usize>lane << 2);
      if (j < units) {
        let src = w + (<usize>(j * d) << 2);
        for (let k = 0; k < d; k++, src += 4, dst += 32) store<f32>(dst, load<f32>(src));
      } else {
        for (let k = 0; k < d; k++, dst += 32) store<f32>(dst, 0);
      }
    }
  }
}

/** the row of X of the call's point p: p itself, or rows[p] when the call names its points (rows ≠ 0) */
// @ts-ignore: decorator
@inline function pointRow(rows: usize, p: i32): i32 {
  return rows == 0 ? p : load<i32>(rows + (<usize>p << 2));
}

/**
 * Points [p0, p0 + count) of X (or of rows: pointRow) into groups of 4 interleaved by k (zero past count), each group keeping
 * only the coordinates where one of its points is not +0 (pixel data is a third zeros, a quarter even
 * four points at a time): its vectors at pointGroup, in runs of consecutive k (i32 pairs k0, length at
 * groupRuns; none crosses a multiple of BLOCK_TERMS), how many runs at groupRunCount. A product with a
 * zero coordinate is ±0 and adds nothing to a float32 sum but the sign of a zero, so dotTile's sums,
 * and every bound derived on them, are those of the full product. xb: packedBytes(d).
 */
function packPoints(x: usize, d: i32, p0: i32, count: i32, xb: usize, rows: usize = 0): void {
  const groups = (count + 3) >> 2;
  for (let g = 0; g < groups; g++) {
    const pg = g << 2, n = count - pg;
    let dst = pointGroup(xb, pg, d), runs = groupRuns(xb, pg, d), nr = 0, open = false;
    const s0 = x + (<usize>(pointRow(rows, p0 + pg) * d) << 2);
    const s1 = n > 1 ? x + (<usize>(pointRow(rows, p0 + pg + 1) * d) << 2) : s0;
    const s2 = n > 2 ? x + (<usize>(pointRow(rows, p0 + pg + 2) * d) << 2) : s0;
    const s3 = n > 3 ? x + (<usize>(pointRow(rows, p0 + pg + 3) * d) << 2) : s0;
    for (let k = 0; k < d; k++) {
      const o = <usize>k << 2;
      let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(s0 + o));
      if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(s1 + o));
      if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(s2 + o));
      if (n > 3) v = f32x4.replace_lane(v, 3, load<f32>(s3 + o));
      if (!v128.any_true(v)) {
        open = false;
        continue;
      }
      v128.store(dst, v);
      dst += 16;
      if (open && k % BLOCK_TERMS != 0) {
        const at = runs + (<usize>(nr - 1) << 3);
        store<i32>(at, load<i32>(at, 4) + 1, 4);
      } else {
        const at = runs + (<usize>nr << 3);
        store<i32>(at, k);
        store<i32>(at, 1, 4);
        nr++;
        open = true;
      }
    }
    store<i32>(groupRunCount(xb, pg, d), nr);
  }
}

/**
 * The 4 × 8 products of point group pg (packPoints: its kept coordinates only) and a group of 8 packed
 * rows (pw, packUnits) over d coordinates, in float32: blocks of BLOCK_TERMS coordinates summed apart,
 * then added to the totals (fewer roundings per product, the bounds' h, than one running sum: narrower
 * margins and fewer exact recomputations). Into out (128 bytes): point p's 8 products at out + 32p (two f32x4).
 */
// @ts-ignore: decorator
@inline function dotTile(xb: usize, pg: i32, pw: usize, d: i32, out: usize): void {
  const zero = f32x4.splat(0);
  const runs = groupRuns(xb, pg, d), nr = load<i32>(groupRunCount(xb, pg, d));
  let px = pointGroup(xb, pg, d);
  let a0 = zero, a1 = zero, b0 = zero, b1 = zero, c0 = zero, c1 = zero, e0 = zero, e1 = zero;
  let pa0 = zero, pa1 = zero, pb0 = zero, pb1 = zero, pc0 = zero, pc1 = zero, pe0 = zero, pe1 = zero;
  let block = 0;
  for (let r = 0; r < nr; r++) {
    const k0 = load<i32>(runs + (<usize>r << 3)), len = load<i32>(runs + (<usize>r << 3), 4);
    if (k0 / BLOCK_TERMS != block) {
      // a new block: the last one's partial sums join the totals (blocks without a run add only zeros)
      block = k0 / BLOCK_TERMS;
      a0 = f32x4.add(a0, pa0); a1 = f32x4.add(a1, pa1); b0 = f32x4.add(b0, pb0); b1 = f32x4.add(b1, pb1);
      c0 = f32x4.add(c0, pc0); c1 = f32x4.add(c1, pc1); e0 = f32x4.add(e0, pe0); e1 = f32x4.add(e1, pe1);
      pa0 = zero; pa1 = zero; pb0 = zero; pb1 = zero; pc0 = zero; pc1 = zero; pe0 = zero; pe1 = zero;
    }
    let w = pw + (<usize>k0 << 5);
    for (let e = 0; e < len; e++, px += 16, w += 32) {
      const v0 = v128.load(w), v1 = v128.load(w, 16);
      const x0 = v128.load32_splat(px), x1 = v128.load32_splat(px, 4);
      const x2 = v128.load32_splat(px, 8), x3 = v128.load32_splat(px, 12);
      pa0 = f32x4.add(pa0, f32x4.mul(v0, x0)); pa1 = f32x4.add(pa1, f32x4.mul(v1, x0));
      pb0 = f32x4.add(pb0, f32x4.mul(v0, x1)); pb1 = f32x4.add(pb1, f32x4.mul(v1, x1));
      pc0 = f32x4.add(pc0, f32x4.mul(v0, x2)); pc1 = f32x4.add(pc1, f32x4.mul(v1, x2));
      pe0 = f32x4.add(pe0, f32x4.mul(v0, x3)); pe1 = f32x4.add(pe1, f32x4.mul(v1, x3));
    }
  }
  a0 = f32x4.add(a0, pa0); a1 = f32x4.add(a1, pa1); b0 = f32x4.add(b0, pb0); b1 = f32x4.add(b1, pb1);
  c0 = f32x4.add(c0, pc0); c1 = f32x4.add(c1, pc1); e0 = f32x4.add(e0, pe0); e1 = f32x4.add(e1, pe1);
  v128.store(out, a0); v128.store(out, a1, 16); v128.store(out, b0, 32); v128.store(out, b1, 48);
  v128.store(out, c0, 64); v128.store(out, c1, 80); v128.store(out, e0, 96); v128.store(out, e1, 112);
}

/** where packPoints put point group pg's vectors (points pg..pg+3 of its block) */
// @ts-ignore: decorator
@inline function pointGroup(xb: usize, pg: i32, d: i32): usize {
  return xb + (<usize>((pg >> 2) * d) << 4);
}

/** where packPoints put the runs of those vectors (i32 pairs: first k, length) */
// @ts-ignore: decorator
@inline function groupRuns(xb: usize, pg: i32, d: i32): usize {
  return xb + (<usize>(POINTS * d) << 2) + (<usize>((pg >> 2) * d) << 3);
}

/** where packPoints put how many runs point group pg has (i32) */
// @ts-ignore: decorator
@inline function groupRunCount(xb: usize, pg: i32, d: i32): usize {
  return xb + <usize>(POINTS * d * 6) + (<usize>(pg >> 2) << 2);
}

/** where packUnits put unit group g (units 8g..8g+7, rows of d) */
// @ts-ignore: decorator
@inline function unitGroup(wt: usize, g: i32, d: i32): usize {
  return wt + (<usize>(g * d) << 5);
}

/** D̂ = n + n_c − 2ŝ of packed point q (0..3; its norm n splatted) of the tile at `tile` against its 8 columns (norms ncA, ncB): lanes 0-3, or 4-7 with hiLanes */
// @ts-ignore: decorator
@inline function tileRow(tile: usize, q: i32, n: v128, ncA: v128, ncB: v128, hiLanes: bool): v128 {
  const t = tile + (<usize>q << 5);
  const a = hiLanes ? v128.load(t, 16) : v128.load(t);
  return f32x4.sub(f32x4.add(n, hiLanes ? ncB : ncA), f32x4.add(a, a));
}

/**
 * thresholdBits: units [unitStart, unitEnd) for `sets` bias vectors, points [pStart, pEnd) (the caller
 * makes several short calls: V8 swaps in its optimised code only between calls). x: N×d float32; wt:
 * the packed units of the range (packUnits, unit unitStart first); wRaw: their rows as given (for the
 * exact path); unitNorm (NW, indexed by unit, padded to groups of 8) and pointScale (CX, indexed by
 * point, padded by 4) and eta: the margin's factors (see above); bias: sets × biasStride float32,
 * indexed by unit; out: sets bit matrices of N × stride words, outSetBytes apart; xb: scratch of
 * packedBytes(d); words: scratch of 4·sets words; tile: 128 bytes (dotTile); rows: 0, or the call's points
 * are the rows of X at rows[pStart..pEnd) (i32), for growing a draw on some points only. Returns how many
 * entries took the exact path.
 */
export function thresholdBits(
  x: usize, pStart: i32, pEnd: i32, d: i32, wt: usize, wRaw: usize, unitNorm: usize, pointScale: usize, eta: f32,
  bias: usize, biasStride: i32, sets: i32, unitStart: i32, unitEnd: i32, out: usize, stride: i32, outSetBytes: usize,
  xb: usize, words: usize, tile: usize, rows: usize,
): i32 {
  const w0 = unitStart >> 5, w1 = (unitEnd + 31) >> 5;
  const zero = f32x4.splat(0), etaV = f32x4.splat(eta);
  let exact = 0;
  for (let p0 = pStart; p0 < pEnd; p0 += POINTS) {
    const count = min(POINTS, pEnd - p0);
    packPoints(x, d, p0, count, xb, rows);
    for (let w = w0; w < w1; w++) {
      const j0 = w << 5, j1 = min(unitEnd, j0 + 32);
      const ugroups = (j1 - j0 + 7) >> 3;
      for (let pg = 0; pg < count; pg += 4) {
        memory.fill(words, 0, <usize>(sets << 4));
        // the scale area is padded by 4 points, so a group's missing points read zeros (or any point's)
        const q1 = min(pg + 1, count - 1), q2 = min(pg + 2, count - 1), q3 = min(pg + 3, count - 1);
        const cx0 = v128.load32_splat(pointScale + (<usize>pointRow(rows, p0 + pg) << 2));
        const cx1 = v128.load32_splat(pointScale + (<usize>pointRow(rows, p0 + q1) << 2));
        const cx2 = v128.load32_splat(pointScale + (<usize>pointRow(rows, p0 + q2) << 2));
        const cx3 = v128.load32_splat(pointScale + (<usize>pointRow(rows, p0 + q3) << 2));
        let unsure0: u32 = 0, unsure1: u32 = 0, unsure2: u32 = 0, unsure3: u32 = 0;
        for (let ug = 0; ug < ugroups; ug++) {
          const wg = unitGroup(wt, ((j0 - unitStart) >> 3) + ug, d);
          dotTile(xb, pg, wg, d, tile);
          const a0 = v128.load(tile), a1 = v128.load(tile, 16), b0 = v128.load(tile, 32), b1 = v128.load(tile, 48);
          const c0 = v128.load(tile, 64), c1 = v128.load(tile, 80), e0 = v128.load(tile, 96), e1 = v128.load(tile, 112);
          const j = j0 + (ug << 3), shift = ug << 3;
          // units at or past unitEnd must stay 0 whatever their (zero-padded) bias says
          const valid: u32 = (<u32>1 << <u32>min(8, unitEnd - j)) - 1;
          const nw0 = v128.load(unitNorm + (<usize>j << 2)), nw1 = v128.load(unitNorm + (<usize>j << 2), 16);
          const ma0 = f32x4.add(f32x4.mul(nw0, cx0), etaV), ma1 = f32x4.add(f32x4.mul(nw1, cx0), etaV);
          const mb0 = f32x4.add(f32x4.mul(nw0, cx1), etaV), mb1 = f32x4.add(f32x4.mul(nw1, cx1), etaV);
          const mc0 = f32x4.add(f32x4.mul(nw0, cx2), etaV), mc1 = f32x4.add(f32x4.mul(nw1, cx2), etaV);
          const me0 = f32x4.add(f32x4.mul(nw0, cx3), etaV), me1 = f32x4.add(f32x4.mul(nw1, cx3), etaV);
          for (let l = 0; l < sets; l++) {
            const bp = bias + (<usize>(l * biasStride + j) << 2);
            const s0 = v128.load(bp), s1 = v128.load(bp, 16); // the bias area is padded to whole groups
            const wp = words + (<usize>l << 4);
            store<u32>(wp, load<u32>(wp) | ((activeBits(a0, a1, s0, s1, zero) & valid) << shift));
            store<u32>(wp, load<u32>(wp, 4) | ((activeBits(b0, b1, s0, s1, zero) & valid) << shift), 4);
            store<u32>(wp, load<u32>(wp, 8) | ((activeBits(c0, c1, s0, s1, zero) & valid) << shift), 8);
            store<u32>(wp, load<u32>(wp, 12) | ((activeBits(e0, e1, s0, s1, zero) & valid) << shift), 12);
            unsure0 |= (unsureBits(a0, a1, s0, s1, ma0, ma1) & valid) << shift;
            unsure1 |= (unsureBits(b0, b1, s0, s1, mb0, mb1) & valid) << shift;
            unsure2 |= (unsureBits(c0, c1, s0, s1, mc0, mc1) & valid) << shift;
            unsure3 |= (unsureBits(e0, e1, s0, s1, me0, me1) & valid) << shift;
          }
        }
        const pn = min(4, count - pg);
        const pbase = p0 + pg;
        if (unsure0 != 0) exact += exactEntries(x, pointRow(rows, pbase), d, wRaw, unitStart, j0, unsure0, bias, biasStride, sets, words);
        if (pn > 1 && unsure1 != 0) exact += exactEntries(x, pointRow(rows, pbase + 1), d, wRaw, unitStart, j0, unsure1, bias, biasStride, sets, words + 4);
        if (pn > 2 && unsure2 != 0) exact += exactEntries(x, pointRow(rows, pbase + 2), d, wRaw, unitStart, j0, unsure2, bias, biasStride, sets, words + 8);
        if (pn > 3 && unsure3 != 0) exact += exactEntries(x, pointRow(rows, pbase + 3), d, wRaw, unitStart, j0, unsure3, bias, biasStride, sets, words + 12);
        for (let l = 0; l < sets; l++) {
          for (let p = 0; p < pn; p++) {
            const dst = out + <usize>l * outSetBytes + (<usize>(pointRow(rows, pbase + p) * stride + w) << 2);
            store<u32>(dst, load<u32>(words + (<usize>((l << 2) + p) << 2)));
          }
        }
      }
    }
  }
  return exact;
}

/** 8 bits: ŝ + b > 0 for the units of lanes (z0, z1) with biases (s0, s1), in float32. */
// @ts-ignore: decorator
@inline function activeBits(z0: v128, z1: v128, s0: v128, s1: v128, zero: v128): u32 {
  const lo = i32x4.bitmask(f32x4.gt(f32x4.add(z0, s0), zero));
  const hi = i32x4.bitmask(f32x4.gt(f32x4.add(z1, s1), zero));
  return <u32>(lo | (hi << 4));
}

/** 8 bits: the entries whose sign activeBits cannot certify, |ŝ + b| ≤ m (or NaN). */
// @ts-ignore: decorator
@inline function unsureBits(z0: v128, z1: v128, s0: v128, s1: v128, m0: v128, m1: v128): u32 {
  const lo = i32x4.bitmask(f32x4.gt(f32x4.abs(f32x4.add(z0, s0)), m0));
  const hi = i32x4.bitmask(f32x4.gt(f32x4.abs(f32x4.add(z1, s1)), m1));
  return ~<u32>(lo | (hi << 4)) & 0xff;
}

/**
 * The reference's decisions for point i and the units j0 + (set bits of `unsure`): z in float64,
 * ascending k, then z + b > 0 for every bias set, into that point's words (4 words apart per set).
 */
function exactEntries(
  x: usize, i: i32, d: i32, wRaw: usize, unitStart: i32, j0: i32, unsure: u32, bias: usize, biasStride: i32, sets: i32,
  words: usize,
): i32 {
  const xr = x + (<usize>(i * d) << 2);
  let n = 0;
  for (let rest = unsure; rest != 0; rest &= rest - 1, n++) {
    const jj = ctz(rest), j = j0 + <i32>jj;
    const wr = wRaw + (<usize>((j - unitStart) * d) << 2);
    let z: f64 = 0;
    for (let k = 0; k < d; k++) z += <f64>load<f32>(wr + (<usize>k << 2)) * <f64>load<f32>(xr + (<usize>k << 2));
    const bit = <u32>1 << jj;
    for (let l = 0; l < sets; l++) {
      const wp = words + (<usize>l << 4);
      const b = <f64>load<f32>(bias + (<usize>(l * biasStride + j) << 2));
      store<u32>(wp, z + b > 0 ? load<u32>(wp) | bit : load<u32>(wp) & ~bit);
    }
  }
  return n;
}

// ---- AND + popcount over bit rows, with early stopping (kernels/popcount.ts)

/**
 * popcount of row's words [0, nWords) & u, or some count ≥ limit once it reaches limit: 256 bits (four
 * 64-bit words, pointers stepped, no index arithmetic) per early-stop check, then a tail of up to three
 * 64-bit words and a 32-bit word. Stopping later than the TypeScript kernel (which checks every word)
 * changes no answer: a count that reached the limit only grows, and the callers only compare it with it.
 */
// @ts-ignore: decorator
@inline function andCountTo(row: usize, u: usize, nWords: i32, limit: u64): i32 {
  let c: u64 = 0;
  let pr = row, pu = u;
  const end = row + (<usize>(nWords & ~7) << 2);
  while (pr < end) {
    c += popcnt<u64>(load<u64>(pr) & load<u64>(pu)) + popcnt<u64>(load<u64>(pr, 8) & load<u64>(pu, 8)) +
      (popcnt<u64>(load<u64>(pr, 16) & load<u64>(pu, 16)) + popcnt<u64>(load<u64>(pr, 24) & load<u64>(pu, 24)));
    pr += 32;
    pu += 32;
    if (c >= limit) return <i32>c;
  }
  const rest = nWords & 7;
  if (rest >= 2) c += popcnt<u64>(load<u64>(pr) & load<u64>(pu));
  if (rest >= 4) c += popcnt<u64>(load<u64>(pr, 8) & load<u64>(pu, 8));
  if (rest >= 6) c += popcnt<u64>(load<u64>(pr, 16) & load<u64>(pu, 16));
  if (rest & 1) {
    const o = <usize>(rest - 1) << 2;
    c += popcnt<u32>(load<u32>(pr + o) & load<u32>(pu + o));
  }
  return <i32>c;
}

/** minAndPopcount: rows are int32 point indices, stride in words. */
export function minAndPopcount(bits: usize, stride: i32, rows: usize, rowCount: i32, u: usize, nWords: i32): i32 {
  let m = nWords * 32 + 1;
  for (let r = 0; r < rowCount && m > 0; r++) {
    const row = bits + (<usize>(load<i32>(rows + (<usize>r << 2)) * stride) << 2);
    const c = andCountTo(row, u, nWords, <u64>m);
    if (c < m) m = c;
  }
  return m;
}

/** markAndPopcountBelow: below[r] = 1 iff the count of rows[r] is < bound (≥ 0); returns how many. */
export function markAndPopcountBelow(
  bits: usize, stride: i32, rows: usize, rowCount: i32, u: usize, nWords: i32, bound: i32, below: usize,
): i32 {
  let count = 0;
  const limit = <u64>bound;
  for (let r = 0; r < rowCount; r++) {
    const row = bits + (<usize>(load<i32>(rows + (<usize>r << 2)) * stride) << 2);
    const isBelow = andCountTo(row, u, nWords, limit) < bound ? 1 : 0;
    store<u8>(below + r, isBelow);
    count += isBelow;
  }
  return count;
}

// ---- first separating unit (kernels/separatingUnit.ts)

/** smallest j < nWords·32 with bit j set in row a and clear in row b, or -1 */
// @ts-ignore: decorator
@inline function firstSeparating(a: usize, b: usize, nWords: i32): i32 {
  return firstSeparatingFrom(a, b, 0, nWords);
}

/** firstSeparating among the words [from, nWords) */
// @ts-ignore: decorator
@inline function firstSeparatingFrom(a: usize, b: usize, from: i32, nWords: i32): i32 {
  let w = from;
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

/** the most leading words of every x⁺ row that fillPlane gathers */
export const PLANE_WORDS = 2;

/**
 * Gathers words [0, words) of the x⁺ rows `pos` word-major into `plane` (plane[w·nPos + k] = word w of
 * row pos[k]), for scanFirstSeparatingUnits. The caller refills it only when the bits or the rows change.
 */
export function fillPlane(bits: usize, stride: i32, pos: usize, nPos: i32, words: i32, plane: usize): void {
  for (let k = 0; k < nPos; k++) {
    const row = bits + (<usize>(load<i32>(pos + (<usize>k << 2)) * stride) << 2);
    for (let w = 0; w < words; w++) store<u32>(plane + (<usize>(w * nPos + k) << 2), load<u32>(row + (<usize>w << 2)));
  }
}

/** s & −s per lane: the lowest set bit of each lane as a value (0 for a zero lane), which grows with its unit */
// @ts-ignore: decorator
@inline function lowestBits(s: v128): v128 {
  return v128.and(s, i32x4.sub(i32x4.splat(0), s));
}

/**
 * scanFirstSeparatingUnits with the same resumable state (state[0] max, state[1] next pair) over the
 * x⁻ rows before negEnd (the caller scans in slices, for the reason given at thresholdBits); 1 when
 * every pair up to there is separated.
 *
 * Most pairs are separated within the first two words, so words [0, planeWords) of every x⁺ row are
 * gathered into `plane` (fillPlane) and each x⁻ row meets eight x⁺ at a time: a lane is separated
 * within the two words iff (a₀ & ~b₀) | (a₁ & ~b₁) ≠ 0, one branch per eight pairs (all lanes
 * non-zero, their unsigned minimum non-zero). Only a lane both words leave unseparated is scanned on
 * from the rows, one pair at a time, and only those pairs' first units (≥ 64) go into state[0]: the
 * first units below 64 of the other lanes cannot raise a maximum that already holds one of them. So
 * state[0] is exact once it is at least 64 or every pair is scanned and planeMaxAll has folded in the
 * lanes (the caller does so when the scan ends below 64; then every pair lies within the two words).
 * A first unit within the computed words is final (appending units never changes a prefix), so the
 * scan resumes from the pair it stopped at. With one plane word (nWords = 1) the word-1 lanes are 0.
 *
 * It also lists (listUnseparated, separatingUnit.ts): the first `cap` pairs it would stop at are appended
 * to `out` instead (i32 pairs: index in neg, index in pos; `count` already there), and the scan goes on;
 * it stops at the next one. Returns the count when every pair up to negEnd is scanned (state[1] then
 * negEnd·nPos), −1 where it stopped: cap 0 is the plain scan.
 */
export function scanFirstSeparatingUnits(
  bits: usize, stride: i32, neg: usize, negEnd: i32, pos: usize, nPos: i32, nWords: i32, state: usize, plane: usize, planeWords: i32,
  out: usize, count: i32, cap: i32,
): i32 {
  const nNeg = negEnd;
  if (nNeg == 0 || nPos == 0) {
    store<f64>(state, 0, 8);
    return count;
  }
  let m = <i32>load<f64>(state);
  // the pair index is an f64 (exact to 2⁵³): a·nPos + c passes 2³¹ on two classes of 50,000 points
  const start = load<f64>(state, 8);
  let a = <i32>Math.floor(start / <f64>nPos), c = <i32>(start - <f64>a * <f64>nPos);
  if (nWords == 0) {
    // every pair is unseparated: stopped at the first (a caller listing them gives up)
    if (a >= nNeg) return count;
    return stopAt(state, m, a, nPos, c);
  }
  const P = min(min(planeWords, nWords), 2);
  const zero = i32x4.splat(0);
  const wordBytes = <usize>nPos << 2;
  for (; a < nNeg; a++, c = 0) {
    const b = bits + (<usize>(load<i32>(neg + (<usize>a << 2)) * stride) << 2);
    const n0 = i32x4.splat(~load<u32>(b));
    // the plane's second word is only read where it exists (P = 2); otherwise its lanes are 0
    const n1 = i32x4.splat(P > 1 ? ~load<u32>(b, 4) : 0);
    let k = c;
    for (; k < nPos; k++) {
      if ((k & 7) == 0 && k + 8 <= nPos) {
        const at = plane + (<usize>k << 2);
        const u = v128.or(v128.and(v128.load(at), n0), v128.and(v128.load(at + wordBytes), n1));
        const v = v128.or(v128.and(v128.load(at, 16), n0), v128.and(v128.load(at + wordBytes, 16), n1));
        if (!i32x4.all_true(i32x4.min_u(u, v))) {
          // a lane both plane words leave unseparated: those pairs one by one, from the rows
          const lanes = i32x4.bitmask(i32x4.eq(u, zero)) | (i32x4.bitmask(i32x4.eq(v, zero)) << 4);
          for (let rest = lanes; rest != 0; rest &= rest - 1) {
            const q = <i32>ctz(rest);
            const j = firstSeparatingFrom(bits + (<usize>(load<i32>(pos + (<usize>(k + q) << 2)) * stride) << 2), b, P, nWords);
            if (j < 0) {
              if (count >= cap) return stopAt(state, m, a, nPos, k + q);
              storePair(out, count++, a, k + q);
            } else if (j > m) m = j;
          }
        }
        k += 7;
        continue;
      }
      const j = firstSeparating(bits + (<usize>(load<i32>(pos + (<usize>k << 2)) * stride) << 2), b, nWords);
      if (j < 0) {
        if (count >= cap) return stopAt(state, m, a, nPos, k);
        storePair(out, count++, a, k);
      } else if (j > m) m = j;
    }
  }
  store<f64>(state, <f64>m);
  store<f64>(state, <f64>nNeg * <f64>nPos, 8);
  return count;
}

/** the scan's state where it stops (maximum so far, the pair a·nPos + c), and its −1 */
// @ts-ignore: decorator
@inline function stopAt(state: usize, m: i32, a: i32, nPos: i32, c: i32): i32 {
  store<f64>(state, <f64>m);
  store<f64>(state, <f64>a * <f64>nPos + <f64>c, 8);
  return -1;
}

/** pair number `at` of a list of (x⁻ index, x⁺ index) i32 pairs */
// @ts-ignore: decorator
@inline function storePair(out: usize, at: i32, a: i32, k: i32): void {
  store<i32>(out + (<usize>at << 3), a);
  store<i32>(out + (<usize>at << 3), k, 4);
}

/**
 * The largest first unit within the plane's words [0, planeWords ≤ 2) over every pair (x⁻ = neg[a],
 * x⁺ = pos[k]) that the plane separates (−1 if none): what scanFirstSeparatingUnits leaves out of its
 * maximum, for the caller to fold in when a whole scan ended below 64. Per word, the largest lowest set
 * bit s & −s over the lanes (word 1 masked to the lanes word 0 left unseparated) marks the largest
 * first unit in it; the last word with one decides.
 */
export function planeMaxAll(bits: usize, stride: i32, neg: usize, nNeg: i32, nPos: i32, plane: usize, planeWords: i32): i32 {
  const P = min(planeWords, 2);
  const zero = i32x4.splat(0);
  const wordBytes = <usize>nPos << 2;
  let acc0 = zero, acc1 = zero;
  for (let a = 0; a < nNeg; a++) {
    const b = bits + (<usize>(load<i32>(neg + (<usize>a << 2)) * stride) << 2);
    const n0 = ~load<u32>(b), n1 = P > 1 ? ~load<u32>(b, 4) : 0;
    const n0v = i32x4.splat(n0), n1v = i32x4.splat(n1);
    let k = 0;
    for (; k + 4 <= nPos; k += 4) {
      const at = plane + (<usize>k << 2);
      const u0 = v128.and(v128.load(at), n0v);
      const u1 = v128.and(v128.and(v128.load(at + wordBytes), n1v), i32x4.eq(u0, zero));
      acc0 = i32x4.max_u(acc0, lowestBits(u0));
      acc1 = i32x4.max_u(acc1, lowestBits(u1));
    }
    for (; k < nPos; k++) {
      const at = plane + (<usize>k << 2);
      const s0 = load<u32>(at) & n0;
      const s1 = s0 == 0 && P > 1 ? load<u32>(at + wordBytes) & n1 : 0;
      acc0 = i32x4.max_u(acc0, i32x4.splat(s0 & (0 - s0)));
      acc1 = i32x4.max_u(acc1, i32x4.splat(s1 & (0 - s1)));
    }
  }
  return planeMax(acc0, acc1);
}

/** what rowMaxima gives a row with a pair that has no separating unit within the words scanned (as UNSEPARATED in separatingUnit.ts) */
const UNSEPARATED: i32 = 0x7fffffff;

/**
 * rowMaxima (separatingUnit.ts): per x⁻ row rows[r], the largest first separating unit over its pairs
 * with every x⁺ of pos, or UNSEPARATED, into out[r]; one call for many rows, where a scan per row paid
 * a call's overhead on a few hundred pairs. Each row is scanFirstSeparatingUnits over that row alone,
 * from a fresh state, with the plane's first units folded in where it ends below 64 (planeMaxAll).
 * `plane` holds pos's leading words (fillPlane); state: 16 bytes of scratch (two f64).
 */
export function rowMaxima(
  bits: usize, stride: i32, rows: usize, nRows: i32, pos: usize, nPos: i32, nWords: i32, plane: usize, planeWords: i32, state: usize, out: usize,
): void {
  for (let r = 0; r < nRows; r++) {
    const row = rows + (<usize>r << 2);
    store<f64>(state, -1);
    store<f64>(state, 0, 8);
    const done = scanFirstSeparatingUnits(bits, stride, row, 1, pos, nPos, nWords, state, plane, planeWords, 0, 0, 0) >= 0;
    let m = <i32>load<f64>(state);
    if (done && m < 64) m = max(m, planeMaxAll(bits, stride, row, 1, nPos, plane, planeWords));
    store<i32>(out + (<usize>r << 2), done ? m : UNSEPARATED);
  }
}

/** the largest first unit the per-word accumulators hold (−1 when none): the last word with one decides */
// @ts-ignore: decorator
@inline function planeMax(acc0: v128, acc1: v128): i32 {
  const u = lowestUnit(acc1);
  return u >= 0 ? 32 + u : lowestUnit(acc0);
}

/** the unit of the largest lowest-set-bit among the lanes (−1 when every lane is 0) */
// @ts-ignore: decorator
@inline function lowestUnit(acc: v128): i32 {
  const top = max(max(i32x4.extract_lane(acc, 0) as u32, i32x4.extract_lane(acc, 1) as u32), max(i32x4.extract_lane(acc, 2) as u32, i32x4.extract_lane(acc, 3) as u32));
  return top == 0 ? -1 : <i32>ctz<u32>(top);
}

// ---- nearest point across two sets (kernels/distances.ts: nearestAcross, the reference).
//
// For rows a of one set and columns b of another, D = ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b with a·b in
// float32 (f32x4: 4 rows × 8 columns per step, partial sums of BLOCK_TERMS products, exactly as the
// layer-1 kernel), which rounds; so each point keeps, as candidates, every partner whose certified lower
// bound is at most its best certified upper bound, and the JavaScript side recomputes those few exactly
// as the reference does (float64, ascending k). Results are therefore the reference's, bit for bit.
//
// The certified bound. q_x = ‖x‖², u = 2⁻²⁴, v = 2⁻⁵³, γ_n(u) = nu/(1 − nu). The reference's R = Σ_k
// fl64(fl64(a_k − b_k)²) (float64 cannot underflow or overflow on float32 inputs) has
// |R − D| ≤ γ_{d+2}(v)·D ≤ 2γ_{d+2}(v)(q_a + q_b). The kernel's D̂ = fl(fl(n_a + n_b) − fl(ŝ + ŝ)) with
// n_x = fl32(q_x) (|n_x − q_x| ≤ 2u·q_x + 2⁻¹⁵⁰) and the dot ŝ (|ŝ − a·b| ≤ γ_h(u)·√(q_a q_b) + d·2⁻¹⁴⁹,
// h = min(B, d) + ⌈d/B⌉ − 1 as for layer 1) gives |D̂ − D| ≤ (γ_h(u) + 6u)(q_a + q_b) + (2d + 4)·2⁻¹⁴⁹,
// since |D̂| ≤ 2.01(q_a + q_b). Write E_ab for the sum of both bounds. Each point x carries
// e_x ≥ (γ_h(u) + 2γ_{d+2}(v) + 10u)·q_x + (d + 4)·2⁻¹⁴⁹ (the JavaScript side doubles it and rounds up),
// so e_a + e_b ≥ E_ab + u(|lo| + |hi| + |T|) + 3·2⁻¹⁵⁰ covers the three float32 operations below too.
// For point a and partner j: hi = fl(D̂ + e_j), lo = fl(D̂ − e_j); U_a = min_j hi (the value of some j*),
// T_a = fl(U_a + 2e_a). If lo_aj > T_a then R_aj ≥ lo − u|lo| + e_j − E_aj > T_a − u|lo| + e_j − E_aj
// ≥ R_aj* + (e_j* + e_a − E_aj* − u(|hi| + |T|)) + (e_j + e_a − E_aj − u|lo|) ≥ R_aj*: j is neither
// the reference's nearest nor tied with it. Candidates are kept while lo ≤ the current T, which only
// falls, and filtered by the final T on the JavaScript side. Overflow: the JavaScript side takes the
// exact path for the whole call when some q_x ≥ 2¹²⁰, so nothing here reaches 2¹²⁸.

/** bytes per candidate-list entry: i32 partner index, f32 lower bound */
const ENTRY = 8;

/**
 * Appends (index, lo) to the candidate list at list (cap entries, its count at countAt). A full list
 * first drops the entries above t (the current threshold: they can no longer win); one still full is
 * marked overflowed (count −1) and the JavaScript side checks that point against every partner.
 */
function addCandidate(list: usize, countAt: usize, cap: i32, index: i32, lo: f32, t: f32): void {
  let n = load<i32>(countAt);
  if (n < 0) return;
  if (n == cap) {
    let w = 0;
    for (let e = 0; e < cap; e++) {
      const p = list + <usize>e * ENTRY;
      if (load<f32>(p, 4) <= t) {
        store<i64>(list + <usize>w * ENTRY, load<i64>(p));
        w++;
      }
    }
    if (w == cap) {
      store<i32>(countAt, -1);
      return;
    }
    n = w;
  }
  const p = list + <usize>n * ENTRY;
  store<i32>(p, index);
  store<f32>(p, lo, 4);
  store<i32>(countAt, n + 1);
}

/** the smallest lane of a and b */
// @ts-ignore: decorator
@inline function minLane(a: v128, b: v128): f32 {
  let m = f32x4.min(a, b);
  m = f32x4.min(m, v128.shuffle<f32>(m, m, 2, 3, 0, 1));
  m = f32x4.min(m, v128.shuffle<f32>(m, m, 1, 0, 3, 2));
  return f32x4.extract_lane(m, 0);
}

/**
 * Row p against the 8 columns c.. (D̂ in dA, dB; their e in eA, eB): lowers the row's U and adds the
 * columns with lo ≤ T to its list (as colBase + c + lane). scratch: 32 bytes.
 */
// @ts-ignore: decorator
@inline function rowUpdate(
  dA: v128, dB: v128, eA: v128, eB: v128, valid: u32, p: i32, c: i32, colBase: i32,
  rowErr: usize, rowU: usize, rowCount: usize, rowList: usize, cap: i32, scratch: usize,
): void {
  const uAt = rowU + (<usize>p << 2);
  const u = min(load<f32>(uAt), minLane(f32x4.add(dA, eA), f32x4.add(dB, eB)));
  store<f32>(uAt, u);
  const e = load<f32>(rowErr + (<usize>p << 2));
  const t = u + (e + e);
  const tv = f32x4.splat(t);
  const loA = f32x4.sub(dA, eA), loB = f32x4.sub(dB, eB);
  const mask = (<u32>i32x4.bitmask(f32x4.le(loA, tv)) | (<u32>i32x4.bitmask(f32x4.le(loB, tv)) << 4)) & valid;
  if (mask == 0) return;
  v128.store(scratch, loA);
  v128.store(scratch, loB, 16);
  const list = rowList + <usize>p * <usize>cap * ENTRY, countAt = rowCount + (<usize>p << 2);
  for (let rest = mask; rest != 0; rest &= rest - 1) {
    const lane = ctz(rest);
    addCandidate(list, countAt, cap, colBase + c + <i32>lane, load<f32>(scratch + (<usize>lane << 2)), t);
  }
}

/**
 * The 8 columns c.. against rows p.. (up to 4, pn of them real; their D̂ in d*): lowers each column's U
 * and adds the rows with lo ≤ T to its list (as row positions p + r).
 */
// @ts-ignore: decorator
@inline function colUpdate(
  d0A: v128, d0B: v128, d1A: v128, d1B: v128, d2A: v128, d2B: v128, d3A: v128, d3B: v128, pn: i32, p: i32,
  c: i32, ecA: v128, ecB: v128, valid: u32, rowErr: usize, colU: usize, colCount: usize, colList: usize, cap: i32,
  scratch: usize,
): void {
  const re = rowErr + (<usize>p << 2);
  const e0 = v128.load32_splat(re), e1 = v128.load32_splat(re, 4), e2 = v128.load32_splat(re, 8), e3 = v128.load32_splat(re, 12);
  // padded rows have norm +∞, so their hi is +∞ and never lowers a column's U
  const hA = f32x4.min(f32x4.min(f32x4.add(d0A, e0), f32x4.add(d1A, e1)), f32x4.min(f32x4.add(d2A, e2), f32x4.add(d3A, e3)));
  const hB = f32x4.min(f32x4.min(f32x4.add(d0B, e0), f32x4.add(d1B, e1)), f32x4.min(f32x4.add(d2B, e2), f32x4.add(d3B, e3)));
  const uAt = colU + (<usize>c << 2);
  const uA = f32x4.min(v128.load(uAt), hA), uB = f32x4.min(v128.load(uAt, 16), hB);
  v128.store(uAt, uA);
  v128.store(uAt, uB, 16);
  const tA = f32x4.add(uA, f32x4.add(ecA, ecA)), tB = f32x4.add(uB, f32x4.add(ecB, ecB));
  colRow(d0A, d0B, e0, tA, tB, valid, p, c, colCount, colList, cap, scratch);
  if (pn > 1) colRow(d1A, d1B, e1, tA, tB, valid, p + 1, c, colCount, colList, cap, scratch);
  if (pn > 2) colRow(d2A, d2B, e2, tA, tB, valid, p + 2, c, colCount, colList, cap, scratch);
  if (pn > 3) colRow(d3A, d3B, e3, tA, tB, valid, p + 3, c, colCount, colList, cap, scratch);
}

/** the columns c.. for which row p (D̂ in dA, dB, its e in er) has lo ≤ T: row p joins their lists */
// @ts-ignore: decorator
@inline function colRow(
  dA: v128, dB: v128, er: v128, tA: v128, tB: v128, valid: u32, p: i32, c: i32, colCount: usize, colList: usize,
  cap: i32, scratch: usize,
): void {
  const loA = f32x4.sub(dA, er), loB = f32x4.sub(dB, er);
  const mask = (<u32>i32x4.bitmask(f32x4.le(loA, tA)) | (<u32>i32x4.bitmask(f32x4.le(loB, tB)) << 4)) & valid;
  if (mask == 0) return;
  v128.store(scratch, loA);
  v128.store(scratch, loB, 16);
  v128.store(scratch, tA, 32);
  v128.store(scratch, tB, 48);
  for (let rest = mask; rest != 0; rest &= rest - 1) {
    const lane = ctz(rest);
    const col = c + <i32>lane;
    addCandidate(
      colList + <usize>col * <usize>cap * ENTRY, colCount + (<usize>col << 2), cap, p,
      load<f32>(scratch + (<usize>lane << 2)), load<f32>(scratch + 32 + (<usize>lane << 2)),
    );
  }
}

/**
 * Rows [r0, r1) (r1 − r0 ≤ POINTS; raw at xr, rows of d) against the `cols` columns packed at wt
 * (packUnits), whose candidates are numbered from colBase. Per row (indexed by row position, padded by 4
 * with norm +∞): rowNorm n_x, rowErr e_x, rowU, rowCount, rowList (cap entries each); per column
 * likewise (padded by 8), updated only when wantCols is 1. xb: packedBytes(d); scratch: 192 bytes.
 */
export function nearestBlock(
  xr: usize, r0: i32, r1: i32, d: i32, xb: usize, rowNorm: usize, rowErr: usize, rowU: usize, rowCount: usize,
  rowList: usize, wt: usize, cols: i32, colBase: i32, colNorm: usize, colErr: usize, colU: usize, colCount: usize,
  colList: usize, cap: i32, wantCols: i32, scratch: usize,
): void {
  const count = r1 - r0;
  packPoints(xr, d, r0, count, xb);
  for (let c = 0; c < cols; c += 8) {
    const valid: u32 = (<u32>1 << <u32>min(8, cols - c)) - 1;
    const wg = unitGroup(wt, c >> 3, d);
    const ncA = v128.load(colNorm + (<usize>c << 2)), ncB = v128.load(colNorm + (<usize>c << 2), 16);
    const ecA = v128.load(colErr + (<usize>c << 2)), ecB = v128.load(colErr + (<usize>c << 2), 16);
    for (let pg = 0; pg < count; pg += 4) {
      const tile = scratch + 64;
      dotTile(xb, pg, wg, d, tile);
      const a0 = v128.load(tile), a1 = v128.load(tile, 16), b0 = v128.load(tile, 32), b1 = v128.load(tile, 48);
      const c0 = v128.load(tile, 64), c1 = v128.load(tile, 80), e0 = v128.load(tile, 96), e1 = v128.load(tile, 112);
      const p = r0 + pg, pn = min(4, count - pg);
      const rn = rowNorm + (<usize>p << 2);
      const n0 = v128.load32_splat(rn), n1 = v128.load32_splat(rn, 4), n2 = v128.load32_splat(rn, 8), n3 = v128.load32_splat(rn, 12);
      const d0A = f32x4.sub(f32x4.add(n0, ncA), f32x4.add(a0, a0)), d0B = f32x4.sub(f32x4.add(n0, ncB), f32x4.add(a1, a1));
      const d1A = f32x4.sub(f32x4.add(n1, ncA), f32x4.add(b0, b0)), d1B = f32x4.sub(f32x4.add(n1, ncB), f32x4.add(b1, b1));
      const d2A = f32x4.sub(f32x4.add(n2, ncA), f32x4.add(c0, c0)), d2B = f32x4.sub(f32x4.add(n2, ncB), f32x4.add(c1, c1));
      const d3A = f32x4.sub(f32x4.add(n3, ncA), f32x4.add(e0, e0)), d3B = f32x4.sub(f32x4.add(n3, ncB), f32x4.add(e1, e1));
      rowUpdate(d0A, d0B, ecA, ecB, valid, p, c, colBase, rowErr, rowU, rowCount, rowList, cap, scratch);
      if (pn > 1) rowUpdate(d1A, d1B, ecA, ecB, valid, p + 1, c, colBase, rowErr, rowU, rowCount, rowList, cap, scratch);
      if (pn > 2) rowUpdate(d2A, d2B, ecA, ecB, valid, p + 2, c, colBase, rowErr, rowU, rowCount, rowList, cap, scratch);
      if (pn > 3) rowUpdate(d3A, d3B, ecA, ecB, valid, p + 3, c, colBase, rowErr, rowU, rowCount, rowList, cap, scratch);
      if (wantCols != 0) {
        colUpdate(d0A, d0B, d1A, d1B, d2A, d2B, d3A, d3B, pn, p, c, ecA, ecB, valid, rowErr, colU, colCount, colList, cap, scratch);
      }
    }
  }
}

/**
 * The D̂ of nearestBlock (same arithmetic, so the same certified bound) for rows [r0, r1) (r1 − r0 ≤
 * POINTS; raw at xr) against the `cols` columns packed at wt, written out for the k-nearest selection
 * (kNearest in ../wasmKernels.ts): row position p's D̂ against column c at out + 4((p − r0)·stride + c).
 * xb: packedBytes(d); scratch: 128 bytes.
 */
export function distanceTile(
  xr: usize, r0: i32, r1: i32, d: i32, xb: usize, rowNorm: usize, wt: usize, cols: i32, colNorm: usize, out: usize,
  stride: i32, scratch: usize,
): void {
  const count = r1 - r0;
  packPoints(xr, d, r0, count, xb);
  for (let c = 0; c < cols; c += 8) {
    const wg = unitGroup(wt, c >> 3, d);
    const ncA = v128.load(colNorm + (<usize>c << 2)), ncB = v128.load(colNorm + (<usize>c << 2), 16);
    for (let pg = 0; pg < count; pg += 4) {
      dotTile(xb, pg, wg, d, scratch);
      const pn = min(4, count - pg);
      for (let q = 0; q < pn; q++) {
        const n = v128.load32_splat(rowNorm + (<usize>(r0 + pg + q) << 2));
        const o = out + (<usize>((pg + q) * stride + c) << 2);
        v128.store(o, tileRow(scratch, q, n, ncA, ncB, false));
        v128.store(o, tileRow(scratch, q, n, ncA, ncB, true), 16);
      }
    }
  }
}

// ---- nearest point across two sets, pruned by a sketch (prunedAcross in ../wasmKernels.ts).
//
// In high dimension most pairs are far from being anyone's nearest, and a sketch tells which: every
// point x has a float32 vector φ̂(x) of a few dozen coordinates and a slack s_x with
// ‖a − b‖ ≥ ‖φ̂(a) − φ̂(b)‖ − s_a − s_b (kernels/sketch.ts). The sketches' tile D̂_P (dotTile on them,
// within E_P ≤ EP of ‖φ̂(a) − φ̂(b)‖² by the bound above) decides which pairs are measured at all: pair
// (a, b) is skipped for row a when D̂_P > τ_a = ((√T_a·(1 + 2⁻¹⁰) + S)² + EP)·(1 + 2⁻¹⁰) with S ≥ s_a +
// s_b; the two factors 1 + 2⁻¹⁰ cover the float32 roundings of τ's six operations (the η in EP any
// underflow). Then ‖φ̂(a) − φ̂(b)‖ > √T_a(1 + 2⁻¹¹) + S, so ‖a − b‖² > T_a(1 + 2⁻¹⁰) and the reference's
// R_ab ≥ (1 − γ_{d+2}(v))‖a − b‖² > T_a ≥ R_aj* + e_a (shown above, for any T_a computed from an upper
// bound U_a ≥ R_aj*): b is neither a's nearest nor tied with it, exactly as for a candidate with
// lo > T_a. Columns likewise with their own τ. A pair measured gets the D̂ of nearestBlock, through a
// per-pair dot product (pairDistance) whose products go through at most ⌈d/32⌉ + 5 roundings, no more
// than the tile's h for d ≥ 16 (the JavaScript side prunes only above that), so the same e_x cover it and
// U, T, the candidate lists and the exact recheck work as in nearestBlock. U_a starts at an upper bound of
// a real partner's R (the seed: sketchSeeds finds each point's nearest in the sketch, the JavaScript side
// measures it exactly), so τ is small from the first column on.

/**
 * D̂ = fl(fl(n_a + n_b) − fl(ŝ + ŝ)) for rows at a and b padded with zeros to dp coordinates (a multiple
 * of 32): ŝ in float32, per block of 32 coordinates four f32x4 sums of two products each, summed as a
 * tree, the blocks' sums added up, then the four lanes as a tree.
 */
// @ts-ignore: decorator
@inline function pairDistance(a: usize, b: usize, dp: i32, na: f32, nb: f32): f32 {
  let total = f32x4.splat(0);
  const end = a + (<usize>dp << 2);
  for (let pa = a, pb = b; pa < end; pa += 128, pb += 128) {
    const s0 = f32x4.add(f32x4.mul(v128.load(pa), v128.load(pb)), f32x4.mul(v128.load(pa, 64), v128.load(pb, 64)));
    const s1 = f32x4.add(f32x4.mul(v128.load(pa, 16), v128.load(pb, 16)), f32x4.mul(v128.load(pa, 80), v128.load(pb, 80)));
    const s2 = f32x4.add(f32x4.mul(v128.load(pa, 32), v128.load(pb, 32)), f32x4.mul(v128.load(pa, 96), v128.load(pb, 96)));
    const s3 = f32x4.add(f32x4.mul(v128.load(pa, 48), v128.load(pb, 48)), f32x4.mul(v128.load(pa, 112), v128.load(pb, 112)));
    total = f32x4.add(total, f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)));
  }
  const h = f32x4.add(total, v128.shuffle<f32>(total, total, 2, 3, 0, 1));
  const s = f32x4.extract_lane(h, 0) + f32x4.extract_lane(h, 1);
  return (na + nb) - (s + s);
}

/** τ for the threshold t (see above) */
// @ts-ignore: decorator
@inline function pruneBound(t: f32, s2: f32, ep2: f32): f32 {
  const r = sqrt<f32>(t) * <f32>(1 + 1.0 / 1024) + s2;
  return (r * r + ep2) * <f32>(1 + 1.0 / 1024);
}

/**
 * One end of a measured pair (nearestBlock's rowUpdate or colUpdate for one partner): D̂, the partner's
 * e (eOther) and its own (eSelf); lowers U (and τ), and lists the partner (as index) if lo ≤ T.
 */
// @ts-ignore: decorator
@inline function pairUpdate(
  D: f32, eOther: f32, eSelf: f32, uAt: usize, tauAt: usize, list: usize, countAt: usize, cap: i32, index: i32, s2: f32, ep2: f32,
): void {
  let u = load<f32>(uAt);
  const hi = D + eOther;
  if (hi < u) {
    u = hi;
    store<f32>(uAt, u);
    store<f32>(tauAt, pruneBound(u + (eSelf + eSelf), s2, ep2));
  }
  const t = u + (eSelf + eSelf);
  const lo = D - eOther;
  if (lo <= t) addCandidate(list, countAt, cap, index, lo, t);
}

/**
 * nearestBlock's work for rows [r0, r1) against `cols` columns, with only the pairs the sketches cannot
 * rule out measured (see above). Rows: raw at xr (rows of dp, zero-padded), rowNorm, rowErr, rowU, rowCount,
 * rowList, rowTau, their sketches raw at sr (rows of kp) with norms at sRowNorm; columns likewise (raw at
 * xc, sketches packed at wts by packUnits, norms at sColNorm), updated only when wantCols is 1. sb:
 * packedBytes(kp); scratch: 128 bytes. Returns how many pairs were measured.
 */
export function nearestPruned(
  xr: usize, r0: i32, r1: i32, dp: i32, rowNorm: usize, rowErr: usize, rowU: usize, rowCount: usize, rowList: usize, rowTau: usize,
  sr: usize, kp: i32, sb: usize, sRowNorm: usize, xc: usize, cols: i32, colBase: i32, colNorm: usize, colErr: usize, colU: usize,
  colCount: usize, colList: usize, colTau: usize, wts: usize, sColNorm: usize, s2: f32, ep2: f32, cap: i32, wantCols: i32,
  scratch: usize,
): i32 {
  const count = r1 - r0;
  packPoints(sr, kp, r0, count, sb);
  let measured = 0;
  for (let c = 0; c < cols; c += 8) {
    const valid: u32 = (<u32>1 << <u32>min(8, cols - c)) - 1;
    const wg = unitGroup(wts, c >> 3, kp);
    const ncA = v128.load(sColNorm + (<usize>c << 2)), ncB = v128.load(sColNorm + (<usize>c << 2), 16);
    for (let pg = 0; pg < count; pg += 4) {
      dotTile(sb, pg, wg, kp, scratch);
      const p = r0 + pg, pn = min(4, count - pg);
      const ctA = v128.load(colTau + (<usize>c << 2)), ctB = v128.load(colTau + (<usize>c << 2), 16);
      let mask: u32 = 0;
      for (let q = 0; q < pn; q++) {
        const n = v128.load32_splat(sRowNorm + (<usize>(p + q) << 2));
        const dA = tileRow(scratch, q, n, ncA, ncB, false), dB = tileRow(scratch, q, n, ncA, ncB, true);
        const rt = v128.load32_splat(rowTau + (<usize>(p + q) << 2));
        let m = <u32>i32x4.bitmask(f32x4.le(dA, rt)) | (<u32>i32x4.bitmask(f32x4.le(dB, rt)) << 4);
        if (wantCols != 0) m |= <u32>i32x4.bitmask(f32x4.le(dA, ctA)) | (<u32>i32x4.bitmask(f32x4.le(dB, ctB)) << 4);
        mask |= (m & valid) << (<u32>q << 3);
      }
      for (let rest = mask; rest != 0; rest &= rest - 1, measured++) {
        const bit = <i32>ctz(rest);
        const row = p + (bit >> 3), col = c + (bit & 7);
        const ra = <usize>row << 2, ca = <usize>col << 2;
        const D = pairDistance(
          xr + (<usize>(row * dp) << 2), xc + (<usize>(col * dp) << 2), dp, load<f32>(rowNorm + ra), load<f32>(colNorm + ca),
        );
        const er = load<f32>(rowErr + ra), ec = load<f32>(colErr + ca);
        pairUpdate(D, ec, er, rowU + ra, rowTau + ra, rowList + <usize>row * <usize>cap * ENTRY, rowCount + ra, cap, colBase + col, s2, ep2);
        if (wantCols != 0) {
          pairUpdate(D, er, ec, colU + ca, colTau + ca, colList + <usize>col * <usize>cap * ENTRY, colCount + ca, cap, row, s2, ep2);
        }
      }
    }
  }
  return measured;
}

/**
 * Seeds for nearestPruned: for rows [r0, r1) (sketches raw at sr, rows of kp; norms at sRowNorm) against
 * `cols` columns (packed at wts; norms at sColNorm), each row's partner of smallest sketch D̂_P so far in
 * rowBest / rowArg (as colBase + column) and, with wantCols, each column's in colBest / colArg (as a row
 * position). Only a good guess: whatever it picks, the JavaScript side measures the pair exactly.
 * sb: packedBytes(kp); scratch: 128 bytes.
 */
export function sketchSeeds(
  sr: usize, r0: i32, r1: i32, kp: i32, sb: usize, sRowNorm: usize, rowBest: usize, rowArg: usize, wts: usize, cols: i32,
  colBase: i32, sColNorm: usize, colBest: usize, colArg: usize, wantCols: i32, scratch: usize,
): void {
  const count = r1 - r0;
  packPoints(sr, kp, r0, count, sb);
  for (let c = 0; c < cols; c += 8) {
    const wg = unitGroup(wts, c >> 3, kp);
    const ca = <usize>c << 2;
    const ncA = v128.load(sColNorm + ca), ncB = v128.load(sColNorm + ca, 16);
    let cbA = v128.load(colBest + ca), cbB = v128.load(colBest + ca, 16);
    let caA = v128.load(colArg + ca), caB = v128.load(colArg + ca, 16);
    for (let pg = 0; pg < count; pg += 4) {
      dotTile(sb, pg, wg, kp, scratch);
      const p = r0 + pg, pn = min(4, count - pg);
      for (let q = 0; q < pn; q++) {
        const ra = <usize>(p + q) << 2;
        const n = v128.load32_splat(sRowNorm + ra);
        // padded columns have norm +∞: their D̂_P is +∞ and never a minimum
        const dA = tileRow(scratch, q, n, ncA, ncB, false), dB = tileRow(scratch, q, n, ncA, ncB, true);
        const m = minLane(dA, dB);
        if (m < load<f32>(rowBest + ra)) {
          const mv = f32x4.splat(m);
          const lane = ctz(<u32>i32x4.bitmask(f32x4.eq(dA, mv)) | (<u32>i32x4.bitmask(f32x4.eq(dB, mv)) << 4));
          store<f32>(rowBest + ra, m);
          store<i32>(rowArg + ra, colBase + c + <i32>lane);
        }
        if (wantCols != 0) {
          const row = i32x4.splat(p + q);
          const ltA = f32x4.lt(dA, cbA), ltB = f32x4.lt(dB, cbB);
          cbA = v128.bitselect(dA, cbA, ltA);
          cbB = v128.bitselect(dB, cbB, ltB);
          caA = v128.bitselect(row, caA, ltA);
          caB = v128.bitselect(row, caB, ltB);
        }
      }
    }
    v128.store(colBest + ca, cbA);
    v128.store(colBest + ca, cbB, 16);
    v128.store(colArg + ca, caA);
    v128.store(colArg + ca, caB, 16);
  }
}

/**
 * The columns' seeds for nearestPruned: column c (raw at xc, rows of dp) against its seed row colArg[c]
 * (a row position, raw at xr; −1 for none): U = hi of that pair, as pairUpdate would set it, and its τ.
 */
export function seedColumns(
  xr: usize, dp: i32, rowNorm: usize, rowErr: usize, xc: usize, cols: i32, colNorm: usize, colErr: usize, colArg: usize,
  colU: usize, colTau: usize, s2: f32, ep2: f32,
): void {
  for (let c = 0; c < cols; c++) {
    const ca = <usize>c << 2;
    const r = load<i32>(colArg + ca);
    if (r < 0) continue;
    const ra = <usize>r << 2;
    const D = pairDistance(xr + (<usize>(r * dp) << 2), xc + (<usize>(c * dp) << 2), dp, load<f32>(rowNorm + ra), load<f32>(colNorm + ca));
    const u = D + load<f32>(rowErr + ra), e = load<f32>(colErr + ca);
    store<f32>(colU + ca, u);
    store<f32>(colTau + ca, pruneBound(u + (e + e), s2, ep2));
  }
}

// ---- float64 kernels of the Lipschitz stage (gradients, spectral norms, the ℓp sweep's direction): in their own file
export { rowProductsF64, tridiagonalizeF64, spreadProjectionF64 } from './dense';

// ---- the k-nearest search's exact recheck: in its own file
export { exactSquared } from './kNearest';

// ---- k nearest points, pruned by a sketch (prunedKNearest in ../kNearestPruned.ts).
//
// The k-nearest search of blockedKNearest (../wasmKernels.ts: KSearch) needs, per point, only the
// partners whose lower bound lo = D̂ − e_j can reach T = U + 2e_x, U an upper bound of the k-th
// nearest's R. As for nearestPruned above, a partner whose sketch distance D̂_P exceeds τ = the
// pruneBound of T is farther than T, so farther than k partners: kNearestCandidates measures (D̂ by
// pairDistance, the same certified bound as the tiles for d ≥ 16) only the pairs under a row's or a
// column's τ, and hands them to the JavaScript side, which keeps the lists and lowers the τ between calls.

/**
 * Per row position p of [r0, r1) (sketches raw at sr, rows of kp; norms at sRowNorm), the m columns of
 * smallest sketch D̂_P among the `cols` packed at wts (norms at sColNorm), ascending in best / arg (m per
 * row, as colBase + column; +∞ and −1 where none yet). Only a guess (seeds): the JavaScript side measures
 * the pairs it picks. sb: packedBytes(kp); scratch: 160 bytes.
 */
export function sketchKBest(
  sr: usize, r0: i32, r1: i32, kp: i32, sb: usize, sRowNorm: usize, wts: usize, cols: i32, colBase: i32, sColNorm: usize,
  best: usize, arg: usize, m: i32, scratch: usize,
): void {
  const count = r1 - r0;
  packPoints(sr, kp, r0, count, sb);
  for (let c = 0; c < cols; c += 8) {
    const wg = unitGroup(wts, c >> 3, kp);
    const ncA = v128.load(sColNorm + (<usize>c << 2)), ncB = v128.load(sColNorm + (<usize>c << 2), 16);
    for (let pg = 0; pg < count; pg += 4) {
      dotTile(sb, pg, wg, kp, scratch);
      const pn = min(4, count - pg);
      for (let q = 0; q < pn; q++) {
        const p = r0 + pg + q;
        const n = v128.load32_splat(sRowNorm + (<usize>p << 2));
        // padded columns have norm +∞: never below a list's worst
        const dA = tileRow(scratch, q, n, ncA, ncB, false), dB = tileRow(scratch, q, n, ncA, ncB, true);
        const rowBest = best + (<usize>(p * m) << 2), rowArg = arg + (<usize>(p * m) << 2);
        const worst = f32x4.splat(load<f32>(rowBest + (<usize>(m - 1) << 2)));
        const mask = <u32>i32x4.bitmask(f32x4.lt(dA, worst)) | (<u32>i32x4.bitmask(f32x4.lt(dB, worst)) << 4);
        if (mask == 0) continue;
        v128.store(scratch, dA, 128);
        v128.store(scratch, dB, 144);
        for (let rest = mask; rest != 0; rest &= rest - 1) {
          const lane = <i32>ctz(rest);
          const v = load<f32>(scratch + 128 + (<usize>lane << 2));
          let at = m - 1;
          if (!(v < load<f32>(rowBest + (<usize>at << 2)))) continue;
          while (at > 0 && v < load<f32>(rowBest + (<usize>(at - 1) << 2))) {
            store<f32>(rowBest + (<usize>at << 2), load<f32>(rowBest + (<usize>(at - 1) << 2)));
            store<i32>(rowArg + (<usize>at << 2), load<i32>(rowArg + (<usize>(at - 1) << 2)));
            at--;
          }
          store<f32>(rowBest + (<usize>at << 2), v);
          store<i32>(rowArg + (<usize>at << 2), colBase + c + lane);
        }
      }
    }
  }
}

/**
 * The pairs of rows [r0, r1) (raw at xr, rows of dp, zero-padded; norms n_x at rowNorm, τ at rowTau;
 * sketches as for sketchKBest) and the `cols` columns (raw at xc, norms at colNorm, τ at colTau (−∞:
 * none), sketches packed at wts with norms at sColNorm) whose D̂_P is at most the row's or the column's
 * τ, with triangle 1 only those with colBase + column > row: each as (row position, column, D̂) at out
 * (12 bytes each). Returns how many. sb: packedBytes(kp); scratch: 128 bytes.
 */
export function kNearestCandidates(
  xr: usize, r0: i32, r1: i32, dp: i32, rowNorm: usize, rowTau: usize, sr: usize, kp: i32, sb: usize, sRowNorm: usize,
  xc: usize, cols: i32, colBase: i32, colNorm: usize, colTau: usize, wts: usize, sColNorm: usize, triangle: i32, out: usize,
  scratch: usize,
): i32 {
  const count = r1 - r0;
  packPoints(sr, kp, r0, count, sb);
  let found = 0;
  for (let c = 0; c < cols; c += 8) {
    // a triangle's columns up to the block's last row meet none of its rows
    if (triangle != 0 && colBase + c + 8 <= r0 + 1) continue;
    const valid: u32 = (<u32>1 << <u32>min(8, cols - c)) - 1;
    const wg = unitGroup(wts, c >> 3, kp);
    const ncA = v128.load(sColNorm + (<usize>c << 2)), ncB = v128.load(sColNorm + (<usize>c << 2), 16);
    const ctA = v128.load(colTau + (<usize>c << 2)), ctB = v128.load(colTau + (<usize>c << 2), 16);
    for (let pg = 0; pg < count; pg += 4) {
      const p = r0 + pg, pn = min(4, count - pg);
      if (triangle != 0 && colBase + c + 8 <= p + 1) continue;
      dotTile(sb, pg, wg, kp, scratch);
      let mask: u32 = 0;
      for (let q = 0; q < pn; q++) {
        const n = v128.load32_splat(sRowNorm + (<usize>(p + q) << 2));
        const dA = tileRow(scratch, q, n, ncA, ncB, false), dB = tileRow(scratch, q, n, ncA, ncB, true);
        const rt = v128.load32_splat(rowTau + (<usize>(p + q) << 2));
        let lanes = <u32>i32x4.bitmask(f32x4.le(dA, rt)) | (<u32>i32x4.bitmask(f32x4.le(dB, rt)) << 4);
        lanes |= <u32>i32x4.bitmask(f32x4.le(dA, ctA)) | (<u32>i32x4.bitmask(f32x4.le(dB, ctB)) << 4);
        lanes &= valid;
        if (triangle != 0) {
          // lanes whose column colBase + c + lane is above the row p + q
          const from = p + q + 1 - colBase - c;
          if (from >= 8) lanes = 0;
          else if (from > 0) lanes &= ~((<u32>1 << <u32>from) - 1);
        }
        mask |= lanes << (<u32>q << 3);
      }
      for (let rest = mask; rest != 0; rest &= rest - 1) {
        const bit = <i32>ctz(rest);
        const row = p + (bit >> 3), col = c + (bit & 7);
        const D = pairDistance(
          xr + (<usize>(row * dp) << 2), xc + (<usize>(col * dp) << 2), dp, load<f32>(rowNorm + (<usize>row << 2)), load<f32>(colNorm + (<usize>col << 2)),
        );
        const o = out + <usize>found * 12;
        store<i32>(o, row);
        store<i32>(o, col, 4);
        store<f32>(o, D, 8);
        found++;
      }
    }
  }
  return found;
}

/**
 * out[p] = D̂ of the count pairs (i, j) at pairs (int32, i then j) by pairDistance: rows of dp (zero-padded)
 * at a and b, their norms n_x at normA and normB; out: float32.
 */
export function pairDistances(a: usize, b: usize, dp: i32, normA: usize, normB: usize, pairs: usize, count: i32, out: usize): void {
  for (let p = 0; p < count; p++) {
    const i = load<i32>(pairs + (<usize>p << 3)), j = load<i32>(pairs + (<usize>p << 3), 4);
    const D = pairDistance(
      a + (<usize>(i * dp) << 2), b + (<usize>(j * dp) << 2), dp, load<f32>(normA + (<usize>i << 2)), load<f32>(normB + (<usize>j << 2)),
    );
    store<f32>(out + (<usize>p << 2), D);
  }
}
