// The K measurement's two kinds of task (thresholdStudy.ts): a draw's first-layer bits, computed for a
// block of rows into a shared buffer, and one cover loop on those bits.
import type { CancelToken } from '../env';
import { throwIfCancelled } from '../env';
import { bitLayer, kernels } from '../kernels/backend';
import { createRng } from '../random';
import { coverLoop, type SecondLayer } from './coverLoop';
import { FirstLayerDraw } from './firstLayer';

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
   * already in `out`) and its N × stride output rows (shared) */
  draws: { t: number; fromUnit: number; out: Uint32Array }[];
}

export function drawBits(task: DrawBitsTask, cancel?: CancelToken): null {
  const { X, d, rowStart, rowEnd, units } = task;
  const rows = rowEnd - rowStart;
  const layer = kernels().thresholdLayer(X.subarray(rowStart * d, rowEnd * d), rows, d, units, 1);
  const stride = layer.stride, bits = layer.bits(0);
  for (const { t, fromUnit, out } of task.draws) {
    throwIfCancelled(cancel);
    const draw = new FirstLayerDraw(task.seed, t, d, task.lambda, units);
    draw.extendTo(units);
    layer.compute(draw.W, [draw.b], fromUnit, units);
    const w0 = fromUnit >>> 5;
    for (let i = 0; i < rows; i++) out.set(bits.subarray(i * stride + w0, (i + 1) * stride), (rowStart + i) * stride + w0);
  }
  return null;
}

/** One cover loop over the first n units of a draw's bits (N rows, `stride` words apart). */
export interface CoverTask {
  bits: Uint32Array;
  N: number;
  stride: number;
  n: number;
  neg: Int32Array;
  pos: Int32Array;
  /** the loop's random stream */
  seed: string;
}

export function coverTask(task: CoverTask): SecondLayer {
  const layer = bitLayer(task.bits, task.N, task.stride);
  return coverLoop(layer.scores(0, task.n), task.neg, task.pos, createRng(task.seed));
}
