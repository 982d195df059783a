// Why no width up to the maximum interpolates, and what to try: read off a finished report (no new
// computation), so the panel, the text report and the Markdown say the same. Each cause is a fact of
// the report; each remedy is a change of settings the panel offers as one click.
import { AUTO_STANDARDIZE_RATIO } from './data/normalize';
import type { AnalysisSettings, CurvePoint, Report } from './report';

export type NoWidthCause = 'conflicts' | 'scale' | 'separation' | 'near-duplicates' | 'still-rising' | 'hard-pairs' | 'lambda-zero';

export interface Remedy {
  kind: 'standardize' | 'max-width' | 'classes' | 'lambda';
  /** a button's label */
  label: string;
  /** what the remedy changes; everything else stays as it was */
  change: Partial<AnalysisSettings>;
}

export interface NoWidthExplanation {
  /** draws whose network interpolates at the maximal width, out of T (null: no memorization stage) */
  reached: { draws: number; of: number; maxWidth: number } | null;
  causes: { kind: NoWidthCause; sentence: string }[];
  remedies: Remedy[];
}

/** Opposite-class pairs closer than this (in the unit ball, i.e. this fraction of the radius R) are
 * near-duplicates: a unit must pass between them, and few random units do. */
export const NEAR_DUPLICATE_DISTANCE = 1e-3;
/** A larger maximal width is offered up to this (the CLI accepts more; the panel stays interactive). */
export const LARGEST_OFFERED_WIDTH = 1 << 16;

/**
 * A necessary condition, so a lower bound on n*(η): the network can only tell x⁻ from x⁺ if some
 * first-layer unit is active at one and not the other. A threshold unit with w ~ N(0, I) and
 * b ~ Uniform[−λ, λ] does so with probability P(b between −⟨w, x⁻⟩ and −⟨w, x⁺⟩) ≤ E|⟨w, x⁻ − x⁺⟩| / 2λ
 * = δ / (λ √(2π)) for a pair δ apart, so n units all miss it with probability ≥ (1 − p)ⁿ, and
 * P(n) ≥ 1 − η needs n ≥ ln η / ln(1 − p). null for λ = 0 (the bias bound does not apply) or δ = 0.
 */
export function closestPairWidthBound(delta: number, lambda: number, eta: number): number | null {
  if (!(delta > 0) || !(lambda > 0)) return null;
  const p = Math.min(1, delta / (lambda * Math.sqrt(2 * Math.PI)));
  return p >= 1 ? 1 : Math.ceil(Math.log(eta) / Math.log1p(-p));
}

// significant digits, not toLocaleString's default of 3 decimals, which wrote a δ of 2·10⁻⁷ as 'δ = 0'
const round = (x: number, digits = 3) => x.toLocaleString('en-US', Number.isInteger(x) ? {} : { maximumSignificantDigits: digits });

/** P at the largest listed width not beyond n (the curve is a right-continuous step function). */
function pAt(curve: CurvePoint[], n: number): number {
  let p = 0;
  for (const c of curve) if (c.n <= n) p = c.p;
  return p;
}

/** null when the report has a width (or its memorization stage has not run and nothing stopped it). */
export function explainNoWidth(report: Report): NoWidthExplanation | null {
  const { dataset: ds } = report;
  const conflicts = report.sanity?.conflicts ?? [];
  if (conflicts.length > 0) {
    const rows = conflicts
      .slice(0, 3)
      .map((c) => `rows ${c.rows.join(', ')}`)
      .join('; ');
    return {
      reached: null,
      causes: [
        {
          kind: 'conflicts',
          sentence: `${conflicts.length} group(s) of identical points carry different labels (${rows}${conflicts.length > 3 ? '; …' : ''}): δ = 0, and no function of the points can memorize them — SCIENCE.md §1. Remove or relabel those rows.`,
        },
      ],
      remedies: [],
    };
  }
  const mc = report.multiclass;
  const net = report.memorization ?? mc?.oneVsRest;
  const setup = report.memorization ?? mc;
  if (!net || !setup || net.requiredWidth !== null) return null;
  const { maxWidth, eta, draws, lambda } = setup;
  const pMax = pAt(net.curve, maxWidth);
  const causes: NoWidthExplanation['causes'] = [];
  const remedies: Remedy[] = [];

  const scales = ds.featureScales;
  if (scales && scales.ratio >= AUTO_STANDARDIZE_RATIO && ds.normalization !== 'standardize') {
    causes.push({
      kind: 'scale',
      sentence: `Feature ${scales.widest} spreads ${round(scales.ratio)}× more than the median feature (std ${round(scales.widestStd)} against ${round(scales.medianStd)}): after ${ds.normalization} scaling the distances are mostly that one feature, and points that differ in the others end up nearly on top of each other.`,
    });
    remedies.push({ kind: 'standardize', label: 'Standardise each feature', change: { normalize: 'standardize' } });
  }

  const sep = report.separation;
  if (sep) {
    const bound = setup.activation === 'threshold' ? closestPairWidthBound(sep.delta, lambda, eta) : null;
    causes.push({
      kind: 'separation',
      sentence:
        `The closest opposite-class points (rows ${sep.rows[0]} and ${sep.rows[1]}) are δ = ${round(sep.delta, 4)} apart in the unit ball.` +
        (bound === null
          ? ' The required width grows as δ shrinks — SCIENCE.md §4.'
          : ` A random unit passes between two points that close with probability at most δ/(λ√(2π)), so that pair alone needs n ≥ ${round(bound)} units for P(n) ≥ 1 − η${bound > maxWidth ? `, more than the maximal width ${round(maxWidth)}` : ''}.`),
    });
    const near = sep.closestPairs.filter((p) => p.distance < NEAR_DUPLICATE_DISTANCE);
    if (near.length > 0) {
      causes.push({
        kind: 'near-duplicates',
        sentence: `${near.length === sep.closestPairs.length ? 'At least ' : ''}${near.length} opposite-class pair(s) are near-duplicates, closer than ${NEAR_DUPLICATE_DISTANCE} (${round(100 * NEAR_DUPLICATE_DISTANCE)} % of the radius): rows ${near
          .slice(0, 4)
          .map((p) => `${p.a.row}–${p.b.row}`)
          .join(', ')}${near.length > 4 ? ', …' : ''}. Check their labels in the data findings.`,
      });
    }
  }

  if (lambda === 0) {
    causes.push({
      kind: 'lambda-zero',
      sentence:
        'With λ = 0 every first-layer hyperplane passes through the origin, so points of the two classes in nearly the same direction need very many units.',
    });
    remedies.push({ kind: 'lambda', label: 'Use the best λ of the sweep', change: { lambda: 'auto' } });
  }

  const pHalf = pAt(net.curve, Math.floor(maxWidth / 2));
  if (pMax > pHalf) {
    causes.push({
      kind: 'still-rising',
      sentence: `P(n) is still rising: ${Math.round(pMax * draws)} of ${draws} draws interpolate at ${round(maxWidth)}, against ${Math.round(pHalf * draws)} at ${round(Math.floor(maxWidth / 2))}.`,
    });
  } else if (pMax === 0) {
    causes.push({ kind: 'still-rising', sentence: `None of the ${draws} draws interpolates at ${round(maxWidth)}.` });
  }
  if (maxWidth < LARGEST_OFFERED_WIDTH) {
    const larger = Math.min(LARGEST_OFFERED_WIDTH, 4 * maxWidth);
    remedies.push({ kind: 'max-width', label: `Try widths up to ${round(larger)}`, change: { maxWidth: larger } });
  }

  const pw = mc?.pairwise;
  if (pw) {
    const failing: [string, string][] = [];
    pw.classes.forEach((a, i) =>
      pw.classes.forEach((b, j) => {
        if (i < j && (pw.width[i][j] === null || pw.width[j][i] === null)) failing.push([a, b]);
      }),
    );
    if (failing.length > 0) {
      causes.push({
        kind: 'hard-pairs',
        sentence: `${failing.length} of ${(pw.classes.length * (pw.classes.length - 1)) / 2} class pairs reach no width on their own: ${failing
          .slice(0, 4)
          .map(([a, b]) => `${a}/${b}`)
          .join(', ')}${failing.length > 4 ? ', …' : ''}.`,
      });
      remedies.push({ kind: 'classes', label: `Analyse ${failing[0][0]} against ${failing[0][1]} alone`, change: { classes: failing[0] } });
    }
  }
  return { reached: { draws: Math.round(pMax * draws), of: draws, maxWidth }, causes, remedies };
}
