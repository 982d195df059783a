import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultGeneralization, generalizationStudy, trainRowsByClass } from '../../../src/core/generalization/study';
import { fixturePoints } from '../lipschitz/fixtures';
import { createRng } from '../../../src/core/random';
import { restrictedSplit, stratifiedSplit } from '../../../src/core/generalization/split';
import { SAMPLE_DRAWS, studySample } from '../../../src/core/generalization/sample';
import { analyze } from '../../../src/core/analysis';
import { defaultBudgets } from '../../../src/core/memorize/budget';
import { rowsByClass } from '../../../src/core/memorize/problem';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture, repoRoot } from '../helpers';
import { startThreads } from '../../../src/worker/threads';
import path from 'node:path';
import { memorizationStudy } from '../../../src/core/memorize';
import { defaultSettings, type Approximation } from '../../../src/core/report';
import { randomProblem } from '../memorize/fixtures';

/** well-separated Gaussian blobs, one per class, inside the unit ball */
function blobs(centers: number[][], perClass: number, spread: number, seed: string) {
  const rng = createRng(seed);
  const d = centers[0].length,
    N = centers.length * perClass;
  const X = new Float32Array(N * d),
    y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const c = i % centers.length;
    y[i] = c;
    for (let k = 0; k < d; k++) X[i * d + k] = centers[c][k] + spread * rng.normal();
  }
  return { X, N, d, y, classNames: centers.map((_, c) => `c${c}`) };
}

/** two (three) well-separated classes of 60 (40) points each, blobs of this spread around fixed centres */
const twoBlobs = (spread: number) =>
  blobs(
    [
      [0.6, 0, 0],
      [-0.6, 0, 0],
    ],
    60,
    spread,
    'two',
  );
const threeBlobs = (spread: number) =>
  blobs(
    [
      [0.6, 0],
      [-0.6, 0],
      [0, 0.6],
    ],
    40,
    spread,
    'three',
  );
/** a copy of the points holding the given rows alone, in their order */
function copyOf(data: { X: Float32Array; d: number; y: Int32Array; classNames: string[] }, rows: Int32Array) {
  return {
    X: Float32Array.from(Array.from(rows).flatMap((i) => Array.from(data.X.subarray(i * data.d, (i + 1) * data.d)))),
    N: rows.length,
    d: data.d,
    y: Int32Array.from(rows, (i) => data.y[i]),
    classNames: data.classNames,
  };
}
const settings = { ...defaultGeneralization, seed: 'g', lambda: 1, eta: 0.1, maxWidth: 1024, draws: 5 };

// Separable and tight: a random hyperplane almost never cuts a blob of radius ~0.01, so held-out points
// share their class's activation pattern. (With ReLU, or wider blobs, the construction's biases sit
// exactly at the smallest training value m_k over X⁺, and a held-out x⁺ falls below it with
// probability about 1/(|X⁺_train| + 1) per neuron: accuracy is then high but not 1, checked below.)
test('test accuracy on a separable toy problem is 1 at every width', () => {
  const data = twoBlobs(0.01);
  const r = generalizationStudy(data, { ...settings, activation: 'threshold' });
  assert.equal(r.train + r.test, data.N);
  assert.equal(r.test, 2 * Math.ceil(0.2 * 60));
  assert.ok(r.requiredWidth !== null);
  assert.ok(r.widths.length >= 2 && r.widths[0].n === r.requiredWidth);
  for (const w of r.widths) assert.equal(w.accuracy.min, 1, `n = ${w.n}`);
  assert.equal(r.nearestNeighbour, 1);
  assert.deepEqual(r.orientation, { negative: 'c1', positive: 'c0' });
  assert.equal(r.yu.d, 3);
  assert.match(r.yu.reading, new RegExp(`n\\* = ${r.requiredWidth}`));
});

test('the ReLU construction on separated blobs: held-out accuracy high, 1-NN perfect', () => {
  const data = twoBlobs(0.05);
  const r = generalizationStudy(data, { ...settings, activation: 'relu' });
  assert.ok(r.requiredWidth !== null);
  for (const w of r.widths) assert.ok(w.accuracy.mean >= 0.9 && w.accuracy.max <= 1, `n = ${w.n}: ${w.accuracy.mean}`);
  assert.equal(r.nearestNeighbour, 1);
});

test('multi-class: one-vs-rest and the pairwise matrix are perfect on separated blobs; runs reproduce', () => {
  const data = threeBlobs(0.01);
  const r = generalizationStudy(data, { ...settings, activation: 'threshold' });
  assert.equal(r.orientation, undefined);
  for (const w of r.widths) assert.equal(w.accuracy.min, 1);
  const pw = r.pairwise!;
  assert.deepEqual(pw.classes, ['c0', 'c1', 'c2']);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      if (a === b) {
        assert.equal(pw.accuracy[a][b], null);
        continue;
      }
      assert.equal(pw.accuracy[a][b], 1);
      assert.equal(pw.nearestNeighbour[a][b], 1);
      assert.ok(pw.requiredWidth[a][b]! >= 1 && pw.requiredWidth[a][b]! <= r.requiredWidth!);
    }
  }
  assert.deepEqual(generalizationStudy(data, { ...settings, activation: 'threshold' }), r);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('overlapping classes: accuracy drops below 1 but stays a fraction; the reading names the side of d', () => {
  const data = blobs(
    [
      [0.1, 0, 0, 0, 0, 0, 0, 0],
      [-0.1, 0, 0, 0, 0, 0, 0, 0],
    ],
    80,
    0.2,
    'overlap',
  );
  const r = generalizationStudy(data, { ...settings, activation: 'threshold', maxWidth: 4096 });
  assert.ok(r.nearestNeighbour < 1);
  for (const w of r.widths) assert.ok(w.accuracy.mean > 0 && w.accuracy.mean < 1);
  if (r.requiredWidth !== null) assert.match(r.yu.reading, r.requiredWidth < 8 ? /below the data dimension/ : /at least the data dimension/);
});

// Issue 12 item 2: n* on the train split is the memorization study's n* (SCIENCE.md §3, the user's T) applied
// to the train points alone, not a figure from a handful of draws. The random problem's per-draw widths
// spread, so T = 5 and T = 40 give different n*: the check would catch the old fixed 5 draws.
test('n* on the train split is the memorization study of the train points with the same T, seed and λ', () => {
  const data = randomProblem('gen-nstar', 160, 4, 2);
  const T = 40;
  const opts = { ...settings, draws: T, activation: 'threshold' as const, maxWidth: 4096, eta: 0.05 };
  const g = generalizationStudy(data, opts);
  const split = stratifiedSplit(data.y, 2, opts.testFraction, opts.seed);
  const train = copyOf(data, split.train);
  const main = memorizationStudy(
    train,
    { ...defaultSettings, draws: T, seed: opts.seed, lambda: opts.lambda, eta: opts.eta, maxWidth: opts.maxWidth, activation: 'threshold' },
    {},
  ).memorization!;
  assert.equal(g.draws, T);
  assert.ok(main.requiredWidth !== null);
  assert.equal(g.requiredWidth, main.requiredWidth);
  const few = generalizationStudy(data, { ...opts, draws: 5 });
  assert.notEqual(few.requiredWidth, g.requiredWidth, "T changes n* on this problem, so the test can tell T = 5 from the user's T");
});

test('the accuracies are scored on the first scoreDraws of the T draws, and say so', () => {
  const data = twoBlobs(0.05);
  const seen: Approximation[] = [];
  const r = generalizationStudy(data, { ...settings, draws: 12, scoreDraws: 3, activation: 'threshold' }, { approximate: (a) => seen.push(a) });
  assert.equal(r.draws, 12);
  assert.equal(r.scoreDraws, 3);
  assert.deepEqual(
    seen.map((a) => [a.figure, a.kind, a.used, a.of]),
    [['generalization.widths', 'draws', 3, 12]],
  );
  const all = generalizationStudy(data, { ...settings, draws: 3, scoreDraws: 3, activation: 'threshold' }, { approximate: (a) => seen.push(a) });
  assert.equal(seen.length, 1, 'no label when every draw is scored');
  assert.ok(all.widths.length > 0);
});

test("n* on the train split read from the memorization study's draws equals the check drawing its own", () => {
  // two moons (two classes) and iris (three: the one-vs-rest network and every class pair)
  for (const name of ['two-moons.csv', 'iris.csv']) {
    const data = fixturePoints(name);
    const C = data.classNames.length;
    const s = { ...defaultSettings, draws: 40, eta: 0.05, maxWidth: 2048, lambdaGrid: [1] };
    const trainRows = trainRowsByClass(data.y, C, defaultGeneralization.testFraction, s.seed);
    const { train } = memorizationStudy(data, s, { trainRows });
    assert.ok(train, name);
    assert.equal(train.lead.length, s.draws);
    assert.equal(train.pairs?.size, C > 2 ? C * (C - 1) : undefined);
    const options = { ...defaultGeneralization, seed: s.seed, lambda: 1, eta: s.eta, maxWidth: s.maxWidth, draws: s.draws, activation: 'threshold' as const };
    const own = generalizationStudy(data, options);
    const reused = generalizationStudy(data, { ...options, train });
    assert.ok(own.requiredWidth !== null, name);
    assert.deepEqual(reused, own, name);
    // another λ's thresholds are not the check's: it draws its own
    assert.deepEqual(generalizationStudy(data, { ...options, train: { ...train, lambda: 0.5 } }), own, name);
  }
});

test('within the work budgets: fewer scored draws and a 1-NN subsample, each labelled, the same figures from the same draws', () => {
  const data = threeBlobs(0.05);
  const full = generalizationStudy(data, { ...settings, activation: 'threshold' });
  const seen: Approximation[] = [];
  const widest = Math.max(...full.widths.map((w) => w.n), ...full.pairwise!.requiredWidth.flat().map((n) => n ?? 0));
  // room for two draws' first layers, and for 1-NN on 10 of the 24 test points
  const r = generalizationStudy(
    data,
    { ...settings, activation: 'threshold', scoreWork: 2 * data.N * widest * data.d, nearestWork: 10 * full.train * data.d },
    { approximate: (a) => seen.push(a) },
  );
  assert.deepEqual(
    seen.map((a) => [a.figure, a.kind, a.used, a.of]),
    [
      ['generalization.nearestNeighbour', 'subsample', 10, full.test],
      ['generalization.widths', 'draws', 2, settings.draws],
    ],
  );
  assert.equal(r.scoreDraws, 2);
  assert.deepEqual(r.requiredWidth, full.requiredWidth);
  // the two draws scored are the first two of the five
  const two = generalizationStudy(data, { ...settings, activation: 'threshold', scoreDraws: 2 });
  assert.deepEqual(r.widths, two.widths);
  assert.deepEqual(r.pairwise!.accuracy, two.pairwise!.accuracy);
  assert.equal(full.nearestNeighbour, 1);
  assert.equal(r.nearestNeighbour, 1);
});

test("past the pair budget the check runs on the multi-class study's sample: its split restricted, n* on fewer draws, labelled", () => {
  const source = { name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {} };
  const settings = { ...defaultSettings, draws: 40, eta: 0.05, stages: ['generalization' as const] };
  // iris has 15,000 ordered pairs of points of different classes: a third of them fits
  const budgets = { ...defaultBudgets, pairs: 5_000 };
  const report = analyze(source, settings, { inflate: nodeInflate, memorizationBudgets: budgets });
  const sample = report.multiclass!.sample!;
  const g = report.generalization!;
  assert.ok(sample.N < 150);
  assert.equal(g.train + g.test, sample.N, "the check's points are the study's sample");
  assert.equal(report.dataset.normalization, 'max-norm', 'the points below are normalised as the analysis did');
  const data = fixturePoints('iris.csv');
  const rows = studySample(data, 'threshold', settings.seed, budgets.pairs)!;
  assert.deepEqual(
    rowsByClass(
      Int32Array.from(rows, (i) => data.y[i]),
      3,
    ).map((r) => r.length),
    sample.classCounts,
  );
  const labels = report.approximations!.filter((a) => a.figure.startsWith('generalization'));
  assert.deepEqual(
    labels.map((a) => [a.figure, a.kind, a.used, a.of]),
    [
      ['generalization', 'subsample', sample.N, 150],
      ['generalization.widths', 'draws', defaultGeneralization.scoreDraws, settings.draws],
    ],
  );
  assert.match(labels[0].sentence, new RegExp(`first ${SAMPLE_DRAWS} of the T = 40 draws`));
  // exactly the check on a copy of the sample's points with its restricted split: n* is the memorization study
  // of the sample's train points alone, at SAMPLE_DRAWS draws
  const split = restrictedSplit(stratifiedSplit(data.y, 3, defaultGeneralization.testFraction, settings.seed), rows, data.N);
  assert.deepEqual([split.train.length, split.test.length], [g.train, g.test]);
  const train = copyOf(data, split.train);
  const main = memorizationStudy(train, { ...settings, draws: SAMPLE_DRAWS, lambdaGrid: [1] }, {}).multiclass!;
  assert.equal(main.sample, undefined);
  assert.equal(g.requiredWidth, main.oneVsRest!.requiredWidth);
  for (const [a, b] of [
    [0, 1],
    [2, 0],
  ])
    assert.equal(g.pairwise!.requiredWidth[a][b], main.pairwise!.width[a][b]);
  // the same report on three task threads
  const threads = startThreads(path.join(repoRoot, 'dist', 'taskThread.js'), 3);
  try {
    const three = analyze(source, settings, { inflate: nodeInflate, memorizationBudgets: budgets, parallel: threads });
    assert.deepEqual({ ...three, timings: {} }, { ...report, timings: {} });
  } finally {
    threads.dispose();
  }
  // within the budget nothing is sampled or labelled
  const whole = analyze(source, settings, { inflate: nodeInflate });
  assert.equal(whole.generalization!.train + whole.generalization!.test, 150);
  assert.equal(
    whole.approximations?.find((a) => a.figure === 'generalization'),
    undefined,
  );
});
