// SCIENCE.md §5, the memorizing network's robustness. The threshold network is discontinuous; its ReLU
// variant (σ = ReLU in both layers, the same cover loop) is a 2-hidden-layer ReLU network
// f(x) = Σ_k ReLU(m_k − ⟨u_k, h(x)⟩), h(x) = ReLU(Wx + b), with X⁻ iff f(x) > 0 (the same decision as
// "some second-layer neuron > 0"), so the Lipschitz machinery of the random networks applies to it.
import type { CancelToken } from '../env';
import { throwIfCancelled } from '../env';
import { reluActivations } from '../kernels/layer1';
import { coverLoop, reluScores, type SecondLayer } from '../memorize/coverLoop';
import { FirstLayerDraw } from '../memorize/firstLayer';
import { binaryNetwork, rowsByClass, subproblemKey, subproblemRows } from '../memorize/problem';
import { activationLimit, reluWidthGrid } from '../memorize/reluStudy';
import { childSeed, createRng } from '../random';
import type { Approximation, CertifiedPoint, MemorizerEstimate, MemorizerRobustness, PointRef } from '../report';
import { budgetedSearch, gradientCost } from './budget';
import { dataBoundEntries } from './dataBoundStudy';
import { lowerEstimates, networkNorms, sampleGradients, upperEstimates, type SearchOptions } from './estimates';
import { dualExponent, operatorNormBound, pNorm } from './norms';
import { evenlySpaced, pValue } from './randomStudy';
import type { ReluNetwork } from './reluNetwork';
import { serial, task, type Parallel } from '../parallel';
import { gradient } from './reluNetwork';
import type { LabeledPoints } from '../points';

export const THRESHOLD_NOTE =
  'The threshold network σ(t) = 1[t > 0] jumps from one class to the other across every decision ' +
  'boundary: it is discontinuous and has no Lipschitz constant.';

export interface MemorizerOptions {
  /** class index used as X⁻ */
  negative: number;
  lambda: number;
  /** T, the user's: draws of the ReLU width grid that sets the required width (fewer past workBudget) */
  draws: number;
  /** multiply-adds the width grid may spend (MEMORIZER_BUDGET when absent) */
  workBudget?: number;
  eta: number;
  maxWidth: number;
  ps: number[];
  /** 2/δ_p per p (null where δ_p = 0), from the data bound */
  dataBounds: Map<number, number | null>;
  search: SearchOptions;
  /** at most this many training points seed the lower estimate */
  dataPoints: number;
  /** least robust points listed per p */
  listed: number;
  seed: string;
}

/** Multiply-adds the ReLU width grid may spend at most, counted as if every draw ran up to maxWidth (the
 * worst case; the grid stops at n*, usually far below): ten draws of the whole grid on 1,000 points in
 * the plane, which take about a quarter of a CPU-second when n* is near 200. */
export const MEMORIZER_BUDGET = 4.5e9;
/** Work per point and unit beside the d multiply-adds of the layer: the ReLU, the scores and the cover
 * loop, in multiply-adds (measured on two moons, d = 2, where it dominates). */
export const MEMORIZER_UNIT_OVERHEAD = 30;
/** the grid keeps this many draws (or the user's T if fewer) before it memorizes fewer points */
export const MEMORIZER_MIN_DRAWS = 10;
/** it memorizes fewer points down to this many; below it, it takes fewer draws still */
const MEMORIZER_MIN_ROWS = 256;

/** Points memorized and draws of the ReLU width grid within the budget: all N points and as many of the
 * user's T draws as fit, down to MEMORIZER_MIN_DRAWS; then fewer points (down to MEMORIZER_MIN_ROWS);
 * then fewer draws. The width is the Lipschitz stage's to analyse, not the memorization study's n*
 * (which the threshold network's draws give), so a few draws serve it. */
export function memorizerBudget(N: number, d: number, draws: number, maxWidth: number, budget = MEMORIZER_BUDGET): { rows: number; draws: number } {
  const perPointDraw = (d + MEMORIZER_UNIT_OVERHEAD) * reluWidthGrid(maxWidth).reduce((a, w) => a + w, 0);
  const drawsFor = (rows: number) => Math.floor(budget / (perPointDraw * rows));
  const minDraws = Math.min(draws, MEMORIZER_MIN_DRAWS);
  if (drawsFor(N) >= minDraws) return { rows: N, draws: Math.min(draws, drawsFor(N)) };
  const rows = Math.floor(budget / (perPointDraw * minDraws));
  if (rows >= Math.min(N, MEMORIZER_MIN_ROWS)) return { rows, draws: minDraws };
  const kept = Math.min(N, MEMORIZER_MIN_ROWS);
  return { rows: kept, draws: Math.max(1, Math.min(minDraws, drawsFor(kept))) };
}

export function memorizerRobustness(
  full: LabeledPoints,
  options: MemorizerOptions,
  env: { cancel?: CancelToken; parallel?: Parallel; onProgress?: (f: number) => void; approximate?: (a: Approximation) => void } = {},
): MemorizerRobustness {
  const threshold = THRESHOLD_NOTE;
  if (full.classNames.length !== 2) {
    return { threshold, reason: `The ReLU variant is analysed for two classes; this data has ${full.classNames.length}. Choose two classes to see it.` };
  }
  const budget = memorizerBudget(full.N, full.d, options.draws, options.maxWidth, options.workBudget);
  const input = budget.rows < full.N ? stratifiedSubset(full, budget.rows) : full;
  const { X, N, d, y, classNames } = input;
  const dataBounds = input === full ? options.dataBounds : subsetBounds(input, options.ps);
  if (input !== full) {
    env.approximate?.({
      figure: 'lipschitz.memorizer',
      kind: 'subsample',
      used: N,
      of: full.N,
      sentence:
        `The ReLU memorizing network is built on ${N} of the ${full.N} points (evenly spaced within each class), ` +
        "its width, margins and radii are theirs, and 2/δ_p beside it is that subsample's: the ReLU width grid costs N × d × width per draw.",
    });
  }
  if (budget.draws < options.draws) {
    env.approximate?.({
      figure: 'lipschitz.memorizer.width',
      kind: 'draws',
      used: budget.draws,
      of: options.draws,
      sentence:
        `The ReLU network's width is the smallest grid width at which at least ${1 - options.eta} of ${budget.draws} draws ` +
        `(not T = ${options.draws}) interpolate${budget.draws < 1 / options.eta ? `, i.e. all ${budget.draws}: too few draws to show P ≥ ${1 - options.eta}` : ''}.`,
    });
  }
  const neg = options.negative,
    pos = 1 - neg;
  const network = binaryNetwork(neg, pos);
  const classRows = rowsByClass(y, 2);
  const rows = subproblemRows(network[0], classRows);
  const points = { X, N, d };
  const found = memorizerWidth(points, rows, subproblemKey(network[0]), options, budget.draws, {
    cancel: env.cancel,
    parallel: env.parallel,
    onProgress: (f) => env.onProgress?.(0.5 * f),
  });
  if ('reason' in found) return { threshold, reason: found.reason };
  const { n, t } = found;
  const { net, layer, act } = found.built;

  // z_k(x_i) = m_k − ⟨u_k, h(x_i)⟩ on the training points, in the cover loop's own arithmetic (float32
  // activations summed in float64 over ascending units), so the x⁺ that set m_k have z_k = 0 exactly.
  const units = secondLayerUnits(layer);
  const z = (i: number, k: number) => {
    let s = 0;
    for (const j of units[k]) s += act[i * n + j];
    return layer.m[k] - s;
  };
  const isNeg = new Uint8Array(N);
  for (const i of rows.neg) isNeg[i] = 1;
  const margin = new Float64Array(N);
  let smallestNegMargin = Infinity;
  for (let i = 0; i < N; i++) {
    let sum = 0,
      gap = Infinity;
    for (let k = 0; k < layer.K; k++) {
      const v = z(i, k);
      sum += Math.max(v, 0);
      gap = Math.min(gap, -v);
    }
    margin[i] = isNeg[i] ? sum : Math.max(gap, 0);
    if (isNeg[i]) smallestNegMargin = Math.min(smallestNegMargin, sum);
  }

  let radius = 0;
  for (let i = 0; i < N; i++) radius = Math.max(radius, pNorm(X.subarray(i * d, (i + 1) * d), 2));
  const budgeted = budgetedSearch(d, { ...options.search, radius }, Math.min(N, options.dataPoints), options.ps.length, gradientCost(net));
  const search = budgeted.search;
  if (budgeted.used < budgeted.of) {
    env.approximate?.({
      figure: 'lipschitz.memorizer.estimates',
      kind: 'budget',
      used: budgeted.used,
      of: budgeted.of,
      sentence:
        `The lower estimates' search evaluated ${budgeted.used} of its planned ${budgeted.of} gradients ` +
        `(${budgeted.dataPoints} data points, ${search.randomPoints} random points, ${search.steps} local steps, ${search.ascentSteps} far-field steps), ` +
        'a work budget that keeps the stage bounded: a lower estimate is a true gradient norm, so a shorter search can only make it smaller.',
    });
  }
  const data = evenlySpaced(N, budgeted.dataPoints).map((i) => Float64Array.from(X.subarray(i * d, (i + 1) * d)));
  const sample = sampleGradients(net, data, search, createRng(childSeed(options.seed, 'memorizer-sample')));
  const norms = networkNorms(net);
  // SCALED_DEFINITION (./scaled.ts): the data bound is for a gap of 2 between the classes; f's gap is its
  // smallest value on X⁻ (it is 0 on X⁺)
  const scale = 2 / smallestNegMargin;
  const ref = (i: number): PointRef => ({ row: input.sourceRows ? input.sourceRows[i] : i, label: classNames[y[i]] });
  // only the listed points show an estimated radius, so only theirs are computed (each costs n·d or more)
  const gradientsAt = new Map<number, Float64Array[]>();
  const localAt = (i: number) => {
    if (!gradientsAt.has(i)) gradientsAt.set(i, localGradients(net, X.subarray(i * d, (i + 1) * d), isNeg[i] === 1, units));
    return gradientsAt.get(i)!;
  };

  const lowers = lowerEstimates(net, options.ps, sample, search, (p) => createRng(childSeed(options.seed, 'memorizer-search', p)));
  const uppers = upperEstimates(net, options.ps, norms);
  const estimates: MemorizerEstimate[] = [];
  const radii: NonNullable<MemorizerRobustness['relu']>['radii'] = [];
  options.ps.forEach((p, pi) => {
    throwIfCancelled(env.cancel);
    const q = dualExponent(p);
    const lower = lowers[pi].value;
    const upper = uppers[pi].value;
    estimates.push({ p: pValue(p), lower, upper, scaledLower: scale * lower, scaledUpper: scale * upper, dataBound: dataBounds.get(p) ?? null });
    // every z_k is a one-hidden-layer ReLU net: Lip_p(z_k) ≤ ‖W‖_{p→p} ‖u_k‖_{p'}, and ‖u_k‖_{p'} = |u_k|^{1/p'}
    let largestU = 0;
    for (const u of units) largestU = Math.max(largestU, q === Infinity ? Math.min(u.length, 1) : Math.pow(u.length, 1 / q));
    const zUpper = operatorNormBound(norms[0], p) * largestU;
    const certified = Float64Array.from({ length: N }, (_, i) => margin[i] / (isNeg[i] ? upper : zUpper));
    const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => certified[a] - certified[b] || ref(a).row - ref(b).row);
    const leastRobust = order.slice(0, options.listed).map((i): CertifiedPoint => {
      const local = Math.max(0, ...localAt(i).map((g) => pNorm(g, q)));
      return { point: ref(i), margin: margin[i], certified: certified[i], estimated: local > 0 ? margin[i] / local : null };
    });
    radii.push({ p: pValue(p), leastRobust, medianCertified: certified[order[Math.floor((N - 1) / 2)]] });
    env.onProgress?.(0.5 + (0.5 * (pi + 1)) / options.ps.length);
  });

  const tight = Array.from(rows.pos).filter((i) => margin[i] === 0).length;
  return {
    threshold,
    relu: {
      orientation: { negative: classNames[neg], positive: classNames[pos] },
      width: n,
      lambda: options.lambda,
      K: layer.K,
      scale,
      draws: budget.draws,
      estimates,
      radii,
      notes: [
        budget.draws === options.draws
          ? `Draw ${t + 1} at the ReLU required width n* = ${n} (P ≥ ${1 - options.eta} over T = ${options.draws} draws, the width grid of SCIENCE.md §3), K = ${layer.K}.`
          : `Draw ${t + 1} at width n = ${n}, the smallest grid width at which at least ${1 - options.eta} of ${budget.draws} draws interpolate ` +
            `(a work budget; not n* over T = ${options.draws}), K = ${layer.K}.`,
        `${tight} point(s) of X⁺ have margin 0: each neuron's bias m_k is the smallest ⟨u_k, h(x⁺)⟩ over X⁺, ` +
          'so the point attaining it sits on the decision boundary; their certified radius is 0.',
      ],
    },
  };
}

/** `count` of the points, evenly spaced within each class (each class keeps its share, at least one). */
function stratifiedSubset(input: LabeledPoints, count: number): LabeledPoints {
  const { X, N, d, y } = input;
  const idx: number[] = [];
  rowsByClass(y, input.classNames.length).forEach((members) => {
    const take = Math.max(1, Math.round((count * members.length) / N));
    for (const k of evenlySpaced(members.length, take)) idx.push(members[k]);
  });
  idx.sort((a, b) => a - b);
  const sub = new Float32Array(idx.length * d);
  idx.forEach((i, r) => sub.set(X.subarray(i * d, (i + 1) * d), r * d));
  return {
    X: sub,
    N: idx.length,
    d,
    y: Int32Array.from(idx, (i) => y[i]),
    classNames: input.classNames,
    sourceRows: Int32Array.from(idx, (i) => (input.sourceRows ? input.sourceRows[i] : i)),
  };
}

/** 2/δ_p of a subsample, per p (null where δ_p = 0) */
function subsetBounds(points: LabeledPoints, ps: number[]): Map<number, number | null> {
  return new Map(dataBoundEntries(points, ps).map((e) => [e.p === 'inf' ? Infinity : e.p, e.bound]));
}

/** The width the memorizer is analysed at: the smallest width of the ReLU grid (reluStudy) at which at
 * least 1 − η of the `draws` draws interpolate, and the first draw that does there, built. A width is
 * left once its draws so far fail more often than η allows: below n* most draws fail, so a chunk of
 * them (one per thread) is tried instead of all, and the answer is the grid study's for any number of
 * threads (its curve, which this stage does not report, is what the other draws would add). On two moons
 * (n = 256, 10 draws, one thread) that is 3,300 of the grid's 8,550 draw-widths. */
export function memorizerWidth(
  points: { X: Float32Array; N: number; d: number },
  rows: { neg: Int32Array; pos: Int32Array },
  coverKey: string,
  options: Pick<MemorizerOptions, 'eta' | 'lambda' | 'maxWidth' | 'seed'>,
  draws: number,
  env: { cancel?: CancelToken; parallel?: Parallel; onProgress?: (f: number) => void } = {},
): { n: number; t: number; built: ReturnType<typeof reluMemorizer> } | { reason: string } {
  const parallel = env.parallel ?? serial;
  const grid = reluWidthGrid(options.maxWidth);
  // the grid study's test k/T ≥ 1 − η (with its rounding slack) as a count of failures allowed
  let allowed = 0;
  while (allowed < draws && (draws - allowed - 1) / draws >= 1 - options.eta - 1e-12) allowed++;
  for (const [gi, w] of grid.entries()) {
    const tooMany = activationLimit(points.N, w);
    if (tooMany) return { reason: `${tooMany}.` };
    const interpolating: number[] = [];
    let tried = 0;
    while (tried < draws && tried - interpolating.length <= allowed) {
      const chunk = Array.from({ length: Math.min(parallel.threads, draws - tried) }, (_, k): MemorizerDrawTask => ({
        ...points,
        ...rows,
        coverKey,
        n: w,
        t: tried + k,
        lambda: options.lambda,
        seed: options.seed,
      }));
      parallel.map(memorizerDrawTask, chunk, env.cancel).forEach((ok, k) => ok && interpolating.push(tried + k));
      tried += chunk.length;
      env.onProgress?.((gi + tried / draws) / grid.length);
    }
    if (tried - interpolating.length <= allowed && interpolating.length > 0) {
      const t = interpolating[0];
      return { n: w, t, built: reluMemorizer(points, rows, coverKey, w, t, options.lambda, options.seed) };
    }
  }
  return { reason: `The ReLU construction reaches P ≥ ${1 - options.eta} at no width up to ${options.maxWidth} (λ = ${options.lambda}).` };
}

/** Whether draw t's ReLU memorizing network at width n interpolates, a task. */
export interface MemorizerDrawTask {
  X: Float32Array;
  N: number;
  d: number;
  neg: Int32Array;
  pos: Int32Array;
  coverKey: string;
  n: number;
  t: number;
  lambda: number;
  seed: string;
}

export const memorizerDrawTask = task('memorizerDraw', (i: MemorizerDrawTask): boolean => reluLayer(i).layer.uncovered === 0);

/** The ReLU memorizing network of draw t at width n on X⁻ = rows.neg, X⁺ = rows.pos, seeded as the
 * memorization study seeds it (coverKey: the subproblem's key), as a ReluNetwork, with the cover
 * loop's layer and the float32 activations. */
export function reluMemorizer(
  points: { X: Float32Array; N: number; d: number },
  rows: { neg: Int32Array; pos: Int32Array },
  coverKey: string,
  n: number,
  t: number,
  lambda: number,
  seed: string,
): { net: ReluNetwork; layer: SecondLayer; act: Float32Array } {
  const { draw, layer, act } = reluLayer({ ...points, ...rows, coverKey, n, t, lambda, seed });
  return { net: asReluNetwork(draw.W, draw.b, points.d, layer), layer, act };
}

/** reluMemorizer's first layer, cover loop and activations, before they become a ReluNetwork. */
function reluLayer({ X, N, d, neg, pos, coverKey, n, t, lambda, seed }: MemorizerDrawTask): { draw: FirstLayerDraw; layer: SecondLayer; act: Float32Array } {
  const draw = new FirstLayerDraw(seed, t, d, lambda, n);
  draw.extendTo(n);
  const act = new Float32Array(N * n);
  reluActivations(X, N, d, draw.W, draw.b, 0, n, act, n);
  const layer = coverLoop(reluScores(act, n, n), neg, pos, createRng(childSeed(seed, 'cover', t, coverKey, n)));
  return { draw, layer, act };
}

/** The units each second-layer neuron sums over (u_k's ones), ascending. */
function secondLayerUnits(layer: SecondLayer): Int32Array[] {
  return Array.from({ length: layer.K }, (_, k) => {
    const js: number[] = [];
    for (let j = 0; j < layer.n; j++) if ((layer.U[k * layer.nWords + (j >>> 5)] >>> (j & 31)) & 1) js.push(j);
    return Int32Array.from(js);
  });
}

/** h = ReLU(Wx + b), then the neurons ReLU(m_k − ⟨u_k, h⟩), summed with output weights 1. */
function asReluNetwork(W: Float32Array, b: Float32Array, d: number, layer: SecondLayer): ReluNetwork {
  const n = layer.n;
  const second = new Float64Array(layer.K * n);
  secondLayerUnits(layer).forEach((js, k) => js.forEach((j) => (second[k * n + j] = -1)));
  return {
    d,
    hidden: [
      { W: { rows: n, cols: d, data: Float64Array.from(W.subarray(0, n * d)) }, b: Float64Array.from(b.subarray(0, n)) },
      { W: { rows: layer.K, cols: n, data: second }, b: Float64Array.from(layer.m) },
    ],
    w: new Float64Array(layer.K).fill(1),
    c: 0,
  };
}

/** The gradients that bound a point's distance to the boundary to first order: ∇f for x⁻, every
 * ∇z_k = −Wᵀ D(x) u_k for x⁺. */
function localGradients(net: ReluNetwork, x: ArrayLike<number>, negative: boolean, units: Int32Array[]): Float64Array[] {
  if (negative) return [gradient(net, x)];
  const { W, b } = net.hidden[0];
  const d = net.d;
  const active = new Uint8Array(W.rows);
  for (let j = 0; j < W.rows; j++) {
    let s = b[j];
    for (let c = 0; c < d; c++) s += W.data[j * d + c] * x[c];
    active[j] = s > 0 ? 1 : 0;
  }
  return units.map((js) => {
    const g = new Float64Array(d);
    for (const j of js) if (active[j]) for (let c = 0; c < d; c++) g[c] -= W.data[j * d + c];
    return g;
  });
}
