import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadExecArgv } from '../../../src/worker/execArgv';

test('threads drop the module hooks of the host (both spellings) and keep every other flag', () => {
  assert.deepEqual(
    threadExecArgv([
      '--import',
      'tsx',
      '--max-old-space-size=4096',
      '--loader=ts-node/esm',
      '-r',
      'x.js',
      '--cpu-prof',
      '--require=y.js',
      '--experimental-loader',
      'z.mjs',
    ]),
    ['--max-old-space-size=4096', '--cpu-prof'],
  );
  assert.deepEqual(threadExecArgv([]), []);
});

test('the analysis worker of a process started through tsx runs without it (its bundle is plain CommonJS)', async () => {
  // this test file itself runs under `--import tsx`: the flag must be there to be dropped
  assert.ok(
    process.execArgv.some((a) => a.includes('tsx')),
    `execArgv ${JSON.stringify(process.execArgv)}`,
  );
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker('require("node:worker_threads").parentPort.postMessage(process.execArgv)', { eval: true, execArgv: threadExecArgv() });
  const seen = await new Promise<string[]>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  assert.ok(!seen.some((a) => a.includes('tsx')), `the thread's execArgv ${JSON.stringify(seen)}`);
});
