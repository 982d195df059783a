// The 1-nearest-neighbour baseline: each test point takes the label of its Euclidean nearest training
// point (ties: the lower index). Exact, with the same early-abandoning distance kernel as the separation.
import { squaredDistanceBounded } from '../kernels/distances';

/** predicted label of every test point */
export function nearestNeighbourPredict(X: Float32Array, d: number, y: Int32Array, train: Int32Array, test: Int32Array): Int32Array {
  const out = new Int32Array(test.length);
  test.forEach((i, t) => {
    let best = Infinity, label = -1;
    for (const j of train) {
      const s = squaredDistanceBounded(X, d, i, j, best);
      if (s < best) {
        best = s;
        label = y[j];
      }
    }
    out[t] = label;
  });
  return out;
}

export function accuracy(predicted: Int32Array, y: Int32Array, test: Int32Array): number {
  if (test.length === 0) return NaN;
  let right = 0;
  test.forEach((i, t) => {
    if (predicted[t] === y[i]) right++;
  });
  return right / test.length;
}
