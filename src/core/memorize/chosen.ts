// What the later stages take from the memorization study: the network it chose (λ, X⁻) and what it
// measured of it, typed, so that the pipeline passes it forward instead of reading the report's
// JSON fields back. The one place that knows how the study's figures map to the chosen network.
import type { MeasuredNetwork } from '../geometry/capacity';
import type { MeasuredWidth } from '../geometry/measurement';
import type { MemorizationFigures } from './study';

export interface ChosenNetwork {
  /** the first layer's λ the study settled on (the sweep's best for λ = auto) */
  lambda: number;
  /** X⁻ as a class index: the study's orientation for two classes, else the authors' default, class 1 */
  negative: number;
  /** the network whose n* and K were measured: two classes' main orientation, else one-vs-rest; null without n* or K */
  network: MeasuredNetwork | null;
  /**
   * the classes the cluster/radius bound is computed for, with the widths to set it against: two
   * classes in the study's orientation with n* per λ of its sweep (K at the chosen λ); more classes:
   * the class whose one-vs-rest subproblem needs the largest width (it decides the shared n*) against the rest
   */
  bound: { negative: number; positive: number | 'rest'; measured: MeasuredWidth[] };
}

export function chosenNetwork(figures: Pick<MemorizationFigures, 'memorization' | 'multiclass'>, classNames: string[], fallbackLambda: number): ChosenNetwork {
  const m = figures.memorization;
  if (m) {
    const negative = classNames.indexOf(m.orientation.negative);
    const measured = (m.lambdaSweep?.grid ?? [])
      .filter((g) => g.lambda !== m.lambda)
      .map((g): MeasuredWidth => ({ lambda: g.lambda, requiredWidth: g.requiredWidth, requiredWidthInterval: g.requiredWidthInterval, K: null }))
      .concat({ lambda: m.lambda, requiredWidth: m.requiredWidth, requiredWidthInterval: m.requiredWidthInterval, K: m.K })
      .sort((a, b) => a.lambda - b.lambda);
    return {
      lambda: m.lambda,
      negative,
      network: measuredNetwork(m, 1),
      bound: { negative, positive: classNames.indexOf(m.orientation.positive), measured },
    };
  }
  const lambda = figures.multiclass?.lambda ?? fallbackLambda;
  const ovr = figures.multiclass?.oneVsRest;
  if (!ovr) return { lambda, negative: 1, network: null, bound: { negative: 0, positive: 'rest', measured: [] } };
  let hardest = 0;
  ovr.perClass.forEach((c, i) => {
    if ((c.requiredWidth ?? Infinity) > (ovr.perClass[hardest].requiredWidth ?? Infinity)) hardest = i;
  });
  const c = ovr.perClass[hardest];
  return {
    lambda,
    negative: 1,
    network: measuredNetwork(ovr, classNames.length),
    bound: {
      negative: hardest,
      positive: 'rest',
      measured: [{ lambda, requiredWidth: c.requiredWidth, requiredWidthInterval: c.requiredWidthInterval, K: c.K }],
    },
  };
}

function measuredNetwork(o: { requiredWidth: number | null; K: number | null; parameters: number | null }, outputs: number): MeasuredNetwork | null {
  if (o.requiredWidth === null || o.K === null || o.parameters === null) return null;
  return { requiredWidth: o.requiredWidth, K: o.K, parameters: o.parameters, outputs };
}
