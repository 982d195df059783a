// The first layer's product, fused with its activation. Narrow interface (typed arrays and integers in,
// the caller's typed array filled) so a WebAssembly port can replace it one-for-one.
//
// Arithmetic contract (the forward pass in memorize/forward.ts and the naive references in the tests
// follow it too, so all of them agree bit for bit): z = (Σ_k W[j,k]·x[k], summed in float64 in
// ascending k) + b[j]. Products of two float32 values are exact in float64, so only the order of the
// sums matters, and it is fixed.

/** Points per block: the block's rows of X and one word's 32 rows of W stay in cache together. */
const POINT_BLOCK = 64;

/**
 * Threshold activations of units [unitStart, unitEnd), bit-packed: bit (j mod 32) of word
 * out[i·stride + ⌊j/32⌋] is 1 iff ⟨W_j, x_i⟩ + b_j > 0 (σ(0) = 0). The float activations are never
 * materialised. unitStart must be a multiple of 32, so every word touched is written whole (bits of
 * units ≥ unitEnd in the last word are 0); words outside the range are left as they are, which is
 * what lets a draw be extended by more units later.
 * X: N×d row-major; W: at least unitEnd rows of d; b: at least unitEnd entries.
 */
export function thresholdBits(
  X: Float32Array,
  N: number,
  d: number,
  W: Float32Array,
  b: Float32Array,
  unitStart: number,
  unitEnd: number,
  out: Uint32Array,
  stride: number,
): void {
  thresholdBitsMulti(X, N, d, W, [b], unitStart, unitEnd, [out], stride);
}

/**
 * thresholdBits for several bias vectors at once (a λ sweep: the same W, one bias vector per λ):
 * ⟨W_j, x_i⟩ is computed once and compared with −biases[l][j] for every l, into outs[l].
 */
export function thresholdBitsMulti(
  X: Float32Array,
  N: number,
  d: number,
  W: Float32Array,
  biases: Float32Array[],
  unitStart: number,
  unitEnd: number,
  outs: Uint32Array[],
  stride: number,
): void {
  if (unitStart % 32 !== 0) throw new RangeError(`unitStart ${unitStart} is not a multiple of 32`);
  const L = biases.length;
  if (words.length < 2 * L) words = new Int32Array(2 * L);
  const w0 = unitStart >>> 5,
    w1 = (unitEnd + 31) >>> 5;
  for (let p0 = 0; p0 < N; p0 += POINT_BLOCK) {
    const p1 = Math.min(N, p0 + POINT_BLOCK);
    for (let w = w0; w < w1; w++) {
      const j0 = w << 5,
        j1 = Math.min(unitEnd, j0 + 32);
      let i = p0;
      for (; i + 1 < p1; i += 2) {
        wordPair(X, i * d, d, W, biases, j0, j1, true);
        for (let l = 0; l < L; l++) {
          outs[l][i * stride + w] = words[2 * l];
          outs[l][(i + 1) * stride + w] = words[2 * l + 1];
        }
      }
      if (i < p1) {
        // the last point of an odd block is paired with itself: same words, half of them unused
        wordPair(X, i * d, d, W, biases, j0, j1, false);
        for (let l = 0; l < L; l++) outs[l][i * stride + w] = words[2 * l];
      }
    }
  }
}

/** words[2l], words[2l + 1]: the words of the two points for bias vector l (shared scratch, no allocation) */
let words = new Int32Array(2);

/**
 * The words of two consecutive points (rows at xo and xo + d, or xo twice when !pair) for units
 * [j0, j1): 2 points × 4 units at a time, eight independent sums, each still in ascending k, so the
 * CPU overlaps them instead of waiting on one dependent chain of additions.
 */
function wordPair(X: Float32Array, xo: number, d: number, W: Float32Array, biases: Float32Array[], j0: number, j1: number, pair: boolean): void {
  const yo = pair ? xo + d : xo;
  const L = biases.length;
  words.fill(0, 0, 2 * L);
  let j = j0;
  for (; j + 3 < j1; j += 4) {
    const r0 = j * d,
      r1 = r0 + d,
      r2 = r1 + d,
      r3 = r2 + d;
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0,
      c0 = 0,
      c1 = 0,
      c2 = 0,
      c3 = 0;
    for (let k = 0; k < d; k++) {
      const x = X[xo + k],
        y = X[yo + k];
      const v0 = W[r0 + k],
        v1 = W[r1 + k],
        v2 = W[r2 + k],
        v3 = W[r3 + k];
      a0 += v0 * x;
      a1 += v1 * x;
      a2 += v2 * x;
      a3 += v3 * x;
      c0 += v0 * y;
      c1 += v1 * y;
      c2 += v2 * y;
      c3 += v3 * y;
    }
    const sh = j - j0;
    for (let l = 0; l < L; l++) {
      const b = biases[l],
        b0 = b[j],
        b1 = b[j + 1],
        b2 = b[j + 2],
        b3 = b[j + 3];
      words[2 * l] |= (+(a0 + b0 > 0) | (+(a1 + b1 > 0) << 1) | (+(a2 + b2 > 0) << 2) | (+(a3 + b3 > 0) << 3)) << sh;
      words[2 * l + 1] |= (+(c0 + b0 > 0) | (+(c1 + b1 > 0) << 1) | (+(c2 + b2 > 0) << 2) | (+(c3 + b3 > 0) << 3)) << sh;
    }
  }
  for (; j < j1; j++) {
    const r = j * d;
    let a = 0,
      c = 0;
    for (let k = 0; k < d; k++) {
      a += W[r + k] * X[xo + k];
      c += W[r + k] * X[yo + k];
    }
    for (let l = 0; l < L; l++) {
      const bj = biases[l][j];
      words[2 * l] |= +(a + bj > 0) << (j - j0);
      words[2 * l + 1] |= +(c + bj > 0) << (j - j0);
    }
  }
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
  for (let p0 = 0; p0 < N; p0 += POINT_BLOCK) {
    const p1 = Math.min(N, p0 + POINT_BLOCK);
    for (let j0 = unitStart; j0 < unitEnd; j0 += 32) {
      const j1 = Math.min(unitEnd, j0 + 32);
      for (let i = p0; i < p1; i++) {
        const xo = i * d,
          oo = i * stride;
        for (let j = j0; j < j1; j++) {
          const wo = j * d;
          let acc = 0;
          for (let k = 0; k < d; k++) acc += W[wo + k] * X[xo + k];
          const z = acc + b[j];
          out[oo + j] = z > 0 ? z : 0;
        }
      }
    }
  }
}
