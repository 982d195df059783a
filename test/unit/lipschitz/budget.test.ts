// The Lipschitz stage's work budgets (issue 11): within them nothing changes; past them the work shrinks
// to fit, and the report labels every figure computed that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetedSearch, budgetShares, FLOORS, gradientCost, layeredCost, plannedGradients } from '../../../src/core/lipschitz/budget';
import { defaultLipschitz, lipschitzStudy } from '../../../src/core/lipschitz';
import { defaultRandomStudy, randomNetworkStudy } from '../../../src/core/lipschitz/randomStudy';
import { defaultSearch } from '../../../src/core/lipschitz/estimates';
import { MEMORIZER_MIN_DRAWS, MEMORIZER_UNIT_OVERHEAD, memorizerBudget, memorizerRobustness } from '../../../src/core/lipschitz/memorizer';
import { randomReluNetwork } from '../../../src/core/lipschitz/reluNetwork';
import { reluWidthGrid } from '../../../src/core/memorize/reluStudy';
import { createRng } from '../../../src/core/random';
import type { Approximation } from '../../../src/core/report';
import { fixturePoints } from './fixtures';

test('a search within its budget is the search as specified; past it, it fits the budget and keeps its floors', () => {
  const small = randomReluNetwork(2, 2, 32, { kind: 'normal', std: 0.1 }, createRng('b'));
  const within = budgetedSearch(2, defaultSearch, 256, 3, gradientCost(small));
  assert.deepEqual(within.search, defaultSearch);
  assert.equal(within.dataPoints, 256);
  assert.equal(within.used, within.of);
  assert.equal(within.of, plannedGradients(2, 256, 3, defaultSearch));
  // in the plane no far-field ascent runs, so none is planned
  assert.equal(within.of, plannedGradients(2, 256, 3, { ...defaultSearch, ascentSteps: 0 }));

  const big = randomReluNetwork(784, 2, 256, { kind: 'normal', std: 0.1 }, createRng('b'));
  const cost = gradientCost(big);
  assert.equal(cost, 2 * (256 * 784 + 256 * 256));
  for (const budget of [1e8, 1e7, 1e5]) {
    const b = budgetedSearch(784, defaultSearch, 256, 8, cost, budget);
    assert.ok(b.used < b.of);
    assert.equal(b.used, plannedGradients(784, b.dataPoints, 8, b.search));
    // the floors may exceed a tiny budget, nothing else does
    const floor = plannedGradients(784, FLOORS.dataPoints, 8, { ...b.search, ...FLOORS });
    assert.ok(b.used * cost <= Math.max(budget, floor * cost), `budget ${budget}: ${b.used} gradients`);
    assert.ok(b.dataPoints >= FLOORS.dataPoints && b.search.randomPoints >= FLOORS.randomPoints);
    assert.ok(b.search.steps >= FLOORS.steps && b.search.ascentSteps >= FLOORS.ascentSteps);
    // the far-field ascent, which finds the steepest regions in d > 2, keeps the larger share
    assert.ok(b.search.ascentSteps / defaultSearch.ascentSteps >= b.search.steps / defaultSearch.steps);
  }
});

test("the memorizer keeps every point and the user's T when they fit, then fewer draws, then fewer points, then fewer draws still", () => {
  const unit = (2 + MEMORIZER_UNIT_OVERHEAD) * reluWidthGrid(1024).reduce((a, w) => a + w, 0);
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 1000 * unit * 100), { rows: 1000, draws: 100 });
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 1000 * unit * 40), { rows: 1000, draws: 40 });
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 1000 * unit * MEMORIZER_MIN_DRAWS), { rows: 1000, draws: MEMORIZER_MIN_DRAWS });
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 500 * unit * MEMORIZER_MIN_DRAWS), { rows: 500, draws: MEMORIZER_MIN_DRAWS });
  assert.deepEqual(memorizerBudget(1000, 2, 100, 1024, 256 * unit * 3), { rows: 256, draws: 3 });
  assert.deepEqual(memorizerBudget(1000, 2, 5, 1024, 1000 * unit * 5), { rows: 1000, draws: 5 });
  assert.deepEqual(memorizerBudget(100, 2, 100, 1024, 1), { rows: 100, draws: 1 });
});

test('a budgeted memorizer says what it used: its subsample, its draws, its search', () => {
  const moons = fixturePoints('two-moons.csv');
  const seen: Approximation[] = [];
  const unit = (2 + MEMORIZER_UNIT_OVERHEAD) * reluWidthGrid(1024).reduce((a, w) => a + w, 0);
  const r = memorizerRobustness(
    moons,
    {
      negative: 1,
      lambda: 1,
      draws: 100,
      eta: 0.01,
      maxWidth: 1024,
      ps: [2],
      dataBounds: new Map(),
      search: defaultSearch,
      dataPoints: 256,
      listed: 5,
      seed: 's',
      workBudget: 256 * unit * 9.5,
    },
    { approximate: (a) => seen.push(a) },
  );
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

test('the random networks share one budget: a study past it stays within it (beyond the floors) and is labelled', () => {
  const moons = fixturePoints('two-moons.csv');
  const points = Array.from({ length: 64 }, (_, i) => Float64Array.from(moons.X.subarray(2 * i * 15, 2 * i * 15 + 2)));
  const options = { ...defaultRandomStudy, width: 32, widths: [16, 32, 64], draws: 2, pCurve: [1, 2, 4, Infinity] };
  const planned = options.widths.reduce(
    (sum, N) => sum + options.draws * layeredCost(2, options.depth, N) * plannedGradients(2, 64, N === options.width ? 4 : 3, defaultRandomStudy.search),
    0,
  );
  const free = randomNetworkStudy(2, points, 1, { ...options, budget: planned });
  assert.equal(free.gradients.used, free.gradients.of);
  const budget = planned / 10;
  const tight = randomNetworkStudy(2, points, 1, { ...options, budget });
  assert.equal(tight.gradients.of, free.gradients.of);
  assert.ok(tight.gradients.used < tight.gradients.of / 5, `${tight.gradients.used} of ${tight.gradients.of}`);
  // every lower estimate is a true gradient norm found by a shorter search, so it is below the upper one
  for (const e of tight.estimates) assert.ok(e.lower.max <= e.upper.max);
  // the shares add up to the total: spent multiply-adds fit it unless a draw sits at its floors
  const shares = budgetShares([1, 3, 6], 5);
  assert.deepEqual(shares, [0.5, 1.5, 3]);
  assert.deepEqual(budgetShares([1, 3], 5), [Infinity, Infinity]);

  /** the lipschitz.random approximation of a small study of two moons at this budget */
  const randomAt = (budget: number) => {
    const seen: Approximation[] = [];
    lipschitzStudy(
      moons,
      {
        ...defaultLipschitz,
        random: { ...defaultLipschitz.random, width: 32, widths: [32], draws: 1, pCurve: [1, 2, Infinity], budget },
        memorizer: { ...defaultLipschitz.memorizer, draws: 3, eta: 0.4, maxWidth: 256 },
        dataPoints: 64,
      },
      { approximate: (a) => seen.push(a) },
    );
    const random = seen.find((a) => a.figure === 'lipschitz.random');
    assert.ok(random, seen.map((a) => a.figure).join());
    return random;
  };
  const random = randomAt(1e6);
  assert.equal(random.kind, 'budget');
  assert.ok(random.used < random.of);
  assert.match(random.sentence, /share 1\.0e\+6 multiply-adds over every width and draw/);
  assert.doesNotMatch(random.sentence, /floors .* asked for/); // the floors, 136 gradients of 2,176 multiply-adds, fit
  // a budget below the floors: the sentence gives what they asked for, 136 × 2,176 = 3.0e5
  const floored = randomAt(1e4);
  assert.equal(floored.used, 136);
  assert.match(floored.sentence, /share 1\.0e\+4 multiply-adds .* floors .* asked for 3\.0e\+5 here/);
});
