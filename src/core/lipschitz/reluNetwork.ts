// Fully connected ReLU networks f: R^d → R, their forward pass and exact gradient. Used for the random
// networks "as initialised in practice" and for the ReLU variant of the memorizing network.
import { kernels } from '../kernels/backend';
import { transpose, type Dense, type DenseProducts } from '../kernels/dense';
import type { Rng } from '../random';

export interface ReluLayer {
  W: Dense;
  b: Float64Array;
}

/** f(x) = wᵀ σ(W_{L−1} ⋯ σ(W_0 x + b_0) ⋯ + b_{L−1}) + c with σ = ReLU. */
export interface ReluNetwork {
  d: number;
  hidden: ReluLayer[];
  /** output weights W_L as a vector */
  w: Float64Array;
  c: number;
}

export type BiasDistribution = { kind: 'normal'; std: number } | { kind: 'uniform'; halfWidth: number };

/** The Lipschitz paper's model: L hidden layers of width N, every hidden weight (the first layer
 * included, as SCIENCE.md §5 states; He initialisation in libraries uses 2/d there) i.i.d. N(0, 2/N), output
 * weights N(0, 1), hidden biases from a symmetric distribution (a setting), output bias 0 (it does not
 * change any gradient). */
export function randomReluNetwork(d: number, L: number, N: number, bias: BiasDistribution, rng: Rng): ReluNetwork {
  if (L < 1 || N < 1 || d < 1) throw new RangeError('a random ReLU network needs d, L, N ≥ 1');
  const sd = Math.sqrt(2 / N);
  const hidden: ReluLayer[] = [];
  for (let l = 0; l < L; l++) {
    const cols = l === 0 ? d : N;
    const data = new Float64Array(N * cols);
    for (let i = 0; i < data.length; i++) data[i] = sd * rng.normal();
    const b = new Float64Array(N);
    for (let i = 0; i < N; i++) b[i] = bias.kind === 'normal' ? bias.std * rng.normal() : bias.halfWidth * (2 * rng.next() - 1);
    hidden.push({ W: { rows: N, cols, data }, b });
  }
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) w[i] = rng.normal();
  return { d, hidden, w, c: 0 };
}

/** Pre-activations of every hidden layer at x (what the activation pattern D_l(x) = 1[z_l > 0] reads). */
export function preActivations(net: ReluNetwork, x: ArrayLike<number>): Float64Array[] {
  return forward(net, Float64Array.from(x), 1);
}

export function evaluate(net: ReluNetwork, x: ArrayLike<number>): number {
  const zs = preActivations(net, x);
  const last = zs[zs.length - 1];
  let f = net.c;
  for (let i = 0; i < last.length; i++) if (last[i] > 0) f += net.w[i] * last[i];
  return f;
}

/** ∇f(x)ᵀ = W_L D_{L−1}(x) W_{L−1} ⋯ D_0(x) W_0 by back-propagation. With `temperature` > 0 the 0/1
 * gates D_l are replaced by sigmoid(z_l / τ_l), τ_l = temperature × RMS(z_l): a continuous surrogate of
 * the piecewise-constant gradient field whose slope across region boundaries steers the local search;
 * it is never reported as an estimate. */
export function gradient(net: ReluNetwork, x: ArrayLike<number>, temperature = 0): Float64Array {
  return gradients(net, [Float64Array.from(x)], [temperature])[0];
}

/** Points whose gradients are computed together: each layer's weights are then read once per block
 * instead of once per point (a block's activations stay in cache up to d = 784 and width 256). */
const BLOCK = 32;

/** `gradient` at many points, each at its own temperature. Every point's sums run in the same order
 * as if it were alone (the blocking only shares the weights' loads), so the result does not depend on
 * which points are computed together: a search batched across starts reports what it would alone. */
export function gradients(net: ReluNetwork, points: Float64Array[], temperatures: ArrayLike<number>): Float64Array[] {
  const d = net.d;
  const out: Float64Array[] = [];
  for (let p0 = 0; p0 < points.length; p0 += BLOCK) {
    const B = Math.min(BLOCK, points.length - p0);
    const X = new Float64Array(B * d);
    for (let i = 0; i < B; i++) X.set(points[p0 + i], i * d);
    const zs = forward(net, X, B);
    // v = W_L, then v ← (v ∘ D_l) W_l down to the input
    const top = zs.length - 1;
    let v = new Float64Array(B * net.w.length);
    for (let i = 0; i < B; i++) v.set(net.w, i * net.w.length);
    for (let l = top; l >= 0; l--) {
      const { W } = net.hidden[l];
      gate(v, zs[l], B, W.rows, temperatures, p0);
      const next = new Float64Array(B * W.cols);
      boundLayers(net).rowProducts(net.hidden.length + l, v, B, null, next);
      v = next;
    }
    for (let i = 0; i < B; i++) out.push(v.slice(i * d, (i + 1) * d));
  }
  return out;
}

/** Pre-activations of every layer at the B points of X (B × d, row-major), each B × width. */
function forward(net: ReluNetwork, X: Float64Array, B: number): Float64Array[] {
  const zs: Float64Array[] = [];
  let input = X;
  net.hidden.forEach(({ W, b }, l) => {
    const z = new Float64Array(B * W.rows);
    boundLayers(net).rowProducts(l, input, B, b, z);
    zs.push(z);
    input = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) if (z[i] > 0) input[i] = z[i];
  });
  return zs;
}

/** Every layer's W (forward) and then every Wᵀ (back-propagation reads W by columns), bound once per
 * network: the kernels pack them once for the thousands of gradients a search asks for. A network's
 * weights are never changed after it is built. */
const bound = new WeakMap<ReluNetwork, DenseProducts>();
function boundLayers(net: ReluNetwork): DenseProducts {
  let b = bound.get(net);
  if (!b) {
    const Ws = net.hidden.map((l) => l.W);
    const Wts = Ws.map((W): Dense => ({ rows: W.cols, cols: W.rows, data: transpose(W) }));
    b = kernels().denseProducts([...Ws, ...Wts]);
    bound.set(net, b);
  }
  return b;
}

/** v ← v ∘ D(z) per point: the 0/1 ReLU gates, or at temperature τ > 0 sigmoid(z / (τ·RMS(z))). */
function gate(v: Float64Array, z: Float64Array, B: number, n: number, temperatures: ArrayLike<number>, first: number): void {
  for (let i = 0; i < B; i++) {
    const o = i * n;
    const temperature = temperatures[first + i];
    if (temperature <= 0) {
      for (let j = 0; j < n; j++) if (!(z[o + j] > 0)) v[o + j] = 0;
      continue;
    }
    let ss = 0;
    for (let j = 0; j < n; j++) ss += z[o + j] * z[o + j];
    const tau = temperature * Math.sqrt(ss / Math.max(1, n)) || temperature;
    for (let j = 0; j < n; j++) v[o + j] *= 1 / (1 + Math.exp(-z[o + j] / tau));
  }
}
