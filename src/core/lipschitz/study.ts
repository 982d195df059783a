// The Lipschitz stage (SCIENCE.md §5): the data's own bound 2/δ_p, random ReLU networks as initialised in
// practice, and the memorizing network's robustness, as the Report's `lipschitz` field.
import type { Parallel } from '../parallel';
import type { CancelToken, Progress } from '../env';
import { defaultSettings, type Approximation, type LipschitzReport } from '../report';
import { childSeed } from '../random';
import { dataBoundEntries } from './dataBoundStudy';
import { defaultSearch, type SearchOptions } from './estimates';
import { memorizerRobustness, THRESHOLD_NOTE } from './memorizer';
import { pNorm } from './norms';
import { defaultRandomStudy, evenlySpaced, randomNetworkStudy, type RandomStudyOptions } from './randomStudy';
import { RANDOM_STUDY_BUDGET } from './budget';
import type { LabeledPoints } from '../points';
import type { NearestOpposite } from '../kernels/distances';

export interface LipschitzOptions {
  /** the p of the data bound, the random-network table and the memorizer (1, 2, ∞ and the user's p) */
  ps: number[];
  /** random networks: depth, widths, draws, biases, the p grid of the curve */
  random: Omit<RandomStudyOptions, 'ps' | 'seed' | 'search'>;
  memorizer: {
    /** class index used as X⁻ (two classes) */
    negative: number;
    lambda: number;
    draws: number;
    eta: number;
    maxWidth: number;
    /** least robust points listed per p */
    listed: number;
  };
  search: SearchOptions;
  /** at most this many dataset points seed the lower estimates (evenly spaced over the data) */
  dataPoints: number;
  seed: string;
}

export const defaultLipschitz: LipschitzOptions = {
  ps: [1, 2, Infinity],
  random: {
    pCurve: defaultRandomStudy.pCurve,
    depth: defaultRandomStudy.depth,
    width: defaultRandomStudy.width,
    widths: defaultRandomStudy.widths,
    draws: defaultRandomStudy.draws,
    bias: defaultRandomStudy.bias,
  },
  memorizer: { negative: 1, lambda: 1, draws: defaultSettings.draws, eta: 0.01, maxWidth: 4096, listed: 10 },
  search: defaultSearch,
  dataPoints: 256,
  seed: '1',
};

export function lipschitzStudy(
  input: LabeledPoints & { nearest?: NearestOpposite },
  options: LipschitzOptions,
  env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel; approximate?: (a: Approximation) => void } = {},
): LipschitzReport {
  const { X, N, d } = input;
  const report = (f: number, message?: string) => env.progress?.('lipschitz', f, message);
  report(0, 'separation in every ℓp');
  const dataBound = dataBoundEntries(input, options.ps, { cancel: env.cancel, parallel: env.parallel });

  report(0.1, 'random ReLU networks');
  const points = evenlySpaced(N, options.dataPoints).map((i) => Float64Array.from(X.subarray(i * d, (i + 1) * d)));
  let radius = 0;
  for (const x of points) radius = Math.max(radius, pNorm(x, 2));
  const { gradients, ...random } = randomNetworkStudy(
    d,
    points,
    radius || 1,
    { ...options.random, ps: options.ps, search: options.search, seed: childSeed(options.seed, 'lipschitz') },
    { cancel: env.cancel, parallel: env.parallel, onProgress: (f) => report(0.1 + 0.6 * f) },
  );
  if (gradients.used < gradients.of) {
    const budget = options.random.budget ?? RANDOM_STUDY_BUDGET;
    // the floors keep each search meaningful and can ask for more than the budget (wide networks, large
    // d: Fashion-MNIST's d = 784 about nine times it), so the sentence says what was asked
    const floors =
      gradients.cost > budget
        ? `; the searches' floors (a few points, two local steps, thirty far-field steps) asked for ${gradients.cost.toExponential(1)} here`
        : '';
    env.approximate?.({
      figure: 'lipschitz.random',
      kind: 'budget',
      used: gradients.used,
      of: gradients.of,
      sentence:
        `The random networks' lower estimates evaluated ${gradients.used} of their planned ${gradients.of} gradients: their ` +
        `searches (data points, random points, local and far-field steps) share ${budget.toExponential(1)} multiply-adds over every width and draw, ` +
        `a work budget that grows with neither N nor d beyond its floors${floors}; a lower estimate is a true gradient norm, so a shorter search can only make it smaller.`,
    });
  }

  report(0.7, 'the memorizing network');
  const bounds = new Map(
    options.ps.map((p): [number, number | null] => {
      const e = dataBound.find((b) => (b.p === 'inf' ? Infinity : b.p) === p);
      return [p, e?.bound ?? null];
    }),
  );
  const conflict = dataBound.some((b) => b.delta === 0);
  const memorizer = conflict
    ? {
        threshold: THRESHOLD_NOTE,
        reason: 'Identical points carry different labels (δ = 0): no network memorizes this data, so there is none to analyse.',
      }
    : memorizerRobustness(
        input,
        { ...options.memorizer, ps: options.ps, dataBounds: bounds, search: options.search, dataPoints: options.dataPoints, seed: options.seed },
        { cancel: env.cancel, parallel: env.parallel, approximate: env.approximate, onProgress: (f) => report(0.7 + 0.3 * f) },
      );
  report(1);
  return { dataBound, random, memorizer };
}
