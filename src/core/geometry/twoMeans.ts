// Splitting one component in two: seeded 2-means (k-means++ seeding, a few Lloyd iterations), with a
// farthest-point split as the fallback when Lloyd leaves a side empty. Every split it returns has two
// non-empty sides, which is what makes the covering loop terminate (see covering.ts).
import type { Rng } from '../random';
import { farthestRow, meanOfRows, rowAsFloat64, squaredDistanceToRow } from './points';

const lloydIterations = 5;

/** Partition `rows` (at least two distinct points) into two non-empty parts. */
export function splitInTwo(X: Float32Array, d: number, rows: Int32Array, rng: Rng): [Int32Array, Int32Array] {
  const seeds = kMeansPlusPlusSeeds(X, d, rows, rng);
  if (seeds) {
    let [a, b] = seeds;
    let side = assign(X, d, rows, a, b);
    for (let it = 0; it < lloydIterations; it++) {
      const [left, right] = partition(rows, side);
      if (left.length === 0 || right.length === 0) break;
      a = meanOfRows(X, d, left);
      b = meanOfRows(X, d, right);
      const next = assign(X, d, rows, a, b);
      let moved = 0;
      for (let j = 0; j < next.length; j++) moved += next[j] ^ side[j];
      side = next;
      if (moved === 0) break;
    }
    const [left, right] = partition(rows, side);
    if (left.length > 0 && right.length > 0) return [left, right];
  }
  return farthestPointSplit(X, d, rows);
}

/** p = the point farthest from the mean, q = the point farthest from p; each point goes to the nearer. */
export function farthestPointSplit(X: Float32Array, d: number, rows: Int32Array): [Int32Array, Int32Array] {
  const p = farthestRow(X, d, rows, meanOfRows(X, d, rows)).row;
  const pc = rowAsFloat64(X, d, p);
  const q = farthestRow(X, d, rows, pc).row;
  const [left, right] = partition(rows, assign(X, d, rows, pc, rowAsFloat64(X, d, q)));
  // p lands left and q (≠ p as a point, because the rows are not all identical) lands right.
  if (left.length === 0 || right.length === 0) throw new Error('farthestPointSplit: the rows are all identical');
  return [left, right];
}

function kMeansPlusPlusSeeds(X: Float32Array, d: number, rows: Int32Array, rng: Rng): [Float64Array, Float64Array] | null {
  const first = rowAsFloat64(X, d, rows[rng.int(rows.length)]);
  const weights = new Float64Array(rows.length);
  let total = 0;
  for (let j = 0; j < rows.length; j++) total += weights[j] = squaredDistanceToRow(X, d, rows[j], first);
  if (!(total > 0)) return null;
  // Sample proportionally to the squared distance; rounding can leave u ≥ 0 at the end, so fall back to
  // the last point with positive weight (never a copy of the first seed).
  let u = rng.next() * total;
  let pick = -1;
  for (let j = 0; j < rows.length; j++) {
    if (weights[j] > 0) pick = j;
    u -= weights[j];
    if (u < 0 && weights[j] > 0) break;
  }
  return [first, rowAsFloat64(X, d, rows[pick])];
}

/** 0: nearer to a (ties to a), 1: nearer to b. ‖x − b‖² < ‖x − a‖² ⇔ ⟨x, b − a⟩ > (‖b‖² − ‖a‖²)/2:
 * one dot product per point instead of two distances. */
function assign(X: Float32Array, d: number, rows: Int32Array, a: Float64Array, b: Float64Array): Uint8Array {
  const w = new Float64Array(d);
  let threshold = 0;
  for (let k = 0; k < d; k++) {
    w[k] = b[k] - a[k];
    threshold += (b[k] * b[k] - a[k] * a[k]) / 2;
  }
  const side = new Uint8Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const o = rows[j] * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += X[o + k] * w[k];
    side[j] = s > threshold ? 1 : 0;
  }
  return side;
}

function partition(rows: Int32Array, side: Uint8Array): [Int32Array, Int32Array] {
  let n1 = 0;
  for (const s of side) n1 += s;
  const left = new Int32Array(rows.length - n1),
    right = new Int32Array(n1);
  let l = 0,
    r = 0;
  for (let j = 0; j < rows.length; j++) side[j] ? (right[r++] = rows[j]) : (left[l++] = rows[j]);
  return [left, right];
}
