// The 1-nearest-neighbour baseline: each test point takes the label of its Euclidean nearest training
// point (ties: the lower index). Exact: the shared distance kernel (kernels().nearestAcross, the blocked
// float32 product with its certified exact recheck in the WebAssembly backend), which with a sketch of
// the points (kernels/sketch.ts) measures only the pairs the sketch cannot rule out. Each test point's nearest
// training point of every class is found once, in blocks of test rows against one class run as tasks;
// the overall nearest and every class pair's nearest are read off those, by (squared distance, index)
// as the kernel itself orders them, so they equal a search over the whole train part or the pair alone.
import { kernels } from '../kernels/backend';
import { SKETCH_FROM_PAIRS, type Sketch } from '../kernels/sketch';
import { throwIfCancelled, type CancelToken } from '../env';
import { taskBlocks, type Parallel, serial, task } from '../parallel';

/** For each test point (rows) its nearest training point of each class: C × test.length, −1 / Infinity for an empty class. */
export interface NearestByClass {
  classes: number;
  index: Int32Array;
  squared: Float64Array;
}

/** Test rows against the training points of one class, a task. */
export interface NearestTrainBlock {
  X: Float32Array;
  d: number;
  rows: Int32Array;
  cols: Int32Array;
  sketch?: Sketch;
}

export function nearestTrainBlock(b: NearestTrainBlock, cancel?: CancelToken): { rowNearest: Int32Array; rowSquared: Float64Array } {
  return kernels().nearestAcross(b.X, b.d, b.rows, b.cols, { sketch: b.sketch, onStep: () => throwIfCancelled(cancel) });
}

export function nearestByClass(
  X: Float32Array,
  d: number,
  classRows: Int32Array[],
  test: Int32Array,
  env: { parallel?: Parallel; cancel?: CancelToken; /** a sketch of the N points of X, when one exists */ sketch?: Sketch } = {},
): NearestByClass {
  const parallel = env.parallel ?? serial;
  const C = classRows.length,
    T = test.length;
  const pairs = T * classRows.reduce((s, c) => s + c.length, 0);
  const sketch = env.sketch ?? (pairs >= SKETCH_FROM_PAIRS ? kernels().sketch?.(X, X.length / d, d) : undefined);
  const blocks: (NearestTrainBlock & { c: number; from: number })[] = [];
  for (let c = 0; c < C; c++) {
    if (classRows[c].length === 0) continue;
    for (const [from, to] of taskBlocks(T, parallel.threads)) blocks.push({ X, d, rows: test.slice(from, to), cols: classRows[c], sketch, c, from });
  }
  const index = new Int32Array(C * T).fill(-1),
    squared = new Float64Array(C * T).fill(Infinity);
  parallel
    .map(
      nearestTrainTask,
      blocks.map(({ X, d, rows, cols, sketch }) => ({ X, d, rows, cols, sketch })),
      env.cancel,
    )
    .forEach((part, q) => {
      const { c, from } = blocks[q];
      index.set(part.rowNearest, c * T + from);
      squared.set(part.rowSquared, c * T + from);
    });
  return { classes: C, index, squared };
}

/** Test point t's nearest training point among the given classes (by squared distance, then index), or −1. */
export function nearestAmong(n: NearestByClass, t: number, classes: ArrayLike<number>): number {
  const T = n.index.length / n.classes;
  let best = -1,
    bestSquared = Infinity;
  for (let q = 0; q < classes.length; q++) {
    const e = classes[q] * T + t,
      j = n.index[e],
      s = n.squared[e];
    if (j >= 0 && (best < 0 || s < bestSquared || (s === bestSquared && j < best))) [best, bestSquared] = [j, s];
  }
  return best;
}

export function accuracy(predicted: Int32Array, y: Int32Array, test: Int32Array): number {
  if (test.length === 0) return NaN;
  let right = 0;
  test.forEach((i, t) => {
    if (predicted[t] === y[i]) right++;
  });
  return right / test.length;
}

export const nearestTrainTask = task('nearestTrain', nearestTrainBlock);
