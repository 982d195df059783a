import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/env';
import { memorizationStudy } from '../../../src/core/memorize';
import { defaultSettings, type AnalysisSettings } from '../../../src/core/report';
import { randomProblem } from './fixtures';

const settings = (over: Partial<AnalysisSettings> = {}): AnalysisSettings => ({
  ...defaultSettings, draws: 30, maxWidth: 2048, eta: 0.1, ...over,
});
const twoClasses = randomProblem('study-2', 40, 2, 2);
const threeClasses = randomProblem('study-3', 36, 3, 3);

test('two classes: the second class is X⁻ by default, negativeClass flips it, both orientations listed', () => {
  const m = memorizationStudy(twoClasses, settings(), {}).memorization!;
  assert.deepEqual(m.orientation, { negative: 'c1', positive: 'c0' });
  assert.deepEqual(m.orientations.map((o) => o.negative), ['c1', 'c0']);
  assert.equal(m.requiredWidth, m.orientations[0].requiredWidth);
  assert.deepEqual(m.thresholds, m.orientations[0].thresholds);
  const flipped = memorizationStudy(twoClasses, settings({ negativeClass: 'c0' }), {}).memorization!;
  assert.deepEqual(flipped.orientation, { negative: 'c0', positive: 'c1' });
  assert.deepEqual(flipped.orientations[0], m.orientations[1]);
  const [a, b] = m.orientations;
  const smaller = a.requiredWidth === b.requiredWidth ? null : (a.requiredWidth ?? Infinity) < (b.requiredWidth ?? Infinity) ? 'c1' : 'c0';
  assert.equal(m.smallerNegative, smaller);
  assert.throws(() => memorizationStudy(twoClasses, settings({ negativeClass: 'nope' }), {}), /no class "nope"/);
});

test('two-class figures are consistent: curve from thresholds, K at n*, parameters, verified', () => {
  const m = memorizationStudy(twoClasses, settings(), {}).memorization!;
  assert.equal(m.method, 'exact');
  assert.equal(m.thresholds.length, 30);
  const n = m.requiredWidth!;
  assert.ok(n > 0);
  const within = m.thresholds.filter((t) => t !== null && t <= n).length;
  assert.ok(within / 30 >= 0.9);
  assert.ok(m.thresholds.filter((t) => t !== null && t < n).length / 30 < 0.9, 'n* is the smallest such width');
  assert.equal(m.kCurve[0].n, n);
  assert.equal(m.K, m.kCurve[0].K);
  assert.equal(m.parameters, n * 3 + Math.ceil(m.K!) * (n + 1) + Math.ceil(m.K!) + 1);
  assert.equal(m.verified, true);
});

test('the same seed gives the same report; another seed other draws', () => {
  const a = memorizationStudy(twoClasses, settings(), {});
  assert.deepEqual(memorizationStudy(twoClasses, settings(), {}), a);
  assert.notDeepEqual(memorizationStudy(twoClasses, settings({ seed: '2' }), {}).memorization!.thresholds, a.memorization!.thresholds);
});

test('settings.classes restricts the data, whether or not the caller already did', () => {
  const s = settings({ classes: ['c0', 'c2'] });
  const restricted = memorizationStudy(threeClasses, s, {}).memorization!;
  const keep = [...threeClasses.y].map((c, i) => (c !== 1 ? i : -1)).filter((i) => i >= 0);
  const X = new Float32Array(keep.length * 3);
  keep.forEach((i, r) => X.set(threeClasses.X.subarray(i * 3, i * 3 + 3), r * 3));
  const filtered = {
    X, N: keep.length, d: 3, classNames: ['c0', 'c2'],
    y: Int32Array.from(keep, (i) => (threeClasses.y[i] === 0 ? 0 : 1)),
  };
  assert.deepEqual(memorizationStudy(filtered, s, {}).memorization, restricted);
  assert.deepEqual(restricted.orientation, { negative: 'c2', positive: 'c0' });
});

test('more classes: one-vs-rest is the max over classes, each class the max over its pairs; K summed', () => {
  const { multiclass } = memorizationStudy(threeClasses, settings({ maxWidth: 4096 }), {});
  const ovr = multiclass!.oneVsRest!, pw = multiclass!.pairwise!;
  assert.deepEqual(pw.classes, ['c0', 'c1', 'c2']);
  for (let a = 0; a < 3; a++) {
    assert.equal(pw.width[a][a], null);
    const pc = ovr.perClass[a];
    for (let b = 0; b < 3; b++) if (a !== b) assert.ok(pc.requiredWidth! >= pw.width[a][b]!);
    assert.ok(ovr.requiredWidth! >= pc.requiredWidth!);
  }
  const summed = ovr.perClass.reduce((s, c) => s + c.K!, 0);
  assert.ok(Math.abs(summed - ovr.K!) < 1e-9);
  const n = ovr.requiredWidth!, K = Math.ceil(ovr.K!);
  assert.equal(ovr.parameters, n * 4 + K * (n + 1) + K + 3);
  assert.equal(ovr.verified, true);

  const only = (mode: AnalysisSettings['mode']) => memorizationStudy(threeClasses, settings({ maxWidth: 4096, mode }), {}).multiclass!;
  assert.equal(only('one-vs-rest').pairwise, undefined);
  assert.deepEqual(only('one-vs-rest').oneVsRest, ovr);
  assert.equal(only('pairwise').oneVsRest, undefined);
  assert.deepEqual(only('pairwise').pairwise, pw);
  assert.throws(() => memorizationStudy(threeClasses, settings({ mode: 'binary' }), {}), /two classes/);
});

test('λ = auto sweeps the grid and uses the λ with the smallest required width', () => {
  const grid = [0, 0.5, 1, 2];
  const m = memorizationStudy(twoClasses, settings({ lambda: 'auto', lambdaGrid: grid }), {}).memorization!;
  const sweep = m.lambdaSweep!;
  assert.deepEqual(sweep.grid.map((g) => g.lambda), grid);
  const widths = sweep.grid.map((g) => g.requiredWidth ?? Infinity);
  assert.equal(sweep.grid.find((g) => g.lambda === sweep.best)!.requiredWidth, Math.min(...widths) === Infinity ? null : Math.min(...widths));
  assert.equal(m.lambda, sweep.best);
  // the main run uses the same draws as the sweep at that λ
  assert.equal(m.requiredWidth, sweep.grid.find((g) => g.lambda === sweep.best)!.requiredWidth);
  assert.deepEqual(m.curve, sweep.grid.find((g) => g.lambda === sweep.best)!.curve);
  // a fixed λ still shows the sweep (threshold: it is cheap) but keeps the λ asked for
  const fixed = memorizationStudy(twoClasses, settings({ lambda: sweep.best, lambdaGrid: grid }), {}).memorization!;
  assert.deepEqual(fixed.lambdaSweep, sweep);
  assert.deepEqual(fixed.thresholds, m.thresholds);
  // a fixed λ reuses the threshold pass's bits for K; λ = auto computes them afresh: same K
  assert.deepEqual(fixed.kCurve, m.kCurve);
  assert.equal(fixed.verified, m.verified);
  const other = grid.find((l) => l !== sweep.best)!;
  const atOther = memorizationStudy(twoClasses, settings({ lambda: other, lambdaGrid: grid }), {}).memorization!;
  assert.equal(atOther.lambda, other);
  assert.equal(atOther.lambdaSweep!.best, sweep.best);
  assert.deepEqual(atOther.curve, sweep.grid.find((g) => g.lambda === other)!.curve);
  // ReLU sweeps only on request
  assert.equal(memorizationStudy(twoClasses, settings({ activation: 'relu', draws: 5 }), {}).memorization!.lambdaSweep, undefined);
});

test('ReLU: grid curve, a verified network at n*, K from n* upward', () => {
  const m = memorizationStudy(twoClasses, settings({ activation: 'relu', draws: 10 }), {}).memorization!;
  assert.equal(m.method, 'grid');
  const n = m.requiredWidth!;
  assert.ok(m.curve.some((c) => c.n === n && c.p >= 0.9));
  assert.ok(m.curve.filter((c) => c.n < n).every((c) => c.p < 0.9));
  assert.equal(m.kCurve[0].n, n);
  assert.ok(m.kCurve.every((k) => k.n >= n && k.n <= 4 * n));
  assert.equal(m.verified, true);
  m.thresholds.forEach((t) => assert.ok(t === null || m.curve.some((c) => c.n === t)));
});

test('unreachable width: null with a reason, no K', () => {
  // two identical points with different labels can never be separated
  const X = Float32Array.of(0.1, 0.2, 0.1, 0.2, -0.5, 0.3), y = Int32Array.of(0, 1, 0);
  const m = memorizationStudy({ X, N: 3, d: 2, y, classNames: ['a', 'b'] }, settings({ draws: 5, maxWidth: 300 }), {}).memorization!;
  assert.equal(m.requiredWidth, null);
  assert.ok(m.thresholds.every((t) => t === null));
  assert.equal(m.K, null);
  assert.equal(m.parameters, null);
  assert.equal(m.verified, false);
  assert.match(m.reason!, /stays below/);
});

test('progress goes up to 1, and cancelling stops the study', () => {
  const seen: number[] = [];
  memorizationStudy(twoClasses, settings({ lambda: 'auto', lambdaGrid: [0.5, 1] }), {
    progress: (stage, f) => {
      assert.equal(stage, 'memorization');
      seen.push(f);
    },
  });
  assert.ok(seen.length > 10);
  assert.equal(seen[seen.length - 1], 1);
  assert.ok(seen.every((f, q) => f >= 0 && f <= 1 && (q === 0 || f >= seen[q - 1] - 1e-12)), 'monotone');
  const cancel = { cancelled: false };
  let calls = 0;
  assert.throws(
    () => memorizationStudy(twoClasses, settings(), { cancel, progress: () => { if (++calls === 3) cancel.cancelled = true; } }),
    CancelledError,
  );
});

test('ReLU with more classes: per-class K adds up, pairs reported, network verified', () => {
  const { multiclass } = memorizationStudy(threeClasses, settings({ activation: 'relu', draws: 8 }), {});
  const ovr = multiclass!.oneVsRest!;
  assert.equal(multiclass!.method, 'grid');
  assert.ok(ovr.requiredWidth !== null);
  assert.ok(Math.abs(ovr.perClass.reduce((s, c) => s + c.K!, 0) - ovr.K!) < 1e-9);
  assert.equal(ovr.verified, true);
  for (let a = 0; a < 3; a++) assert.equal(multiclass!.pairwise!.width[a][a], null);
  assert.ok(multiclass!.pairwise!.width.flat().filter((w) => w !== null).length === 6);
});

test('λ = auto with an empty grid falls back to the default grid', () => {
  const m = memorizationStudy(twoClasses, settings({ lambda: 'auto', lambdaGrid: [], draws: 5 }), {}).memorization!;
  assert.deepEqual(m.lambdaSweep!.grid.map((g) => g.lambda), defaultSettings.lambdaGrid);
  assert.ok(Number.isFinite(m.lambda));
});

test('n* comes with its order-statistic interval; the sweep names the λ it cannot tell from the best; T too small is flagged', () => {
  // T = 60, η = 0.1: ranks 49 and 59 of the sorted per-draw thresholds (intervalRanks), a finite upper end
  const grid = [0.5, 1, 2];
  const m = memorizationStudy(twoClasses, settings({ draws: 60, lambdaGrid: grid }), {}).memorization!;
  const sorted = m.thresholds.map((t) => t ?? Infinity).sort((a, b) => a - b);
  const i = m.requiredWidthInterval!;
  assert.equal(i.lower, sorted[48]);
  assert.equal(i.upper, sorted[58] === Infinity ? null : sorted[58]);
  assert.equal(i.level, 0.95);
  assert.ok(i.lower! <= m.requiredWidth! && (i.upper === null || m.requiredWidth! <= i.upper));
  assert.equal(m.intervalWarning, undefined);
  assert.deepEqual(m.orientations[0].requiredWidthInterval, i);
  const sweep = m.lambdaSweep!;
  const best = sweep.grid.find((g) => g.lambda === sweep.best)!.requiredWidthInterval!;
  for (const g of sweep.grid.filter((g) => g.lambda !== sweep.best)) {
    const o = g.requiredWidthInterval!;
    const overlaps = Math.max(best.lower!, o.lower ?? 2049) <= Math.min(best.upper ?? Infinity, o.upper ?? Infinity);
    assert.equal(sweep.indistinguishable?.includes(g.lambda) ?? false, overlaps, `λ = ${g.lambda}`);
  }
  // 30 draws at η = 0.01: fewer than 1/η, so the report says P ≥ 0.99 cannot be shown, and no upper end
  const few = memorizationStudy(twoClasses, settings({ draws: 30, eta: 0.01 }), {}).memorization!;
  assert.match(few.intervalWarning!, /fewer than 1\/η = 100/);
  assert.equal(few.requiredWidthInterval!.upper, null);
  // one-vs-rest carries the interval too, per class as well
  const { multiclass } = memorizationStudy(threeClasses, settings({ draws: 60 }), {});
  const ovr = multiclass!.oneVsRest!;
  assert.ok(ovr.requiredWidthInterval!.lower! <= ovr.requiredWidth!);
  assert.ok(ovr.perClass.every((c) => c.requiredWidthInterval !== undefined));
});
