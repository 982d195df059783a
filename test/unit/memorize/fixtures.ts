// Small random labeled problems for the memorization tests.
import { createRng } from '../../../src/core/random';
import type { Points } from '../../../src/core/memorize/problem';

/** N points uniform in the unit ball's cube [-1, 1]^d / √d, labels drawn uniformly from C classes
 * (each class gets at least one point), so the classes interleave and widths vary from draw to draw. */
export function randomProblem(seed: string, N: number, d: number, C: number): Points & { y: Int32Array; classNames: string[] } {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: N * d }, () => (2 * rng.next() - 1) / Math.sqrt(d));
  const y = Int32Array.from({ length: N }, (_, i) => (i < C ? i : rng.int(C)));
  return { X, N, d, y, classNames: Array.from({ length: C }, (_, c) => `c${c}`) };
}
