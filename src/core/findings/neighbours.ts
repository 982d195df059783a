// Every point's k nearest neighbours, exactly (kernels/kNearest.ts), split into those of its own class
// and those of other classes, the two lists the checks read. Each pair of points is measured once and
// serves both ends: the points are grouped by class; a task is a block of rows of class c against the
// rest of class c (a triangle) or against every later class, in blocks of about equal work, run on all
// threads and merged in task order, so the lists do not depend on the number of threads.
import { kernels } from '../kernels/backend';
import { emptyKNearest, offerNearest, type KAcross, type KNearest } from '../kernels/kNearest';
import type { CancelToken } from '../env';
import { throwIfCancelled } from '../env';
import { taskBlocks, type Parallel, serial, task } from '../parallel';

export interface Neighbours {
  /** each point's k nearest points with its own label */
  same: KNearest;
  /** each point's k nearest points with another label */
  other: KNearest;
  /** each point's k nearest points of any label (the merge of the two) */
  all: KNearest;
}

/** One task: rows of a class against the rest of it (triangle) or against later classes. */
export interface KNearestBlock {
  X: Float32Array;
  d: number;
  k: number;
  rows: Int32Array;
  cols: Int32Array;
  triangle: boolean;
}

export function kNearestBlock(b: KNearestBlock, cancel?: CancelToken): KAcross {
  return kernels().kNearest(b.X, b.d, b.rows, b.cols, b.k, { wantCols: true, triangle: b.triangle, onStep: () => throwIfCancelled(cancel) });
}

export function neighbours(
  points: { X: Float32Array; N: number; d: number; y: Int32Array },
  k: number,
  env: { cancel?: CancelToken; parallel?: Parallel; onProgress?: (fraction: number) => void } = {},
): Neighbours {
  const { X, N, d, y } = points;
  const parallel = env.parallel ?? serial;
  const byClass = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => y[a] - y[b] || a - b);
  const starts: number[] = [];
  for (let p = 0; p < N; p++) if (p === 0 || y[byClass[p]] !== y[byClass[p - 1]]) starts.push(p);
  starts.push(N);

  // pairs of the whole set, cut into about equal tasks; a triangle's row r has (end − r) partners
  const perTask = Math.max(1, (N * (N - 1)) / 2 / taskBlocks(Math.max(1, N), parallel.threads).length);
  const blocks: KNearestBlock[] = [];
  for (let c = 0; c + 1 < starts.length; c++) {
    const [start, end] = [starts[c], starts[c + 1]];
    for (let r = start; r < end;) {
      let r1 = r,
        work = 0;
      while (r1 < end && (work === 0 || work + (end - r1) <= perTask)) work += end - r1++;
      blocks.push({ X, d, k, rows: byClass.slice(r, r1), cols: byClass.slice(r, end), triangle: true });
      r = r1;
    }
    if (end < N) {
      const cols = byClass.slice(end);
      const rowsPerTask = Math.max(1, Math.round(perTask / cols.length));
      for (let r = start; r < end; r += rowsPerTask) {
        blocks.push({ X, d, k, rows: byClass.slice(r, Math.min(end, r + rowsPerTask)), cols, triangle: false });
      }
    }
  }
  const parts = parallel.map(kNearestTask, blocks, env.cancel, (done) => env.onProgress?.(done / blocks.length));

  const same = emptyKNearest(N, k),
    other = emptyKNearest(N, k);
  const merge = (set: Int32Array, part: KNearest, into: KNearest) => {
    set.forEach((i, p) => {
      for (let e = p * k; e < (p + 1) * k && part.index[e] >= 0; e++) offerNearest(into, i, part.index[e], part.squared[e]);
    });
  };
  parts.forEach((part, t) => {
    const into = blocks[t].triangle ? same : other;
    merge(blocks[t].rows, part.rows, into);
    merge(blocks[t].cols, part.cols!, into);
  });
  const all = emptyKNearest(N, k);
  for (let i = 0; i < N; i++) {
    for (let e = i * k; e < (i + 1) * k; e++) {
      if (same.index[e] >= 0) offerNearest(all, i, same.index[e], same.squared[e]);
      if (other.index[e] >= 0) offerNearest(all, i, other.index[e], other.squared[e]);
    }
  }
  return { same, other, all };
}

export const kNearestTask = task('kNearest', kNearestBlock);
