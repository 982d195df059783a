// The McShane extension: the witness that 2/δ_p is not only a lower bound but attained. With labels
// v_i ∈ {−1, +1} and L = 2/δ_p, f(x) = min_i (v_i + L‖x − x_i‖_p) is a minimum of L-Lipschitz
// functions, hence L-Lipschitz, and f(x_j) = v_j: a same-label term adds L·dist ≥ 0, an opposite-label
// term is at least −1 + L·δ_p = +1 ≥ v_j.
import { pNorm } from './norms';

export function mcShaneExtension(
  X: ArrayLike<number>,
  N: number,
  d: number,
  values: ArrayLike<number>,
  L: number,
  p: number,
): (x: ArrayLike<number>) => number {
  const diff = new Float64Array(d);
  return (x) => {
    let f = Infinity;
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < d; c++) diff[c] = x[c] - X[i * d + c];
      f = Math.min(f, values[i] + L * pNorm(diff, p));
    }
    return f;
  };
}
