// Fully connected ReLU networks f: R^d → R, their forward pass and exact gradient. Used for the random
// networks "as initialised in practice" and for the ReLU variant of the memorizing network.
import type { Rng } from '../random';
import type { Dense } from './norms';

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
  const zs: Float64Array[] = [];
  let input: ArrayLike<number> = x;
  let inputIsHidden = false;
  for (const { W, b } of net.hidden) {
    const z = new Float64Array(W.rows);
    for (let i = 0; i < W.rows; i++) {
      let s = b[i];
      const off = i * W.cols;
      for (let j = 0; j < W.cols; j++) {
        const a = input[j];
        if (inputIsHidden && a <= 0) continue; // ReLU of the previous layer
        s += W.data[off + j] * a;
      }
      z[i] = s;
    }
    zs.push(z);
    input = z;
    inputIsHidden = true;
  }
  return zs;
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
export function gradient(net: ReluNetwork, x: ArrayLike<number>, temperature = 0, zs = preActivations(net, x)): Float64Array {
  let v: Float64Array = Float64Array.from(net.w);
  for (let l = net.hidden.length - 1; l >= 0; l--) {
    const { W } = net.hidden[l];
    const z = zs[l];
    const gate = gates(z, temperature);
    const next = new Float64Array(W.cols);
    for (let i = 0; i < W.rows; i++) {
      const a = v[i] * gate[i];
      if (a === 0) continue;
      const off = i * W.cols;
      for (let j = 0; j < W.cols; j++) next[j] += a * W.data[off + j];
    }
    v = next;
  }
  return v;
}

function gates(z: Float64Array, temperature: number): Float64Array {
  const g = new Float64Array(z.length);
  if (temperature <= 0) {
    for (let i = 0; i < z.length; i++) g[i] = z[i] > 0 ? 1 : 0;
    return g;
  }
  let ss = 0;
  for (let i = 0; i < z.length; i++) ss += z[i] * z[i];
  const tau = temperature * Math.sqrt(ss / Math.max(1, z.length)) || temperature;
  for (let i = 0; i < z.length; i++) g[i] = 1 / (1 + Math.exp(-z[i] / tau));
  return g;
}
