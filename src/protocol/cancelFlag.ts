// Signals from the host into a running job, across threads (the same values reach the job's task
// threads through their control buffer): the host writes into a shared Int32Array
// and the worker reads it with Atomics.load on every cancellation check, so core's synchronous loops
// see it without yielding to the message queue (a posted message would wait until the job ends).
export const JobSignal = {
  None: 0,
  Cancel: 1,
  /** test hook: the worker exits on the spot, outside any try, as a native crash or an OOM would */
  Crash: 2,
  /** test hook: one of the job's task threads (src/worker/threads.ts) exits on the spot */
  CrashTaskThread: 3,
} as const;
export type JobSignal = (typeof JobSignal)[keyof typeof JobSignal];

/** Exit code of a thread (analysis or task) leaving through a crash test hook, so a log tells it from a real crash. */
export const CRASH_EXIT_CODE = 70;

export function createSignalBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

export function sendSignal(buffer: SharedArrayBuffer, signal: JobSignal): void {
  Atomics.store(new Int32Array(buffer), 0, signal);
}

export function readSignal(flag: Int32Array): JobSignal {
  return Atomics.load(flag, 0) as JobSignal;
}
