// The analysis worker: one job at a time, run synchronously with core's `analyze`, streaming progress
// and each stage's partial report back to the host. Never imports `vscode`.
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { analyze } from '../core/analysis';
import { prepareLoad, type DatasetSource } from '../core/data';
import type { CancelToken, Progress } from '../core/env';
import { nodeInflate } from '../node/inflate';
import { ThreadBudget } from './budget';
import { startThreads, type Threads } from './threads';
import { CRASH_EXIT_CODE, JobSignal, readSignal } from '../protocol/cancelFlag';
import { toFailure } from '../protocol/failure';
import type { AnalyzeJob, DatasetBytes, FromWorker, ToWorker } from '../protocol/worker';

const port = parentPort;
if (!port) throw new Error('dist/worker.js runs only as a worker thread.');

const post = (m: FromWorker) => port.postMessage(m);

/** Progress at most every 50 ms within a stage: the host forwards each to the panel and a notification. */
function throttledProgress(id: number): Progress {
  let lastStage = '',
    lastTime = 0;
  return (stage, fraction, message) => {
    const now = performance.now();
    if (stage === lastStage && fraction < 1 && now - lastTime < 50) return;
    lastStage = stage;
    lastTime = now;
    post({ type: 'progress', id, stage, fraction, message });
  };
}

function signalToken(buffer: SharedArrayBuffer): CancelToken {
  const flag = new Int32Array(buffer);
  return {
    get cancelled() {
      const s = readSignal(flag);
      if (s === JobSignal.Crash) process.exit(CRASH_EXIT_CODE);
      if (s === JobSignal.CrashTaskThread) threads?.crashForTest();
      return s === JobSignal.Cancel;
    },
  };
}

/** The task threads, kept between jobs (started again if the thread count changes), on the job's budget. */
let threads: Threads | undefined;
function threadsFor(count: number, budget: SharedArrayBuffer | undefined, held: SharedArrayBuffer): Threads {
  if (threads?.threads !== count) {
    threads?.dispose();
    threads = startThreads(path.join(__dirname, 'taskThread.js'), count);
  }
  threads.budget = budget && new ThreadBudget(budget, held);
  return threads;
}

const source = (f: DatasetBytes<ArrayBuffer>): DatasetSource => ({
  name: f.name,
  bytes: new Uint8Array(f.bytes),
  siblings: Object.fromEntries(Object.entries(f.siblings).map(([name, buf]) => [name, new Uint8Array(buf)])),
});

async function run(job: AnalyzeJob): Promise<void> {
  try {
    const [file, against] = [source(job), job.against && source(job.against)];
    await prepareLoad(file, against);
    const report = analyze(file, job.settings, {
      against,
      inflate: nodeInflate,
      progress: throttledProgress(job.id),
      cancel: signalToken(job.signal),
      onPartial: (partial) => post({ type: 'partial', id: job.id, report: partial }),
      parallel: threadsFor(job.threads, job.budget, job.held),
    });
    post({ type: 'done', id: job.id, report });
  } catch (e) {
    post({ type: 'error', id: job.id, failure: toFailure(e) });
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'analyze') void run(m);
});
