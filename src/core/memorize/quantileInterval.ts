// The uncertainty of n*(η) (SCIENCE.md §3): n* estimates the (1 − η)-quantile of the per-draw threshold, and
// from T draws it is one order statistic. The interval here is the distribution-free one for that
// quantile: [τ_(l), τ_(u)] with the ranks l, u taken from Binomial(T, 1 − η) tails, which needs no
// assumption on the thresholds' distribution (ties and thresholds beyond maxWidth included).
//
// Why it covers: let q be the quantile and p = 1 − η. τ_(l) ≤ q iff at least l draws have τ ≤ q, and
// that count is Binomial(T, F(q)) with F(q) ≥ p; τ_(u) ≥ q iff fewer than u draws have τ < q, a
// Binomial(T, F(q−)) count with F(q−) ≤ p. So each end fails with probability at most its Binomial(T, p)
// tail, and both tails are kept ≤ (1 − level)/2.
//
// Read on the curve this is the same as: lower = the smallest n whose one-sided Clopper–Pearson upper
// bound on P(n) reaches 1 − η, upper = the smallest n whose Clopper–Pearson lower bound does (both at
// 1 − (1 − level)/2), because "at least u of T draws" is exactly where that bound crosses p.
import type { CurvePoint, WidthInterval } from '../report';

/** the interval's confidence level (two-sided, equal tails) */
export const INTERVAL_LEVEL = 0.95;

/** P(Bin(T, p) = k) for k = 0..T, in log space so T up to 10⁵ does not underflow the middle terms. */
function binomialPmf(T: number, p: number): Float64Array {
  const logFact = new Float64Array(T + 1);
  for (let k = 1; k <= T; k++) logFact[k] = logFact[k - 1] + Math.log(k);
  const pmf = new Float64Array(T + 1);
  const lp = Math.log(p),
    lq = Math.log1p(-p);
  for (let k = 0; k <= T; k++) pmf[k] = Math.exp(logFact[T] - logFact[k] - logFact[T - k] + k * lp + (T - k) * lq);
  return pmf;
}

/**
 * The ranks (1-based, in the sorted thresholds) of the interval's ends: lower = the largest l with
 * P(Bin(T, p) ≤ l − 1) ≤ (1 − level)/2 (0: no order statistic qualifies, the bound is the trivial 1),
 * upper = the smallest u with P(Bin(T, p) ≥ u) ≤ (1 − level)/2 (null: even u = T fails, T is too small).
 */
export function intervalRanks(T: number, p: number, level = INTERVAL_LEVEL): { lower: number; upper: number | null } {
  const tail = (1 - level) / 2;
  const pmf = binomialPmf(T, p);
  let lower = 0;
  for (let below = 0, l = 1; l <= T; l++) {
    below += pmf[l - 1];
    if (below > tail) break;
    lower = l;
  }
  let upper: number | null = null;
  for (let above = 0, u = T; u >= 1; u--) {
    above += pmf[u];
    if (above > tail) break;
    upper = u;
  }
  return { lower, upper };
}

/** The smallest T for which the interval can have a finite upper end: (1 − η)^T ≤ (1 − level)/2. */
export function drawsForUpperEnd(eta: number, level = INTERVAL_LEVEL): number {
  return Math.ceil(Math.log((1 - level) / 2) / Math.log1p(-eta) - 1e-9);
}

/** The widths of a curve (P(n) listed where it changes, as thresholdCurve and the ReLU grid give it) at
 * which the count of interpolating draws first reaches `rank`; null if it never does. */
function firstWidthWithCount(curve: CurvePoint[], T: number, rank: number): number | null {
  for (const c of curve) if (Math.round(c.p * T) >= rank) return c.n;
  return null;
}

export const intervalMethods = {
  exact: 'order statistics of the exact per-draw thresholds (distribution-free)',
  grid: 'Clopper–Pearson bounds of P(n) at each grid width (pointwise)',
} as const;

/**
 * The interval for n*(η) from the curve of T draws: null ends lie beyond the widths measured (maxWidth,
 * or for ReLU the last grid width visited) or, for the upper end, need more draws (see drawsForUpperEnd).
 */
export function requiredWidthInterval(
  curve: CurvePoint[],
  T: number,
  eta: number,
  method: keyof typeof intervalMethods,
  level = INTERVAL_LEVEL,
): WidthInterval {
  const ranks = intervalRanks(T, 1 - eta, level);
  return {
    // rank 0: no order statistic is low enough, and every threshold is at least one unit
    lower: ranks.lower === 0 ? 1 : firstWidthWithCount(curve, T, ranks.lower),
    upper: ranks.upper === null ? null : firstWidthWithCount(curve, T, ranks.upper),
    level,
    method: intervalMethods[method],
  };
}

/** Why n*'s interval cannot be what the user may expect at this T and η, in one sentence; undefined if it can. */
export function intervalWarning(T: number, eta: number, level = INTERVAL_LEVEL): string | undefined {
  const needed = drawsForUpperEnd(eta, level);
  if (T >= needed) return undefined;
  const pct = (x: number) => `${Number((100 * x).toPrecision(4))} %`;
  const first =
    T * eta < 1
      ? `T = ${T} draws is fewer than 1/η = ${Math.ceil(1 / eta - 1e-9)}: P(n) ≥ 1 − η = ${pct(1 - eta)} cannot be shown at all ` +
        '(n* is then simply the largest per-draw threshold)'
      : `With T = ${T} draws, even every draw interpolating is consistent with P(n) < 1 − η = ${pct(1 - eta)}`;
  return `${first}, so n*'s ${pct(level)} interval has no upper end; it needs T ≥ ${needed} draws.`;
}

/** Whether two intervals of widths share a width. A null lower end lies beyond maxWidth; a null upper end is unbounded. */
export function intervalsOverlap(a: WidthInterval, b: WidthInterval, maxWidth: number): boolean {
  const lo = (i: WidthInterval) => i.lower ?? maxWidth + 1;
  const hi = (i: WidthInterval) => i.upper ?? Infinity;
  return Math.max(lo(a), lo(b)) <= Math.min(hi(a), hi(b));
}
