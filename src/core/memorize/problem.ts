// How a labeled dataset is cut into the two-class problems the memorization algorithm solves.
// A network is one or more subproblems that share the first layer: binary (one), one-vs-rest (one per
// class: class c as X⁻, every other class as X⁺), or one ordered class pair (row class as X⁻).
import { classQuotas, chooseRows } from '../data/sample';
import { gatherRows } from '../geometry/points';
import type { CancelToken } from '../env';
import type { WorkBudgets } from './budget';
import { sharedFloat32, type Parallel } from '../parallel';

export interface Points {
  /** row-major N × d, already normalised */
  X: Float32Array;
  N: number;
  d: number;
}

/** class a as X⁻ against the union of posClasses as X⁺ */
export interface Subproblem {
  neg: number;
  pos: number[];
}

export type Network = Subproblem[];

/** What every study needs besides the data: the draws and their randomness. */
export interface DrawSettings {
  seed: string;
  lambda: number;
  /** T */
  draws: number;
  /** the study covers draws [from, to) of the T only (all when absent): the draws are computed in parts */
  range?: [number, number];
  maxWidth: number;
  cancel?: CancelToken;
  /** where the draws' tasks run (serial when absent) */
  parallel?: Parallel;
  /** fraction of this study done, in [0, 1] */
  onProgress?: (fraction: number) => void;
  /** the work budgets (defaultBudgets when absent) */
  budgets?: WorkBudgets;
}

/** Point indices of each class, in index order. */
export function rowsByClass(y: Int32Array, classCount: number): Int32Array[] {
  const counts = new Int32Array(classCount);
  for (const c of y) counts[c]++;
  const rows = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(classCount);
  y.forEach((c, i) => (rows[c][fill[c]++] = i));
  return rows;
}

/** Ordered point pairs (x⁻, x⁺) of different classes, for classes of these sizes: N² − Σ N_c². */
export function orderedPointPairs(counts: number[]): number {
  const N = counts.reduce((a, b) => a + b, 0);
  return N * N - counts.reduce((sum, n) => sum + n * n, 0);
}

/** The points a study runs on in place of all of them, and where each came from. */
export interface PointSample {
  points: Points;
  classRows: Int32Array[];
  /** the sample's point indices in the full data, ascending */
  rows: Int32Array;
}

/**
 * The largest seeded stratified sample whose ordered point pairs fit `pairs` (each class keeps its share
 * by largest remainder and at least one point, as the row limit's sample does: data/sample.ts), with its
 * points copied out so the kernels hold only them; undefined when every point fits.
 */
export function pairSample(points: Points, classRows: Int32Array[], pairs: number, seed: string): PointSample | undefined {
  const counts = classRows.map((r) => r.length);
  const all = orderedPointPairs(counts);
  if (all <= pairs) return undefined;
  // pairs grow with the square of the sample's size; rounding to whole points moves the largest fitting size a little
  let limit = Math.min(points.N, Math.ceil(points.N * Math.sqrt(pairs / all)) + counts.length);
  while (limit > counts.length && orderedPointPairs(classQuotas(counts, limit)) > pairs) limit--;
  const ranks = chooseRows(counts, limit, seed);
  const rows = Int32Array.from(ranks.flatMap((r, c) => Array.from(r, (k) => classRows[c][k]))).sort();
  const { X, d } = points;
  const sub = gatherRows(X, d, rows, sharedFloat32(rows.length * d));
  const classOf = new Int32Array(points.N);
  classRows.forEach((members, c) => members.forEach((i) => (classOf[i] = c)));
  return {
    points: { X: sub, N: rows.length, d },
    classRows: rowsByClass(
      Int32Array.from(rows, (i) => classOf[i]),
      classRows.length,
    ),
    rows,
  };
}

export function subproblemRows(s: Subproblem, classRows: Int32Array[]): { neg: Int32Array; pos: Int32Array } {
  const pos = s.pos.length === 1 ? classRows[s.pos[0]] : Int32Array.from(s.pos.flatMap((c) => [...classRows[c]]).sort((a, b) => a - b));
  return { neg: classRows[s.neg], pos };
}

/** A stable name for a subproblem, used in seeds so each one has its own cover-loop stream. */
export function subproblemKey(s: Subproblem): string {
  return `${s.neg}-vs-${s.pos.join('+')}`;
}

export const binaryNetwork = (neg: number, pos: number): Network => [{ neg, pos: [pos] }];

export function oneVsRestNetwork(classCount: number): Network {
  return Array.from({ length: classCount }, (_, c) => ({
    neg: c,
    pos: Array.from({ length: classCount }, (_, b) => b).filter((b) => b !== c),
  }));
}
