// Gaussian mean width of a component A = X_j − c_j, g ~ N(0, I_d), by Monte Carlo (SCIENCE.md §4), with
// the standard error of the mean, in two definitions from the same draws:
// - the paper's (Dirksen, Finke, Genzel, the width in their ω): w(A) = E sup_{a∈A} |⟨g, a⟩|;
// - the one-sided w⁺(A) = E sup_{a∈A} ⟨g, a⟩ common elsewhere (Vershynin's book), shown beside it.
// They agree when A = −A; in general max(w⁺, ‖a₀‖√(2/π)) ≤ w ≤ 2w⁺ + ‖a₀‖√(2/π) for any a₀ ∈ A (from
// |⟨g, a⟩| ≤ |⟨g, a − a₀⟩| + |⟨g, a₀⟩| and |⟨g, a − a₀⟩| ≤ sup ⟨g, a⟩ − inf ⟨g, a⟩, whose mean is 2w⁺).
// Over the finite set the suprema are max_i ⟨g, x_i⟩ − ⟨g, c_j⟩ and max(that, ⟨g, c_j⟩ − min_i ⟨g, x_i⟩).
// All components share the same m Gaussian draws (one seeded stream), so each point's m products ⟨g_t, x_i⟩ are computed
// once, O(m·N·d) in all, by the dense float64 kernel (kernels/dense.ts, WebAssembly where built).
import { throwIfCancelled, type CancelToken } from '../env';
import { taskBlocks, type Parallel, serial, task } from '../parallel';
import { childSeed, createRng, type Rng } from '../random';
import { kernels } from '../kernels/backend';

export interface WidthEstimate {
  width: number;
  /** standard error of the Monte Carlo mean: sample standard deviation / √m */
  se: number;
}

/** Both definitions of one component's width, from the same draws. */
export interface ComponentWidth {
  /** the paper's E sup |⟨g, a⟩| */
  absolute: WidthEstimate;
  /** E sup ⟨g, a⟩ */
  oneSided: WidthEstimate;
}

/** m independent N(0, I_d) vectors, row-major m × d. */
export function gaussianDraws(rng: Rng, m: number, d: number): Float64Array {
  const G = new Float64Array(m * d);
  for (let k = 0; k < G.length; k++) G[k] = rng.normal();
  return G;
}

export function meanAndStandardError(samples: Float64Array): WidthEstimate {
  const m = samples.length;
  let mean = 0;
  for (const s of samples) mean += s;
  mean /= m;
  if (m < 2) return { width: mean, se: NaN };
  let ss = 0;
  for (const s of samples) ss += (s - mean) * (s - mean);
  return { width: mean, se: Math.sqrt(ss / (m - 1) / m) };
}

/** Monte Carlo width of any set given by its support function h_A(g) = sup_{a∈A} ⟨g, a⟩. */
export function monteCarloWidth(support: (g: Float64Array) => number, d: number, draws: number, seed: string): WidthEstimate {
  const G = gaussianDraws(createRng(childSeed(seed, 'width')), draws, d);
  const samples = new Float64Array(draws);
  for (let t = 0; t < draws; t++) samples[t] = support(G.subarray(t * d, (t + 1) * d));
  return meanAndStandardError(samples);
}

/** Both widths of X_j − c_j for every group j of rows of X (row-major, d columns), all from the same draws; blocks
 * of groups are tasks on `parallel` (each group's estimate is computed whole, so any split gives the same). */
export function componentWidths(
  X: Float32Array,
  d: number,
  groups: { members: Int32Array; center: Float64Array }[],
  draws: number,
  seed: string,
  env: { parallel?: Parallel; cancel?: CancelToken } = {},
): ComponentWidth[] {
  const G = gaussianDraws(createRng(childSeed(seed, 'width')), draws, d);
  const parallel = env.parallel ?? serial;
  const blocks = taskBlocks(groups.length, parallel.threads);
  return parallel
    .map(
      groupWidthsTask,
      blocks.map(([a, b]): GroupWidths => ({ X, d, G, draws, groups: groups.slice(a, b) })),
      env.cancel,
    )
    .flat();
}

/** Widths of some groups from given draws G (draws × d), a task. */
export interface GroupWidths {
  X: Float32Array;
  d: number;
  G: Float64Array;
  draws: number;
  groups: { members: Int32Array; center: Float64Array }[];
}

export function groupWidths({ X, d, G, draws, groups }: GroupWidths, cancel?: CancelToken): ComponentWidth[] {
  const sup = new Float64Array(draws),
    inf = new Float64Array(draws),
    absolute = new Float64Array(draws);
  // every ⟨g_t, x⟩ as the dense kernel's products of G with a block of member rows: each sum in increasing
  // coordinate from 0, as a one-row dot product, so the widths do not depend on the backend or the block
  const products = kernels().denseProducts([{ rows: draws, cols: d, data: G }]);
  const rows = new Float64Array(WIDTH_BLOCK * d),
    dots = new Float64Array(WIDTH_BLOCK * draws),
    centered = new Float64Array(draws);
  return groups.map(({ members, center }) => {
    throwIfCancelled(cancel);
    if (members.length === 1) return singlePointWidth(X, d, members[0], center);
    sup.fill(-Infinity);
    inf.fill(Infinity);
    for (let j0 = 0; j0 < members.length; j0 += WIDTH_BLOCK) {
      const n = Math.min(WIDTH_BLOCK, members.length - j0);
      for (let j = 0; j < n; j++) rows.set(X.subarray(members[j0 + j] * d, (members[j0 + j] + 1) * d), j * d);
      products.rowProducts(0, rows, n, null, dots);
      for (let j = 0; j < n; j++) {
        for (let t = 0, o = j * draws; t < draws; t++) {
          const s = dots[o + t];
          if (s > sup[t]) sup[t] = s;
          if (s < inf[t]) inf[t] = s;
        }
      }
    }
    products.rowProducts(0, center, 1, null, centered);
    for (let t = 0; t < draws; t++) {
      sup[t] -= centered[t];
      inf[t] -= centered[t];
      absolute[t] = Math.max(sup[t], -inf[t]);
    }
    return { absolute: meanAndStandardError(absolute), oneSided: meanAndStandardError(sup) };
  });
}

/** member rows per call of the dense kernel */
const WIDTH_BLOCK = 256;

/** A = {a}, a = x − c: ⟨g, a⟩ ~ N(0, ‖a‖²), so w⁺ = 0 and w = E|⟨g, a⟩| = ‖a‖√(2/π) exactly, without
 * sampling (a is 0 when the center is the point itself, but a split may keep its parent's center). */
function singlePointWidth(X: Float32Array, d: number, i: number, center: Float64Array): ComponentWidth {
  let ss = 0;
  for (let k = 0; k < d; k++) ss += (X[i * d + k] - center[k]) ** 2;
  return { absolute: { width: Math.sqrt(ss) * Math.sqrt(2 / Math.PI), se: 0 }, oneSided: { width: 0, se: 0 } };
}

export const groupWidthsTask = task('groupWidths', groupWidths);
