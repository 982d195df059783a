// The Lipschitz stage's report section (SCIENCE.md §5–6).
import type { PointRef } from './dataset';

/** An exponent p ∈ [1, ∞] in JSON: 'inf' stands for ∞ (JSON has no Infinity). */
export type PValue = number | 'inf';

/** mean, min and max over independent draws */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export interface DataBoundEntry {
  p: PValue;
  /** δ_p: min over pairs with different labels of ‖x − x'‖_p, after normalisation (Infinity never: one class has no entry) */
  delta: number;
  /** 2/δ_p, the smallest Lip_p of any function that is −1 on X⁻ and +1 on X⁺; null when δ_p = 0 (none exists) */
  bound: number | null;
  /** source rows of the pair attaining δ_p */
  rows: [number, number];
  labels: [string, string];
  /** the McShane extension with L = 2/δ_p was evaluated and interpolates every point (null: too large to check) */
  attained: boolean | null;
}

export interface LipschitzEstimate {
  p: PValue;
  /** largest ‖∇f(x)‖_{p'} found (data points, random points, local search): a true lower bound per draw */
  lower: Spread;
  /** ‖W_L‖_{p→|·|} ∏ ‖W_l‖_{p→p} (Riesz–Thorin between the exact p = 1, 2, ∞ norms), or such a
   * product at another exponent q carried over by norm equivalence (Lip_p ≤ Lip_q for q ≥ p,
   * Lip_p ≤ d^{1/q − 1/p} Lip_q for q < p), whichever is smallest: a true upper bound per draw */
  upper: Spread;
  /** E‖g‖_{p'} for p ≥ 2, E‖g‖_2 for p < 2, g ~ N(0, I_d): the paper's scale, up to constants and log factors */
  reference: number;
}

export interface RandomNetworkStudy {
  /** hidden layers */
  L: number;
  /** hidden width */
  N: number;
  draws: number;
  /** input dimension (the dataset's d) */
  d: number;
  /** distribution of the hidden biases, in words */
  bias: string;
  estimates: LipschitzEstimate[];
  /** the same estimates over a grid of p (the curve against p) */
  againstP: LipschitzEstimate[];
  /** lower and upper estimates at each width of a grid, for the p values of `estimates` */
  againstWidth: { N: number; estimates: LipschitzEstimate[] }[];
}

export interface CertifiedPoint {
  point: PointRef;
  /** x ∈ X⁻: f(x) = Σ_k ReLU(m_k − ⟨u_k, h(x)⟩) > 0; x ∈ X⁺: min_k (⟨u_k, h(x)⟩ − m_k) ≥ 0, the gap
   * before any second-layer neuron switches on */
  margin: number;
  /** margin / Lipschitz upper bound (of f for X⁻, of every m_k − ⟨u_k, h(·)⟩ for X⁺): no ℓp
   * perturbation shorter than this changes the class */
  certified: number;
  /** margin / the gradient norm at the point (the local, first-order distance to the boundary);
   * null where that gradient is 0 */
  estimated: number | null;
}

export interface MemorizerEstimate {
  p: PValue;
  /** Lip_p of f = Σ_k ReLU(m_k − ⟨u_k, h(x)⟩) (X⁻ iff f > 0): lower and upper estimates */
  lower: number;
  upper: number;
  /** the same for the scaled f (SCALED_DEFINITION: smallest value 2 on X⁻, 0 on X⁺, the data bound's gap) */
  scaledLower: number;
  scaledUpper: number;
  /** 2/δ_p: no function with that gap can have a smaller Lip_p */
  dataBound: number | null;
}

export interface MemorizerRobustness {
  /** the threshold network (σ = 1[t > 0]) jumps across every decision boundary: it has no Lipschitz constant */
  threshold: string;
  /** the ReLU variant of the construction at its required width, one draw that interpolates */
  relu?: {
    orientation: { negative: string; positive: string };
    width: number;
    lambda: number;
    K: number;
    /** 2 / min over X⁻ of f: "scaled" figures are this times the raw ones (SCALED_DEFINITION) */
    scale: number;
    /** draws behind the ReLU required width (its grid study) */
    draws: number;
    estimates: MemorizerEstimate[];
    /** per p: the least robust training points, smallest certified radius first */
    radii: { p: PValue; leastRobust: CertifiedPoint[]; medianCertified: number }[];
    notes: string[];
  };
  /** why there is no ReLU analysis (more than two classes, no width reached, δ = 0) */
  reason?: string;
}

export interface LipschitzReport {
  dataBound: DataBoundEntry[];
  random: RandomNetworkStudy;
  memorizer: MemorizerRobustness;
}
