// Theory against measurement (SCIENCE.md §4): the measured required width n* over the predicted width is the
// theorem's unknown absolute constant, read off this dataset; and a plain-English reading of it all.
import type { DecompositionMeasurement, WidthInterval } from '../report';

export interface MeasuredWidth {
  lambda: number;
  requiredWidth: number | null;
  requiredWidthInterval?: WidthInterval;
  K: number | null;
}

/** Per λ: measured n*, measured / predicted, and the measured K (to set beside the bound K ≤ M⁻). */
export function againstMeasurement(predictedWidth: number | null, measured: MeasuredWidth[]): DecompositionMeasurement[] {
  const divide = (n: number | null) => (n !== null && predictedWidth !== null && predictedWidth > 0 ? n / predictedWidth : null);
  return measured.map((m) => ({
    lambda: m.lambda,
    requiredWidth: m.requiredWidth,
    ratio: divide(m.requiredWidth),
    ...(m.requiredWidthInterval && predictedWidth !== null && predictedWidth > 0
      ? { ratioInterval: { lower: divide(m.requiredWidthInterval.lower), upper: divide(m.requiredWidthInterval.upper), level: m.requiredWidthInterval.level } }
      : {}),
    measuredK: m.K,
  }));
}

/** The λ with the smallest measured n* (the first such λ on ties); null if none interpolated. */
export function bestMeasurement(rows: DecompositionMeasurement[]): DecompositionMeasurement | null {
  let best: DecompositionMeasurement | null = null;
  for (const r of rows) {
    if (r.requiredWidth !== null && (best === null || r.requiredWidth < best.requiredWidth!)) best = r;
  }
  return best;
}

/** Two significant digits, integers as integers. */
export function formatFigure(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return String(Math.round(x));
  return String(Number(x.toPrecision(2)));
}

/** "95 % interval 0.8 to 1.3"; a null lower end is beyond the widths measured, a null upper end unbounded. */
export function formatInterval(i: { lower: number | null; upper: number | null; level: number }, show: (x: number) => string): string {
  const pct = `${Number((100 * i.level).toPrecision(4))} %`;
  if (i.lower === null) return `${pct} interval beyond the widths measured`;
  return `${pct} interval ${show(i.lower)} to ${i.upper === null ? 'unbounded' : show(i.upper)}`;
}

export interface ReadingFacts {
  negative: string;
  positive: string;
  Mminus: number;
  Mplus: number;
  N: number;
  kappa: number;
  conflicts: number;
  predictedWidth: number | null;
  best: DecompositionMeasurement | null;
  /** the measured network against the worst case for N arbitrary points (capacityReading) */
  capacity: string;
}

export function plainReading(f: ReadingFacts): string {
  if (f.conflicts > 0 || f.predictedWidth === null) {
    return (
      `"${f.negative}" and "${f.positive}" share ${f.conflicts} identical point(s) with opposite labels: ` +
      'no network can memorize this data, so there is no width to predict until those rows are fixed.'
    );
  }
  const M = f.Mminus + f.Mplus;
  const easy = M * 20 <= f.N,
    entangled = M * 4 >= f.N;
  let s = entangled
    ? `"${f.negative}" needs ${f.Mminus} and "${f.positive}" ${f.Mplus} balls to be covered admissibly (κ = ${f.kappa})`
    : `"${f.negative}" splits into ${f.Mminus} and "${f.positive}" into ${f.Mplus} ${easy ? 'well-separated ' : ''}` +
      `cluster${M > 2 ? 's' : ''} (κ = ${f.kappa})`;
  s += `; the bound predicts first-layer width ≈ C·${formatFigure(f.predictedWidth)} (C an unknown absolute constant)`;
  if (f.best?.ratio != null) {
    s += `, and the measured n* = ${f.best.requiredWidth} at λ = ${f.best.lambda} gives C ≈ ${formatFigure(f.best.ratio)}`;
    const ci = f.best.ratioInterval;
    if (ci) s += ` (${formatInterval(ci, formatFigure)})`;
  }
  if (easy) {
    s += `: the prediction does not grow with the ${f.N} points.`;
  } else if (entangled) {
    s += `: ${M} balls for ${f.N} points means the classes are entangled at this scale, so the covering ` + 'explains little beyond the worst case.';
  } else {
    s += `: the covering compresses ${f.N} points into ${M} balls.`;
  }
  return `${s} ${f.capacity}`;
}
