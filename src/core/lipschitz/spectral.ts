// The largest eigenvalue of a symmetric matrix to working precision: Householder reduction to
// tridiagonal form (backward stable), then bisection on the Sturm sequence count, which brackets the
// eigenvalue from both sides instead of approaching it from below like power iteration.
import { kernels } from '../kernels/backend';

/** A is m × m, symmetric, row-major (only its lower triangle is read); it is overwritten. */
export function largestEigenvalueSymmetric(A: Float64Array, m: number): number {
  if (m === 0) return 0;
  const diag = new Float64Array(m);
  const off = new Float64Array(m); // off[i] couples i and i+1
  kernels().tridiagonalize(A, m, diag, off);
  // Gershgorin interval of the tridiagonal matrix
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < m - 1 ? Math.abs(off[i]) : 0);
    lo = Math.min(lo, diag[i] - r);
    hi = Math.max(hi, diag[i] + r);
  }
  // count(x) = number of eigenvalues < x; find the smallest x with count(x) = m
  const scale = Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE);
  for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * scale; it++) {
    const mid = 0.5 * (lo + hi);
    if (eigenvaluesBelow(diag, off, m, mid) === m) hi = mid;
    else lo = mid;
  }
  return hi;
}

function eigenvaluesBelow(diag: Float64Array, off: Float64Array, m: number, x: number): number {
  let count = 0;
  let q = diag[0] - x;
  if (q < 0) count++;
  for (let i = 1; i < m; i++) {
    const denom = q === 0 ? Number.EPSILON * (Math.abs(off[i - 1]) + Number.MIN_VALUE) : q;
    q = diag[i] - x - (off[i - 1] * off[i - 1]) / denom;
    if (q < 0) count++;
  }
  return count;
}
