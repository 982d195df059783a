// The task threads (src/worker/threads.ts with the real dist/taskThread.js bundle): a report does not depend on
// the number of threads, task errors and cancellation reach the caller, and the threads keep working.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../../src/core/analysis';
import { CancelledError } from '../../../src/core/env';
import { serial, task, taskBlocks } from '../../../src/core/parallel';
import { defaultSettings, type AnalysisSettings } from '../../../src/core/report';
import { rowsByClass } from '../../../src/core/memorize/problem';
import { thresholdChunkTask, type ThresholdChunk } from '../../../src/core/memorize/exactThresholds';
import { loadDataset, normalize } from '../../../src/core/data/index';
import { nodeInflate } from '../../../src/node/inflate';
import { startThreads } from '../../../src/worker/threads';
import { readFixture, repoRoot } from '../helpers';

const threads = startThreads(path.join(repoRoot, 'dist', 'taskThread.js'), 3);
after(() => threads.dispose());

const strip = (r: object) => ({ ...r, timings: {} });

test('a report and every partial report on the way are the same on three threads as on one (digits: one-vs-rest and pairs; two moons: every stage)', () => {
  const cases: [string, AnalysisSettings][] = [
    ['digits.csv', { ...defaultSettings, draws: 12, lambdaGrid: [0.5, 1], stages: [] }],
    ['two-moons.csv', { ...defaultSettings, draws: 40 }],
  ];
  for (const [name, settings] of cases) {
    const source = { name, bytes: readFixture(name) };
    const partials: object[][] = [[], []];
    const one = analyze(source, settings, { inflate: nodeInflate, onPartial: (r) => partials[0].push(strip(structuredClone(r))) });
    const three = analyze(source, settings, { inflate: nodeInflate, parallel: threads, onPartial: (r) => partials[1].push(strip(structuredClone(r))) });
    assert.deepEqual(strip(three), strip(one), name);
    assert.deepEqual(partials[1], partials[0], `${name}: partial reports`);
    assert.ok((one.multiclass?.oneVsRest?.K ?? one.memorization?.K ?? 0) > 0, `${name}: K was measured`);
  }
});

function digitsChunks(draws: number): ThresholdChunk[] {
  const ds = loadDataset({ name: 'digits.csv', bytes: readFixture('digits.csv') }, {}, { inflate: nodeInflate });
  const { X } = normalize(ds, 'max-norm');
  const classRows = rowsByClass(ds.y, ds.classNames.length);
  const pairs: [number, number][] = [];
  for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) if (a !== b) pairs.push([a, b]);
  return taskBlocks(draws, threads.threads).map(([from, to]) => ({
    X,
    N: ds.N,
    d: ds.d,
    classRows,
    jobs: [{ lambda: 1, pairs }],
    seed: '1',
    from,
    to,
    maxWidth: 4096,
    keepJob: -1,
    keepBelow: 0,
    keepWords: 0,
  }));
}

test('an error in a task on another thread reaches the caller with its message', () => {
  const chunks = digitsChunks(12);
  // a chunk past the classes it names: the task itself throws, wherever it runs
  const broken = chunks.map((c) => ({ ...c, jobs: [{ lambda: 1, pairs: [[0, 99]] as [number, number][] }] }));
  assert.throws(
    () => threads.map(thresholdChunkTask, broken),
    (e: Error) => e.name === 'TypeError' && /undefined/.test(e.message),
  );
  // and the threads still work
  const again = threads.map(thresholdChunkTask, chunks.slice(0, 4));
  assert.equal(again.length, 4);
});

test('a task that is not listed in core/tasks.ts runs serially but a map on threads refuses it at once, saying so (one input or many)', () => {
  const unlisted = task('notListed', (x: number) => x + 1);
  assert.deepEqual(serial.map(unlisted, [1, 2]), [2, 3]);
  assert.throws(
    () => threads.map(unlisted, [1, 2, 3, 4, 5, 6]),
    (e: Error) => /There is no task "notListed".*core\/tasks\.ts/.test(e.message),
  );
  assert.throws(() => threads.map(unlisted, [1]), /There is no task "notListed"/);
});

test('cancel stops a map on every thread within the tasks it is running, and the next map gives the serial result', () => {
  const chunks = digitsChunks(400);
  // cancelled from the start: no thread may finish more than the one task it had claimed
  const cancel = { cancelled: true };
  let doneAtEnd = 0;
  assert.throws(
    () => threads.map(thresholdChunkTask, chunks, cancel, (done) => (doneAtEnd = Math.max(doneAtEnd, done))),
    (e: Error) => e instanceof CancelledError,
  );
  console.log(`${chunks.length} tasks on ${threads.threads} threads, cancelled from the start: ${doneAtEnd} ended`);
  assert.ok(doneAtEnd <= threads.threads, `${doneAtEnd} tasks ended`);
  const few = digitsChunks(6);
  assert.deepEqual(
    threads.map(thresholdChunkTask, few),
    few.map((c) => threads.map(thresholdChunkTask, [c])[0]),
  );
});
