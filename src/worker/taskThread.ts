// The task threads of threads.ts, and the supervisor that starts them (one script, two roles):
// a task thread waits for a map's inputs, claims indices until none are left and posts each output
// back; the supervisor only watches its task threads and raises the shared `failed` flag if one dies.
import { Worker, workerData } from 'node:worker_threads';
import type { CancelToken } from '../core/env';
import { runTask } from '../core/tasks';
import { CRASH_EXIT_CODE, JobSignal } from '../protocol/cancelFlag';
import { toFailure } from '../protocol/failure';
import { threadExecArgv } from './execArgv';
import { claim, finished, Slot, transferables, type ResultMessage, type TaskMessage, type ThreadData } from './threads';

const data = workerData as ThreadData;
const control = new Int32Array(data.control);

if (data.role === 'supervisor') {
  for (const port of data.ports) {
    const thread: ThreadData = { role: 'task', control: data.control, port };
    const worker = new Worker(data.script, { workerData: thread, transferList: [port], name: 'dataset-geometry-task', execArgv: threadExecArgv() });
    worker.on('error', () => {}); // 'exit' follows and reports it
    worker.on('exit', (code) => {
      Atomics.store(control, Slot.failed, code === 0 ? 1 : code);
      Atomics.notify(control, Slot.done);
    });
  }
} else {
  const { port } = data;
  const cancel: CancelToken = {
    get cancelled() {
      const c = Atomics.load(control, Slot.cancel);
      if (c === JobSignal.CrashTaskThread) process.exit(CRASH_EXIT_CODE);
      return c === JobSignal.Cancel;
    },
  };
  port.on('message', ({ gen, name, inputs }: TaskMessage) => {
    for (let index = claim(control, gen, inputs.length); index >= 0; index = claim(control, gen, inputs.length)) {
      let result: ResultMessage;
      try {
        result = { gen, index, ok: true, output: runTask(name, inputs[index], cancel) };
      } catch (e) {
        result = { gen, index, ok: false, failure: toFailure(e) };
      }
      port.postMessage(result, result.ok ? transferables(result.output) : []);
      finished(control);
    }
  });
}
