// Cover loops on many draws (the K measurement, thresholdStudy.ts), as two kinds of task: a draw's
// first-layer bits, computed for a block of rows into a shared buffer, and one cover loop on those bits.
import type { CancelToken } from '../env';
import { throwIfCancelled } from '../env';
import { bitLayer, kernels } from '../kernels/backend';
import { copyWords } from '../kernels/bitRows';
import { partRange, sharedUint32, serial, task } from '../parallel';
import { createRng } from '../random';
import { coverLoop, type SecondLayer } from './coverLoop';
import { KEEP_WORDS, type KeptBits } from './exactThresholds';
import { FirstLayerDraw } from './firstLayer';
import type { DrawSettings, Points } from './problem';

/** A cover loop wanted on a draw: over its first n units, X⁻ rows neg against X⁺ rows pos, with its own stream. */
export interface LoopSpec {
  n: number;
  neg: Int32Array;
  pos: Int32Array;
  seed: string;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/**
 * For each draw t of s (at s.lambda): its threshold bits up to `units` (the words the threshold pass
 * kept are reused, then released), then the cover loops loopsFor(t), whose layers go to each(t, layers)
 * in draw order. Draws go in batches whose bits fit the KEEP_WORDS budget; within a batch the bits are
 * computed in row blocks (one per thread) and the loops are tasks on s.parallel, so a serial and a
 * parallel run hand over the same layers.
 */
export function drawCoverLoops(
  points: Points,
  s: DrawSettings,
  units: number,
  kept: (KeptBits | undefined)[],
  loopsFor: (t: number) => LoopSpec[],
  each: (t: number, layers: SecondLayer[]) => void,
): void {
  const { X, N, d } = points;
  const parallel = s.parallel ?? serial;
  const stride = (units + 31) >>> 5;
  const batch = Math.max(1, Math.min(s.draws, Math.floor(KEEP_WORDS / (N * stride))));
  const specs = range(0, s.draws).map(loopsFor);
  const total = specs.reduce((sum, l) => sum + l.length, 0);
  let finished = 0;
  for (let t0 = 0; t0 < s.draws; t0 += batch) {
    throwIfCancelled(s.cancel);
    const draws = range(t0, Math.min(s.draws, t0 + batch)).map((t) => {
      const out = sharedUint32(N * stride);
      const reuse = Math.min(kept[t]?.words ?? 0, stride);
      if (reuse > 0) copyWords(out, stride, kept[t]!.bits, kept[t]!.words, reuse, N);
      kept[t] = undefined;
      // a draw computes only the units its own loops use: most draws measure K at n* alone
      const toUnit = Math.max(0, ...specs[t].map((l) => l.n));
      return { t, fromUnit: reuse * 32, toUnit, out };
    });
    const parts = parallel.threads;
    parallel.map(
      drawBitsTask,
      range(0, parts).map((k): DrawBitsTask => {
        const [rowStart, rowEnd] = partRange(N, parts, k);
        return { X, d, rowStart, rowEnd, seed: s.seed, lambda: s.lambda, units, draws };
      }),
      s.cancel,
    );
    // one task per draw and width: its loops (the subproblems, the orientations) share one copy of the bits
    const groups = draws.flatMap(({ t, out }) =>
      [...new Set(specs[t].map((l) => l.n))].map((n) => ({ t, indices: specs[t].flatMap((l, k) => (l.n === n ? [k] : [])), out, n })),
    );
    const tasks = groups.map(({ t, indices, out, n }): CoverTask => ({ bits: out, N, stride, n, loops: indices.map((k) => specs[t][k]) }));
    // progress counts loops: after k tasks, upTo[k]
    const upTo = [0];
    for (const task of tasks) upTo.push(upTo[upTo.length - 1] + task.loops.length);
    const results = parallel.map(coverLoopTask, tasks, s.cancel, (k) => s.onProgress?.((finished + upTo[k]) / total));
    for (const { t } of draws) {
      const layers = new Array<SecondLayer>(specs[t].length);
      groups.forEach((g, q) => g.t === t && g.indices.forEach((k, r) => (layers[k] = results[q][r])));
      each(t, layers);
    }
    finished += upTo[tasks.length];
  }
}

/** Rows [rowStart, rowEnd) of the threshold bits of several draws at one λ, units [fromUnit, units). */
export interface DrawBitsTask {
  /** all N × d points (shared); only the block's rows are read */
  X: Float32Array;
  d: number;
  rowStart: number;
  rowEnd: number;
  seed: string;
  lambda: number;
  units: number;
  /** per draw: its index, the first unit still to compute (a multiple of 32: the words before it are
   * already in `out`), the units it needs (at most `units`) and its N × stride output rows (shared) */
  draws: { t: number; fromUnit: number; toUnit: number; out: Uint32Array }[];
}

export function drawBits(task: DrawBitsTask, cancel?: CancelToken): null {
  const { X, d, rowStart, rowEnd, units } = task;
  const rows = rowEnd - rowStart;
  const layer = kernels().thresholdLayer(X.subarray(rowStart * d, rowEnd * d), rows, d, units, 1);
  const stride = layer.stride,
    bits = layer.bits(0);
  for (const { t, fromUnit, toUnit, out } of task.draws) {
    throwIfCancelled(cancel);
    if (toUnit <= fromUnit) continue;
    const draw = new FirstLayerDraw(task.seed, t, d, task.lambda, toUnit);
    draw.extendTo(toUnit);
    layer.compute(draw.W, [draw.b], fromUnit, toUnit);
    const w0 = fromUnit >>> 5,
      w1 = (toUnit + 31) >>> 5;
    for (let i = 0; i < rows; i++) out.set(bits.subarray(i * stride + w0, i * stride + w1), (rowStart + i) * stride + w0);
  }
  layer.release?.();
  return null;
}

/** Cover loops over the first n units of one draw's bits (N rows, `stride` words apart), each with its own X⁻, X⁺ and stream. */
export interface CoverTask {
  bits: Uint32Array;
  N: number;
  stride: number;
  n: number;
  loops: { neg: Int32Array; pos: Int32Array; seed: string }[];
}

export function coverTask(task: CoverTask, cancel?: CancelToken): SecondLayer[] {
  // the words up to unit n only: setting up a layer of every word of the draw cost more than the loops on small data
  const layer = bitLayer(task.bits, task.N, task.stride, (task.n + 31) >>> 5);
  const scores = layer.scores(0, task.n);
  const out = task.loops.map((l) => {
    throwIfCancelled(cancel);
    return coverLoop(scores, l.neg, l.pos, createRng(l.seed));
  });
  layer.release?.();
  return out;
}

export const drawBitsTask = task('drawBits', drawBits);

export const coverLoopTask = task('coverLoop', coverTask);
