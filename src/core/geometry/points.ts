// Small dense helpers over row-major Float32 point matrices. Every sum is accumulated in Float64:
// 784-dimensional pixel rows lose too many digits in Float32 for radius comparisons to be trusted.

/** The rows `rows` of the row-major matrix X (d columns), in that order, copied into `out`. */
export function gatherRows(X: Float32Array, d: number, rows: ArrayLike<number>, out: Float32Array = new Float32Array(rows.length * d)): Float32Array {
  for (let r = 0; r < rows.length; r++) out.set(X.subarray(rows[r] * d, (rows[r] + 1) * d), r * d);
  return out;
}

/** ‖X_i − c‖² for row i of the row-major matrix X with d columns. */
export function squaredDistanceToRow(X: Float32Array, d: number, i: number, c: Float64Array): number {
  const o = i * d;
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = X[o + k] - c[k];
    s += t * t;
  }
  return s;
}

/**
 * ‖a − b‖², or Infinity as soon as the partial sum exceeds `limit2`: the sum only grows, so the rest
 * cannot bring it back (checked every 32 coordinates to keep the loop tight).
 */
export function squaredDistanceWithin(a: Float64Array, b: Float64Array, limit2: number): number {
  const d = a.length;
  let s = 0;
  for (let k0 = 0; k0 < d; k0 += 32) {
    const k1 = Math.min(d, k0 + 32);
    for (let k = k0; k < k1; k++) {
      const t = a[k] - b[k];
      s += t * t;
    }
    if (s > limit2) return Infinity;
  }
  return s;
}

/**
 * out[at + j] = ⟨x[o, o + d), row j of B⟩ for `count` rows of B laid end to end from offset b (d apart). Four
 * rows per pass over x, so x is read once for four sums; each sum still runs over the coordinates in
 * ascending order in float64, so it equals the one-row dot product bit for bit (with float32 x and B, the
 * first layer's arithmetic contract of kernels/layer1.ts: each product exact, only the order matters).
 */
export function rowDots(
  x: Float32Array | Float64Array,
  o: number,
  B: Float32Array | Float64Array,
  b: number,
  count: number,
  d: number,
  out: Float64Array,
  at: number,
): void {
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const b0 = b + j * d,
      b1 = b0 + d,
      b2 = b1 + d,
      b3 = b2 + d;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let t = 0; t < d; t++) {
      const v = x[o + t];
      s0 += v * B[b0 + t];
      s1 += v * B[b1 + t];
      s2 += v * B[b2 + t];
      s3 += v * B[b3 + t];
    }
    out[at + j] = s0;
    out[at + j + 1] = s1;
    out[at + j + 2] = s2;
    out[at + j + 3] = s3;
  }
  for (; j < count; j++) {
    const bj = b + j * d;
    let s = 0;
    for (let t = 0; t < d; t++) s += x[o + t] * B[bj + t];
    out[at + j] = s;
  }
}

export function norm(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * a[k];
  return Math.sqrt(s);
}

/** The mean of the given rows. */
export function meanOfRows(X: Float32Array, d: number, rows: ArrayLike<number>): Float64Array {
  const m = new Float64Array(d);
  for (let j = 0; j < rows.length; j++) {
    const o = rows[j] * d;
    for (let k = 0; k < d; k++) m[k] += X[o + k];
  }
  const inv = 1 / rows.length;
  for (let k = 0; k < d; k++) m[k] *= inv;
  return m;
}

/** max over the rows of ‖X_i − c‖, and the row attaining it (−1 for no rows). */
export function farthestRow(X: Float32Array, d: number, rows: ArrayLike<number>, c: Float64Array): { row: number; distance: number } {
  let best = -1,
    bestSq = -1;
  for (let j = 0; j < rows.length; j++) {
    const s = squaredDistanceToRow(X, d, rows[j], c);
    if (s > bestSq) {
      bestSq = s;
      best = rows[j];
    }
  }
  return { row: best, distance: best < 0 ? 0 : Math.sqrt(bestSq) };
}

export function rowAsFloat64(X: Float32Array, d: number, i: number): Float64Array {
  return Float64Array.from(X.subarray(i * d, (i + 1) * d));
}

/** Largest Euclidean norm among the rows (R in SCIENCE.md §4). */
export function largestRowNorm(X: Float32Array, d: number, rows: ArrayLike<number>): number {
  return farthestRow(X, d, rows, new Float64Array(d)).distance;
}
