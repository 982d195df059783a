// How core spreads a stage over several threads while staying synchronous and free of node: imports.
// A stage cuts its work into independent tasks, each a named pure function of a plain input (a Task,
// defined beside the stage), and hands them to a Parallel: `serial` runs them here in order; the
// thread one (src/worker/threads.ts) runs them on every core, where a thread finds the function by its
// name in the registry (tasks.ts), and blocks until all are done. Both return the same outputs in
// input order, so a report never depends on the number of threads.
import { throwIfCancelled, type CancelToken } from './env';

/** A pure function other threads can run: its name is its key in tasks.ts, its input structured-cloneable. */
export interface Task<I, O> {
  readonly name: string;
  run(input: I, cancel?: CancelToken): O;
}

export function task<I, O>(name: string, run: (input: I, cancel?: CancelToken) => O): Task<I, O> {
  return { name, run };
}

export interface Parallel {
  /** how many tasks run at once, the calling thread included */
  readonly threads: number;
  /**
   * Every task's output, in input order; throws the first task error (CancelledError on cancel).
   * onDone(k) after k tasks have finished, for progress.
   */
  map<I, O>(task: Task<I, O>, inputs: I[], cancel?: CancelToken, onDone?: (done: number) => void): O[];
}

/** Every task on the calling thread, in order. */
export const serial: Parallel = {
  threads: 1,
  map(task, inputs, cancel, onDone) {
    return inputs.map((input, k) => {
      throwIfCancelled(cancel);
      const out = task.run(input, cancel);
      onDone?.(k + 1);
      return out;
    });
  },
};

/**
 * A typed array other threads read in place: inputs posted to them share a SharedArrayBuffer instead
 * of copying it (a 70,000 × 784 dataset is 220 MB). Where there is no SharedArrayBuffer (a browser
 * without cross-origin isolation) it is an ordinary array, and only the serial Parallel runs there.
 */
export function sharedFloat32(length: number): Float32Array {
  return typeof SharedArrayBuffer === 'function' ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
}

export function sharedFloat64(length: number): Float64Array {
  return typeof SharedArrayBuffer === 'function' ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}

export function sharedUint32(length: number): Uint32Array {
  return typeof SharedArrayBuffer === 'function' ? new Uint32Array(new SharedArrayBuffer(length * 4)) : new Uint32Array(length);
}

/** [start, end) of part k of `parts` near-equal parts of 0..count */
export function partRange(count: number, parts: number, k: number): [number, number] {
  return [Math.floor((count * k) / parts), Math.floor((count * (k + 1)) / parts)];
}

/**
 * Items [from, to) per task (draws, rows): a few tasks per thread so a slow one does not leave the others
 * idle, and ten when serial so progress still moves (each task sets up its own kernel, a copy of X).
 */
export function taskBlocks(count: number, threads: number): [number, number][] {
  const parts = Math.max(1, Math.min(count, threads > 1 ? 4 * threads : 10));
  return Array.from({ length: parts }, (_, k) => partRange(count, parts, k));
}
