// The tasks a Parallel can run: each a pure function of one structured-cloneable input (typed arrays
// on SharedArrayBuffer are shared, not copied), looked up by name on whichever thread runs it.
import type { CancelToken } from './env';
import { throwIfCancelled } from './env';
import { coverTask, drawBits } from './memorize/drawCoverLoops';
import { thresholdChunk } from './memorize/exactThresholds';
import { nearestOppositeBlock } from './geometry/separation';
import { kNearestBlock } from './findings/neighbours';
import { randomDraw } from './lipschitz/randomStudy';
import { separationSweep } from './lipschitz/separationP';
import { groupWidths } from './geometry/meanWidth';
import { scoreLoops, scoreReluDraw } from './generalization/scoreDraw';
import { nearestTrainBlock } from './generalization/nearestNeighbour';
import type { Parallel } from './parallel';

const tasks = {
  thresholdChunk,
  drawBits,
  coverLoop: coverTask,
  nearestOpposite: nearestOppositeBlock,
  kNearest: kNearestBlock,
  randomDraw,
  separationSweep,
  groupWidths,
  scoreReluDraw,
  scoreLoops,
  nearestTrain: nearestTrainBlock,
};

export type TaskName = keyof typeof tasks;
export type TaskInput<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];
export type TaskOutput<N extends TaskName> = ReturnType<(typeof tasks)[N]>;

export function runTask<N extends TaskName>(name: N, input: TaskInput<N>, cancel?: CancelToken): TaskOutput<N> {
  const task = tasks[name] as (input: TaskInput<N>, cancel?: CancelToken) => TaskOutput<N>;
  if (!task) throw new Error(`There is no task "${String(name)}".`);
  return task(input, cancel);
}

/** Every task on the calling thread, in order. */
export const serial: Parallel = {
  threads: 1,
  map(name, inputs, cancel, onDone) {
    return inputs.map((input, k) => {
      throwIfCancelled(cancel);
      const out = runTask(name, input, cancel);
      onDone?.(k + 1);
      return out;
    });
  },
};
