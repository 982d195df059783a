// Separation δ (SCIENCE.md §1): the smallest distance between points of different classes, after
// normalisation, with the pair attaining it, plus every point's nearest opposite-class distance so the
// worst offenders can be listed. Computed exactly (see kernels/distances.ts).
import { kernels } from '../kernels/backend';
import { squaredDistanceBounded, type Across, type NearestOpposite, type SketchSeeds } from '../kernels/distances';
import { SKETCH_FROM_PAIRS, type Sketch } from '../kernels/sketch';
import type { CancelToken, Progress } from '../env';
import { throwIfCancelled } from '../env';
import { sharedFloat64, taskBlocks, type Parallel, serial, task } from '../parallel';
import type { NearPair, PointRef, SeparationReport } from '../report';
import type { LabeledPoints } from '../points';

const LISTED = 20;
const QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

export interface NearestEnv {
  cancel?: CancelToken;
  parallel?: Parallel;
  onProgress?: (fraction: number) => void;
}

/**
 * Every point's nearest opposite-class point, exactly: squared distances as the reference
 * (kernels/distances.ts) computes them, ties to the lower index. Each pair of different labels is
 * measured once and serves both its points: the points are grouped by class, and the rows of class c
 * meet every point of a later class, in row blocks of about equal work run as tasks.
 */
export function nearestOppositeAll(points: { X: Float32Array; N: number; d: number; y: Int32Array }, env: NearestEnv = {}): NearestOpposite {
  const { X, N, d, y } = points;
  const parallel = env.parallel ?? serial;
  const byClass = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => y[a] - y[b] || a - b);
  const blocks: NearestBlock[] = [];
  const classStarts: number[] = [];
  for (let k = 0; k < N; k++) if (k === 0 || y[byClass[k]] !== y[byClass[k - 1]]) classStarts.push(k);
  classStarts.push(N);
  let pairs = 0;
  for (let c = 0; c + 2 < classStarts.length; c++) pairs += (classStarts[c + 1] - classStarts[c]) * (N - classStarts[c + 1]);
  const perTask = pairs / taskBlocks(Math.max(1, pairs), parallel.threads).length;
  // a sketch lets the kernel skip most pairs; building it costs about as much as a few million pairs
  const sketch = pairs >= SKETCH_FROM_PAIRS ? kernels().sketch?.(X, N, d) : undefined;
  for (let c = 0; c + 2 < classStarts.length; c++) {
    const [start, end] = [classStarts[c], classStarts[c + 1]];
    const cols = byClass.slice(end);
    const rowsPerTask = Math.max(1, Math.round(perTask / cols.length));
    for (let r = start; r < end; r += rowsPerTask) {
      blocks.push({ X, d, rows: byClass.slice(r, Math.min(end, r + rowsPerTask)), cols, sketch });
    }
  }
  // Every point's bound from its nearest in the sketch over all the blocks, measured exactly: a block's
  // columns meet only its rows, and their own seeds from those few would prune far less
  if (sketch && kernels().sketchSeeds) {
    const upper = seedBounds(X, d, blocks, parallel.map(nearestSeedsTask, blocks, env.cancel), N);
    for (const b of blocks) b.upper = upper;
  }
  const parts = parallel.map(nearestOppositeTask, blocks, env.cancel, (k) => env.onProgress?.(k / blocks.length));

  const neighbor = new Int32Array(N).fill(-1);
  const best = new Float64Array(N).fill(Infinity);
  const offer = (i: number, j: number, s: number) => {
    if (j >= 0 && (s < best[i] || (s === best[i] && j < neighbor[i]))) {
      best[i] = s;
      neighbor[i] = j;
    }
  };
  parts.forEach((part, k) => {
    const { rows, cols } = blocks[k];
    rows.forEach((i, r) => offer(i, part.rowNearest[r], part.rowSquared[r]));
    cols.forEach((j, c) => offer(j, part.colNearest![c], part.colSquared![c]));
  });
  return { neighbor, distance: best.map(Math.sqrt), sketch };
}

/** Rows of one class against the points of later classes (nearestOppositeAll), a task. */
export interface NearestBlock {
  X: Float32Array;
  d: number;
  rows: Int32Array;
  cols: Int32Array;
  sketch?: Sketch;
  /** AcrossOptions.upper: each point's bound over all the blocks */
  upper?: Float64Array;
}

export function nearestOppositeBlock(b: NearestBlock, cancel?: CancelToken): Across {
  return kernels().nearestAcross(b.X, b.d, b.rows, b.cols, { wantCols: true, sketch: b.sketch, upper: b.upper, onStep: () => throwIfCancelled(cancel) });
}

/** A block's seeds in the sketch (KernelBackend.sketchSeeds), a task. */
export function nearestSeedsBlock(b: NearestBlock): SketchSeeds {
  return kernels().sketchSeeds!(b.rows, b.cols, b.sketch!);
}

/**
 * Each point's seed over all the blocks (the smallest sketch distance; ties to the earlier block, so the
 * seeds do not depend on how the rows were split), and the reference's squared distance to it.
 */
function seedBounds(X: Float32Array, d: number, blocks: NearestBlock[], parts: SketchSeeds[], N: number): Float64Array {
  const seed = new Int32Array(N).fill(-1);
  const score = new Float32Array(N).fill(Infinity);
  const offer = (i: number, j: number, s: number) => {
    if (j >= 0 && s < score[i]) {
      score[i] = s;
      seed[i] = j;
    }
  };
  parts.forEach((part, k) => {
    blocks[k].rows.forEach((i, r) => offer(i, part.rows[r], part.rowScores[r]));
    blocks[k].cols.forEach((j, c) => offer(j, part.cols[c], part.colScores[c]));
  });
  const upper = sharedFloat64(N);
  for (let i = 0; i < N; i++) upper[i] = seed[i] < 0 ? Infinity : squaredDistanceBounded(X, d, i, seed[i], Infinity);
  return upper;
}

/** The separation report, and every point's nearest opposite point behind it (the Lipschitz stage's δ₂ reuses them). */
export function separation(
  points: LabeledPoints,
  env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel } = {},
): { report: SeparationReport; nearest: NearestOpposite } {
  const { N, y, classNames, sourceRows } = points;
  const ref = (i: number): PointRef => ({ row: sourceRows?.[i] ?? i, label: classNames[y[i]] });
  const nn = nearestOppositeAll(points, { ...env, onProgress: (f) => env.progress?.('separation', f) });

  const byDistance = Int32Array.from({ length: N }, (_, i) => i)
    .filter((i) => nn.neighbor[i] >= 0)
    .sort((a, b) => nn.distance[a] - nn.distance[b] || a - b);
  if (byDistance.length === 0) throw new Error('separation needs points of at least two classes');

  // Each closest pair appears twice (once from each end); list it once.
  const seen = new Set<string>();
  const closestPairs: NearPair[] = [];
  for (const i of byDistance) {
    const j = nn.neighbor[i];
    const key = i < j ? `${i},${j}` : `${j},${i}`;
    if (seen.has(key)) continue;
    seen.add(key);
    closestPairs.push({ a: ref(Math.min(i, j)), b: ref(Math.max(i, j)), distance: nn.distance[i] });
    if (closestPairs.length === LISTED) break;
  }

  const first = closestPairs[0];
  const report: SeparationReport = {
    delta: first.distance,
    rows: [first.a.row, first.b.row],
    labels: [first.a.label, first.b.label],
    closestPairs,
    worstPoints: Array.from(byDistance.subarray(0, LISTED), (i) => ({
      point: ref(i),
      neighbor: ref(nn.neighbor[i]),
      distance: nn.distance[i],
    })),
    nearestOppositeQuantiles: QUANTILES.map((q) => ({
      q,
      distance: nn.distance[byDistance[Math.min(byDistance.length - 1, Math.floor(q * (byDistance.length - 1) + 0.5))]],
    })),
  };
  return { report, nearest: nn };
}

export const nearestOppositeTask = task('nearestOpposite', nearestOppositeBlock);
export const nearestSeedsTask = task('nearestSeeds', nearestSeedsBlock);
