// The 1-nearest-neighbour baseline: each test point takes the label of its Euclidean nearest training
// point (ties: the lower index). Exact: the shared distance kernel (kernels().nearestAcross, the blocked
// float32 product with its certified exact recheck in the WebAssembly backend).
import { kernels } from '../kernels/backend';

/** predicted label of every test point */
export function nearestNeighbourPredict(X: Float32Array, d: number, y: Int32Array, train: Int32Array, test: Int32Array): Int32Array {
  const { rowNearest } = kernels().nearestAcross(X, d, test, train);
  return rowNearest.map((j) => (j < 0 ? -1 : y[j]));
}

export function accuracy(predicted: Int32Array, y: Int32Array, test: Int32Array): number {
  if (test.length === 0) return NaN;
  let right = 0;
  test.forEach((i, t) => {
    if (predicted[t] === y[i]) right++;
  });
  return right / test.length;
}
