// The threshold-activation study of a set of networks over T draws: exact per-draw thresholds (one
// scan of the ordered class pairs every network needs), the empirical curve, n*(η), then K by running
// the cover loop at n* and a few widths above, with a literal forward-pass check.
import { throwIfCancelled } from '../env';
import { copyWords } from '../kernels/bitRows';
import { partRange, sharedUint32 } from '../parallel';
import { childSeed } from '../random';
import { serial } from '../tasks';
import { kPoint, kWidths, requiredWidth, thresholdCurve } from './curve';
import type { CoverTask, DrawBitsTask } from './drawBits';
import { KEEP_WORDS, lambdaPairThresholds, maxThresholds, type KeptBits } from './exactThresholds';
import { FirstLayerDraw } from './firstLayer';
import { classify, interpolates } from './forward';
import { unmeasuredResult, type NetworkResult } from './networkResult';
import { subproblemKey, subproblemRows, type DrawSettings, type Network, type Points } from './problem';

/** draws on which K is measured at the widths above n* */
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

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/**
 * Curve and n*(η) for each network given its thresholds; where measureK, also K at n* and above and
 * the verification (otherwise those stay empty). The networks share each draw's first layer, computed
 * once per draw up to the widest width any of them needs; kept[t], the bits the threshold pass left
 * for draw t (same λ), saves their units (and is released once used). The layer's row blocks and the
 * cover loops are tasks on s.parallel.
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
  if (measured.length > 0) {
    const { X, N, d } = points;
    const parallel = s.parallel ?? serial;
    const stride = (wMax + 31) >>> 5;
    // Draws in batches whose bits fit the budget: each batch's bits are computed in row blocks (one
    // per thread), then its cover loops run as tasks, aggregated in draw order as a serial run would.
    const batch = Math.max(1, Math.min(s.draws, Math.floor(KEEP_WORDS / (N * stride))));
    const loopsOfDraw = (t: number) => measured.reduce((sum, p) => sum + p.widths.filter((_, wi) => wi === 0 || t < K_DRAWS_ABOVE).length * p.network.length, 0);
    let total = 0, finished = 0;
    for (let t = 0; t < s.draws; t++) total += loopsOfDraw(t);
    for (let t0 = 0; t0 < s.draws; t0 += batch) {
      throwIfCancelled(s.cancel);
      const t1 = Math.min(s.draws, t0 + batch);
      const draws = range(t0, t1).map((t) => {
        const out = sharedUint32(N * stride);
        const reuse = Math.min(kept[t]?.words ?? 0, stride);
        if (reuse > 0) copyWords(out, stride, kept[t]!.bits, kept[t]!.words, reuse, N);
        kept[t] = undefined;
        return { t, fromUnit: reuse * 32, out };
      });
      const parts = parallel.threads;
      parallel.map('drawBits', range(0, parts).map((k): DrawBitsTask => {
        const [rowStart, rowEnd] = partRange(N, parts, k);
        return { X, d, rowStart, rowEnd, seed: s.seed, lambda: s.lambda, units: wMax, draws };
      }), s.cancel);
      // K at n* on every draw (it also checks the cover loop against the exact thresholds); the widths
      // above only show K's trend, and a subset of draws keeps them from dominating the cost.
      const loops: CoverTask[] = [];
      for (const { t, out } of draws) {
        for (const p of measured) {
          p.widths.forEach((w, wi) => {
            if (wi > 0 && t >= K_DRAWS_ABOVE) return;
            p.network.forEach((sub, q) => loops.push({
              bits: out, N, stride, n: w, neg: p.rows[q].neg, pos: p.rows[q].pos,
              seed: childSeed(s.seed, 'cover', t, subproblemKey(sub), w),
            }));
          });
        }
      }
      const layersOut = parallel.map('coverLoop', loops, s.cancel, (k) => s.onProgress?.((finished + k) / total));
      finished += loops.length;
      let next = 0;
      for (const { t } of draws) {
        for (const p of measured) {
          p.widths.forEach((w, wi) => {
            if (wi > 0 && t >= K_DRAWS_ABOVE) return;
            const layers = layersOut.slice(next, next + p.network.length);
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
      }
    }
  }
  return plans.map((p) => {
    const m = measured.find((q) => q.network === p.network);
    if (!m) return { ...unmeasuredResult(p.thresholds, p.curve, p.network.length), requiredWidth: p.nStar };
    const kCurve = m.widths.map((w, wi) => kPoint(w, m.Ks[wi]));
    return {
      thresholds: p.thresholds, curve: p.curve, requiredWidth: p.nStar, kCurve, K: kCurve[0].K,
      subproblemK: m.subK.map((k) => k / s.draws),
      verified: m.consistent && m.literal === true,
    };
  });
}
