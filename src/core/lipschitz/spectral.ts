// The largest eigenvalue of a symmetric matrix to working precision: Householder reduction to
// tridiagonal form (backward stable), then bisection on the Sturm sequence count, which brackets the
// eigenvalue from both sides instead of approaching it from below like power iteration.

/** A is m × m, symmetric, row-major (only its lower triangle is read); it is overwritten. */
export function largestEigenvalueSymmetric(A: Float64Array, m: number): number {
  if (m === 0) return 0;
  const diag = new Float64Array(m);
  const off = new Float64Array(m); // off[i] couples i and i+1
  tridiagonalize(A, m, diag, off);
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

/** Householder reduction reading and writing only the lower triangle (A is symmetric, and so is every
 * trailing block it updates): half the memory traffic of the full-matrix form, and the product with
 * the Householder vector and the rank-2 update each in one pass over the rows. */
function tridiagonalize(A: Float64Array, m: number, diag: Float64Array, off: Float64Array): void {
  const v = new Float64Array(m);
  const p = new Float64Array(m);
  for (let k = 0; k < m - 2; k++) {
    // Householder vector zeroing A[k+2.., k]
    let alpha = 0;
    for (let i = k + 1; i < m; i++) alpha += A[i * m + k] * A[i * m + k];
    alpha = Math.sqrt(alpha);
    if (alpha === 0) continue;
    const x0 = A[(k + 1) * m + k];
    if (x0 > 0) alpha = -alpha;
    let vnorm2 = 0;
    for (let i = k + 1; i < m; i++) {
      v[i] = A[i * m + k];
      if (i === k + 1) v[i] -= alpha;
      vnorm2 += v[i] * v[i];
    }
    if (vnorm2 === 0) continue;
    const beta = 2 / vnorm2;
    // A ← H A H with H = I − β v vᵀ on the trailing block: p = β A v, w = p − (β/2)(vᵀp) v, A −= v wᵀ + w vᵀ
    p.fill(0, k + 1);
    for (let i = k + 1; i < m; i++) {
      const row = i * m,
        vi = v[i];
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const a = A[row + j];
        s += a * v[j];
        p[j] += a * vi;
      }
      p[i] += s + A[row + i] * vi;
    }
    let vp = 0;
    for (let i = k + 1; i < m; i++) {
      p[i] *= beta;
      vp += v[i] * p[i];
    }
    const c = 0.5 * beta * vp;
    for (let i = k + 1; i < m; i++) p[i] -= c * v[i];
    for (let i = k + 1; i < m; i++) {
      const row = i * m,
        vi = v[i],
        pi = p[i];
      for (let j = k + 1; j <= i; j++) A[row + j] -= vi * p[j] + pi * v[j];
    }
    A[(k + 1) * m + k] = alpha;
    for (let i = k + 2; i < m; i++) A[i * m + k] = 0;
  }
  for (let i = 0; i < m; i++) diag[i] = A[i * m + i];
  for (let i = 0; i < m - 1; i++) off[i] = A[(i + 1) * m + i];
}
