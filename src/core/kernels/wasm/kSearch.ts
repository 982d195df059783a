// The k-nearest searches' shared parts on the WebAssembly float32 tiles: a point's running search with its
// certified threshold, the exact recheck of the candidates it keeps, and the packing of the sketches that
// prune the pairs (used by wasmKernels.ts's blocked search and kNearestPruned.ts's pruned one).

import { emptyKNearest, offerNearest, type KAcross, type KNearest } from '../kNearest';
import type { Sketch } from '../sketch';
import { distanceError, upperF32 } from './errorBounds';
import type { Exports } from './wasmKernels';

/** columns packed at a time by nearestAcross: 6 MB at d = 784, and POINTS rows against them is one call */
export const ACROSS_COLUMNS = 2048;
/**
 * dimensions from which nearestAcross uses a sketch: below, a full distance costs little more than the
 * sketch's, and the per-pair product's rounding count (assembly/kernels.ts) needs d ≥ 16
 */
export const PRUNE_MIN_D = 64;

/**
 * The sketches of rows into their areas (sr, sRowNorm), and the packing of a column block's (sc, sColNorm,
 * wts), with the bounds S and EP of their tiles (see assembly/kernels.ts).
 */
export function packSketches(e: Exports, at: Record<string, number>, rows: Int32Array, cols: Int32Array, sketch: Sketch) {
  const R = rows.length,
    C = cols.length,
    kp = sketch.k;
  const CH = Math.min(C, ACROSS_COLUMNS),
    CH8 = Math.ceil(CH / 8) * 8;
  const buf = e.memory.buffer;
  const sr = new Float32Array(buf, at.sr, R * kp),
    sc = new Float32Array(buf, at.sc, CH * kp);
  const sRowNorm = new Float32Array(buf, at.sRowNorm, R + 4).fill(Infinity);
  const sColNorm = new Float32Array(buf, at.sColNorm, CH8);
  let maxQ = 0;
  rows.forEach((i, r) => {
    sr.set(sketch.P.subarray(i * kp, (i + 1) * kp), r * kp);
    const q = sketch.sketchSquared[i];
    sRowNorm[r] = Math.fround(q);
    maxQ = Math.max(maxQ, q);
  });
  for (const j of cols) maxQ = Math.max(maxQ, sketch.sketchSquared[j]);
  return {
    // EP ≥ e_a + e_b of the sketch tile (its own dimension kp), S ≥ s_a + s_b
    ep2: upperF32(2 * distanceError(kp)(maxQ)),
    s2: upperF32(sketch.slack2),
    packColumns(c0: number, cn: number) {
      for (let c = 0; c < cn; c++) sc.set(sketch.P.subarray(cols[c0 + c] * kp, (cols[c0 + c] + 1) * kp), c * kp);
      sColNorm.fill(Infinity);
      for (let c = 0; c < cn; c++) sColNorm[c] = Math.fround(sketch.sketchSquared[cols[c0 + c]]);
      e.packUnits(at.sc, cn, kp, at.wts);
    },
  };
}

/**
 * One point's k-nearest search over the float32 tiles: its k smallest upper bounds hi = D̂ + e_j (the
 * k-th is U) and, as candidates, every partner with lo = D̂ − e_j ≤ T = U + 2e_x. A partner with lo > T
 * is farther than k others (the argument of assembly/kernels.ts with U the k-th smallest hi), so the
 * exact recheck of the final candidates gives the reference's list, ties included.
 */
export class KSearch {
  private readonly hi: Float64Array;
  /** T per point: a partner at lo above it can be skipped (callers test this before offer) */
  readonly t: Float64Array;
  private readonly candidates: number[][];
  private readonly limit: Int32Array;
  /**
   * ceiling: a T per point known beforehand (U + 2e_x with U an upper bound of the k-th nearest's R over
   * partners measured elsewhere, prunedKNearest's seeds), or Infinity
   */
  constructor(
    n: number,
    private readonly k: number,
    private readonly err: Float32Array,
    private readonly ceiling: Float64Array = new Float64Array(n).fill(Infinity),
  ) {
    this.hi = new Float64Array(n * k).fill(Infinity);
    this.t = Float64Array.from(ceiling);
    this.candidates = Array.from({ length: n }, () => []);
    this.limit = new Int32Array(n).fill(Math.max(64, 8 * k));
  }

  /** partner (a position in the other set) at tile distance D, its error eOther, with D − eOther ≤ t[p] */
  offer(p: number, partner: number, D: number, eOther: number): void {
    const { hi, k } = this;
    const base = p * k;
    const h = D + eOther;
    let at = base + k - 1;
    if (h < hi[at]) {
      while (at > base && h < hi[at - 1]) {
        hi[at] = hi[at - 1];
        at--;
      }
      hi[at] = h;
      this.t[p] = Math.min(hi[base + k - 1] + 2 * this.err[p], this.ceiling[p]);
    }
    const lo = D - eOther;
    const t = this.t[p];
    if (lo > t) return;
    const list = this.candidates[p];
    list.push(partner, lo);
    if (list.length > 2 * this.limit[p]) {
      let w = 0;
      for (let e = 0; e < list.length; e += 2) if (list[e + 1] <= t) ((list[w++] = list[e]), (list[w++] = list[e + 1]));
      list.length = w;
      // near-ties keep many candidates: let the list grow rather than filter it on every offer
      if (w > this.limit[p]) this.limit[p] *= 2;
    }
  }

  /** the candidates left for the exact recheck, as pairs (p, partner) */
  kept(): Int32Array {
    const pairs: number[] = [];
    this.candidates.forEach((list, p) => {
      for (let e = 0; e < list.length; e += 2) if (list[e + 1] <= this.t[p]) pairs.push(p, list[e]);
    });
    return Int32Array.from(pairs);
  }
}

/** candidate pairs per call of the exact recheck */
export const RECHECK_PAIRS = 4096;

/**
 * The exact recheck of both searches' candidates (the reference's squared distance, in the kernel; zero
 * padding past d adds exact zeros): rows raw at at.xr, every column at at.xAll, rows of stride coordinates.
 */
export function recheckSearches(
  e: Exports,
  at: Record<'xr' | 'xAll' | 'pairs' | 'exact', number>,
  stride: number,
  rows: Int32Array,
  cols: Int32Array,
  k: number,
  rowSearch: KSearch,
  colSearch: KSearch | undefined,
): KAcross {
  const buf = e.memory.buffer;
  const pairArea = new Int32Array(buf, at.pairs, 2 * RECHECK_PAIRS),
    exact = new Float64Array(buf, at.exact, RECHECK_PAIRS);
  const recheck = (search: KSearch, self: number, other: number, partners: Int32Array, into: KNearest) => {
    const kept = search.kept();
    for (let p0 = 0; p0 < kept.length; p0 += 2 * RECHECK_PAIRS) {
      const n = Math.min(RECHECK_PAIRS, (kept.length - p0) / 2);
      pairArea.set(kept.subarray(p0, p0 + 2 * n));
      e.exactSquared(self, other, stride, at.pairs, n, at.exact);
      for (let q = 0; q < n; q++) offerNearest(into, kept[p0 + 2 * q], partners[kept[p0 + 2 * q + 1]], exact[q]);
    }
  };
  const out: KAcross = { rows: emptyKNearest(rows.length, k) };
  recheck(rowSearch, at.xr, at.xAll, cols, out.rows);
  if (colSearch) {
    out.cols = emptyKNearest(cols.length, k);
    recheck(colSearch, at.xAll, at.xr, rows, out.cols);
  }
  return out;
}
