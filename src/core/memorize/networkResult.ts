// What a study reports for one network (a binary orientation, the one-vs-rest network, a class pair).
import type { CurvePoint, KPoint } from '../report';

export interface NetworkResult {
  /** per draw: threshold activation, the exact n*(draw); ReLU, the smallest grid width that interpolates */
  thresholds: (number | null)[];
  curve: CurvePoint[];
  requiredWidth: number | null;
  /** K summed over the network's subproblems, mean/min/max over draws, at n* and a few widths above */
  kCurve: KPoint[];
  /** draws behind K at n*, where the work budget allowed fewer than T */
  kDraws?: number;
  /** draws behind the kCurve entries above n* */
  kCurveDraws?: number;
  /** points the literal forward pass classified, where the budget allowed fewer than N */
  verifiedRows?: number;
  /** mean K at n* */
  K: number | null;
  /** mean K of each subproblem at n* (same order as the network's subproblems) */
  subproblemK: (number | null)[];
  /** see NetworkFigures.verified in report.ts */
  verified: boolean;
}

/** No K measured and nothing verified: no width reaches P ≥ 1 − η, or only the width was asked for. */
export function unmeasuredResult(thresholds: (number | null)[], curve: CurvePoint[], subproblems: number): NetworkResult {
  return {
    thresholds,
    curve,
    requiredWidth: null,
    kCurve: [],
    K: null,
    subproblemK: new Array(subproblems).fill(null),
    verified: false,
  };
}

/** A network measured at n*: K at n* is the first point of its K curve. */
export function measuredResult(
  thresholds: (number | null)[],
  curve: CurvePoint[],
  requiredWidth: number | null,
  kCurve: KPoint[],
  subproblemK: (number | null)[],
  verified: boolean,
): NetworkResult {
  return { thresholds, curve, requiredWidth, kCurve, K: kCurve[0].K, subproblemK, verified };
}
