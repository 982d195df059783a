import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { threadExecArgv } from '../../../src/worker/execArgv';

/** what a host process may have been started with: module hooks (both spellings), V8 and process options, profilers */
const host = [
  '--import',
  'tsx',
  '--max-old-space-size=4096',
  '--loader=ts-node/esm',
  '-r',
  'x.js',
  '--expose-gc',
  '--cpu-prof',
  '--cpu-prof-dir',
  '/tmp/profiles',
  '--require=y.js',
  '--stack-trace-limit=50',
  '--experimental-loader',
  'z.mjs',
  '--title=host',
  '--heap-prof-dir=/tmp/heap',
  '--enable-source-maps',
];

test('threads keep the per-thread profiling and diagnostic options (with their values) and nothing else', () => {
  // --heap-prof-dir without --heap-prof would be refused by Worker, so it goes too
  assert.deepEqual(threadExecArgv(host), ['--cpu-prof', '--cpu-prof-dir', '/tmp/profiles', '--enable-source-maps']);
  assert.deepEqual(threadExecArgv(['--heap-prof', '--heap-prof-dir=/tmp/heap']), ['--heap-prof', '--heap-prof-dir=/tmp/heap']);
  assert.deepEqual(threadExecArgv([]), []);
});

test('a thread starts from any host options: Worker refuses V8 and process options, which are dropped', async () => {
  for (const bad of ['--max-old-space-size=4096', '--expose-gc', '--stack-trace-limit=50', '--title=host']) {
    assert.throws(() => new Worker('0', { eval: true, execArgv: [bad] }), { code: 'ERR_WORKER_INVALID_EXEC_ARGV' }, bad);
  }
  const worker = new Worker('require("node:worker_threads").parentPort.postMessage(process.execArgv)', {
    eval: true,
    execArgv: threadExecArgv(host.filter((a, k) => !a.includes('prof') && host[k - 1] !== '--cpu-prof-dir')),
  });
  const seen = await new Promise<string[]>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  assert.deepEqual(seen, ['--enable-source-maps']);
});

test('the analysis worker of a process started through tsx runs without it (its bundle is plain CommonJS)', async () => {
  // this test file itself runs under `--import tsx`: the flag must be there to be dropped
  assert.ok(
    process.execArgv.some((a) => a.includes('tsx')),
    `execArgv ${JSON.stringify(process.execArgv)}`,
  );
  const worker = new Worker('require("node:worker_threads").parentPort.postMessage(process.execArgv)', { eval: true, execArgv: threadExecArgv() });
  const seen = await new Promise<string[]>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  assert.ok(!seen.some((a) => a.includes('tsx')), `the thread's execArgv ${JSON.stringify(seen)}`);
});
