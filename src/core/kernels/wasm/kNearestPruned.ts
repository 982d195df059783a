// The k-nearest search pruned by a sketch (the findings' neighbour lists in high dimension): the lists of
// blockedKNearest (wasmKernels.ts), exactly, with only the pairs the sketch cannot rule out measured.
// kNearestBounds first gives every point an upper bound U of its k-th nearest's squared distance over
// the whole search (k partners picked in the sketch by sketchKBest, bounded from their float32
// distances); kNearestCandidates (assembly/kernels.ts, where the pruning is derived) then measures a
// pair only when its sketch distance is under the τ of one of its ends, and KSearch keeps the lists,
// its T lowered by the pairs measured, and the exact recheck settles them.
import { kNearest as referenceKNearest, type KAcross, type KNearestOptions } from '../kNearest';
import type { Sketch } from '../sketch';
import { distanceError, pruneBound, tilesFit, upperF32 } from './errorBounds';
import { ACROSS_COLUMNS, KSearch, packSketches, PRUNE_MIN_D, RECHECK_PAIRS, recheckSearches } from './kSearch';
import { layout, packedBytes, POINTS } from './memory';
import type { Exports } from './wasmKernels';

/** partners picked per list entry for the bounds: the sketch's order is rough, and the k-th smallest of more measured partners is tighter */
const SEEDS_PER_K = 3;

/** the sketch's areas for R rows against column blocks of CH (packSketches) */
const sketchAreas = (R: number, CH: number, kp: number) => ({
  sr: R * kp * 4,
  sb: packedBytes(kp),
  sRowNorm: (R + 4) * 4,
  sc: CH * kp * 4,
  wts: Math.ceil(CH / 8) * 8 * kp * 4,
  sColNorm: Math.ceil(CH / 8) * 8 * 4,
});

/** X's rows of set into memory at `at`, each padded with zeros to dp coordinates (pairDistance reads blocks of 32) */
function padded(e: Exports, at: number, X: Float32Array, d: number, dp: number, set: Int32Array): void {
  const out = new Float32Array(e.memory.buffer, at, set.length * dp).fill(0);
  set.forEach((i, r) => out.set(X.subarray(i * d, (i + 1) * d), r * dp));
}

/** the float32 norms n_x the kernels take (fl32 of ‖x‖², +∞ for `pad` padding entries) and the points' e_x */
function normsAndErrors(e: Exports, at: number, q: Float64Array, pad: number, err: (q: number) => number) {
  const norm = new Float32Array(e.memory.buffer, at, q.length + pad).fill(Infinity);
  q.forEach((v, i) => (norm[i] = Math.fround(v)));
  return Float32Array.from(q, err);
}

/**
 * KernelBackend.kNearestBounds: per row, the SEEDS_PER_K·k columns of smallest sketch distance other than
 * itself, each with |D̂| + e_a + e_j rounded up, which bounds its reference R (|R − D̂| ≤ e_a + e_j,
 * assembly/kernels.ts): the k-th smallest of those bounds k partners, so the k-th nearest's R.
 */
export function kNearestBounds(e: Exports, X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, k: number, sketch: Sketch): Float64Array {
  const R = rows.length,
    C = cols.length,
    m = SEEDS_PER_K * k + 1;
  const kp = sketch.k;
  const upper = new Float64Array(R).fill(Infinity);
  // pairDistance's error is the tiles' only from d = 16 on (assembly/kernels.ts)
  if (R === 0 || C === 0 || k === 0 || d < PRUNE_MIN_D) return upper;
  const dp = Math.ceil(d / 32) * 32;
  const CH = Math.min(C, ACROSS_COLUMNS);
  const at = layout(e, {
    ...sketchAreas(R, CH, kp),
    best: R * m * 4,
    arg: R * m * 4,
    scratch: 192,
    xr: R * dp * 4,
    xAll: C * dp * 4,
    rowNorm: (R + 4) * 4,
    colNorm: (C + 8) * 4,
    pairs: R * (m - 1) * 8,
    out: R * (m - 1) * 4,
  });
  const buf = e.memory.buffer;
  new Float32Array(buf, at.best, R * m).fill(Infinity);
  const arg = new Int32Array(buf, at.arg, R * m).fill(-1);
  const { packColumns } = packSketches(e, at, rows, cols, sketch);
  for (let c0 = 0; c0 < C; c0 += CH) {
    const cn = Math.min(CH, C - c0);
    packColumns(c0, cn);
    for (let r0 = 0; r0 < R; r0 += POINTS) {
      e.sketchKBest(at.sr, r0, Math.min(R, r0 + POINTS), kp, at.sb, at.sRowNorm, at.wts, cn, c0, at.sColNorm, at.best, at.arg, m, at.scratch);
    }
  }
  const err = distanceError(d);
  const rowQ = Float64Array.from(rows, (i) => sketch.squared[i]),
    colQ = Float64Array.from(cols, (j) => sketch.squared[j]);
  const rowErr = normsAndErrors(e, at.rowNorm, rowQ, 4, err),
    colErr = normsAndErrors(e, at.colNorm, colQ, 8, err);
  padded(e, at.xr, X, d, dp, rows);
  padded(e, at.xAll, X, d, dp, cols);
  const pairs = new Int32Array(buf, at.pairs, 2 * R * (m - 1));
  let n = 0;
  const first = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) {
    first[r] = n;
    for (let s = r * m; s < (r + 1) * m && n - first[r] < m - 1; s++) {
      if (arg[s] >= 0 && cols[arg[s]] !== rows[r]) ((pairs[2 * n] = r), (pairs[2 * n + 1] = arg[s]), n++);
    }
  }
  first[R] = n;
  e.pairDistances(at.xr, at.xAll, dp, at.rowNorm, at.colNorm, at.pairs, n, at.out);
  const D = new Float32Array(buf, at.out, n);
  const bound = new Float64Array(m);
  for (let r = 0; r < R; r++) {
    const picked = first[r + 1] - first[r];
    if (picked < k) continue; // fewer partners than k in reach: no bound
    for (let p = first[r]; p < first[r + 1]; p++) bound[p - first[r]] = upperF32(Math.abs(D[p]) + rowErr[r] + colErr[pairs[2 * p + 1]]);
    upper[r] = bound.subarray(0, picked).sort()[k - 1];
  }
  return upper;
}

/**
 * kNearest with options.sketch (d ≥ PRUNE_MIN_D): every pair under a τ of one of its ends measured by
 * kNearestCandidates, offered to KSearch as blockedKNearest offers its tiles' pairs, the τ of the rows and
 * columns it touched lowered after each call; the searches start from options.upper where given.
 */
export function prunedKNearest(e: Exports, X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, k: number, options: KNearestOptions): KAcross {
  const sketch = options.sketch!;
  const R = rows.length,
    C = cols.length,
    kp = sketch.k;
  const rowQ = Float64Array.from(rows, (i) => sketch.squared[i]),
    colQ = Float64Array.from(cols, (j) => sketch.squared[j]);
  // float32 sums could overflow (see the derivation), or there is nothing to measure: the reference
  if (!tilesFit(rowQ, colQ) || R === 0 || C === 0 || k === 0) return referenceKNearest(X, d, rows, cols, k, options);

  const wantCols = !!options.wantCols,
    triangle = !!options.triangle;
  const dp = Math.ceil(d / 32) * 32;
  const CH = Math.min(C, ACROSS_COLUMNS),
    CH8 = Math.ceil(CH / 8) * 8;
  const at = layout(e, {
    ...sketchAreas(R, CH, kp),
    xr: R * dp * 4,
    xAll: C * dp * 4,
    rowNorm: (R + 4) * 4,
    colNorm: (C + 8) * 4,
    rowTau: (R + 4) * 4,
    colTau: (C + 8) * 4,
    found: POINTS * CH8 * 12,
    scratch: 192,
    pairs: RECHECK_PAIRS * 8,
    exact: RECHECK_PAIRS * 8,
  });
  const buf = e.memory.buffer;
  const err = distanceError(d);
  const rowErr = normsAndErrors(e, at.rowNorm, rowQ, 4, err),
    colErr = normsAndErrors(e, at.colNorm, colQ, 8, err);
  padded(e, at.xr, X, d, dp, rows);
  padded(e, at.xAll, X, d, dp, cols);
  const { s2, ep2, packColumns } = packSketches(e, at, rows, cols, sketch);
  const tau = (t: number) => (t === Infinity ? Infinity : pruneBound(t, s2, ep2));
  // T = U + 2e_x from the bound over the whole search (the derivation's T for any U ≥ the k-th nearest's R)
  const ceiling = (set: Int32Array, q: Float32Array) => Float64Array.from(set, (i, p) => (options.upper ? options.upper[i] + 2 * q[p] : Infinity));
  const rowSearch = new KSearch(R, k, rowErr, ceiling(rows, rowErr));
  const colSearch = wantCols ? new KSearch(C, k, colErr, ceiling(cols, colErr)) : undefined;
  const rowT = rowSearch.t,
    colT = colSearch?.t;
  // padding: a τ of +∞ (rows) would admit nothing past the valid lanes, −∞ (columns) never admits
  const rowTau = new Float32Array(buf, at.rowTau, R + 4).fill(-Infinity),
    colTau = new Float32Array(buf, at.colTau, C + 8).fill(-Infinity);
  for (let r = 0; r < R; r++) rowTau[r] = tau(rowT[r]);
  if (colT) for (let c = 0; c < C; c++) colTau[c] = tau(colT[c]);
  const found = new DataView(buf, at.found, POINTS * CH8 * 12);

  for (let c0 = 0; c0 < C; c0 += CH) {
    const cn = Math.min(CH, C - c0);
    packColumns(c0, cn);
    for (let r0 = 0; r0 < R; r0 += POINTS) {
      const r1 = Math.min(R, r0 + POINTS);
      if (triangle && c0 + cn <= r0 + 1) continue;
      options.onStep?.();
      const n = e.kNearestCandidates(
        at.xr,
        r0,
        r1,
        dp,
        at.rowNorm,
        at.rowTau,
        at.sr,
        kp,
        at.sb,
        at.sRowNorm,
        at.xAll + c0 * dp * 4,
        cn,
        c0,
        at.colNorm + c0 * 4,
        at.colTau + c0 * 4,
        at.wts,
        at.sColNorm,
        triangle ? 1 : 0,
        at.found,
        at.scratch,
      );
      for (let f = 0; f < n; f++) {
        const r = found.getInt32(12 * f, true),
          cc = c0 + found.getInt32(12 * f + 4, true),
          D = found.getFloat32(12 * f + 8, true);
        if (cols[cc] === rows[r]) continue;
        if (D - colErr[cc] <= rowT[r]) rowSearch.offer(r, cc, D, colErr[cc]);
        if (colT && D - rowErr[r] <= colT[cc]) {
          const before = colT[cc];
          colSearch!.offer(cc, r, D, rowErr[r]);
          if (colT[cc] < before) colTau[cc] = tau(colT[cc]);
        }
      }
      for (let r = r0; r < r1; r++) rowTau[r] = tau(rowT[r]);
    }
  }
  return recheckSearches(e, at, dp, rows, cols, k, rowSearch, colSearch);
}
