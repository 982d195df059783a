// Fixtures shared by the Lipschitz tests: the two-moons data and brute-force references.
import { readSharedData } from '../helpers';
import { pNorm } from '../../../src/core/lipschitz/norms';

/** two-moons.csv (x0, x1, label) */
export function twoMoons() {
  const lines = new TextDecoder().decode(readSharedData('two-moons.csv')).trim().split('\n').slice(1);
  const X = new Float32Array(lines.length * 2);
  const y = new Int32Array(lines.length);
  lines.forEach((l, i) => {
    const [a, b, c] = l.split(',').map(Number);
    X[2 * i] = a;
    X[2 * i + 1] = b;
    y[i] = c;
  });
  return { X, y, N: lines.length, d: 2 };
}

/** min over all pairs with different labels of ‖x_i − x_j‖_p, compared naively */
export function bruteSeparation(X: ArrayLike<number>, N: number, d: number, y: ArrayLike<number>, p: number): number {
  let best = Infinity;
  const diff = new Float64Array(d);
  for (let i = 0; i < N; i++)
    for (let j = i + 1; j < N; j++) {
      if (y[i] === y[j]) continue;
      for (let k = 0; k < d; k++) diff[k] = X[i * d + k] - X[j * d + k];
      best = Math.min(best, pNorm(diff, p));
    }
  return best;
}
