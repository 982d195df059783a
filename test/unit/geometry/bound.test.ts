import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentComplexity, orientationBound, parameterCount } from '../../../src/core/geometry/bound';
import { capacityReading, capacityReferences, countingBound, worstCaseSeries } from '../../../src/core/geometry/capacity';
import { againstMeasurement, bestMeasurement, plainReading, type ReadingFacts } from '../../../src/core/geometry/measurement';

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
  const eta = 0.01,
    deltaC = 0.2,
    R = 1;
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
  const doubled = orientationBound(
    comps.map((c) => ({ ...c, journal: c.journal / 2 })),
    0,
    ['n', 'p'],
    2 * deltaC,
    2 * R,
    eta,
  );
  assert.ok(Math.abs(doubled.predictedWidth - b.predictedWidth) < 1e-9);
});

test("worst-case series: Baum's ⌈N/d⌉ + 1 neurons grows linearly in N, Rajput's like √N; the instance does not grow", () => {
  const s = worstCaseSeries(1000, 2, 0.1, { neurons: 21.6, width: 26.2, K: 7 }, null, 2);
  assert.deepEqual(
    s.map((p) => p.N),
    [100, 300, 1000, 3000, 10000],
  );
  const at = (n: number) => s.find((p) => p.N === n)!;
  // R² → 50 hidden → 1 output: 50 · 3 + 51 parameters; 5000 hidden at N = 10⁴
  assert.equal(at(100).worstCaseNeurons, 51);
  assert.equal(at(100).worstCaseParameters, 50 * 3 + 50 + 1);
  assert.equal(at(10000).worstCaseNeurons, 5001);
  // 1/δ + √N = 10 + 10 and 10 + 100
  assert.equal(at(100).separatedNeurons, 20);
  assert.equal(at(10000).separatedNeurons, 110);
  for (const p of s) {
    assert.equal(p.instanceNeurons, 21.6);
    assert.equal(p.instanceParameters, parameterCount(27, 7, 2));
  }
  assert.equal(parameterCount(27, 7, 2), 27 * 3 + 7 * 28 + 8);
  assert.ok(worstCaseSeries(50, 3, 0.1, null, null, 2).every((p) => p.instanceNeurons === null));
});

test('worst-case references for a case computed by hand: N = 1000, d = 2, δ = 0.1, measured n* = 200, K = 5.3', () => {
  // measured: 200 + ⌈5.3⌉ + 1 = 207 units; parameters 200 · 3 + 6 · 201 + 7 = 1813
  const measured = { requiredWidth: 200, K: 5.3, outputs: 1, parameters: parameterCount(200, 6, 2) };
  assert.equal(measured.parameters, 1813);
  const [baum, vershynin, rajput, counting] = capacityReferences(1000, 2, 0.1, measured, 2);
  // Baum: ⌈1000/2⌉ = 500 hidden + 1 output; 500 · (2 + 1) + 500 + 1 = 2001 parameters
  assert.deepEqual([baum.neurons, baum.parameters, baum.kind, baum.exact], [501, 2001, 'construction', true]);
  // Vershynin: e^{1/0.01} + √1000 = e^100 ≈ 2.7·10⁴³: beyond what is shown as a count
  assert.equal(vershynin.neurons, null);
  assert.match(vershynin.text, /10\^43 neurons/);
  // Rajput et al.: 1/0.1 + √1000 = 41.62 neurons; 2/0.1 + 1000 = 1020 weights
  assert.ok(Math.abs(rajput.neurons! - 41.6228) < 1e-3);
  assert.ok(Math.abs(rajput.parameters! - 1020) < 1e-9);
  assert.equal(rajput.exact, false);
  // counting: the least W with W log₂(e · 207 · 1000 / W) ≥ 1000 log₂ 2 = 1000 bits. At W = 78:
  // e · 207000 / 78 = 7213.9, log₂ = 12.817, × 78 = 999.7 < 1000; at W = 78.1: 7204.7, 12.815, 1000.8 ≥ 1000
  assert.ok(counting.parameters! > 78 && counting.parameters! < 78.1, String(counting.parameters));
  assert.match(counting.text, /≥ 78 parameters for every labelling$/);
  assert.equal(counting.kind, 'lower bound');
  // δ = 0.5: e⁴ + √1000 = 86.22 neurons, small enough to show
  assert.ok(Math.abs(capacityReferences(1000, 2, 0.5, measured, 2)[1].neurons! - (Math.exp(4) + Math.sqrt(1000))) < 1e-9);

  // the sentence says what the numbers show: fewer neurons (207 < 501), fewer parameters (1813 < 2001),
  // above the counting bound, so no claim that the data is easier than arbitrary labels
  const refs = capacityReferences(1000, 2, 0.1, measured, 2);
  const s = capacityReading(1000, 2, refs, measured, 2);
  assert.match(s, /207 neurons, 1813 parameters\) has fewer neurons and fewer parameters than Baum's/);
  assert.match(s, /does not show that this data is easier/);
  assert.doesNotMatch(s, /far easier/);
  // two-moons-like: 264 neurons, 2326 parameters: fewer neurons, more parameters than Baum's 501 / 2001
  const moons = { requiredWidth: 257, K: 5.8, outputs: 1, parameters: 2326 };
  assert.match(capacityReading(1000, 2, capacityReferences(1000, 2, 0.1, moons, 2), moons, 2), /fewer neurons and more parameters/);
  // a tiny network for many points falls below the counting bound: then, and only then, "easier"
  const tiny = { requiredWidth: 10, K: 1, outputs: 1, parameters: 50 };
  const big = capacityReferences(100000, 2, 0.1, tiny, 2);
  assert.match(capacityReading(100000, 2, big, tiny, 2), /this data is easier than arbitrary labels\./);
});

test('worst case for k = 3 classes, by hand: N = 150, d = 4, δ = 0.1, measured n* = 100, K = 9, 3 outputs', () => {
  const measured = { requiredWidth: 100, K: 9, outputs: 3, parameters: 1500 };
  const [baum, vershynin, rajput, counting] = capacityReferences(150, 4, 0.1, measured, 3);
  // Baum per one-vs-rest output: ⌈150/4⌉ = 38 hidden + 1 output = 39 neurons, 38 · 5 + 38 + 1 = 229
  // parameters; three outputs, three copies: 117 neurons, 687 parameters
  assert.deepEqual([baum.neurons, baum.parameters], [117, 687]);
  assert.match(baum.formula, /×3 \(one per one-vs-rest output\)/);
  // Rajput et al. per output: 1/0.1 + √150 = 22.247 neurons and 4/0.1 + 150 = 190 weights; × 3
  assert.ok(Math.abs(rajput.neurons! - 66.742) < 1e-3, String(rajput.neurons));
  assert.equal(rajput.parameters, 570);
  // Vershynin: 3 (e^100 + √150) ≈ 10^43.9
  assert.match(vershynin.text, /10\^43 neurons/);
  // counting: U = 100 + 9 + 3 = 112 units, 150 log₂ 3 = 237.74 bits. At W = 21.5: e · 112 · 150 / 21.5 = 2124.1,
  // log₂ = 11.0527, × 21.5 = 237.63 < 237.74; at W = 21.52: 2122.1, 11.0513, 237.82 ≥ 237.74
  assert.ok(counting.parameters! > 21.5 && counting.parameters! < 21.52, String(counting.parameters));
  assert.match(counting.text, /for every labelling with 3 classes/);
  // two labels need fewer bits: log₂ 2 < log₂ 3 gives a smaller bound at the same N and U
  assert.ok(countingBound(150, 2, 112) < counting.parameters!);
  // 112 neurons < 117, 1500 parameters > 687, above the counting bound
  const s = capacityReading(150, 4, capacityReferences(150, 4, 0.1, measured, 3), measured, 3);
  assert.match(
    s,
    /has fewer neurons and more parameters than 3 of Baum's one-hidden-layer networks, one per one-vs-rest output, for any 3-class labelling of 150 points/,
  );
  assert.match(s, /does not show that this data is easier/);
  // the series carries the copies too
  const at150 = worstCaseSeries(150, 4, 0.1, null, measured, 3).find((p) => p.N === 150)!;
  assert.deepEqual([at150.worstCaseNeurons, at150.worstCaseParameters, at150.countingParameters], [117, 687, counting.parameters]);
});

test('the counting bound is the least W whose pattern count reaches N log₂ k bits', () => {
  for (const [N, k, U] of [
    [1000, 2, 207],
    [150, 3, 112],
    [1797, 10, 857],
    [60000, 10, 5000],
  ]) {
    const W = countingBound(N, k, U);
    const patterns = (w: number) => w * Math.log2((Math.E * U * N) / w);
    assert.ok(W > 0 && W < N);
    assert.ok(patterns(W) >= N * Math.log2(k) - 1e-6, `${N}, ${k}, ${U}`);
    assert.ok(patterns(W * (1 - 1e-6)) < N * Math.log2(k), `${N}, ${k}, ${U}: not the least`);
  }
});

/** the facts of a 1000-point case split into 3 and 2 components, with these changed */
const reading = (f: Partial<ReadingFacts>): ReadingFacts => ({
  negative: '1',
  positive: '0',
  Mminus: 3,
  Mplus: 2,
  N: 1000,
  kappa: 0.5,
  conflicts: 0,
  predictedWidth: 40,
  best: null,
  capacity: 'CAPACITY.',
  ...f,
});

test('measured over predicted per λ, the best λ, and the sentence names the figures', () => {
  const rows = againstMeasurement(40, [
    { lambda: 0, requiredWidth: null, K: null },
    { lambda: 0.5, requiredWidth: 300, K: 6 },
    { lambda: 1, requiredWidth: 212, K: 5 },
  ]);
  assert.deepEqual(
    rows.map((r) => r.ratio),
    [null, 7.5, 5.3],
  );
  const best = bestMeasurement(rows)!;
  assert.equal(best.lambda, 1);
  const s = plainReading(reading({ best }));
  for (const part of ['into 3', 'into 2', 'C·40', 'n* = 212', 'C ≈ 5.3', '1000 points', 'CAPACITY.']) assert.ok(s.includes(part), `${part} in: ${s}`);
  assert.match(
    plainReading(reading({ negative: 'a', positive: 'b', Mminus: 1, Mplus: 1, N: 10, conflicts: 2, predictedWidth: null, best: null })),
    /2 identical point/,
  );
});

test("the empirical constant C inherits n*'s interval: both ends divided by the predicted width", () => {
  const interval = { lower: 180, upper: null, level: 0.95, method: 'order statistics' };
  const [row] = againstMeasurement(40, [{ lambda: 1, requiredWidth: 212, requiredWidthInterval: interval, K: 5 }]);
  assert.deepEqual(row.ratioInterval, { lower: 4.5, upper: null, level: 0.95 });
  const s = plainReading(reading({ best: row }));
  assert.ok(s.includes('C ≈ 5.3 (95 % interval 4.5 to unbounded)'), s);
  assert.equal(againstMeasurement(40, [{ lambda: 1, requiredWidth: 212, K: 5 }])[0].ratioInterval, undefined);
});
