// The first layer's product, fused with its activation. Narrow interface (typed arrays and integers in,
// the caller's typed array filled) so a WebAssembly port can replace it one-for-one.
//
// Arithmetic contract (the forward pass in memorize/forward.ts and the naive references in the tests
// follow it too, so all of them agree bit for bit): z = (Σ_k W[j,k]·x[k], summed in float64 in
// ascending k) + b[j]. Products of two float32 values are exact in float64, so only the order of the
// sums matters, and it is fixed.

import { rowDots } from '../geometry/points';

/** Points per block: the block's rows of X and one word's 32 rows of W stay in cache together. */
const POINT_BLOCK = 64;

/** ⟨W_j, x_i⟩ of one point's 32 units at a time, the units' sums side by side (shared scratch, no allocation) */
const sums = new Float64Array(32);

/**
 * Every point's ⟨W_j, x_i⟩ for units [unitStart, unitEnd), handed to visit(i, j0, j1) 32 units at a time
 * (sums[j − j0]; unitStart a multiple of 32 or the start of the range), blocked so each block of points
 * meets one group of units while both are in cache. With rows, only the points of X at those indices.
 */
function layerSums(
  X: Float32Array,
  N: number,
  d: number,
  W: Float32Array,
  unitStart: number,
  unitEnd: number,
  visit: (i: number, j0: number, j1: number) => void,
  rows?: Int32Array,
) {
  const count = rows ? rows.length : N;
  for (let p0 = 0; p0 < count; p0 += POINT_BLOCK) {
    const p1 = Math.min(count, p0 + POINT_BLOCK);
    for (let j0 = unitStart; j0 < unitEnd; j0 += 32) {
      const j1 = Math.min(unitEnd, j0 + 32);
      for (let p = p0; p < p1; p++) {
        const i = rows ? rows[p] : p;
        rowDots(X, i * d, W, j0 * d, j1 - j0, d, sums, 0);
        visit(i, j0, j1);
      }
    }
  }
}

/**
 * Threshold activations of units [unitStart, unitEnd), bit-packed, for several bias vectors at once (a
 * λ sweep: the same W, one bias vector per λ; ⟨W_j, x_i⟩ is computed once for all): bit (j mod 32) of
 * word outs[l][i·stride + ⌊j/32⌋] is 1 iff ⟨W_j, x_i⟩ + biases[l][j] > 0 (σ(0) = 0). The float
 * activations are never materialised. unitStart must be a multiple of 32, so every word touched is
 * written whole (bits of units ≥ unitEnd in the last word are 0); words outside the range are left as
 * they are, which is what lets a draw be extended by more units later. With rows, only those points' rows
 * are written (a draw grown on the points that still need it).
 * X: N×d row-major; W: at least unitEnd rows of d; each bias vector at least unitEnd entries.
 */
export function thresholdBits(
  X: Float32Array,
  N: number,
  d: number,
  W: Float32Array,
  biases: Float32Array[],
  unitStart: number,
  unitEnd: number,
  outs: Uint32Array[],
  stride: number,
  rows?: Int32Array,
): void {
  if (unitStart % 32 !== 0) throw new RangeError(`unitStart ${unitStart} is not a multiple of 32`);
  layerSums(
    X,
    N,
    d,
    W,
    unitStart,
    unitEnd,
    (i, j0, j1) => {
      biases.forEach((b, l) => {
        let word = 0;
        for (let j = j0; j < j1; j++) word |= +(sums[j - j0] + b[j] > 0) << (j - j0);
        outs[l][i * stride + (j0 >>> 5)] = word;
      });
    },
    rows,
  );
}

/**
 * ReLU activations of units [unitStart, unitEnd) as float32: out[i·stride + j] = max(⟨W_j, x_i⟩ + b_j, 0).
 * The ReLU cover loop needs the values, not only the pattern.
 */
export function reluActivations(
  X: Float32Array,
  N: number,
  d: number,
  W: Float32Array,
  b: Float32Array,
  unitStart: number,
  unitEnd: number,
  out: Float32Array,
  stride: number,
): void {
  layerSums(X, N, d, W, unitStart, unitEnd, (i, j0, j1) => {
    for (let j = j0; j < j1; j++) {
      const z = sums[j - j0] + b[j];
      out[i * stride + j] = z > 0 ? z : 0;
    }
  });
}
