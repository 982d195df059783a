// The threshold-activation study of a set of networks over T draws: exact per-draw thresholds (one
// scan of the ordered class pairs every network needs), the empirical curve, n*(η), then K by running
// the cover loop at n* and a few widths above, with a literal forward-pass check.
import { childSeed } from '../random';
import { budgetedDraws, defaultBudgets, K_DRAWS, K_DRAWS_ABOVE } from './budget';
import { kPoint, kWidths, requiredWidth, thresholdCurve } from './curve';
import { drawCoverLoops, type LoopSpec } from './drawCoverLoops';
import { lambdaPairThresholds, maxThresholds, type KeepBits, type KeptBits } from './exactThresholds';
import { FirstLayerDraw } from './firstLayer';
import { classify, interpolates } from './forward';
import { measuredResult, unmeasuredResult, type NetworkResult } from './networkResult';
import { subproblemKey, subproblemRows, type DrawSettings, type Network, type Points } from './problem';

/** n*(draw) of each network: the max over the ordered class pairs its subproblems contain. */
export function networkThresholds(points: Points, classRows: Int32Array[], networks: Network[], s: DrawSettings): (number | null)[][] {
  return lambdaNetworkThresholds(points, classRows, [{ lambda: s.lambda, networks }], s)[0];
}

/** networkThresholds at several λ in one pass over the draws (s.lambda is ignored). Result [job][network][draw]. */
export function lambdaNetworkThresholds(
  points: Points,
  classRows: Int32Array[],
  jobs: { lambda: number; networks: Network[]; classRows?: Int32Array[] }[],
  s: DrawSettings,
  keep?: KeepBits,
): (number | null)[][][] {
  const plans = jobs.map(({ lambda, networks, classRows: rows }) => {
    const pairKeys = new Map<string, number>();
    const pairs: [number, number][] = [];
    const pairsOf = networks.map((net) =>
      net.flatMap((sub) =>
        sub.pos.map((b) => {
          const key = `${sub.neg}>${b}`;
          if (!pairKeys.has(key)) {
            pairKeys.set(key, pairs.length);
            pairs.push([sub.neg, b]);
          }
          return pairKeys.get(key)!;
        }),
      ),
    );
    return { lambda, pairs, pairsOf, ...(rows ? { classRows: rows } : {}) };
  });
  const perPair = lambdaPairThresholds(points, classRows, plans, s, keep);
  return plans.map((plan, l) => plan.pairsOf.map((ids) => maxThresholds(ids.map((p) => perPair[l][p]))));
}

/**
 * Curve and n*(η) for each network given its thresholds; where measureK, also K at n* and above and
 * the verification (otherwise those stay empty). The networks share each draw's first layer, computed
 * once per draw up to the widest width any of them needs; kept[t], the bits the threshold pass left
 * for draw t (same λ), saves their units (and is released once used). The draws' bits and cover loops
 * are tasks on s.parallel (drawCoverLoops).
 */
export function measureThresholdNetworks(
  points: Points,
  classRows: Int32Array[],
  items: { network: Network; thresholds: (number | null)[]; measureK: boolean }[],
  eta: number,
  s: DrawSettings,
  kept: (KeptBits | undefined)[] = [],
): NetworkResult[] {
  const { X, N, d } = points;
  const budgets = s.budgets ?? defaultBudgets;
  const plans = items.map(({ network, thresholds, measureK }) => {
    const curve = thresholdCurve(thresholds, s.maxWidth);
    const nStar = requiredWidth(curve, eta);
    const measured = nStar !== null && measureK;
    return {
      network,
      thresholds,
      curve,
      nStar,
      measured,
      widths: measured ? kWidths(nStar, s.maxWidth) : [],
      rows: network.map((sub) => subproblemRows(sub, classRows)),
    };
  });
  // K at n* on up to K_DRAWS draws as the budget allows (it also checks the cover loop against
  // the exact thresholds); the cover loop at n* costs about as much as the first layer's product (K·N·⌈n*/32⌉
  // popcounts on data where K is in the thousands), hence 2·n* units in the budget. The widths above
  // only show K's trend: on fewer draws, and on none where one draw would not fit the budget.
  const nMax = Math.max(0, ...plans.filter((p) => p.measured).map((p) => p.widths[0]));
  const drawsAt = budgetedDraws(Math.min(K_DRAWS, s.draws), N, d, 2 * nMax, budgets.products);
  const wAbove = Math.max(0, ...plans.flatMap((p) => p.widths.slice(1)));
  const drawsAbove = wAbove === 0 ? 0 : Math.min(drawsAt, budgetedDraws(Math.min(K_DRAWS_ABOVE, s.draws), N, d, wAbove, budgets.products, 0));
  const measured = plans
    .filter((p) => p.measured)
    .map((p) => ({
      ...p,
      Ks: p.widths.map(() => [] as number[]),
      subK: p.network.map(() => 0),
      // the cover loop must interpolate exactly on the draws whose exact threshold is ≤ n*
      consistent: true,
      literal: null as boolean | null,
    }));
  const wMax = drawsAbove > 0 ? Math.max(nMax, wAbove) : nMax;
  let verifiedRows = N;
  if (measured.length > 0) {
    const widthsOn = (t: number, p: (typeof measured)[number]) => p.widths.filter((_, wi) => (wi === 0 ? t < drawsAt : t < drawsAbove));
    const loopsFor = (t: number): LoopSpec[] =>
      measured.flatMap((p) =>
        widthsOn(t, p).flatMap((w) =>
          p.network.map((sub, q) => ({
            n: w,
            neg: p.rows[q].neg,
            pos: p.rows[q].pos,
            seed: childSeed(s.seed, 'cover', t, subproblemKey(sub), w),
          })),
        ),
      );
    drawCoverLoops(points, { ...s, draws: drawsAt }, wMax, kept, loopsFor, (t, all) => {
      let next = 0;
      for (const p of measured) {
        widthsOn(t, p).forEach((w, wi) => {
          const layers = all.slice(next, next + p.network.length);
          next += p.network.length;
          p.Ks[wi].push(layers.reduce((sum, l) => sum + l.K, 0));
          if (wi !== 0) return;
          layers.forEach((l, q) => (p.subK[q] += l.K));
          const covered = layers.every((l) => l.uncovered === 0);
          const th = p.thresholds[t];
          if (covered !== (th !== null && th <= w)) p.consistent = false;
          if (covered && p.literal === null) {
            const draw = new FirstLayerDraw(s.seed, t, d, s.lambda, w);
            draw.extendTo(w);
            const sample = verificationRows(N, d, w, layers, budgets.verify);
            verifiedRows = Math.min(verifiedRows, sample.length);
            const predictions = classify(X, N, d, draw.W, draw.b, 'threshold', layers, sample);
            p.literal = layers.every((_, q) => interpolates(predictions[q], p.rows[q].neg, p.rows[q].pos, sample));
          }
        });
      }
    });
  }
  return plans.map((p) => {
    const m = measured.find((q) => q.network === p.network);
    if (!m) return { ...unmeasuredResult(p.thresholds, p.curve, p.network.length), requiredWidth: p.nStar };
    const kCurve = m.widths.slice(0, drawsAbove > 0 ? undefined : 1).map((w, wi) => kPoint(w, m.Ks[wi]));
    return {
      ...measuredResult(
        p.thresholds,
        p.curve,
        p.nStar,
        kCurve,
        m.subK.map((k) => k / drawsAt),
        m.consistent && m.literal === true,
      ),
      ...(drawsAt < s.draws ? { kDraws: drawsAt } : {}),
      ...(m.widths.length > 1 ? { kCurveDraws: drawsAbove } : {}),
      ...(verifiedRows < N ? { verifiedRows } : {}),
    };
  });
}

/**
 * The points the literal forward pass classifies: all of them when N·(n·d + K·⌈n/32⌉) multiply-adds fit
 * the budget, else that many evenly spaced rows (the pass checks the kernels' arithmetic, which is
 * the same for every point, so a spread of rows checks it as well as all of them would).
 */
export function verificationRows(N: number, d: number, n: number, layers: { K: number; nWords: number }[], budget: number): Int32Array {
  const perPoint = n * d + layers.reduce((sum, l) => sum + l.K * l.nWords, 0);
  const rows = Math.min(N, Math.max(1, Math.floor(budget / perPoint)));
  return Int32Array.from({ length: rows }, (_, k) => Math.floor((k * N) / rows));
}
