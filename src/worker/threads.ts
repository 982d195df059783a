// core's Parallel on every core: task threads that run core tasks (by name, from src/core/tasks.ts) while the calling
// thread runs them too and then blocks until all are done, so core stays synchronous.
//
// Tasks are handed out through a shared counter: the caller posts the whole input list to every thread
// once, and each thread (the caller included) claims the next index with a compare-and-swap on
// `next` = generation << 20 | index, so a thread that reads a previous map's message late can never
// claim this map's indices. Results come back on a MessagePort per thread, read synchronously
// (receiveMessageOnPort) once the `done` counter says all claimed tasks are finished.
//
// A thread that dies (out of memory, a native crash) cannot say so, and the caller is blocked: so the
// task threads are started by a small supervisor thread whose event loop stays free; it sees the exit,
// raises `failed`, and wakes the caller, which throws. Cancellation: the caller polls its CancelToken
// while it waits and raises `cancel`, which the tasks on other threads see as theirs.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { CancelToken } from '../core/env';
import { serial, type Parallel, type Task } from '../core/parallel';
import { assertRegistered } from '../core/tasks';
import type { ThreadBudget } from './budget';
import { threadExecArgv } from './execArgv';
import { JobSignal } from '../protocol/cancelFlag';
import { fromFailure, toFailure, type Failure } from '../protocol/failure';

/** Int32 slots of the control buffer */
export const Slot = { next: 0, done: 1, cancel: 2, failed: 3 } as const;
const INDEX_BITS = 20;
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const GENERATIONS = 1 << (31 - INDEX_BITS);
/** how often a waiting caller looks at its CancelToken */
const POLL_MS = 50;

export interface TaskMessage {
  gen: number;
  /** the task's name in core/tasks.ts */
  name: string;
  inputs: unknown[];
}

export type ResultMessage = { gen: number; index: number; ok: true; output: unknown } | { gen: number; index: number; ok: false; failure: Failure };

/** What the supervisor and each task thread get as workerData. */
export type ThreadData =
  { role: 'supervisor'; script: string; control: SharedArrayBuffer; ports: MessagePort[] } | { role: 'task'; control: SharedArrayBuffer; port: MessagePort };

/** Claims the next task index of generation gen, or −1 when there is none left (or gen is over). */
export function claim(control: Int32Array, gen: number, count: number): number {
  for (;;) {
    const v = Atomics.load(control, Slot.next);
    if (v >>> INDEX_BITS !== gen) return -1;
    const index = v & INDEX_MASK;
    if (index >= count) return -1;
    if (Atomics.compareExchange(control, Slot.next, v, v + 1) === v) return index;
  }
}

/** Marks one claimed task finished and wakes the caller. */
export function finished(control: Int32Array): void {
  Atomics.add(control, Slot.done, 1);
  Atomics.notify(control, Slot.done);
}

/** The typed arrays' own (not shared) buffers in a task output: moved back instead of copied. */
export function transferables(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) transferables(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferables(v, out);
  }
  return out;
}

export interface Threads extends Parallel {
  /** the budget the next maps take their task threads from (none: all `threads` − 1 every time) */
  budget?: ThreadBudget;
  /** stops the threads; a later map starts new ones */
  dispose(): void;
  /** test hook, called while a map runs: a task thread exits on the spot */
  crashForTest(): void;
}

/**
 * A Parallel with `threads` − 1 task threads beside the caller (script: dist/taskThread.js, the bundled src/worker/taskThread.ts).
 * Threads start at once, so they boot while the caller reads the data (a map would otherwise wait for them:
 * the first stage's), and are kept for the next map; after a thread failure the next map starts new ones.
 * With a budget, each map works only on the task threads it could take permits for (the caller's own
 * thread is the analysis's, counted by whoever started it), and gives them back when it ends.
 */
export function startThreads(script: string, threads: number, budget?: ThreadBudget): Threads {
  if (threads <= 1) {
    return { ...serial, budget, dispose() {}, crashForTest() {} };
  }
  // a new control buffer per start: a stopped supervisor's late exit events must not touch the next one's
  let control = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  let supervisor: Worker | undefined;
  let ports: MessagePort[] = [];
  let gen = 0;
  /** crashForTest was asked and no thread has died of it yet: every map until then carries it */
  let crashAsked = false;

  const start = () => {
    control = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
    const channels = Array.from({ length: threads - 1 }, () => new MessageChannel());
    ports = channels.map((c) => c.port1);
    const theirs = channels.map((c) => c.port2);
    const data: ThreadData = { role: 'supervisor', script, control: control.buffer, ports: theirs };
    supervisor = new Worker(script, { workerData: data, transferList: theirs, name: 'dataset-geometry-supervisor', execArgv: threadExecArgv() });
    supervisor.unref(); // idle threads never keep a CLI run alive
  };
  const stop = () => {
    void supervisor?.terminate(); // its task threads end with it
    supervisor = undefined;
    for (const p of ports) p.close();
    ports = [];
  };
  const died = () => Atomics.load(control, Slot.failed) !== 0;
  const failure = () => {
    crashAsked = false;
    const code = Atomics.load(control, Slot.failed);
    stop();
    return new Error(`A parallel analysis thread stopped unexpectedly (exit code ${code}); the next run starts new threads.`);
  };

  const mapOn = <I, O>(helpers: number, task: Task<I, O>, inputs: I[], cancel?: CancelToken, onDone?: (done: number) => void): O[] => {
    const count = inputs.length;
    if (count > INDEX_MASK) throw new RangeError(`at most ${INDEX_MASK} tasks per map`);
    if (supervisor && died()) {
      // one died while idle: start afresh
      crashAsked = false;
      stop();
    }
    if (!supervisor) start();
    gen = (gen + 1) % GENERATIONS;
    Atomics.store(control, Slot.done, 0);
    // a crash asked for between maps or before the threads started (crashForTest) is carried into
    // this map, where the next task that polls it sees it
    Atomics.store(control, Slot.cancel, crashAsked ? JobSignal.CrashTaskThread : JobSignal.None);
    Atomics.store(control, Slot.next, gen << INDEX_BITS);
    const message: TaskMessage = { gen, name: task.name, inputs };
    const working = ports.slice(0, helpers);
    for (const p of working) p.postMessage(message);

    const outputs = new Array(count);
    const errors: (ResultMessage & { ok: false })[] = [];
    // the caller's own tasks also stop when a thread has died: the map has failed anyway
    const ownCancel: CancelToken = {
      get cancelled() {
        return Atomics.load(control, Slot.cancel) === JobSignal.Cancel || died() || !!cancel?.cancelled;
      },
    };
    let claimed = count;
    const stopClaims = () => {
      Atomics.compareExchange(control, Slot.cancel, JobSignal.None, JobSignal.Cancel);
      const v = Atomics.exchange(control, Slot.next, (gen << INDEX_BITS) | count);
      claimed = Math.min(claimed, v & INDEX_MASK);
    };
    // the caller works too
    for (let i = claim(control, gen, count); i >= 0; i = claim(control, gen, count)) {
      // a task that never polls the token must not keep the caller claiming the next one after a cancel
      if (cancel?.cancelled) {
        stopClaims();
        finished(control); // the index it claimed, never run: counted so the wait below ends
        break;
      }
      try {
        outputs[i] = task.run(inputs[i], ownCancel);
      } catch (e) {
        errors.push({ gen, index: i, ok: false, failure: toFailure(e) });
        stopClaims();
      }
      finished(control);
      if (died()) throw failure();
      onDone?.(Atomics.load(control, Slot.done));
    }
    for (;;) {
      const done = Atomics.load(control, Slot.done);
      if (done >= claimed) break;
      if (died()) throw failure();
      if (cancel?.cancelled && Atomics.load(control, Slot.cancel) === JobSignal.None) stopClaims();
      Atomics.wait(control, Slot.done, done, POLL_MS);
      onDone?.(Atomics.load(control, Slot.done));
    }
    onDone?.(Atomics.load(control, Slot.done));
    if (died()) throw failure();
    for (const p of working) {
      for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) {
        const r = m.message as ResultMessage;
        if (r.gen !== gen) continue;
        if (r.ok) outputs[r.index] = r.output;
        else errors.push(r);
      }
    }
    if (errors.length > 0 || claimed < count) throw firstError(errors, cancel);
    return outputs;
  };

  start();
  const self: Threads = {
    threads,
    budget,
    map(task, inputs, cancel, onDone) {
      assertRegistered(task.name);
      if (inputs.length <= 1) return serial.map(task, inputs, cancel, onDone);
      const held = self.budget;
      const helpers = held ? held.take(threads - 1) : threads - 1;
      if (helpers === 0) return serial.map(task, inputs, cancel, onDone);
      try {
        return mapOn(helpers, task, inputs, cancel, onDone);
      } finally {
        held?.give(helpers);
      }
    },
    dispose: stop,
    crashForTest: () => {
      crashAsked = true;
      if (supervisor) Atomics.store(control, Slot.cancel, JobSignal.CrashTaskThread);
    },
  };
  return self;
}

/** A real failure wins over the cancellations it caused in the other tasks. */
function firstError(errors: (ResultMessage & { ok: false })[], cancel: CancelToken | undefined): Error {
  const real = errors.find((e) => e.failure.code !== 'cancelled');
  if (!real || cancel?.cancelled) return fromFailure({ code: 'cancelled', message: '' });
  return fromFailure(real.failure);
}
