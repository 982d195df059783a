// Every point's k nearest neighbours, exactly (kernels/kNearest.ts), split into those of its own class
// and those of other classes, the two lists the checks read. Each pair of points is measured once and
// serves both ends: the points are grouped by class; a task is a block of rows of class c against the
// rest of class c (a triangle) or against every later class, in blocks of about equal work, run on all
// threads and merged in task order, so the lists do not depend on the number of threads. In a few
// dimensions a sweep along one coordinate (sweptNeighbours) meets far fewer pairs, with the same lists.
import { kernels } from '../kernels/backend';
import { squaredDistanceBounded } from '../kernels/distances';
import { emptyKNearest, offerNearest, worstOf, type KAcross, type KNearest } from '../kernels/kNearest';
import type { CancelToken } from '../env';
import { throwIfCancelled } from '../env';
import { sharedFloat64, taskBlocks, type Parallel, serial, task } from '../parallel';
import { SKETCH_FROM_PAIRS, type Sketch } from '../kernels/sketch';

export interface Neighbours {
  /** each point's k nearest points with its own label */
  same: KNearest;
  /** each point's k nearest points with another label (the sweep fills it only where mostlyOther) */
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
  sketch?: Sketch;
  /** KNearestOptions.upper: each point's bound over its whole list (same-label lists for a triangle, other-label ones else) */
  upper?: Float64Array;
}

export function kNearestBlock(b: KNearestBlock, cancel?: CancelToken): KAcross {
  const { sketch, upper } = b;
  return kernels().kNearest(b.X, b.d, b.rows, b.cols, b.k, { wantCols: true, triangle: b.triangle, sketch, upper, onStep: () => throwIfCancelled(cancel) });
}

export const kNearestTask = task('kNearest', kNearestBlock);

/** One task of the bounds: rows of a class against their own class (same) and against the others (other). */
interface BoundsBlock {
  X: Float32Array;
  d: number;
  k: number;
  rows: Int32Array;
  same: Int32Array;
  other: Int32Array;
  sketch: Sketch;
}

function boundsBlock(b: BoundsBlock): { same: Float64Array; other: Float64Array } {
  const bounds = (cols: Int32Array) => kernels().kNearestBounds!(b.X, b.d, b.rows, cols, b.k, b.sketch);
  return { same: bounds(b.same), other: bounds(b.other) };
}

export const kNearestBoundsTask = task('kNearestBounds', boundsBlock);

export function neighbours(
  points: { X: Float32Array; N: number; d: number; y: Int32Array },
  k: number,
  env: { cancel?: CancelToken; parallel?: Parallel; sketch?: Sketch; onProgress?: (fraction: number) => void } = {},
): Neighbours {
  const { X, N, d, y } = points;
  if (d <= SWEEP_MAX_D) return sweptNeighbours(points, k, env.cancel);
  const parallel = env.parallel ?? serial;
  const byClass = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => y[a] - y[b] || a - b);
  const starts: number[] = [];
  for (let p = 0; p < N; p++) if (p === 0 || y[byClass[p]] !== y[byClass[p - 1]]) starts.push(p);
  starts.push(N);

  // pairs of the whole set, cut into about equal tasks; a triangle's row r has (end − r) partners
  const perTask = Math.max(1, (N * (N - 1)) / 2 / taskBlocks(Math.max(1, N), parallel.threads).length);
  // in many dimensions a sketch lets the kernel skip most pairs, given each point's bound over its whole
  // list first (KernelBackend.kNearestBounds); building both costs about as much as a few million pairs
  const sketch = (N * (N - 1)) / 2 >= SKETCH_FROM_PAIRS && kernels().kNearestBounds ? (env.sketch ?? kernels().sketch?.(X, N, d)) : undefined;
  const bounds = sketch ? listBounds(points, k, byClass, starts, sketch, parallel, env.cancel) : undefined;
  const blocks: KNearestBlock[] = [];
  for (let c = 0; c + 1 < starts.length; c++) {
    const [start, end] = [starts[c], starts[c + 1]];
    for (let r = start; r < end;) {
      let r1 = r,
        work = 0;
      while (r1 < end && (work === 0 || work + (end - r1) <= perTask)) work += end - r1++;
      blocks.push({ X, d, k, rows: byClass.slice(r, r1), cols: byClass.slice(r, end), triangle: true, sketch, upper: bounds?.same });
      r = r1;
    }
    if (end < N) {
      const cols = byClass.slice(end);
      const rowsPerTask = Math.max(1, Math.round(perTask / cols.length));
      for (let r = start; r < end; r += rowsPerTask) {
        blocks.push({ X, d, k, rows: byClass.slice(r, Math.min(end, r + rowsPerTask)), cols, triangle: false, sketch, upper: bounds?.other });
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
  return withAll({ same, other }, N, k);
}

/** the lists of any label: a point's k nearest are among its k nearest of its own label and its k of the others */
function withAll({ same, other }: { same: KNearest; other: KNearest }, N: number, k: number): Neighbours {
  const all = emptyKNearest(N, k);
  for (let i = 0; i < N; i++) {
    for (let e = i * k; e < (i + 1) * k; e++) {
      if (same.index[e] >= 0) offerNearest(all, i, same.index[e], same.squared[e]);
      if (other.index[e] >= 0) offerNearest(all, i, other.index[e], other.squared[e]);
    }
  }
  return { same, other, all };
}

/**
 * Every point's bound of its k-th nearest with its own label and with another (KernelBackend.kNearestBounds),
 * from rows of each class in about equal tasks.
 */
function listBounds(
  points: { X: Float32Array; N: number; d: number },
  k: number,
  byClass: Int32Array,
  starts: number[],
  sketch: Sketch,
  parallel: Parallel,
  cancel?: CancelToken,
): { same: Float64Array; other: Float64Array } {
  const { X, N, d } = points;
  const perTask = Math.max(1, Math.ceil(N / taskBlocks(N, parallel.threads).length));
  const blocks: BoundsBlock[] = [];
  for (let c = 0; c + 1 < starts.length; c++) {
    const [start, end] = [starts[c], starts[c + 1]];
    const same = byClass.slice(start, end),
      other = Int32Array.from([...byClass.subarray(0, start), ...byClass.subarray(end)]);
    for (let r = start; r < end; r += perTask) blocks.push({ X, d, k, rows: byClass.slice(r, Math.min(end, r + perTask)), same, other, sketch });
  }
  const out = { same: sharedFloat64(N), other: sharedFloat64(N) };
  parallel.map(kNearestBoundsTask, blocks, cancel).forEach((part, t) =>
    blocks[t].rows.forEach((i, r) => {
      out.same[i] = part.same[r];
      out.other[i] = part.other[r];
    }),
  );
  return out;
}

/** dimensions up to which the sweep is used: beyond, one coordinate rules out too few pairs for its per-pair cost */
export const SWEEP_MAX_D = 8;

/** whether most of point i's list of any label carry another label than i's: the label-error rule */
export function mostlyOther(all: KNearest, y: Int32Array, i: number): boolean {
  let n = 0,
    disagree = 0;
  for (let e = i * all.k; e < (i + 1) * all.k && all.index[e] >= 0; e++, n++) if (y[all.index[e]] !== y[i]) disagree++;
  return n > 0 && 2 * disagree > n;
}

/**
 * The tiles' lists by a sweep: points sorted by the coordinate of widest range; each point meets the
 * others outwards from its place, the nearer side in that coordinate first, and stops on a side once
 * t² > the worst of the lists it fills (t the coordinate's difference). The reference's squared
 * distance is a float64 sum of non-negative terms, one of them fl(t²), and rounding to nearest never
 * lowers such a sum below one of its terms: every partner beyond is farther than the worst kept and
 * could not enter a list. A list holds the k best by (squared, index) whatever the order met. The
 * same-label and all-label lists come first; the other-label list, whose partners can lie far across
 * the data, only for the points whose all-label list is mostly another label (its only reader, the
 * label errors' tie-break; the other points' lists stay empty).
 */
export function sweptNeighbours(points: { X: Float32Array; N: number; d: number; y: Int32Array }, k: number, cancel?: CancelToken): Neighbours {
  const { X, N, d, y } = points;
  let axis = 0,
    widest = -1;
  for (let c = 0; c < d; c++) {
    let low = Infinity,
      high = -Infinity;
    for (let i = 0; i < N; i++) ((low = Math.min(low, X[i * d + c])), (high = Math.max(high, X[i * d + c])));
    if (high - low > widest) ((widest = high - low), (axis = c));
  }
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => X[a * d + axis] - X[b * d + axis] || a - b);
  const place = new Int32Array(N);
  order.forEach((i, p) => (place[i] = p));
  const same = emptyKNearest(N, k),
    other = emptyKNearest(N, k),
    all = emptyKNearest(N, k);
  /** point i meets the points outwards from it: into its same- and all-label lists, or (otherOnly) its other-label list */
  const sweep = (i: number, otherOnly: boolean) => {
    const xi = X[i * d + axis];
    let lo = place[i] - 1,
      hi = place[i] + 1;
    // t · t as the reference computes each term (not t ** 2)
    const gap = (q: number) => (X[order[q] * d + axis] - xi) * (X[order[q] * d + axis] - xi);
    while (lo >= 0 || hi < N) {
      const below = lo >= 0 ? gap(lo) : Infinity,
        above = hi < N ? gap(hi) : Infinity;
      const worst = otherOnly ? worstOf(other, i) : Math.max(worstOf(same, i), worstOf(all, i));
      if (Math.min(below, above) > worst) break;
      const j = below <= above ? order[lo--] : order[hi++];
      if (otherOnly) {
        if (y[j] !== y[i]) offerNearest(other, i, j, squaredDistanceBounded(X, d, i, j, worst));
      } else {
        const mine = y[j] === y[i];
        const s = squaredDistanceBounded(X, d, i, j, mine ? worst : worstOf(all, i));
        if (mine) offerNearest(same, i, j, s);
        offerNearest(all, i, j, s);
      }
    }
  };
  for (let i = 0; i < N; i++) {
    if ((i & 255) === 0) throwIfCancelled(cancel);
    sweep(i, false);
  }
  for (let i = 0; i < N; i++) {
    if ((i & 255) === 0) throwIfCancelled(cancel);
    if (mostlyOther(all, y, i)) sweep(i, true);
  }
  return { same, other, all };
}
