// The memorization stage's report sections: the two-class study and the multi-class one (SCIENCE.md §3).
import type { Activation } from '../settings';

export interface CurvePoint {
  n: number;
  /** empirical P(n): fraction of draws that interpolate at width n */
  p: number;
  /** pointwise 95 % Wilson score interval of this P(n) alone (not a band for the whole curve at once) */
  lo: number;
  hi: number;
}

export interface KPoint {
  n: number;
  /** mean, min and max of K over the draws measured at this width */
  K: number;
  min: number;
  max: number;
}

/** How a memorization curve was obtained (SCIENCE.md §3). */
export type CurveMethod =
  /** threshold activation: each draw's exact threshold n*(draw) from nested prefixes; the curve is
   * their empirical CDF, listed at every width where it jumps plus maxWidth (a step function) */
  | 'exact'
  /** ReLU: the cover loop run at each width of a geometric grid (ratio √2) on prefixes of each draw;
   * the grid stops once P ≥ 1 − η is reached and K is known up to 4 n* */
  | 'grid';

/** A confidence interval for n*(η), the (1 − η)-quantile of the per-draw threshold (SCIENCE.md §3). */
export interface WidthInterval {
  /** null: beyond the widths measured (maxWidth; for ReLU the last grid width visited) */
  lower: number | null;
  /** null: beyond the widths measured, or T too small for any finite upper end (see intervalWarning) */
  upper: number | null;
  /** confidence level, two-sided with equal tails (the order-statistic interval has at least this coverage) */
  level: number;
  /** how it was obtained, in words */
  method: string;
}

/** The width figures of one network (a two-class orientation, or the one-vs-rest network). */
export interface NetworkFigures {
  /** per draw: exact n*(draw) ('exact'), or the smallest grid width that interpolates ('grid');
   * null if the draw does not interpolate within maxWidth (or within the widths visited) */
  thresholds: (number | null)[];
  curve: CurvePoint[];
  /** n*(η): smallest n with P(n) ≥ 1 − η */
  requiredWidth: number | null;
  requiredWidthInterval?: WidthInterval;
  /** K at the required width (mean over draws; summed over classes for one-vs-rest) */
  K: number | null;
  /** K at n*, 1.5 n*, 2 n*, 4 n* capped at maxWidth ('exact'), or the grid widths in [n*, 4 n*] ('grid') */
  kCurve: KPoint[];
  /** n(d + 1) + K(n + 1) + (K + outputs) at the required width with the measured K rounded up;
   * outputs = 1 for two classes, the number of classes for one-vs-rest */
  parameters: number | null;
  /** A literal forward pass (from the weights, sharing no code with the kernels) of one network at the
   * required width classified every point correctly; for 'exact' also: at that width every draw's
   * cover loop interpolated exactly when its exact threshold said so. */
  verified: boolean;
}

export interface OrientationResult extends NetworkFigures {
  negative: string;
  positive: string;
}

export interface LambdaSweepPoint {
  lambda: number;
  requiredWidth: number | null;
  requiredWidthInterval?: WidthInterval;
  /** P(maxWidth) at this λ; for 'grid' (ReLU), which stops at n*, P at the last width visited */
  pAtMax: number;
  /** P(n) at this λ (the paper's heat map is these curves side by side) */
  curve: CurvePoint[];
}

/** What every memorization result was computed with. */
export interface MemorizationSetup {
  activation: Activation;
  method: CurveMethod;
  /** the λ used (the sweep's best when settings.lambda is 'auto') */
  lambda: number;
  draws: number;
  eta: number;
  maxWidth: number;
  /** the sweep over settings.lambdaGrid on the main network (the main orientation for two classes, the
   * one-vs-rest network for more), on the first `draws` draws: all T when λ is 'auto' (it chooses λ),
   * else as many as the work budget allows (memorize/budget.ts; then listed in the approximations) */
  lambdaSweep?: {
    grid: LambdaSweepPoint[];
    /** the λ with the smallest point estimate n* */
    best: number;
    /** the other λ whose n* interval overlaps the best's: the draws do not tell them apart from it */
    indistinguishable?: number[];
    draws: number;
  };
  /** present when T is too small for η: P ≥ 1 − η cannot be shown at all (T < 1/η), or n*'s interval
   * can have no upper end (T below drawsForUpperEnd) */
  intervalWarning?: string;
}

/** Two classes. */
export interface MemorizationReport extends MemorizationSetup, NetworkFigures {
  /** the orientation shown as the main result: settings.negativeClass as X⁻ if given, else the
   * authors' convention (the second class in sorted order as X⁻) */
  orientation: { negative: string; positive: string };
  /** both orientations, the main one first */
  orientations: OrientationResult[];
  /** X⁻ of the orientation with the smaller required width; null when both are equal (or both none) */
  smallerNegative: string | null;
  /** why no width is reported, when requiredWidth is null */
  reason?: string;
}

/** More than two classes. */
export interface MulticlassReport extends MemorizationSetup {
  /** the points every figure below stands on when the pair budget sampled them (SCIENCE.md §3, "Many points"):
   * N of them, a seeded stratified sample with classCounts points per class; absent: all the points */
  sample?: { N: number; classCounts: number[] };
  /** one-vs-rest: class c as X⁻ against all others, one shared first layer per draw; it interpolates iff
   * every class's subproblem does, so its n*(draw) is the max over classes; K summed over classes */
  oneVsRest?: NetworkFigures & {
    /** per class: its own subproblem's n*, and its K in the shared network at the network's n* */
    perClass: { name: string; requiredWidth: number | null; requiredWidthInterval?: WidthInterval; K: number | null }[];
    reason?: string;
  };
  /** required width for every ordered class pair (row class as X⁻, column class as X⁺; the matrix is not
   * symmetric, the algorithm is not); null on the diagonal and where no width reaches P ≥ 1 − η. Every
   * pair uses the same T first-layer draws. */
  pairwise?: { classes: string[]; width: (number | null)[][] };
}
