// The k nearest partners of each point, exactly: squared distances as the reference squaredDistanceBounded
// computes them (float64, ascending coordinates), ordered by (distance, index), so ties go to the lower
// index. This file is the reference; the WebAssembly backend (wasm/wasmKernels.ts) returns exactly the
// same lists from its float32 distance tiles by a certified filter and an exact recheck.
import { squaredDistanceBounded } from './distances';
import type { Sketch } from './sketch';

/** k entries per point, ascending by (squared, index); −1 and Infinity where there are fewer partners. */
export interface KNearest {
  k: number;
  index: Int32Array;
  squared: Float64Array;
}

export interface KAcross {
  /** each rows[r]'s k nearest among its partners in cols */
  rows: KNearest;
  /** with wantCols: each cols[c]'s k nearest among its partners in rows */
  cols?: KNearest;
}

export interface KNearestOptions {
  /** also each column's list: every pair serves both of its points */
  wantCols?: boolean;
  /**
   * rows are the first rows.length entries of cols: row r meets only columns c > r, so each pair of
   * the set is measured once (with wantCols, both ends still get it)
   */
  triangle?: boolean;
  /** called between slices of the work (cancellation) */
  onStep?: () => void;
  /** a sketch of the points of X (KernelBackend.sketch): a kernel may skip the partners it rules out */
  sketch?: Sketch;
  /**
   * per point of X, an upper bound of the squared distance to its k-th nearest over every partner the
   * caller merges lists over (KernelBackend.kNearestBounds): a kernel may skip partners beyond it
   */
  upper?: Float64Array;
}

export function emptyKNearest(n: number, k: number): KNearest {
  return { k, index: new Int32Array(n * k).fill(-1), squared: new Float64Array(n * k).fill(Infinity) };
}

/** Puts partner j at squared distance s into slot's list if it is among its k best by (s, j); no duplicates are offered. */
export function offerNearest(list: KNearest, slot: number, j: number, s: number): void {
  const { k, index, squared } = list;
  const base = slot * k;
  let at = base + k - 1;
  if (!(s < squared[at] || (s === squared[at] && j < index[at]))) return;
  while (at > base && (s < squared[at - 1] || (s === squared[at - 1] && j < index[at - 1]))) {
    squared[at] = squared[at - 1];
    index[at] = index[at - 1];
    at--;
  }
  squared[at] = s;
  index[at] = j;
}

/** the squared distance a new partner must beat to enter slot's list */
export const worstOf = (list: KNearest, slot: number) => list.squared[slot * list.k + list.k - 1];

/** The reference: every allowed pair measured exactly (early abandon only for pairs neither end can keep). */
export function kNearest(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, k: number, options: KNearestOptions = {}): KAcross {
  const out: KAcross = { rows: emptyKNearest(rows.length, k) };
  if (options.wantCols) out.cols = emptyKNearest(cols.length, k);
  rows.forEach((i, r) => {
    if ((r & 63) === 0) options.onStep?.();
    for (let c = options.triangle ? r + 1 : 0; c < cols.length; c++) {
      const j = cols[c];
      if (j === i) continue;
      const bound = out.cols ? Math.max(worstOf(out.rows, r), worstOf(out.cols, c)) : worstOf(out.rows, r);
      const s = squaredDistanceBounded(X, d, i, j, bound);
      offerNearest(out.rows, r, j, s);
      if (out.cols) offerNearest(out.cols, c, i, s);
    }
  });
  return out;
}
