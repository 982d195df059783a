// The Lipschitz stage's work budgets (issue 11): within them nothing changes; past them the work shrinks
// to fit, and the report labels every figure computed that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetedSearch, gradientCost, plannedGradients } from '../../../src/core/lipschitz/budget';
import { defaultSearch } from '../../../src/core/lipschitz/estimates';
import { memorizerBudget, memorizerRobustness } from '../../../src/core/lipschitz/memorizer';
import { randomReluNetwork } from '../../../src/core/lipschitz/reluNetwork';
import { reluWidthGrid } from '../../../src/core/memorize/reluStudy';
import { createRng } from '../../../src/core/random';
import type { Approximation } from '../../../src/core/report';
import { fixturePoints } from './fixtures';

test('a search within its budget is the search as specified; past it, it fits the budget and keeps its floors', () => {
  const small = randomReluNetwork(2, 2, 32, { kind: 'normal', std: 0.1 }, createRng('b'));
  const within = budgetedSearch(defaultSearch, 256, 3, gradientCost(small));
  assert.deepEqual(within.search, defaultSearch);
  assert.equal(within.dataPoints, 256);
  assert.equal(within.used, within.of);
  assert.equal(within.of, plannedGradients(256, 3, defaultSearch));

  const big = randomReluNetwork(784, 2, 256, { kind: 'normal', std: 0.1 }, createRng('b'));
  const cost = gradientCost(big);
  assert.equal(cost, 2 * (256 * 784 + 256 * 256));
  for (const budget of [1e8, 1e7, 1e5]) {
    const b = budgetedSearch(defaultSearch, 256, 8, cost, budget);
    assert.ok(b.used < b.of);
    assert.equal(b.used, plannedGradients(b.dataPoints, 8, b.search));
    // the floors (16 points, 16 random points, 4 steps, 8 ascent steps) may exceed a tiny budget, nothing else does
    const floor = plannedGradients(16, 8, { ...b.search, randomPoints: 16, steps: 4, ascentSteps: 8 });
    assert.ok(b.used * cost <= Math.max(budget, floor * cost), `budget ${budget}: ${b.used} gradients`);
    assert.ok(b.dataPoints >= 16 && b.search.randomPoints >= 16 && b.search.steps >= 4 && b.search.ascentSteps >= 8);
  }
});

test('the memorizer keeps every point and the user\'s T when they fit, then fewer points, then fewer draws', () => {
  const grid = reluWidthGrid(1024).reduce((a, w) => a + w, 0);
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 1000 * 2 * grid * 100), { rows: 1000, draws: 100 });
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 500 * 2 * grid * 100), { rows: 500, draws: 100 });
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 256 * 2 * grid * 10), { rows: 256, draws: 10 });
  assert.deepEqual(memorizerBudget(100, 2, 100, 1024, 1), { rows: 100, draws: 1 });
});

test('a budgeted memorizer says what it used: its subsample, its draws, its search', () => {
  const moons = fixturePoints('two-moons.csv');
  const seen: Approximation[] = [];
  const grid = reluWidthGrid(1024).reduce((a, w) => a + w, 0);
  const r = memorizerRobustness(moons, {
    negative: 1, lambda: 1, draws: 100, eta: 0.01, maxWidth: 1024, ps: [2], dataBounds: new Map(), search: defaultSearch,
    dataPoints: 256, listed: 5, seed: 's', workBudget: 300 * 2 * grid * 8,
  }, { approximate: (a) => seen.push(a) });
  assert.ok(r.relu, r.reason);
  const byFigure = new Map(seen.map((a) => [a.figure, a]));
  const sub = byFigure.get('lipschitz.memorizer')!;
  assert.deepEqual([sub.kind, sub.used, sub.of], ['subsample', 256, moons.N]);
  const draws = byFigure.get('lipschitz.memorizer.width')!;
  assert.deepEqual([draws.kind, draws.used, draws.of], ['draws', 9, 100]);
  assert.equal(r.relu!.draws, 9);
  assert.match(r.relu!.notes[0], /not n\* over T = 100/);
  // every listed point is one of the subsample's, named by its row in the data
  const rows = new Set(moons.sourceRows ?? []);
  for (const p of r.relu!.radii[0].leastRobust) assert.ok(rows.has(p.point.row), `row ${p.point.row}`);
  // the data bound beside it is the subsample's: at most the full data's 2/δ
  assert.ok(r.relu!.estimates[0].dataBound !== null && r.relu!.estimates[0].dataBound! > 0);
});
