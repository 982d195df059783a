// The worker pool with the real worker bundle (dist/worker.js, built by `npm run test:unit`): results
// equal a direct core call, bytes are transferred, and cancel, crashes and bad data are survived.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../../src/core/analysis';
import { defaultSettings, type AnalysisSettings } from '../../../src/core/report';
import { holderBuffer, ThreadBudget } from '../../../src/worker/budget';
import { JobFailure, WorkerPool } from '../../../src/worker/pool';
import { nodeInflate } from '../../../src/node/inflate';
import { fixturePath, readFixture, repoRoot } from '../helpers';

const logged: string[] = [];
const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
const pool = new WorkerPool(path.join(repoRoot, 'dist', 'worker.js'), () => 1, log, 750);
after(() => pool.dispose());

const quick: AnalysisSettings = { ...defaultSettings, draws: 20, lambdaGrid: [0.5, 1], stages: [] };
const long: AnalysisSettings = { ...defaultSettings, mode: 'one-vs-rest', draws: 400, stages: [] };

async function failure(p: Promise<unknown>): Promise<JobFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof JobFailure, String(e));
    return e;
  }
  assert.fail('the job should have failed');
}

/**
 * Resolves at the first progress event of a stage after parsing: the worker is inside core's loops;
 * with `inMap`, at the memorization study's first progress past 0, inside a map on the task threads.
 */
function startLong(inMap = false): { job: ReturnType<WorkerPool['run']>; busy: Promise<void> } {
  let busy!: () => void;
  const started = new Promise<void>((r) => {
    busy = r;
  });
  const job = pool.run(
    { name: 'digits.csv', bytes: readFixture('digits.csv'), siblings: {}, threads: 2, settings: long },
    {
      onProgress: (stage, fraction) => {
        if (inMap ? stage === 'memorization' && fraction > 0 : stage !== 'parse' && stage !== 'normalize') busy();
      },
    },
  );
  return { job, busy: started };
}

test('a job returns what core returns in this thread, with progress and partial reports on the way', async () => {
  const bytes = readFixture('two-moons.csv');
  const direct = analyze({ name: 'two-moons.csv', bytes }, quick, { inflate: nodeInflate });
  const stages: string[] = [];
  const partials: string[][] = [];
  const job = pool.run(
    { name: 'two-moons.csv', bytes, siblings: {}, threads: 2, settings: quick },
    {
      onProgress: (stage) => {
        if (stages.at(-1) !== stage) stages.push(stage);
      },
      onPartial: (r) => partials.push(Object.keys(r).filter((k) => ['sanity', 'separation', 'memorization'].includes(k))),
    },
  );
  assert.equal(bytes.byteLength, 0, 'the file bytes were transferred to the worker, not copied');
  const report = await job.result;
  assert.deepEqual({ ...report, timings: {} }, { ...direct, timings: {} });
  assert.equal(stages[0], 'parse');
  assert.ok(stages.includes('separation'), stages.join(','));
  assert.deepEqual(partials[0], [], 'the first partial report holds the dataset facts only');
  assert.ok(partials.some((p) => p.includes('separation')));
});

test('a Node Buffer of a small file (a view of the shared pool) reaches the worker as the file, not the pool', async () => {
  const bytes = fs.readFileSync(fixturePath('iris.csv'));
  assert.ok(bytes.buffer.byteLength > bytes.byteLength, 'this Buffer is a view of a larger pool');
  const report = await pool.run({ name: 'iris.csv', bytes, siblings: {}, threads: 2, settings: quick }).result;
  assert.equal(report.dataset.N, 150);
});

test('Compare with…: the second file travels with the job (transferred too) and the report carries the leaks', async () => {
  const [header, ...rows] = new TextDecoder().decode(readFixture('iris.csv')).trim().split('\n');
  const file = (lines: string[]) => new TextEncoder().encode([header, ...lines].join('\n') + '\n');
  const train = rows.filter((_, i) => i % 2 === 0),
    held = rows.filter((_, i) => i % 2 === 1);
  const a = file([...train, held[7]]),
    b = file(held);
  const direct = analyze({ name: 'train.csv', bytes: a }, quick, { inflate: nodeInflate, against: { name: 'test.csv', bytes: b } });
  const again = file(held);
  const report = await pool.run({
    name: 'train.csv',
    bytes: file([...train, held[7]]),
    siblings: {},
    against: { name: 'test.csv', bytes: again, siblings: {} },
    threads: 2,
    settings: quick,
  }).result;
  assert.equal(again.byteLength, 0, 'the second file was transferred, not copied');
  assert.deepEqual({ ...report, timings: {} }, { ...direct, timings: {} });
  const leak = report.findings!.rows.find((f) => f.kind === 'leak-exact')!;
  // iris's own duplicate (file rows 103 and 144) falls across the split too: train row 73 is test row 52
  assert.deepEqual(
    leak.rows.map((r) => [r.row, r.partner!.row]),
    [
      [73, 52],
      [train.length + 2, 9],
    ],
  );
  assert.equal(report.findings!.against!.file, 'test.csv');
});

test('bad data fails with the file, row and column', async () => {
  const csv = new TextEncoder().encode('x0,x1,label\n0.1,0.2,a\n0.3,0.1,b\n0.5,oops,a\n0.2,0.9,b\n');
  const f = await failure(pool.run({ name: 'bad.csv', bytes: csv, siblings: {}, threads: 2, settings: quick }).result);
  assert.deepEqual(
    { ...f.failure, message: '' },
    { code: 'dataset', message: '', file: 'bad.csv', detail: 'expected a number, found "oops"', row: 4, column: 'x1' },
  );
});

test('a label column that cannot be the label fails with the columns to choose from, for any delimiter', async () => {
  for (const delim of [',', ';', '\t', '|']) {
    const rows = ['a b species batch', '0.1 0.2 0 1', '0.3 0.1 1 1', '0.5 0.4 2 1'].map((r) => r.replaceAll(' ', delim));
    const bytes = new TextEncoder().encode(rows.join('\n') + '\n');
    const f = await failure(pool.run({ name: 'one-class.csv', bytes, siblings: {}, threads: 1, settings: quick }).result);
    assert.equal(f.failure.code, 'label-column', JSON.stringify(delim));
    assert.deepEqual(f.failure.code === 'label-column' && f.failure.candidates, ['a', 'b', 'species', 'batch']);
  }
  const json = new TextEncoder().encode('[{"u": 1, "v": 2, "kind": "a"}, {"u": 2, "v": 1, "kind": "b"}]');
  const f = await failure(pool.run({ name: 'no-key.json', bytes: json, siblings: {}, threads: 1, settings: quick }).result);
  assert.deepEqual(f.failure.code === 'label-column' && f.failure.candidates, ['u', 'v', 'kind']);
});

test('binary mode on three classes fails with the classes to choose from', async () => {
  const f = await failure(
    pool.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 1, settings: { ...quick, mode: 'binary' } }).result,
  );
  assert.equal(f.failure.code, 'two-classes');
  assert.deepEqual(f.failure.code === 'two-classes' && f.failure.classes, ['0', '1', '2']);
});

test('cancel ends a running job, and the pool keeps working', async () => {
  const { job, busy } = startLong();
  await busy;
  const t0 = performance.now();
  job.cancel();
  const f = await failure(job.result);
  console.log(`cancel settled after ${(performance.now() - t0).toFixed(0)} ms`);
  assert.equal(f.failure.code, 'cancelled');
  const next = await pool.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 2, settings: quick }).result;
  assert.equal(next.dataset.N, 150);
});

test('a worker that dies mid-job fails that job clearly and is replaced', async () => {
  const { job, busy } = startLong(true);
  await busy;
  job.crashForTest();
  const f = await failure(job.result);
  assert.equal(f.failure.code, 'crashed');
  assert.match(f.message, /exit code 70/);
  const next = await pool.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 2, settings: quick }).result;
  assert.equal(next.dataset.N, 150);
  assert.equal(pool.workerCount, 1);
  // it died inside a map holding a task thread's permit, which no finally gave back: the pool does, or
  // every later job of the session would run its maps on one thread (the e2e suite's Fashion run did)
  const total = pool.budget.total;
  assert.equal(pool.budget.take(total), total, 'every permit is back');
  pool.budget.give(total);
});

test('a task thread that dies mid-job fails that job clearly, and the next job gets new threads', async () => {
  const { job, busy } = startLong();
  await busy;
  job.crashForTest('task thread');
  const f = await failure(job.result);
  assert.equal(f.failure.code, 'internal');
  assert.match(f.message, /parallel analysis thread stopped unexpectedly \(exit code 70\)/);
  const bytes = readFixture('iris.csv');
  const direct = analyze({ name: 'iris.csv', bytes }, quick, { inflate: nodeInflate });
  const next = await pool.run({ name: 'iris.csv', bytes, siblings: {}, threads: 2, settings: quick }).result;
  assert.deepEqual({ ...next, timings: {} }, { ...direct, timings: {} });
});

test('warm starts the worker the next job runs on, and never more than the pool holds', async () => {
  const fresh = new WorkerPool(path.join(repoRoot, 'dist', 'worker.js'), () => 1, log, 750);
  try {
    fresh.warm();
    assert.equal(fresh.workerCount, 1);
    fresh.warm();
    assert.equal(fresh.workerCount, 1);
    const job = fresh.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 2, settings: quick });
    fresh.warm(); // the one worker is busy and the pool is full: nothing to start
    assert.equal(fresh.workerCount, 1);
    assert.equal((await job.result).dataset.N, 150);
    assert.equal(fresh.workerCount, 1);
  } finally {
    fresh.dispose();
  }
});

test('jobs queue when every worker is busy, and a queued job can be cancelled', async () => {
  const a = pool.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 2, settings: quick });
  const b = pool.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 2, settings: { ...quick, seed: '2' } });
  const c = pool.run({ name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {}, threads: 2, settings: quick });
  c.cancel();
  assert.equal((await failure(c.result)).failure.code, 'cancelled');
  const [ra, rb] = await Promise.all([a.result, b.result]);
  assert.equal(ra.settings.seed, '1');
  assert.equal(rb.settings.seed, '2');
});

test('a worker that runs out of memory fails its job with a clear message, and only the worker stops', async () => {
  const small = new WorkerPool(path.join(repoRoot, 'dist', 'worker.js'), () => 1, log, 750, { maxOldGenerationSizeMb: 32 });
  try {
    // a JSON document of 400,000 rows: its parsed objects need more than 32 MB of heap
    const rows = Array.from({ length: 400_000 }, (_, i) => `[${i}, ${i % 7}, ${i % 2}]`).join(',\n');
    const bytes = new TextEncoder().encode(`[${rows}]`);
    const f = await failure(small.run({ name: 'big.json', bytes, siblings: {}, threads: 1, settings: quick }).result);
    assert.equal(f.failure.code, 'crashed');
    assert.match(f.message, /^The analysis ran out of memory: its worker may use 32 MB of JavaScript heap, and only the worker stopped\. Lower the row limit/);
    const report = await pool.run({ name: 'two-moons.csv', bytes: readFixture('two-moons.csv'), siblings: {}, threads: 2, settings: quick }).result;
    assert.equal(report.dataset.N, 1000);
  } finally {
    small.dispose();
  }
});

test('two analyses started at once share one thread budget: never more threads at once than it holds, and the same reports', async () => {
  const budget = new ThreadBudget(3);
  const shared = new WorkerPool(path.join(repoRoot, 'dist', 'worker.js'), () => 2, log, 750, undefined, budget);
  try {
    const settings: AnalysisSettings = { ...defaultSettings, mode: 'one-vs-rest', draws: 40, lambdaGrid: [0.5, 1], stages: [] };
    // each may spread over 3 threads; alone they would hold 6 (each job's bytes are moved to its worker)
    const jobs = ['1', '2'].map((seed) =>
      shared.run({ name: 'digits.csv', bytes: readFixture('digits.csv'), siblings: {}, threads: 3, settings: { ...settings, seed } }),
    );
    const reports = await Promise.all(jobs.map((j) => j.result));
    assert.ok(budget.peak <= 3, `peak ${budget.peak}`);
    assert.ok(budget.peak >= 2, `both analyses ran at once (peak ${budget.peak})`);
    for (const r of reports) {
      const direct = analyze({ name: 'digits.csv', bytes: readFixture('digits.csv') }, r.settings, { inflate: nodeInflate });
      assert.deepEqual({ ...r, timings: {} }, { ...direct, timings: {} });
    }
    assert.equal(budget.take(3), 3, 'every permit was given back');
  } finally {
    shared.dispose();
  }
});

test('a budget hands out at most its total, in parts, and takes permits back', () => {
  const budget = new ThreadBudget(4);
  assert.equal(budget.take(3), 3);
  assert.equal(budget.take(3), 1);
  assert.equal(budget.take(1), 0);
  budget.give(2);
  const other = new ThreadBudget(budget.buffer); // as a worker sees it
  assert.equal(other.take(5), 2);
  assert.equal(budget.peak, 4);
  budget.resize(6);
  assert.equal(other.take(5), 2);
  assert.equal(other.peak, 6);
});

test("a job's holder counts the permits its threads hold, and release gives back only what is still held", () => {
  const budget = new ThreadBudget(4);
  const [a, b] = [holderBuffer(), holderBuffer()];
  const jobA = new ThreadBudget(budget.buffer, a); // as job A's worker sees it
  const jobB = new ThreadBudget(budget.buffer, b);
  assert.equal(jobA.take(2), 2);
  assert.equal(jobB.take(3), 2);
  jobA.give(1); // one map of A ended
  assert.deepEqual([new Int32Array(a)[0], new Int32Array(b)[0]], [1, 2]);
  budget.release(a); // A's worker died inside a map: its one permit comes back, B's two stay held
  assert.equal(new Int32Array(a)[0], 0);
  assert.equal(budget.take(4), 2);
  budget.release(a); // nothing left to give twice
  assert.equal(budget.take(1), 0);
});
