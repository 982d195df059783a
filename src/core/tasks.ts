// The registry of the tasks a Parallel can run on another thread: a thread receives a task's name and
// finds its function here (src/worker/threads.ts, taskThread.ts). Each task is defined beside its
// stage; a stage hands the Task itself to its Parallel, so nothing in core imports this file.
import type { CancelToken } from './env';
import type { Task } from './parallel';
import { coverLoopTask, drawBitsTask } from './memorize/drawCoverLoops';
import { thresholdChunkTask } from './memorize/exactThresholds';
import { nearestOppositeTask, nearestSeedsTask } from './geometry/separation';
import { kNearestBoundsTask, kNearestTask } from './findings/neighbours';
import { bottleneckScanTask } from './memorize/bottleneck';
import { randomDrawTask } from './lipschitz/randomStudy';
import { memorizerDrawTask } from './lipschitz/memorizer';
import { separationSweepTask } from './lipschitz/separationP';
import { groupWidthsTask } from './geometry/meanWidth';
import { scoreLoopsTask, scoreReluDrawTask } from './generalization/scoreDraw';
import { nearestTrainTask } from './generalization/nearestNeighbour';

const registered: Task<never, unknown>[] = [
  thresholdChunkTask,
  drawBitsTask,
  coverLoopTask,
  nearestOppositeTask,
  nearestSeedsTask,
  kNearestTask,
  kNearestBoundsTask,
  bottleneckScanTask,
  randomDrawTask,
  memorizerDrawTask,
  separationSweepTask,
  groupWidthsTask,
  scoreReluDrawTask,
  scoreLoopsTask,
  nearestTrainTask,
];

const byName = new Map<string, Task<never, unknown>>();
for (const t of registered) {
  if (byName.has(t.name)) throw new Error(`Two tasks are named "${t.name}".`);
  byName.set(t.name, t);
}

/** Throws unless `name` is registered: a Parallel on threads checks before it hands a task out, so a task missing here fails at once, whoever would have run it. */
export function assertRegistered(name: string): void {
  if (!byName.has(name)) throw new Error(`There is no task "${name}": a Task must be listed in core/tasks.ts to run on other threads.`);
}

/** Runs the registered task `name` (on whichever thread calls it). */
export function runTask(name: string, input: unknown, cancel?: CancelToken): unknown {
  assertRegistered(name);
  return byName.get(name)!.run(input as never, cancel);
}
