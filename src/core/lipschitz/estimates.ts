// Lower and upper estimates of Lip_p(f) = sup_x ‖∇f(x)‖_{p'} for a ReLU network f.
// Lower: the largest ‖∇f(x)‖_{p'} seen at the dataset's points, random points, and along a local search
// that walks across activation regions. Every value is the norm of a true gradient, so it never exceeds
// Lip_p(f). Upper: ‖W_L‖_{p→|·|} ∏_l ‖W_l‖_{p→p} (the 0/1 diagonals D_l have norm ≤ 1 in every ℓp),
// with ‖W_L‖_{p→|·|} = ‖w‖_{p'} exactly and ‖W_l‖_{p→p} exact for p = 1, 2, ∞ and bounded above by
// Riesz–Thorin otherwise; then tightened across exponents (see upperEstimates).
import type { Rng } from '../random';
import { dualDirection, dualExponent, layerNorms, LayerNorms, operatorNormBound, pNorm } from './norms';
import { gradients, type ReluNetwork } from './reluNetwork';

export interface SearchOptions {
  /** random points: three in four uniform in the ball of radius `radius`, one in four in the ball of
   * radius 10 × `radius` (the far field, where the biases no longer matter and unbounded regions lie) */
  randomPoints: number;
  /** how many of the best points seed a local search, per p */
  starts: number;
  /** local-search iterations per start */
  steps: number;
  /** radius of the region the random points come from (1 after max-norm normalisation) */
  radius: number;
  /** far-field annealed ascents per p (see farFieldAscent): from the best sampled point's direction,
   * then from random directions. One is the default: on random nets (d = 64, N = 128 and d = 256,
   * N = 512) it gave nearly all of the gain of two (p = 1: +19% against +20%) at half the extra time. */
  ascents: number;
  /** steps per far-field ascent */
  ascentSteps: number;
}

export const defaultSearch: SearchOptions = { randomPoints: 200, starts: 2, steps: 30, radius: 1, ascents: 1, ascentSteps: 60 };

export interface LowerEstimate {
  p: number;
  value: number;
  /** where the largest gradient norm was found */
  at: Float64Array;
}

/** Gradients at the given points and at random points, shared by every p. */
export interface GradientSample {
  points: Float64Array[];
  gradients: Float64Array[];
}

export function sampleGradients(net: ReluNetwork, data: Float64Array[], options: SearchOptions, rng: Rng): GradientSample {
  const points = [...data];
  for (let i = 0; i < options.randomPoints; i++) points.push(randomInBall(net.d, (i % 4 === 3 ? 10 : 1) * options.radius, rng));
  return { points, gradients: gradients(net, points, new Float64Array(points.length)) };
}

/** The searches of one p as generators of gradient requests (see lockstep), and how their results
 * combine with the sample's best point. The local searches, then the far-field ascents from random
 * directions, run one after another, as they share the p's random stream; the first ascent draws
 * nothing from it and runs beside them. Their best is taken in that order, ties to the earlier. */
function searchesAt(net: ReluNetwork, p: number, sample: GradientSample, options: SearchOptions, rng: Rng) {
  const q = dualExponent(p);
  const norms = sample.gradients.map((g) => pNorm(g, q));
  const order = norms.map((_, i) => i).sort((a, b) => norms[b] - norms[a]);
  const chain: (() => Search<Found>)[] = [];
  for (let s = 0; s < Math.min(options.starts, order.length); s++) {
    const i = order[s];
    chain.push(() => localSearch(net, p, q, sample.points[i], sample.gradients[i], norms[i], options, rng));
  }
  const starts = chain.length;
  const ascents = farFieldAscents(net.d, options);
  const far = (start: Float64Array) => farFieldAscent(net, p, q, start, FAR * options.radius, options.ascentSteps);
  for (let a = 1; a < ascents; a++) chain.push(() => far(randomDirection(net.d, rng)));
  const searches = [sequence(chain)];
  if (ascents > 0) searches.push(sequence([() => far(order.length > 0 ? sample.points[order[0]] : randomDirection(net.d, rng))]));
  const first: Found = { value: norms[order[0]] ?? 0, at: sample.points[order[0]] ?? new Float64Array(net.d) };
  const best = ([chained, beside = []]: Found[][]) => {
    let found = first;
    for (const r of [...chained.slice(0, starts), ...beside, ...chained.slice(starts)]) if (r.value > found.value) found = r;
    return found;
  };
  return { searches, best };
}

function* sequence(searches: (() => Search<Found>)[]): Search<Found[]> {
  const found: Found[] = [];
  for (const search of searches) found.push(yield* search());
  return found;
}

/** Far-field ascents per p in R^d. In d ≤ 2 the random points already sample every direction finely
 * (lower/exact ≈ 0.97 on the tiny networks of the tests) and the ascents were measured to add nothing
 * there but time. */
export function farFieldAscents(d: number, options: SearchOptions): number {
  return d > 2 ? options.ascents : 0;
}

/** What a search asks for: gradients at these points, each at its gate temperature (0: the true one). */
type Request = { x: Float64Array; temperature: number }[];
type Found = { value: number; at: Float64Array };
type Search<T> = Generator<Request, T, Float64Array[]>;

/** Runs the searches side by side: each round, every unfinished search's requests are computed as one
 * block of gradients (reluNetwork.gradients), then each resumes with its own. A gradient does not
 * depend on its block, so each search finds what it would alone, provided no two running at once
 * share a random stream. */
function lockstep<T>(net: ReluNetwork, searches: Search<T>[]): T[] {
  const found: T[] = new Array(searches.length);
  let live = searches.map((search, k) => ({ search, k, step: search.next([]) }));
  while (live.length > 0) {
    live = live.filter(({ step, k }) => {
      if (step.done) found[k] = step.value;
      return !step.done;
    });
    const requests = live.flatMap(({ step }) => step.value as Request);
    const computed = gradients(
      net,
      requests.map((r) => r.x),
      requests.map((r) => r.temperature),
    );
    let at = 0;
    for (const entry of live) {
      const n = (entry.step.value as Request).length;
      entry.step = entry.search.next(computed.slice(at, at + n));
      at += n;
    }
  }
  return found;
}

/** Radius of the far-field ascent, relative to the data radius. It must be far enough that the biases no
 * longer move the activation pattern (there the pattern depends on the direction of x alone): the random
 * networks' pre-activations grow like √(2/N)·|x| against biases of fixed size, so at 10 × the data
 * radius (the random points' outer shell, used before) a bias N(0, 0.1²) still flipped many units once
 * N reached thousands. Measured on L = 1, d = 32 (3 draws): lower/√d for p = 1 at N = 512, 2048, 8192,
 * 32768 was 1.25, 1.38, 1.42, 1.27 at radius 10 (falling with N, which the supremum cannot do) and 1.24,
 * 1.38, 1.42, 1.49 at 10⁴; at N = 8192, d = 64 … 512 the larger radius gained 2–9 % for p = 1 and ~5 %
 * for p = 2. Any point is a valid place to read a gradient, so the distance costs nothing. */
const FAR = 1e4;

/** For p < 2 the steepest points are rare: at a typical x, ‖∇f(x)‖_{p'} ~ d^{1/p'}, while the supremum
 * is ~ √d, reached only where the activation pattern lines the gradient up with one ℓp direction. The
 * local search rarely walks that far. Here the gate-smoothed norm ‖∇f_τ(x)‖_{p'} is maximised directly
 * on the sphere of radius `radius` (far out the pattern depends mostly on the direction of x): its
 * gradient is H_τ(x)s with s the ℓp dual direction of ∇f_τ(x), and τ is annealed from broad (a smooth
 * landscape) to sharp (the true piecewise-constant one). Steps are always taken; only the true norm at
 * each iterate is recorded, so the result stays the norm of a real gradient. */
function* farFieldAscent(net: ReluNetwork, p: number, q: number, start: Float64Array, radius: number, steps: number): Search<Found> {
  const d = net.d;
  const x = unit(Float64Array.from(start)) ?? unit(new Float64Array(d).fill(1))!;
  // ℓ1's dual direction is a single coordinate and would not move; a slightly larger p spreads it
  const pSmooth = p === 1 ? 1.05 : p;
  let best = { value: 0, at: new Float64Array(d) };
  for (let t = 0; t <= steps; t++) {
    const at = x.map((v) => v * radius);
    const tau = ASCENT_TAU[0] * Math.pow(ASCENT_TAU[1] / ASCENT_TAU[0], t / Math.max(1, steps - 1));
    const [g, smooth] = yield t === steps
      ? [{ x: at, temperature: 0 }]
      : [
          { x: at, temperature: 0 },
          { x: at, temperature: tau },
        ];
    const value = pNorm(g, q);
    if (value > best.value) best = { value, at };
    if (t === steps) break;
    const s = dualDirection(smooth, pSmooth);
    const dir = unit(yield* smoothedAscent(at, s, tau, smooth));
    if (!dir) break;
    const eta = 0.1 * (1 - (0.8 * t) / steps);
    for (let i = 0; i < d; i++) x[i] += eta * dir[i];
    unit(x);
  }
  return best;
}

/** Gate temperatures at the start and the end of a far-field ascent (measured on random networks with
 * d = 64, N = 512: 1 → 0.02 beat 2 → 0.1 and larger steps). */
const ASCENT_TAU = [1, 0.02] as const;

/** Hill climbing over activation regions. ‖∇f‖_{p'} is piecewise constant, so it has no slope to
 * follow; with s the ℓp direction attaining ‖∇f(x)‖_{p'} = ⟨∇f(x), s⟩, the directional derivative
 * ⟨∇f_τ(x), s⟩ of the gate-smoothed network does have one: its gradient H_τ(x)s (a Hessian–vector
 * product, by central differences) points to regions where the gradient leans further along s.
 * Trial steps along it, along s itself and along random directions, at a few scales, are accepted only
 * if the true norm grows; the step halves when none does. */
function* localSearch(
  net: ReluNetwork,
  p: number,
  q: number,
  start: Float64Array,
  startGradient: Float64Array,
  startValue: number,
  options: SearchOptions,
  rng: Rng,
): Search<Found> {
  const d = net.d;
  let x = Float64Array.from(start);
  let gx = startGradient;
  let value = startValue;
  let step = 0.5 * Math.max(options.radius, pNorm(x, 2));
  const minStep = 1e-4 * step;
  for (let it = 0; it < options.steps && step > minStep; it++) {
    const s = dualDirection(gx, p);
    const directions = [
      unit(yield* smoothedAscent(x, s, TEMPERATURE)),
      unit(Float64Array.from(s)),
      unit(randomDirection(d, rng)),
      unit(randomDirection(d, rng)),
    ];
    let improved = false;
    for (const dir of directions) {
      if (!dir) continue;
      for (const scale of [1, 0.25]) {
        const trial = new Float64Array(d);
        for (let i = 0; i < d; i++) trial[i] = x[i] + scale * step * dir[i];
        const [g] = yield [{ x: trial, temperature: 0 }];
        const v = pNorm(g, q);
        if (v > value) {
          value = v;
          x = trial;
          gx = g;
          improved = true;
          break;
        }
      }
      if (improved) break;
    }
    if (!improved) step *= 0.5;
  }
  return { value, at: x };
}

/** Gate temperature of the smoothed ascent, relative to each layer's RMS pre-activation: local enough to
 * see the nearby region boundaries. (Broader temperatures, 1–8, were tried and found nothing more.) */
const TEMPERATURE = 0.25;

/** H_τ(x)s = ∇_x⟨∇f_τ(x), s⟩ by central differences along s (H_τ is symmetric), or by forward
 * differences from `atX` = ∇f_τ(x) when the caller already has it (one gradient instead of two: the
 * far-field ascent only needs a direction). */
function* smoothedAscent(x: Float64Array, s: Float64Array, temperature: number, atX?: Float64Array): Generator<Request, Float64Array, Float64Array[]> {
  const d = x.length;
  const sNorm = pNorm(s, 2) || 1;
  const h = 1e-4 * Math.max(1, pNorm(x, 2));
  const plus = new Float64Array(d);
  for (let i = 0; i < d; i++) plus[i] = x[i] + (h * s[i]) / sNorm;
  if (atX) {
    const [gp] = yield [{ x: plus, temperature }];
    for (let i = 0; i < d; i++) gp[i] -= atX[i];
    return gp;
  }
  const minus = new Float64Array(d);
  for (let i = 0; i < d; i++) minus[i] = x[i] - (h * s[i]) / sNorm;
  const [gp, gm] = yield [
    { x: plus, temperature },
    { x: minus, temperature },
  ];
  for (let i = 0; i < d; i++) gp[i] -= gm[i];
  return gp;
}

export interface UpperEstimate {
  p: number;
  value: number;
}

/** Operator norms of every hidden layer, computed once per network and reused for every p. */
export function networkNorms(net: ReluNetwork): LayerNorms[] {
  return net.hidden.map((layer) => layerNorms(layer.W));
}

/** The operator-norm product at one p. */
export function normProduct(net: ReluNetwork, p: number, norms: LayerNorms[]): number {
  let value = pNorm(net.w, dualExponent(p));
  for (const n of norms) value *= operatorNormBound(n, p);
  return value;
}

/** Upper estimates for every p: the smallest of the norm products transferred between exponents.
 * For q ≥ p, ‖x‖_q ≤ ‖x‖_p gives Lip_p ≤ Lip_q; for q < p, ‖x‖_q ≤ d^{1/q − 1/p} ‖x‖_p gives
 * Lip_p ≤ d^{1/q − 1/p} Lip_q. So with the products at p itself and at 1, 2, ∞ (exact layer norms),
 * Lip_p ≤ min_q c(p, q) · product(q). For p < 2 the ℓ2 (spectral) product usually wins by far. */
export function upperEstimates(net: ReluNetwork, ps: number[], norms: LayerNorms[]): UpperEstimate[] {
  const qs = [...new Set([1, 2, Infinity, ...ps])];
  const products = qs.map((q) => normProduct(net, q, norms));
  const inv = (p: number) => (p === Infinity ? 0 : 1 / p);
  return ps.map((p) => {
    let value = Infinity;
    qs.forEach((q, i) => {
      const c = q >= p ? 1 : Math.pow(net.d, inv(q) - inv(p));
      value = Math.min(value, c * products[i]);
    });
    return { p, value };
  });
}

/** Lower estimates for every p, each search's best point shared with the others: every point's
 * ‖∇f(x)‖_{p'} is a valid lower bound for every p, so this only tightens them (and keeps the
 * estimates non-decreasing in p, as Lip_p itself is). The searches of all the p run side by side
 * (lockstep), so the network's weights are read once per round for all of them. The p of `shared`
 * have no search of their own: theirs is the largest norm at the sample's points and at the searches'
 * best points (returned after those of `ps`). */
export function lowerEstimates(
  net: ReluNetwork,
  ps: number[],
  sample: GradientSample,
  options: SearchOptions,
  rngFor: (p: number) => Rng,
  shared: number[] = [],
): LowerEstimate[] {
  const perP = ps.map((p) => searchesAt(net, p, sample, options, rngFor(p)));
  const results = lockstep(
    net,
    perP.flatMap((s) => s.searches),
  );
  let k = 0;
  const found = perP.map(({ searches, best }, i): LowerEstimate => {
    const { value, at } = best(results.slice(k, (k += searches.length)));
    return { p: ps[i], value, at };
  });
  const atBest = gradients(
    net,
    found.map((e) => e.at),
    new Float64Array(found.length),
  );
  const searched = found.map((e) => {
    const q = dualExponent(e.p);
    let best = e;
    atBest.forEach((g, i) => {
      const v = pNorm(g, q);
      if (v > best.value) best = { ...e, value: v, at: found[i].at };
    });
    return best;
  });
  const points = [...sample.points, ...found.map((e) => e.at)];
  const seen = [...sample.gradients, ...atBest];
  return searched.concat(
    shared.map((p) => {
      const q = dualExponent(p);
      let best: LowerEstimate = { p, value: 0, at: new Float64Array(net.d) };
      seen.forEach((g, i) => {
        const v = pNorm(g, q);
        if (v > best.value) best = { p, value: v, at: points[i] };
      });
      return best;
    }),
  );
}

function randomDirection(d: number, rng: Rng): Float64Array {
  const v = new Float64Array(d);
  for (let i = 0; i < d; i++) v[i] = rng.normal();
  return v;
}

function randomInBall(d: number, radius: number, rng: Rng): Float64Array {
  const v = unit(randomDirection(d, rng)) ?? new Float64Array(d);
  const r = radius * Math.pow(rng.next(), 1 / d);
  for (let i = 0; i < d; i++) v[i] *= r;
  return v;
}

function unit(v: Float64Array): Float64Array | null {
  const n = pNorm(v, 2);
  if (!(n > 0)) return null;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
