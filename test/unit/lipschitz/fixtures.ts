// Fixtures shared by the Lipschitz tests: the real datasets of test/fixtures through the
// project's own loader and normalisation, and brute-force references.
import { loadDataset, normalize } from '../../../src/core/data/index';
import { pNorm } from '../../../src/core/lipschitz/norms';
import { nodeInflate } from '../../../src/node/inflate';
import type { Normalization } from '../../../src/core/report';
import { readFixture } from '../helpers';

/** A file of test/fixtures, loaded and normalised (max-norm by default: points in the unit ball). */
export function fixturePoints(name: string, normalization: Normalization = 'max-norm') {
  const ds = loadDataset({ name, bytes: readFixture(name) }, {}, { inflate: nodeInflate });
  const { X } = normalize(ds, normalization);
  return { X, N: ds.N, d: ds.d, y: ds.y, classNames: ds.classNames, sourceRows: ds.sourceRows };
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
