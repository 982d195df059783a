// The threshold-activation study of a set of networks over T draws: exact per-draw thresholds (one
// scan of the ordered class pairs every network needs), the empirical curve, n*(η), then K by running
// the cover loop at n* and a few widths above, with a literal forward-pass check.
import { childSeed } from '../random';
import { budgetedDraws } from './budget';
import { kPoint, kWidths, requiredWidth, thresholdCurve } from './curve';
import { drawCoverLoops, type LoopSpec } from './drawCoverLoops';
import { lambdaPairThresholds, maxThresholds, type KeptBits } from './exactThresholds';
import { FirstLayerDraw } from './firstLayer';
import { classify, interpolates } from './forward';
import { unmeasuredResult, type NetworkResult } from './networkResult';
import { subproblemKey, subproblemRows, type DrawSettings, type Network, type Points } from './problem';

/** draws on which K is measured at the widths above n*, at most (fewer where the budget says so) */
export const K_DRAWS_ABOVE = 20;

/** n*(draw) of each network: the max over the ordered class pairs its subproblems contain. */
export function networkThresholds(
  points: Points, classRows: Int32Array[], networks: Network[], s: DrawSettings,
): (number | null)[][] {
  return lambdaNetworkThresholds(points, classRows, [{ lambda: s.lambda, networks }], s)[0];
}

/** networkThresholds at several λ in one pass over the draws (s.lambda is ignored). Result [job][network][draw]. */
export function lambdaNetworkThresholds(
  points: Points, classRows: Int32Array[], jobs: { lambda: number; networks: Network[] }[], s: DrawSettings,
  keep?: { job: number; into: (KeptBits | undefined)[] },
): (number | null)[][][] {
  const plans = jobs.map(({ lambda, networks }) => {
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
    return { lambda, pairs, pairsOf };
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
  points: Points, classRows: Int32Array[], items: { network: Network; thresholds: (number | null)[]; measureK: boolean }[],
  eta: number, s: DrawSettings, kept: (KeptBits | undefined)[] = [],
): NetworkResult[] {
  const plans = items.map(({ network, thresholds, measureK }) => {
    const curve = thresholdCurve(thresholds, s.maxWidth);
    const nStar = requiredWidth(curve, eta);
    const measured = nStar !== null && measureK;
    return {
      network, thresholds, curve, nStar, measured,
      widths: measured ? kWidths(nStar, s.maxWidth) : [],
      rows: network.map((sub) => subproblemRows(sub, classRows)),
    };
  });
  const measured = plans.filter((p) => p.measured).map((p) => ({
    ...p,
    Ks: p.widths.map(() => [] as number[]),
    subK: p.network.map(() => 0),
    // the cover loop must interpolate exactly on the draws whose exact threshold is ≤ n*
    consistent: true,
    literal: null as boolean | null,
  }));
  const wMax = Math.max(0, ...measured.flatMap((p) => p.widths));
  const { X, N, d } = points;
  // K at n* on every draw (it also checks the cover loop against the exact thresholds); the widths
  // above only show K's trend, and a subset of draws keeps them from dominating the cost.
  const drawsAbove = budgetedDraws(Math.min(K_DRAWS_ABOVE, s.draws), N, d, wMax);
  if (measured.length > 0) {
    const widthsOn = (t: number, p: (typeof measured)[number]) => p.widths.filter((_, wi) => wi === 0 || t < drawsAbove);
    const loopsFor = (t: number): LoopSpec[] =>
      measured.flatMap((p) => widthsOn(t, p).flatMap((w) => p.network.map((sub, q) => ({
        n: w, neg: p.rows[q].neg, pos: p.rows[q].pos, seed: childSeed(s.seed, 'cover', t, subproblemKey(sub), w),
      }))));
    drawCoverLoops(points, s, wMax, kept, loopsFor, (t, all) => {
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
            const predictions = classify(X, N, d, draw.W, draw.b, 'threshold', layers);
            p.literal = layers.every((_, q) => interpolates(predictions[q], p.rows[q].neg, p.rows[q].pos));
          }
        });
      }
    });
  }
  return plans.map((p) => {
    const m = measured.find((q) => q.network === p.network);
    if (!m) return { ...unmeasuredResult(p.thresholds, p.curve, p.network.length), requiredWidth: p.nStar };
    const kCurve = m.widths.map((w, wi) => kPoint(w, m.Ks[wi]));
    return {
      thresholds: p.thresholds, curve: p.curve, requiredWidth: p.nStar, kCurve, K: kCurve[0].K,
      subproblemK: m.subK.map((k) => k / s.draws),
      verified: m.consistent && m.literal === true,
      ...(kCurve.length > 1 ? { kCurveDraws: drawsAbove } : {}),
    };
  });
}
