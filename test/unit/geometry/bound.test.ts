import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentComplexity, orientationBound, parameterCount } from '../../../src/core/geometry/bound';
import { worstCaseSeries } from '../../../src/core/geometry/capacity';
import { againstMeasurement, bestMeasurement, plainReading } from '../../../src/core/geometry/measurement';

test('component complexity: w²/r³ and w²/d³, undefined at r = 0 and d = 0', () => {
  assert.deepEqual(componentComplexity(0.5, 0.25, 2), { slide: 0.25 / 0.015625, journal: 0.25 / 8 });
  assert.deepEqual(componentComplexity(0, 0, 0.4), { slide: null, journal: 0 });
  assert.equal(componentComplexity(0.1, 0.1, 0).journal, null);
});

test('the bound in both orientations, term by term', () => {
  const comps = [
    { side: 0 as const, slide: 4, journal: 1 },
    { side: 0 as const, slide: null, journal: 0 },
    { side: 0 as const, slide: 2, journal: 3 },
    { side: 1 as const, slide: 8, journal: 2 },
  ];
  const eta = 0.01, deltaC = 0.2, R = 1;
  const b = orientationBound(comps, 0, ['neg', 'pos'], deltaC, R, eta);
  assert.equal(b.Mminus, 3);
  assert.equal(b.Mplus, 1);
  assert.equal(b.omegaMinus, 3);
  assert.equal(b.omegaPlus, 2);
  assert.equal(b.omegaSlideMinus, 4);
  assert.ok(Math.abs(b.terms.separation - Math.log(3 / eta) / deltaC) < 1e-12);
  assert.equal(b.predictedWidth, Math.max(Math.log(300) / 0.2, 3, 2));
  assert.ok(Math.abs(b.predictedNeurons - (3 + Math.log(6) / 0.2 + 3)) < 1e-12);
  assert.equal(b.Kbound, 3);
  const swapped = orientationBound(comps, 1, ['neg', 'pos'], deltaC, R, eta);
  assert.deepEqual([swapped.negative, swapped.positive, swapped.Mminus, swapped.Mplus, swapped.Kbound], ['pos', 'neg', 1, 3, 1]);
  assert.equal(swapped.terms.separation, b.terms.separation);
  // R scales the terms: data twice as large, same shape (δ_c, w doubled, so ω halves) → the same figures
  const doubled = orientationBound(comps.map((c) => ({ ...c, journal: c.journal / 2 })), 0, ['n', 'p'], 2 * deltaC, 2 * R, eta);
  assert.ok(Math.abs(doubled.predictedWidth - b.predictedWidth) < 1e-9);
});

test('worst-case series grows like √N; the instance does not grow', () => {
  const s = worstCaseSeries(1000, 2, { neurons: 21.6, width: 26.2, K: 7 });
  assert.ok(s.some((p) => p.N === 1000));
  assert.deepEqual(s.map((p) => p.N), [100, 300, 1000, 3000, 10000]);
  const at = (n: number) => s.find((p) => p.N === n)!;
  assert.equal(at(100).worstCaseNeurons, 40); // two layers of 2·√100
  assert.equal(at(10000).worstCaseNeurons, 400);
  // 2-20-20-1 vs 2-200-200-1: parameters grow almost linearly in N (the h² term dominates)
  assert.equal(at(100).worstCaseParameters, 20 * 3 + 20 * 21 + 21);
  assert.equal(at(10000).worstCaseParameters, 200 * 3 + 200 * 201 + 201);
  for (const p of s) {
    assert.equal(p.instanceNeurons, 21.6);
    assert.equal(p.instanceParameters, parameterCount(27, 7, 2));
  }
  assert.equal(parameterCount(27, 7, 2), 27 * 3 + 7 * 28 + 8);
  assert.ok(worstCaseSeries(50, 3, null).every((p) => p.instanceNeurons === null));
});

test('measured over predicted per λ, the best λ, and the sentence names the figures', () => {
  const rows = againstMeasurement(40, [
    { lambda: 0, requiredWidth: null, K: null },
    { lambda: 0.5, requiredWidth: 300, K: 6 },
    { lambda: 1, requiredWidth: 212, K: 5 },
  ]);
  assert.deepEqual(rows.map((r) => r.ratio), [null, 7.5, 5.3]);
  const best = bestMeasurement(rows)!;
  assert.equal(best.lambda, 1);
  const s = plainReading({ negative: '1', positive: '0', Mminus: 3, Mplus: 2, N: 1000, kappa: 0.5, conflicts: 0, predictedWidth: 40, best, worstCaseNeurons: 128 });
  for (const part of ['into 3', 'into 2', 'C·40', 'n* = 212', 'C ≈ 5.3', '1000 points']) assert.ok(s.includes(part), `${part} in: ${s}`);
  assert.match(plainReading({ negative: 'a', positive: 'b', Mminus: 1, Mplus: 1, N: 10, kappa: 0.5, conflicts: 2, predictedWidth: null, best: null, worstCaseNeurons: 8 }), /2 identical point/);
});

test('the empirical constant C inherits n*\'s interval: both ends divided by the predicted width', () => {
  const interval = { lower: 180, upper: null, level: 0.95, method: 'order statistics' };
  const [row] = againstMeasurement(40, [{ lambda: 1, requiredWidth: 212, requiredWidthInterval: interval, K: 5 }]);
  assert.deepEqual(row.ratioInterval, { lower: 4.5, upper: null, level: 0.95 });
  const s = plainReading({ negative: '1', positive: '0', Mminus: 3, Mplus: 2, N: 1000, kappa: 0.5, conflicts: 0, predictedWidth: 40, best: row, worstCaseNeurons: 128 });
  assert.ok(s.includes('C ≈ 5.3 (95 % interval 4.5 to unbounded)'), s);
  assert.equal(againstMeasurement(40, [{ lambda: 1, requiredWidth: 212, K: 5 }])[0].ratioInterval, undefined);
});
