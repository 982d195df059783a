// A small pool of analysis workers (worker_threads). Jobs queue when every worker is busy, or when the
// thread budget they all share (budget.ts) has no thread left for another analysis. Cancel sets
// the job's shared signal and, if the worker has not stopped after a grace period, terminates it. A
// worker that dies (crash, OOM, terminate) fails its job with a clear error and is replaced on demand.
// Each worker runs with a heap limit (resourceLimits), so an analysis that still runs out of memory
// kills only its worker, never the extension host.
import { availableParallelism, totalmem } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Report } from '../core/report';
import { createSignalBuffer, JobSignal, sendSignal } from '../protocol/cancelFlag';
import type { Failure } from '../protocol/failure';
import type { AnalysisRequest, AnalyzeJob, DatasetBytes, FromWorker } from '../protocol/worker';
import { holderBuffer, ThreadBudget } from './budget';
import { threadExecArgv } from './execArgv';

export interface JobCallbacks {
  onProgress?(stage: string, fraction: number, message?: string): void;
  onPartial?(report: Report): void;
}

/** A job's failure as the promise's rejection: `failure.code` says what happened. */
export class JobFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'JobFailure';
  }
}

export interface JobHandle {
  readonly result: Promise<Report>;
  cancel(): void;
  /** test hook: make the worker running this job, or one of its task threads, exit abruptly */
  crashForTest(where?: 'worker' | 'task thread'): void;
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface Job {
  message: AnalyzeJob;
  transfer: ArrayBuffer[];
  callbacks: JobCallbacks;
  resolve(report: Report): void;
  reject(failure: JobFailure): void;
  settled: boolean;
  cancelRequested: boolean;
  /** holds a permit of the thread budget for its analysis thread (from dispatch until settled) */
  holdsThread: boolean;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/** A transferable copy unless the view already owns its whole buffer (Node's small Buffers share a pool). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  // a copy: Buffer.prototype.slice is a view of Node's shared pool, not a copy
  return new Uint8Array(bytes).buffer as ArrayBuffer;
}

/** A quarter of the machine's memory, at most 4 GB, for each worker's JavaScript heap. */
function defaultResourceLimits(): ResourceLimits {
  return { maxOldGenerationSizeMb: Math.min(4096, Math.floor(totalmem() / 4 / 2 ** 20)) };
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly size: () => number,
    private readonly log: Logger,
    private readonly cancelGraceMs = 750,
    private readonly resourceLimits: ResourceLimits = defaultResourceLimits(),
    /** the threads all running analyses share: each job's analysis thread and its maps' task threads */
    readonly budget: ThreadBudget = new ThreadBudget(availableParallelism()),
  ) {}

  run(input: AnalysisRequest<Uint8Array>, callbacks: JobCallbacks = {}): JobHandle {
    const transfer: ArrayBuffer[] = [];
    const own = (f: DatasetBytes<Uint8Array>): DatasetBytes<ArrayBuffer> => {
      const file = {
        name: f.name,
        bytes: ownBuffer(f.bytes),
        siblings: Object.fromEntries(Object.entries(f.siblings).map(([name, b]) => [name, ownBuffer(b)])),
      };
      transfer.push(file.bytes, ...Object.values(file.siblings));
      return file;
    };
    const message: AnalyzeJob = {
      type: 'analyze',
      id: this.nextId++,
      ...own(input),
      ...(input.against ? { against: own(input.against) } : {}),
      settings: input.settings,
      threads: input.threads,
      budget: this.budget.buffer,
      held: holderBuffer(),
      signal: createSignalBuffer(),
    };
    let job!: Job;
    const result = new Promise<Report>((resolve, reject) => {
      job = { message, transfer, callbacks, resolve, reject, settled: false, cancelRequested: false, holdsThread: false };
    });
    this.queue.push(job);
    this.pump();
    return {
      result,
      cancel: () => this.cancel(job),
      crashForTest: (where = 'worker') => sendSignal(message.signal, where === 'worker' ? JobSignal.Crash : JobSignal.CrashTaskThread),
    };
  }

  /**
   * Starts a worker now if a job would have to start one: its bundle loads (a few hundred ms) while the
   * caller still reads the file it is about to run.
   */
  warm(): void {
    if (!this.disposed) this.idleSlot();
  }

  /** Workers alive now (for tests and the log). */
  get workerCount(): number {
    return this.slots.length;
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new JobFailure({ code: 'cancelled', message: 'The extension was deactivated.' }));
    for (const slot of this.slots.splice(0)) void slot.worker.terminate();
  }

  private pump(): void {
    while (this.queue.length && !this.disposed) {
      const slot = this.idleSlot();
      if (!slot || this.budget.take(1) === 0) return;
      const job = this.queue.shift()!;
      job.holdsThread = true;
      slot.job = job;
      slot.worker.postMessage(job.message, job.transfer);
    }
  }

  /** A worker with no job, started now if none is idle and the pool has room; undefined when all are busy. */
  private idleSlot(): Slot | undefined {
    return this.slots.find((s) => !s.job) ?? (this.slots.length < Math.max(1, this.size()) ? this.spawn() : undefined);
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { name: 'dataset-geometry-analysis', resourceLimits: this.resourceLimits, execArgv: threadExecArgv() });
    const slot: Slot = { worker };
    let lastError: Error | undefined;
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => {
      lastError = e;
      this.log.error(`Analysis worker ${worker.threadId} threw outside a job: ${e.stack ?? e.message}`);
    });
    worker.on('exit', (code) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const job = slot.job;
      slot.job = undefined;
      // a worker killed inside a map (crash, terminate after cancel) never ran the map's finally
      if (job) this.budget.release(job.message.held);
      if (job && !job.settled) {
        if (job.cancelRequested) {
          this.settle(job, new JobFailure({ code: 'cancelled', message: 'The analysis was cancelled.' }));
        } else {
          const why = lastError ? `: ${lastError.message}` : '';
          this.log.error(`Analysis worker ${worker.threadId} died during job ${job.message.id} (exit code ${code})${why}`);
          const outOfMemory = (lastError as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
          this.settle(
            job,
            new JobFailure({
              code: 'crashed',
              message: outOfMemory
                ? `The analysis ran out of memory: its worker may use ${this.resourceLimits.maxOldGenerationSizeMb} MB of JavaScript heap, and only the worker stopped. ` +
                  'Lower the row limit (datasetGeometry.rowLimit) or analyse two classes, then run it again.'
                : `The analysis worker stopped unexpectedly (exit code ${code})${why}.`,
            }),
          );
        }
      } else if (!this.disposed && code !== 0 && code !== 1) {
        this.log.warn(`Idle analysis worker ${worker.threadId} exited with code ${code}.`);
      }
      this.pump(); // queued jobs get a fresh worker
    });
    this.slots.push(slot);
    this.log.info(`Started analysis worker ${worker.threadId} (${this.slots.length} of at most ${this.size()}).`);
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    const job = slot.job;
    if (!job || job.message.id !== m.id) return; // late message of a job already settled
    switch (m.type) {
      case 'progress':
        job.callbacks.onProgress?.(m.stage, m.fraction, m.message);
        break;
      case 'partial':
        job.callbacks.onPartial?.(m.report);
        break;
      case 'done':
        slot.job = undefined;
        this.settle(job, m.report);
        this.pump();
        break;
      case 'error':
        slot.job = undefined;
        if (m.failure.code === 'internal') this.log.error(`Analysis failed: ${m.failure.stack ?? m.failure.message}`);
        this.settle(job, new JobFailure(m.failure));
        this.pump();
        break;
    }
  }

  private cancel(job: Job): void {
    if (job.settled || job.cancelRequested) return;
    job.cancelRequested = true;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, new JobFailure({ code: 'cancelled', message: 'The analysis was cancelled.' }));
      return;
    }
    sendSignal(job.message.signal, JobSignal.Cancel);
    setTimeout(() => {
      const slot = this.slots.find((s) => s.job === job);
      if (slot && !job.settled) {
        this.log.warn(`Job ${job.message.id} ignored cancel for ${this.cancelGraceMs} ms; terminating its worker.`);
        void slot.worker.terminate(); // 'exit' settles the job as cancelled and replaces the worker
      }
    }, this.cancelGraceMs);
  }

  private settle(job: Job, outcome: Report | JobFailure): void {
    if (job.settled) return;
    job.settled = true;
    if (job.holdsThread) this.budget.give(1);
    if (outcome instanceof JobFailure) job.reject(outcome);
    else job.resolve(outcome);
  }
}
