// The pair budget of the multi-class study (issue 11): within it nothing changes; past it the study runs
// on a seeded stratified sample, and its figures are exactly those of a study of that sample alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorizationStudy } from '../../../src/core/memorize';
import { defaultBudgets, PAIRS } from '../../../src/core/memorize/budget';
import { orderedPointPairs, pairSample, rowsByClass } from '../../../src/core/memorize/problem';
import { classQuotas } from '../../../src/core/data/sample';
import { defaultSettings, type AnalysisSettings } from '../../../src/core/report';
import { childSeed } from '../../../src/core/random';
import { randomProblem } from './fixtures';

const settings = (over: Partial<AnalysisSettings> = {}): AnalysisSettings => ({ ...defaultSettings, draws: 20, maxWidth: 2048, eta: 0.1, ...over });
const fourClasses = randomProblem('pair-budget', 90, 3, 4);
const classRows = rowsByClass(fourClasses.y, 4);
const counts = classRows.map((r) => r.length);

test('ordered point pairs: N² − Σ N_c², the pairs a brute force over every two points of different classes counts', () => {
  let brute = 0;
  for (let i = 0; i < fourClasses.N; i++) for (let j = 0; j < fourClasses.N; j++) if (fourClasses.y[i] !== fourClasses.y[j]) brute++;
  assert.equal(orderedPointPairs(counts), brute);
  // the default budget leaves digits (1,797 points, ten classes of about 180) and iris whole
  assert.ok(orderedPointPairs(new Array(10).fill(180)) < PAIRS && orderedPointPairs([50, 50, 50]) < PAIRS);
  // and samples Fashion-MNIST's training split (ten classes of 6,000)
  assert.ok(orderedPointPairs(new Array(10).fill(6000)) > PAIRS);
});

test('the sample: none within the budget; past it the largest stratified sample that fits, seeded, with its rows copied', () => {
  const all = orderedPointPairs(counts);
  assert.equal(pairSample(fourClasses, classRows, all, 's'), undefined);
  const budget = Math.floor(all / 5);
  const s = pairSample(fourClasses, classRows, budget, 's')!;
  const sizes = s.classRows.map((r) => r.length);
  assert.ok(orderedPointPairs(sizes) <= budget);
  assert.deepEqual(sizes, classQuotas(counts, s.points.N), 'each class keeps its share');
  assert.ok(orderedPointPairs(classQuotas(counts, s.points.N + 1)) > budget, 'one more point would not fit');
  assert.deepEqual(
    [...s.rows],
    [...s.rows].sort((a, b) => a - b),
  );
  s.rows.forEach((i, r) => {
    assert.deepEqual(s.points.X.subarray(r * 3, r * 3 + 3), fourClasses.X.subarray(i * 3, i * 3 + 3));
    assert.ok(s.classRows[fourClasses.y[i]].includes(r));
  });
  assert.deepEqual(pairSample(fourClasses, classRows, budget, 's')!.rows, s.rows, 'the same seed, the same sample');
  assert.notDeepEqual(pairSample(fourClasses, classRows, budget, 't')!.rows, s.rows);
});

test('past the budget the study is the study of its sample, labelled; within it the figures are unchanged', () => {
  const all = orderedPointPairs(counts);
  const whole = memorizationStudy(fourClasses, settings(), {});
  const within = memorizationStudy(fourClasses, settings(), { budgets: { ...defaultBudgets, pairs: all } });
  assert.deepEqual(within, whole);
  assert.equal(whole.multiclass!.sample, undefined);

  const budgets = { ...defaultBudgets, pairs: Math.floor(all / 4) };
  const sampled = memorizationStudy(fourClasses, settings(), { budgets });
  // the sample the study draws: its seed path is study.ts's
  const s = pairSample(fourClasses, classRows, budgets.pairs, childSeed(settings().seed, 'memorization sample'))!;
  const N = sampled.multiclass!.sample!.N;
  assert.equal(N, s.points.N);
  assert.deepEqual(sampled.multiclass!.sample!.classCounts, classQuotas(counts, N));
  const label = sampled.approximations.find((a) => a.figure === 'multiclass' && a.kind === 'subsample')!;
  assert.equal(label.used, N);
  assert.equal(label.of, fourClasses.N);
  assert.match(label.sentence, new RegExp(`${N} of the ${fourClasses.N} points`));

  // the same figures as a study handed the sampled points alone (its draws depend on the seed, not the data)
  const rows = [...s.rows];
  const alone = memorizationStudy(
    {
      X: Float32Array.from(rows.flatMap((i) => [...fourClasses.X.subarray(i * 3, i * 3 + 3)])),
      N: rows.length,
      d: 3,
      y: Int32Array.from(rows, (i) => fourClasses.y[i]),
      classNames: fourClasses.classNames,
    },
    settings(),
    {},
  );
  const { sample, ...figures } = sampled.multiclass!;
  assert.ok(sample);
  assert.deepEqual(figures, alone.multiclass);
  // every draw's threshold on the sample is at most the whole data's: fewer pairs to separate
  sampled.multiclass!.oneVsRest!.thresholds.forEach((t, k) => {
    const w = whole.multiclass!.oneVsRest!.thresholds[k];
    assert.ok(t !== null && (w === null || t <= w));
  });
  // the held-out check's train thresholds are not measured on a sample
  const trainRows = classRows.map((r) => r.filter((_, k) => k % 5 !== 0));
  assert.equal(memorizationStudy(fourClasses, settings(), { budgets, trainRows }).train, undefined);
  assert.ok(memorizationStudy(fourClasses, settings(), { trainRows }).train);
});
