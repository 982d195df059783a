// The worst case beside the instance (SCIENCE.md §4): how large a network must be to memorize ANY N points in
// general position, against this dataset's prediction, which depends on its covering and not on N.
//
// Reference: C. Yun, S. Sra, A. Jadbabaie, "Small ReLU networks are powerful memorizers: a tight analysis
// of memorization capacity" (NeurIPS 2019): a ReLU network with two hidden layers of widths d₁, d₂
// memorizes any N distinct points with binary labels when d₁d₂ ≥ 4N, and Θ(√N) neurons / Θ(N)
// parameters are necessary for this depth. We chart their sufficient network d₁ = d₂ = 2⌈√N⌉.
// G. Vardi, G. Yehudai, O. Shamir, "On the optimal memorization power of ReLU neural networks" (ICLR
// 2022) show that even with unbounded depth Θ̃(√N) parameters are needed and suffice: the worst case
// grows with N for every architecture.
import { parameterCount } from './bound';

export const worstCaseReference =
  'Worst case: any N points in general position, two hidden ReLU layers of 2⌈√N⌉ units each ' +
  '(d₁d₂ ≥ 4N suffices; Θ(√N) neurons and Θ(N) parameters are necessary at this depth: Yun, Sra, ' +
  'Jadbabaie, NeurIPS 2019; Θ̃(√N) parameters at any depth: Vardi, Yehudai, Shamir, ICLR 2022). ' +
  'Instance: this dataset\'s predicted neurons M⁻ + R δ_c⁻¹ log(2M⁻M⁺) + R ω and the parameters of a ' +
  'network with the predicted width and K = M⁻, both up to absolute constants and independent of N.';

export interface WorstCasePoint {
  N: number;
  worstCaseNeurons: number;
  worstCaseParameters: number;
  instanceNeurons: number | null;
  instanceParameters: number | null;
}

/** The series over N = 100, 300, 1000, … up to 10 × the dataset's N, with the dataset's N included. */
export function worstCaseSeries(
  N: number,
  d: number,
  instance: { neurons: number; width: number; K: number } | null,
): WorstCasePoint[] {
  const grid = new Set<number>([N]);
  for (let e = 2; 10 ** e <= 10 * Math.max(N, 100); e++) {
    grid.add(10 ** e);
    if (3 * 10 ** e <= 10 * N) grid.add(3 * 10 ** e);
  }
  return [...grid].sort((a, b) => a - b).map((n) => {
    const h = 2 * Math.ceil(Math.sqrt(n));
    return {
      N: n,
      worstCaseNeurons: 2 * h,
      // d inputs → h → h → 1 output
      worstCaseParameters: h * (d + 1) + h * (h + 1) + (h + 1),
      instanceNeurons: instance ? instance.neurons : null,
      instanceParameters: instance ? parameterCount(Math.ceil(instance.width), instance.K, d) : null,
    };
  });
}
