import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/env';
import { memorizationStudy, type MemorizationFigures } from '../../../src/core/memorize';
import { HEADLINE_DRAWS } from '../../../src/core/memorize/study';
import { verificationRows } from '../../../src/core/memorize/thresholdStudy';
import { coverLoop, thresholdScores } from '../../../src/core/memorize/coverLoop';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import { classify, interpolates } from '../../../src/core/memorize/forward';
import { rowsByClass } from '../../../src/core/memorize/problem';
import { thresholdBits } from '../../../src/core/kernels/layer1';
import { createRng } from '../../../src/core/random';
import { budgetedDraws, K_DRAWS, K_DRAWS_ABOVE, PRODUCTS, SWEEP_DRAWS } from '../../../src/core/memorize/budget';
import { requiredWidth, thresholdCurve } from '../../../src/core/memorize/curve';
import { defaultSettings, type AnalysisSettings } from '../../../src/core/report';
import { randomProblem } from './fixtures';

const settings = (over: Partial<AnalysisSettings> = {}): AnalysisSettings => ({
  ...defaultSettings,
  draws: 30,
  maxWidth: 2048,
  eta: 0.1,
  ...over,
});
const defaults = settings;
const twoClasses = randomProblem('study-2', 40, 2, 2);
const threeClasses = randomProblem('study-3', 36, 3, 3);

test('two classes: the second class is X⁻ by default, negativeClass flips it, both orientations listed', () => {
  const m = memorizationStudy(twoClasses, settings(), {}).memorization!;
  assert.deepEqual(m.orientation, { negative: 'c1', positive: 'c0' });
  assert.deepEqual(
    m.orientations.map((o) => o.negative),
    ['c1', 'c0'],
  );
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

test('settings.classes: the study analyses the two classes the pipeline selected, and refuses others', () => {
  const s = settings({ classes: ['c0', 'c2'] });
  const keep = [...threeClasses.y].map((c, i) => (c !== 1 ? i : -1)).filter((i) => i >= 0);
  const X = new Float32Array(keep.length * 3);
  keep.forEach((i, r) => X.set(threeClasses.X.subarray(i * 3, i * 3 + 3), r * 3));
  const filtered = {
    X,
    N: keep.length,
    d: 3,
    classNames: ['c0', 'c2'],
    y: Int32Array.from(keep, (i) => (threeClasses.y[i] === 0 ? 0 : 1)),
  };
  assert.deepEqual(memorizationStudy(filtered, s, {}).memorization!.orientation, { negative: 'c2', positive: 'c0' });
  assert.throws(() => memorizationStudy(threeClasses, s, {}), /already selected \(selectClasses\)/);
});

test('more classes: one-vs-rest is the max over classes, each class the max over its pairs; K summed', () => {
  const { multiclass } = memorizationStudy(threeClasses, settings({ maxWidth: 4096 }), {});
  const ovr = multiclass!.oneVsRest!,
    pw = multiclass!.pairwise!;
  assert.deepEqual(pw.classes, ['c0', 'c1', 'c2']);
  for (let a = 0; a < 3; a++) {
    assert.equal(pw.width[a][a], null);
    const pc = ovr.perClass[a];
    for (let b = 0; b < 3; b++) if (a !== b) assert.ok(pc.requiredWidth! >= pw.width[a][b]!);
    assert.ok(ovr.requiredWidth! >= pc.requiredWidth!);
  }
  const summed = ovr.perClass.reduce((s, c) => s + c.K!, 0);
  assert.ok(Math.abs(summed - ovr.K!) < 1e-9);
  const n = ovr.requiredWidth!,
    K = Math.ceil(ovr.K!);
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
  // as many draws as a fixed λ's sweep takes, so the two sweeps below stand on the same draws
  const settings = (over: Partial<AnalysisSettings> = {}) => defaults({ draws: SWEEP_DRAWS, ...over });
  const m = memorizationStudy(twoClasses, settings({ lambda: 'auto', lambdaGrid: grid }), {}).memorization!;
  const sweep = m.lambdaSweep!;
  assert.deepEqual(
    sweep.grid.map((g) => g.lambda),
    grid,
  );
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
  const X = Float32Array.of(0.1, 0.2, 0.1, 0.2, -0.5, 0.3),
    y = Int32Array.of(0, 1, 0);
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
  assert.ok(
    seen.every((f, q) => f >= 0 && f <= 1 && (q === 0 || f >= seen[q - 1] - 1e-12)),
    'monotone',
  );
  const cancel = { cancelled: false };
  let calls = 0;
  assert.throws(
    () =>
      memorizationStudy(twoClasses, settings(), {
        cancel,
        progress: () => {
          if (++calls === 3) cancel.cancelled = true;
        },
      }),
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
  assert.deepEqual(
    m.lambdaSweep!.grid.map((g) => g.lambda),
    defaultSettings.lambdaGrid,
  );
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

test('a fixed λ posts n* from the first draws (labelled), then from all T, then K; the sweep completes the final report', () => {
  const T = 30;
  for (const [data, key] of [
    [twoClasses, 'memorization'],
    [threeClasses, 'multiclass'],
  ] as const) {
    const partials: MemorizationFigures[] = [];
    const final = memorizationStudy(data, settings({ draws: T }), { onPartial: (p) => partials.push(p) });
    // the final n* stands on all T draws; the sweep on SWEEP_DRAWS of them, K at n* on K_DRAWS, above
    // n* on K_DRAWS_ABOVE
    const network = key === 'memorization' ? 'memorization' : 'multiclass.oneVsRest';
    assert.deepEqual(
      final.approximations.map(({ figure, kind, used, of }) => ({ figure, kind, used, of })),
      [
        { figure: `${key}.lambdaSweep`, kind: 'budget', used: SWEEP_DRAWS, of: T },
        { figure: `${network}.K`, kind: 'budget', used: K_DRAWS, of: T },
        { figure: `${network}.kCurve`, kind: 'budget', used: K_DRAWS_ABOVE, of: T },
      ],
    );
    const lead = (f: MemorizationFigures) => (key === 'memorization' ? f.memorization! : { ...f.multiclass!, ...f.multiclass!.oneVsRest! });
    const last = lead(final);
    const [first, all, withK] = partials.map(lead);
    assert.equal(partials.length, 3, key);
    // the first answer: the same draws' exact thresholds, just fewer of them, and labelled so
    assert.equal(first.draws, HEADLINE_DRAWS);
    assert.deepEqual(first.thresholds, last.thresholds.slice(0, HEADLINE_DRAWS));
    assert.equal(first.requiredWidth, requiredWidth(thresholdCurve(first.thresholds, first.maxWidth), first.eta));
    assert.deepEqual(partials[0].approximations, [
      {
        figure: key,
        kind: 'draws',
        used: HEADLINE_DRAWS,
        of: T,
        sentence: `A first answer from the first ${HEADLINE_DRAWS} of the ${T} draws; the figures are refined to all ${T} while you read.`,
      },
    ]);
    assert.equal(first.K, null, 'K is not measured yet');
    assert.match(first.intervalWarning!, new RegExp(`T = ${HEADLINE_DRAWS} draws`), 'the interval warning is about the draws used');
    // then every draw, with the final n*, before K and the sweep
    assert.deepEqual(partials[1].approximations, [], 'no K yet, so nothing on fewer draws');
    assert.deepEqual(all.thresholds, last.thresholds);
    assert.equal(all.requiredWidth, last.requiredWidth);
    assert.equal(all.K, null);
    assert.equal(withK.K, last.K);
    assert.equal(withK.lambdaSweep, undefined, 'the sweep comes last');
    assert.equal(last.lambdaSweep!.draws, Math.min(T, SWEEP_DRAWS), 'a small problem sweeps on as many draws as the sweep takes');
    assert.deepEqual(
      last.lambdaSweep!.grid.find((g) => g.lambda === last.lambda)!.curve,
      thresholdCurve(last.thresholds.slice(0, last.lambdaSweep!.draws), last.maxWidth),
      'the sweep at the chosen λ is the study’s own first draws',
    );
  }
});

test('the work budget: all draws while they fit, fewer as N·d·units grows, never none', () => {
  assert.equal(budgetedDraws(100, 1000, 2, 4096), 100, 'two moons');
  const fashionPair = budgetedDraws(100, 12_000, 784, 512);
  assert.equal(fashionPair, Math.floor(PRODUCTS / (12_000 * 784 * 512)));
  assert.ok(fashionPair > 1 && fashionPair < 100);
  assert.equal(budgetedDraws(100, 12_000, 784, 4096), 1, 'a figure that must exist gets one draw');
  assert.equal(budgetedDraws(100, 12_000, 784, 4096, PRODUCTS, 0), 0, 'an optional one none');
  assert.equal(budgetedDraws(100, 60_000, 784, 1 << 20), 1);
  for (const units of [256, 1024, 4096]) assert.ok(budgetedDraws(100, 12_000, 784, units) >= budgetedDraws(100, 12_000, 784, 2 * units));
});

test('K at n* and the literal forward pass keep to their budgets on large data, and say so', () => {
  // budgets small enough to bite on a small problem, as the defaults do on Fashion-MNIST (about 13 of
  // 100 draws for K at n*, a few thousand of 12,000 points for the forward pass)
  const T = 30;
  const full = memorizationStudy(twoClasses, settings({ draws: T, lambdaGrid: [1] }), {}).memorization!;
  const n = full.requiredWidth!;
  const budgets = { products: twoClasses.N * twoClasses.d * 2 * n * 7, verify: 40 * (n * twoClasses.d + 50) };
  const small = memorizationStudy(twoClasses, settings({ draws: T, lambdaGrid: [1] }), { budgets });
  const m = small.memorization!;
  assert.equal(m.requiredWidth, n, 'n* stands on all T draws whatever the budget');
  assert.deepEqual(m.thresholds, full.thresholds);
  const byFigure = new Map(small.approximations.map((a) => [a.figure, a]));
  const k = byFigure.get('memorization.K')!;
  assert.deepEqual([k.kind, k.used, k.of], ['budget', 7, T]);
  assert.ok(m.kCurve[0].K >= m.kCurve[0].min! && m.kCurve[0].K <= m.kCurve[0].max!);
  const v = byFigure.get('memorization.verified')!;
  assert.equal(v.kind, 'subsample');
  assert.equal(v.of, twoClasses.N);
  assert.ok(v.used > 0 && v.used < twoClasses.N, `${v.used} points`);
  assert.equal(m.verified, true, 'the sampled forward pass agrees with the cover loop');
  assert.ok(byFigure.get('memorization.kCurve')!.used <= 7, 'K above n* never on more draws than K at n*');
  // a budget of one draw at n*: K above n* is not measured at all, and the report says so
  const tight = memorizationStudy(twoClasses, settings({ draws: T, lambdaGrid: [1] }), {
    budgets: { ...budgets, products: twoClasses.N * twoClasses.d * 2 * n },
  });
  const t = tight.memorization!;
  assert.deepEqual(
    t.kCurve.map((p) => p.n),
    [n],
  );
  const above = tight.approximations.find((a) => a.figure === 'memorization.kCurve')!;
  assert.deepEqual([above.used, above.of], [0, T]);
  assert.match(above.sentence, /not measured/);
  assert.deepEqual(tight.approximations.find((a) => a.figure === 'memorization.K')!.used, 1);
});

test('the forward pass on chosen rows classifies them as the full pass does', () => {
  const { X, N, d, y } = twoClasses;
  const draw = new FirstLayerDraw('rows', 0, d, 1, 300);
  draw.extendTo(300);
  const classRows = rowsByClass(y, 2);
  const bits = new Uint32Array(N * 10);
  thresholdBits(X, N, d, draw.W, [draw.b], 0, 300, [bits], 10);
  const layer = coverLoop(thresholdScores(bits, 10, 300), classRows[1], classRows[0], createRng('rows'));
  const all = classify(X, N, d, draw.W, draw.b, 'threshold', [layer])[0];
  const rows = verificationRows(N, d, 300, [layer], 20 * (300 * d + layer.K * layer.nWords));
  assert.equal(rows.length, 20);
  const some = classify(X, N, d, draw.W, draw.b, 'threshold', [layer], rows)[0];
  for (const i of rows) assert.equal(some[i], all[i]);
  assert.equal(interpolates(some, classRows[1], classRows[0], rows), interpolates(all, classRows[1], classRows[0]));
});
