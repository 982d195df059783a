// The complexity bound of SCIENCE.md §4 (Dirksen, Finke, Genzel, JMLR 2024), evaluated on a covering. All
// figures hold up to absolute constants the theorem does not specify; the measured n* over the
// prediction is that constant, empirically (see measurement.ts).
//
// Scale: the theorem is stated for data in the unit ball. We multiply every term by R, the largest
// norm of the analysed points (R = 1 after max-norm normalisation), which makes the terms invariant
// under rescaling the data: w²/d³ and 1/δ_c both scale like 1/length.
import type { DecompositionBound } from '../report';

export interface ComponentComplexity {
  /** w² / r³; null when r = 0 (a ball of identical points, where w = 0 and the ratio is undefined) */
  slide: number | null;
  /** w² / d³(c, C_other); null when d = 0 (a label conflict) */
  journal: number | null;
}

export function componentComplexity(width: number, radius: number, distance: number): ComponentComplexity {
  const w2 = width * width;
  return {
    slide: radius > 0 ? w2 / radius ** 3 : null,
    journal: distance > 0 ? w2 / distance ** 3 : null,
  };
}

export interface SidedComplexity extends ComponentComplexity {
  side: 0 | 1;
}

const maxOf = (values: (number | null)[]): number | null => values.reduce<number | null>((m, v) => (v === null ? m : m === null ? v : Math.max(m, v)), null);

/** ω of one class: the largest journal-form complexity among its components (0 if none is defined). */
export function classOmega(components: SidedComplexity[], side: 0 | 1): number {
  return maxOf(components.filter((c) => c.side === side).map((c) => c.journal)) ?? 0;
}

/**
 * The bound with side `negativeSide` as X⁻. Uses ω in the journal form w²/d³(c, C_other) (finite for
 * every admissible covering); the slide form is reported beside it. δ = δ_c, the separation of the
 * centers, in both the width condition and the neuron count.
 */
export function orientationBound(
  components: SidedComplexity[],
  negativeSide: 0 | 1,
  names: [string, string],
  deltaC: number,
  R: number,
  eta: number,
): DecompositionBound {
  const minus = components.filter((c) => c.side === negativeSide);
  const plus = components.filter((c) => c.side !== negativeSide);
  const Mminus = minus.length,
    Mplus = plus.length;
  const omegaMinus = classOmega(components, negativeSide);
  const omegaPlus = classOmega(components, negativeSide === 0 ? 1 : 0);
  const terms = {
    separation: (R / deltaC) * Math.log((Mminus * Mplus) / eta),
    omegaMinus: R * omegaMinus,
    omegaPlus: R * omegaPlus,
  };
  return {
    negative: names[negativeSide],
    positive: names[1 - negativeSide],
    Mminus,
    Mplus,
    omegaMinus,
    omegaPlus,
    omegaSlideMinus: maxOf(minus.map((c) => c.slide)),
    omegaSlidePlus: maxOf(plus.map((c) => c.slide)),
    terms,
    predictedWidth: Math.max(terms.separation, terms.omegaMinus, terms.omegaPlus),
    predictedNeurons: Mminus + (R / deltaC) * Math.log(2 * Mminus * Mplus) + R * Math.max(omegaMinus, omegaPlus),
    Kbound: Mminus,
  };
}

/** n(d + 1) + K(n + 1) + (K + 1): the three-layer network's parameters (SCIENCE.md §2). */
export function parameterCount(n: number, K: number, d: number): number {
  return n * (d + 1) + K * (n + 1) + (K + 1);
}
