// The threshold-activation study of a set of networks over T draws: exact per-draw thresholds (one
// scan of the ordered class pairs every network needs), the empirical curve, n*(η), then K by running
// the cover loop at n* and a few widths above, with a literal forward-pass check.
import { throwIfCancelled } from '../env';
import { thresholdBits } from '../kernels/layer1';
import { childSeed, createRng } from '../random';
import { coverLoop, thresholdScores, type SecondLayer } from './coverLoop';
import { kPoint, kWidths, requiredWidth, thresholdCurve } from './curve';
import { classPairThresholds, maxThresholds } from './exactThresholds';
import { FirstLayerDraw } from './firstLayer';
import { classify, interpolates } from './forward';
import { unmeasuredResult, type NetworkResult } from './networkResult';
import { subproblemKey, subproblemRows, type DrawSettings, type Network, type Points } from './problem';

/** n*(draw) of each network: the max over the ordered class pairs its subproblems contain. */
export function networkThresholds(
  points: Points, classRows: Int32Array[], networks: Network[], s: DrawSettings,
): (number | null)[][] {
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
  const perPair = classPairThresholds(points, classRows, pairs, s);
  return pairsOf.map((ids) => maxThresholds(ids.map((p) => perPair[p])));
}

/**
 * Curve and n*(η) for one network given its thresholds; with measureK also K at n* and above and the
 * verification (otherwise those stay empty).
 */
export function measureThresholdNetwork(
  points: Points, classRows: Int32Array[], network: Network, thresholds: (number | null)[], eta: number,
  s: DrawSettings, measureK: boolean,
): NetworkResult {
  const curve = thresholdCurve(thresholds, s.maxWidth);
  const nStar = requiredWidth(curve, eta);
  if (nStar === null || !measureK) return { ...unmeasuredResult(thresholds, curve, network.length), requiredWidth: nStar };

  const { X, N, d } = points;
  const widths = kWidths(nStar, s.maxWidth);
  const wMax = Math.max(...widths);
  const stride = (wMax + 31) >>> 5;
  const bits = new Uint32Array(N * stride);
  const rows = network.map((sub) => subproblemRows(sub, classRows));
  const Ks = widths.map(() => [] as number[]);
  const subK = network.map(() => 0);
  // The cover loop must interpolate exactly on the draws whose exact threshold is ≤ n*.
  let consistent = true;
  let literalChecked = false, literalOk = false;
  for (let t = 0; t < s.draws; t++) {
    throwIfCancelled(s.cancel);
    const draw = new FirstLayerDraw(s.seed, t, d, s.lambda, wMax);
    draw.extendTo(wMax);
    thresholdBits(X, N, d, draw.W, draw.b, 0, wMax, bits, stride);
    widths.forEach((w, wi) => {
      const scores = thresholdScores(bits, stride, w);
      const layers: SecondLayer[] = network.map((sub, q) =>
        coverLoop(scores, rows[q].neg, rows[q].pos, createRng(childSeed(s.seed, 'cover', t, subproblemKey(sub), w))),
      );
      Ks[wi].push(layers.reduce((sum, l) => sum + l.K, 0));
      if (wi !== 0) return;
      layers.forEach((l, q) => (subK[q] += l.K));
      const covered = layers.every((l) => l.uncovered === 0);
      const th = thresholds[t];
      if (covered !== (th !== null && th <= w)) consistent = false;
      if (covered && !literalChecked) {
        literalChecked = true;
        const predictions = classify(X, N, d, draw.W, draw.b, 'threshold', layers);
        literalOk = layers.every((_, q) => interpolates(predictions[q], rows[q].neg, rows[q].pos));
      }
    });
    s.onProgress?.((t + 1) / s.draws);
  }
  const kCurve = widths.map((w, wi) => kPoint(w, Ks[wi]));
  return {
    thresholds, curve, requiredWidth: nStar, kCurve, K: kCurve[0].K,
    subproblemK: subK.map((k) => k / s.draws),
    verified: consistent && literalOk,
  };
}
