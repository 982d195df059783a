// The worst case beside the instance (SCIENCE.md §4): what is known about memorizing ANY N labelled points with
// threshold networks (the memorizer is one), at this dataset's N, d and separation δ, set against the
// network actually measured (n* + K neurons and its parameter count).
//
// References, all for networks of threshold units:
// - E. B. Baum, "On the capabilities of multilayer perceptrons", J. Complexity 4 (1988): one hidden layer
//   of ⌈N/d⌉ units realises every dichotomy of N points in general position in R^d (exact, no constants).
// - R. Vershynin, "Memory capacity of neural networks with threshold and ReLU activations" (2020):
//   δ-separated points (on the unit sphere) are memorized by deep threshold networks with
//   Õ(e^{1/δ²} + √N) neurons.
// - S. Rajput, K. Sreenivasan, D. Papailiopoulos, A. Karbasi, "An exponential improvement on the
//   memorization capacity of deep threshold networks" (NeurIPS 2021): Õ(1/δ + √N) neurons and
//   Õ(d/δ + N) weights.
// - E. B. Baum, D. Haussler, "What size net gives valid generalization?", Neural Computation 1 (1989),
//   Theorem 1: the U threshold units of a feedforward architecture with W weights (thresholds included)
//   take at most (eUN/W)^W joint output patterns on N ≥ W inputs (a product of Sauer bounds, one per
//   unit), whatever the units compute them from.
// Õ hides constants and logarithmic factors: those two figures are shown with both set to 1, as orders
// of magnitude, never as a count to compare digit by digit.
//
// k classes. A k-class labelling is k one-vs-rest dichotomies (the tool's network: output c fires exactly
// on class c). The constructions are stated for two labels, so the sufficient network for k > 2 classes is
// one copy per one-vs-rest output: k times the neurons and parameters (for k = 2 one dichotomy is
// enough). The counting bound needs no reduction: distinct labellings need distinct output patterns, so
// realising all k^N labellings needs (eUN/W)^W ≥ k^N, i.e. W log₂(eUN/W) ≥ N log₂ k (N log₂ k bits). The
// left side increases in W below UN and exceeds the right at W = N (eU > k, the outputs being units), so
// the least such W lies in (0, N) and is found by bisection; any W ≥ N satisfies the bound trivially, and
// below N the theorem's N ≥ W holds. For large N it is of order N log k / log N.
import type { CapacityReference, WorstCasePoint } from '../report';
import { parameterCount } from './bound';

export const worstCaseReference =
  'Threshold networks for N arbitrary labelled points: one hidden layer of ⌈N/d⌉ units realises every ' +
  'labelling of N points in general position (Baum 1988); δ-separated points need at most Õ(e^{1/δ²} + √N) ' +
  'neurons (Vershynin 2020), improved to Õ(1/δ + √N) neurons and Õ(d/δ + N) weights (Rajput, Sreenivasan, ' +
  'Papailiopoulos, Karbasi 2021); an architecture with W weights and U units that realises every labelling ' +
  'of N points with k classes has W log₂(eUN/W) ≥ N log₂ k (counting, Baum and Haussler 1989). For k > 2 ' +
  'classes each construction is taken once per one-vs-rest output (k copies). Õ figures are shown with ' +
  "constants and log factors set to 1. δ is the data's separation (the references assume every pair of " +
  "points δ-separated on the unit sphere). Instance: this dataset's predicted neurons " +
  'M⁻ + R δ_c⁻¹ log(2M⁻M⁺) + R ω (up to absolute constants, independent of N).';

/** The network measured by the memorization study. */
export interface MeasuredNetwork {
  requiredWidth: number;
  /** mean K over the draws (rounded up, as in the parameter count) */
  K: number;
  /** output units: 1 for two classes, the number of classes for one-vs-rest */
  outputs: number;
  parameters: number;
}

const LARGEST_SHOWN = 1e15;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * The least W with W log₂(eUN/W) ≥ N log₂ k: the parameters any architecture of U threshold units needs to
 * realise every labelling of N points with k classes (Baum and Haussler's pattern count, see above).
 */
export function countingBound(N: number, classes: number, units: number): number {
  const bits = N * Math.log2(classes);
  const patterns = (W: number) => W * Math.log2((Math.E * units * N) / W);
  let lo = 0,
    hi = N;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * N; i++) {
    const mid = (lo + hi) / 2;
    if (patterns(mid) >= bits) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The references at N points in R^d with k classes and separation δ. The counting bound needs the measured
 * network's unit count U (first layer + second layer + outputs); without it, U = N (any network larger
 * than that can memorize trivially, so the bound is the least it can be).
 */
export function capacityReferences(N: number, d: number, delta: number, measured: MeasuredNetwork | null, classes: number): CapacityReference[] {
  const copies = classes > 2 ? classes : 1;
  const each = copies > 1 ? `, ×${copies} (one per one-vs-rest output)` : '';
  const baumHidden = Math.ceil(N / d);
  const baumNeurons = copies * (baumHidden + 1);
  const baumParameters = copies * (baumHidden * (d + 1) + baumHidden + 1);
  const sqrtN = Math.sqrt(N);
  // e^{1/δ²} overflows a double from δ ≈ 0.038 on: keep its decimal exponent
  const log10Exp = 1 / (delta * delta) / Math.LN10 + Math.log10(copies);
  const vershynin = log10Exp < 15 ? copies * (Math.exp(1 / (delta * delta)) + sqrtN) : null;
  const rajputNeurons = delta > 0 ? copies * (1 / delta + sqrtN) : null;
  const rajputWeights = delta > 0 ? copies * (d / delta + N) : null;
  const units = measured ? measuredSize(measured).neurons : N;
  const counting = countingBound(N, classes, units);
  const fig = (x: number | null) => (x === null ? '—' : x >= 100 ? String(Math.round(x)) : String(round(x)));
  const labellings = classes > 2 ? `every labelling with ${classes} classes` : 'every labelling';
  return [
    {
      name: 'Baum 1988',
      kind: 'construction',
      exact: true,
      formula: `⌈N/d⌉ hidden units, one output${each}`,
      neurons: baumNeurons,
      parameters: baumParameters,
      text: `${baumNeurons} neurons, ${baumParameters} parameters`,
    },
    {
      name: 'Vershynin 2020',
      kind: 'construction',
      exact: false,
      formula: `Õ(e^{1/δ²} + √N) neurons${each}`,
      neurons: delta > 0 && vershynin !== null && vershynin < LARGEST_SHOWN ? vershynin : null,
      parameters: null,
      text:
        delta <= 0 ? 'none (δ = 0)' : vershynin !== null && vershynin < LARGEST_SHOWN ? `≈ ${fig(vershynin)} neurons` : `≈ 10^${Math.floor(log10Exp)} neurons`,
    },
    {
      name: 'Rajput et al. 2021',
      kind: 'construction',
      exact: false,
      formula: `Õ(1/δ + √N) neurons, Õ(d/δ + N) weights${each}`,
      neurons: rajputNeurons,
      parameters: rajputWeights,
      text: rajputNeurons === null ? 'none (δ = 0)' : `≈ ${fig(rajputNeurons)} neurons, ≈ ${fig(rajputWeights)} weights`,
    },
    {
      name: 'Counting (Baum, Haussler 1989)',
      kind: 'lower bound',
      exact: true,
      formula: `least W with W log₂(eUN/W) ≥ N log₂ ${classes}, U = ${units} units${measured ? " (the measured network's)" : ''}`,
      neurons: null,
      parameters: counting,
      text: `≥ ${fig(counting)} parameters for ${labellings}`,
    },
  ];
}

/** Neurons n* + K + outputs and the parameter count of the measured network. */
export function measuredSize(m: MeasuredNetwork): { neurons: number; parameters: number } {
  return { neurons: m.requiredWidth + Math.ceil(m.K) + m.outputs, parameters: m.parameters };
}

/**
 * What the numbers show, and no more: the measured network against Baum's exact construction, and
 * against the counting bound (the only statement about ANY network: below it, a network of that size
 * cannot realise every labelling of N points, so the data is easier than arbitrary labels).
 */
export function capacityReading(N: number, d: number, references: CapacityReference[], measured: MeasuredNetwork | null, classes: number): string {
  const baum = references[0],
    counting = references[3];
  const baumNetwork =
    classes > 2
      ? `${classes} of Baum's one-hidden-layer networks, one per one-vs-rest output, for any ${classes}-class labelling of ${N} points in general position in R^${d}`
      : `Baum's one-hidden-layer network for any ${N} points in general position in R^${d}`;
  const everyLabelling = classes > 2 ? `every labelling of ${N} points with ${classes} classes` : `every labelling of ${N} points`;
  if (!measured) {
    return `No measured network to compare: ${baumNetwork} ${classes > 2 ? 'have' : 'has'} ${baum.text}.`;
  }
  const m = measuredSize(measured);
  const cmp = (a: number, b: number) => (a < b ? 'fewer' : a > b ? 'more' : 'as many');
  let s =
    `The measured network (n* + K + ${measured.outputs === 1 ? 'one output' : `${measured.outputs} outputs`} = ${m.neurons} neurons, ${m.parameters} parameters) has ` +
    `${cmp(m.neurons, baum.neurons!)} neurons and ${cmp(m.parameters, baum.parameters!)} parameters than ${baumNetwork} (${baum.text})`;
  if (m.parameters < counting.parameters!) {
    s +=
      `, and fewer parameters than any architecture of its size needs to realise ${everyLabelling} ` +
      `(${counting.text}): this data is easier than arbitrary labels.`;
  } else {
    s +=
      `; it is above the counting bound for arbitrary labels (${counting.text}), so its size does not show ` +
      'that this data is easier than arbitrary labels of the same points.';
  }
  return s;
}

/** The series over N = 100, 300, 1000, … up to 10 × the dataset's N, with the dataset's N included. */
export function worstCaseSeries(
  N: number,
  d: number,
  delta: number,
  instance: { neurons: number; width: number; K: number } | null,
  measured: MeasuredNetwork | null,
  classes: number,
): WorstCasePoint[] {
  const grid = new Set<number>([N]);
  for (let e = 2; 10 ** e <= 10 * Math.max(N, 100); e++) {
    grid.add(10 ** e);
    if (3 * 10 ** e <= 10 * N) grid.add(3 * 10 ** e);
  }
  return [...grid]
    .sort((a, b) => a - b)
    .map((n) => {
      const [baum, , rajput, counting] = capacityReferences(n, d, delta, measured, classes);
      return {
        N: n,
        worstCaseNeurons: baum.neurons!,
        worstCaseParameters: baum.parameters!,
        separatedNeurons: rajput.neurons,
        countingParameters: counting.parameters!,
        instanceNeurons: instance ? instance.neurons : null,
        instanceParameters: instance ? parameterCount(Math.ceil(instance.width), instance.K, d) : null,
      };
    });
}
