import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredWidth, thresholdCurve } from '../../../src/core/memorize/curve';
import { drawsForUpperEnd, intervalRanks, intervalWarning, intervalsOverlap, requiredWidthInterval } from '../../../src/core/memorize/quantileInterval';
import { createRng } from '../../../src/core/random';

/** P(Bin(T, p) = k) by the plain product formula (small T only) */
function pmf(T: number, p: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (T - k + i)) / i;
  return c * p ** k * (1 - p) ** (T - k);
}
const below = (T: number, p: number, k: number) => {
  let s = 0;
  for (let i = 0; i <= k; i++) s += pmf(T, p, i);
  return s;
};
const above = (T: number, p: number, k: number) => {
  let s = 0;
  for (let i = k; i <= T; i++) s += pmf(T, p, i);
  return s;
};

test('the ranks are the extreme ones whose Binomial tails stay within (1 − level)/2, checked against the definition', () => {
  for (const T of [1, 5, 12, 30, 60]) {
    for (const p of [0.5, 0.8, 0.9, 0.99]) {
      const r = intervalRanks(T, p);
      // lower: P(Bin ≤ l − 1) ≤ 2.5 %, and l + 1 would break it
      if (r.lower > 0) assert.ok(below(T, p, r.lower - 1) <= 0.025 + 1e-12, `T=${T} p=${p}`);
      if (r.lower < T) assert.ok(below(T, p, r.lower) > 0.025, `T=${T} p=${p} lower ${r.lower} not largest`);
      if (r.upper === null) assert.ok(above(T, p, T) > 0.025);
      else {
        assert.ok(above(T, p, r.upper) <= 0.025 + 1e-12);
        assert.ok(r.upper === 1 || above(T, p, r.upper - 1) > 0.025, `T=${T} p=${p} upper ${r.upper} not smallest`);
      }
    }
  }
  // T = 100, η = 0.01 (the defaults): the 97th order statistic, no upper end; 368 draws give one
  assert.deepEqual(intervalRanks(100, 0.99), { lower: 97, upper: null });
  assert.equal(drawsForUpperEnd(0.01), 368);
  assert.equal(intervalRanks(368, 0.99).upper, 368);
  assert.equal(intervalRanks(367, 0.99).upper, null);
  // large T stays finite and near the normal approximation p·T ± 1.96 √(T p (1 − p))
  const big = intervalRanks(100_000, 0.99);
  assert.ok(Math.abs(big.lower - (99_000 - 1.96 * Math.sqrt(990))) < 3 && Math.abs(big.upper! - (99_000 + 1.96 * Math.sqrt(990))) < 3);
});

test('the point estimate n* lies inside its interval for every T and η tried', () => {
  const rng = createRng('interval-contains');
  for (const T of [1, 3, 10, 50, 100, 400, 1000]) {
    for (const eta of [0.5, 0.2, 0.1, 0.05, 0.01]) {
      const thresholds = Array.from({ length: T }, () => (rng.next() < 0.02 ? null : 1 + rng.int(300)));
      const curve = thresholdCurve(thresholds, 512);
      const n = requiredWidth(curve, eta);
      const i = requiredWidthInterval(curve, T, eta, 'exact');
      if (n === null) assert.equal(i.upper, null);
      else {
        assert.ok(i.lower !== null && i.lower <= n, `T=${T} η=${eta}: lower ${i.lower} > n* ${n}`);
        assert.ok(i.upper === null || n <= i.upper, `T=${T} η=${eta}: upper ${i.upper} < n* ${n}`);
      }
    }
  }
});

/**
 * Coverage by simulation: thresholds drawn from a known distribution, the true (1 − η)-quantile computed
 * from its CDF, the interval rebuilt R times from T draws. Seeded; the tolerance is 3 binomial standard
 * errors of the R repetitions.
 */
function simulateCoverage(T: number, eta: number, R: number, draw: (rng: ReturnType<typeof createRng>) => number | null, quantile: number, seed: string) {
  const rng = createRng(seed);
  let coverLow = 0,
    coverHigh = 0,
    cover = 0;
  for (let r = 0; r < R; r++) {
    const thresholds = Array.from({ length: T }, () => draw(rng));
    const i = requiredWidthInterval(thresholdCurve(thresholds, 4096), T, eta, 'exact');
    const lowOk = i.lower !== null && i.lower <= quantile;
    const highOk = i.upper === null || i.upper >= quantile;
    coverLow += lowOk ? 1 : 0;
    coverHigh += highOk ? 1 : 0;
    cover += lowOk && highOk ? 1 : 0;
  }
  return { cover: cover / R, coverLow: coverLow / R, coverHigh: coverHigh / R };
}

test('coverage by simulation: continuous thresholds hit the exact Binomial coverage (seed "coverage-1", ±3 SE)', () => {
  // τ = ⌈1000 U⌉ for U uniform: nearly continuous, so the coverage is P(l ≤ Bin(T, p) < u) almost exactly
  const T = 60,
    eta = 0.1,
    R = 3000;
  const p = 1 - eta;
  const quantile = 900; // smallest n with n/1000 ≥ 0.9
  const { lower, upper } = intervalRanks(T, p);
  const exact = below(T, p, upper! - 1) - below(T, p, lower - 1);
  const sim = simulateCoverage(T, eta, R, (rng) => 1 + Math.floor(1000 * rng.next()), quantile, 'coverage-1');
  const se = Math.sqrt((exact * (1 - exact)) / R);
  assert.ok(exact >= 0.95, `exact coverage ${exact}`);
  assert.ok(Math.abs(sim.cover - exact) <= 3 * se + 0.002, `simulated ${sim.cover}, exact ${exact}, SE ${se}`);
});

test('coverage by simulation: ties and thresholds beyond maxWidth keep at least 95 % (seed "coverage-2", −3 SE)', () => {
  // few distinct values (heavy ties) and 0.5 % of draws that never interpolate: the discrete case,
  // where the interval is conservative; at the defaults' η = 0.01 with enough draws for an upper end
  const values = [120, 150, 150, 180, 200, 200, 200, 230, 260, 300];
  const draw = (rng: ReturnType<typeof createRng>) => (rng.next() < 0.005 ? null : values[rng.int(values.length)]);
  // CDF: 300 is reached with probability 0.995 ≥ 0.99, 260 only 0.9 · 0.995
  const quantile = 300;
  const T = 400,
    eta = 0.01,
    R = 1500;
  const sim = simulateCoverage(T, eta, R, draw, quantile, 'coverage-2');
  const se = Math.sqrt((0.95 * 0.05) / R);
  assert.ok(sim.cover >= 0.95 - 3 * se, `coverage ${sim.cover}`);
  assert.ok(sim.coverLow >= 0.975 - 3 * Math.sqrt((0.975 * 0.025) / R) && sim.coverHigh >= 0.975 - 3 * Math.sqrt((0.975 * 0.025) / R));
  // a skewed continuous-like law at η = 0.05
  const skewed = (rng: ReturnType<typeof createRng>) => 1 + Math.floor(100 * -Math.log(1 - rng.next()));
  // P(τ ≤ n) = 1 − e^{−n/100}: smallest n with that ≥ 0.95 is ⌈100 ln 20⌉
  const q95 = Math.ceil(100 * Math.log(20));
  const sim2 = simulateCoverage(100, 0.05, R, skewed, q95, 'coverage-3');
  assert.ok(sim2.cover >= 0.95 - 3 * se, `coverage ${sim2.cover}`);
});

test('warnings: T < 1/η, and T too small for an upper end; none from 368 draws at η = 0.01', () => {
  assert.match(intervalWarning(50, 0.01)!, /fewer than 1\/η = 100.*cannot be shown at all.*T ≥ 368/);
  assert.match(intervalWarning(100, 0.01)!, /every draw interpolating is consistent with P\(n\) < 1 − η.*T ≥ 368/);
  assert.equal(intervalWarning(368, 0.01), undefined);
  assert.equal(intervalWarning(100, 0.1), undefined);
});

test('overlap of width intervals: null lower ends lie beyond maxWidth, null upper ends are unbounded', () => {
  const i = (lower: number | null, upper: number | null) => ({ lower, upper, level: 0.95, method: '' });
  assert.ok(intervalsOverlap(i(100, 200), i(150, 300), 4096));
  assert.ok(!intervalsOverlap(i(100, 200), i(201, 300), 4096));
  assert.ok(intervalsOverlap(i(100, null), i(3000, 3500), 4096));
  assert.ok(!intervalsOverlap(i(100, 200), i(null, null), 4096));
  assert.ok(intervalsOverlap(i(100, null), i(null, null), 4096));
});
