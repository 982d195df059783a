// The first-separating-unit scan behind the exact per-draw threshold (SCIENCE.md §3): for threshold
// activations, a width-n network interpolates iff every pair (x⁻, x⁺) has a unit j < n that is active at
// x⁺ and inactive at x⁻. For bit rows A = h(x⁺) and B = h(x⁻) that unit is the lowest set bit of A & ~B.

/** Index of the lowest set bit of a non-zero 32-bit word. */
export function countTrailingZeros(w: number): number {
  return 31 - Math.clz32(w & -w);
}

/** Smallest j < nWords·32 with bit j set in A and clear in B (rows at offsets aOff, bOff), or -1. */
export function firstSeparatingUnit(bits: Uint32Array, aOff: number, bOff: number, nWords: number): number {
  return firstSeparatingUnitFrom(bits, aOff, bOff, 0, nWords);
}

/** firstSeparatingUnit among the words [fromWord, nWords) only (the caller knows the earlier ones hold none). */
export function firstSeparatingUnitFrom(bits: Uint32Array, aOff: number, bOff: number, fromWord: number, nWords: number): number {
  for (let w = fromWord; w < nWords; w++) {
    const s = bits[aOff + w] & ~bits[bOff + w];
    if (s !== 0) return (w << 5) + countTrailingZeros(s);
  }
  return -1;
}

/**
 * max over the pairs (x⁻ = neg[a], x⁺ = pos[c]) of the first separating unit, resumable.
 * state[0] is the running maximum (-1 before any pair), state[1] the pair index a·|pos| + c to start
 * from (a Float64Array: two classes of 50,000 points have 2.5·10⁹ pairs, past an Int32's 2³¹). Scans
 * on until a pair has no separating unit within nWords words: then returns false with state[1] at that
 * pair, so the caller can compute more units and call again (pairs already scanned
 * keep their first separating unit, since adding units never changes a prefix). Returns true when
 * every pair is done; state[0] is then the maximum. Bits of units not yet computed must be 0 in x⁺'s
 * row within the nWords words, which thresholdBits guarantees.
 */
export function scanFirstSeparatingUnits(bits: Uint32Array, stride: number, neg: Int32Array, pos: Int32Array, nWords: number, state: Float64Array): boolean {
  const nNeg = neg.length,
    nPos = pos.length;
  if (nNeg === 0 || nPos === 0) {
    state[1] = 0;
    return true;
  }
  let max = state[0];
  let a = Math.floor(state[1] / nPos),
    c = state[1] - a * nPos;
  for (; a < nNeg; a++, c = 0) {
    const bOff = neg[a] * stride;
    for (; c < nPos; c++) {
      const j = firstSeparatingUnit(bits, pos[c] * stride, bOff, nWords);
      if (j < 0) {
        state[0] = max;
        state[1] = a * nPos + c;
        return false;
      }
      if (j > max) max = j;
    }
  }
  state[0] = max;
  state[1] = nNeg * nPos;
  return true;
}

/**
 * Every pair scanFirstSeparatingUnits would stop at, from state[1] on: each pair (neg[a], pos[c]) with no
 * separating unit within nWords words, as [a, c, a, c, …] (indices into neg and pos), while state[0]
 * takes the maximum over the others (state[1] stays). undefined once there would be more than cap pairs.
 * One pass lists what a scan resumed pair by pair would find, without a call per pair.
 */
export function listUnseparated(
  bits: Uint32Array,
  stride: number,
  neg: Int32Array,
  pos: Int32Array,
  nWords: number,
  state: Float64Array,
  cap: number,
): Int32Array | undefined {
  const nPos = pos.length,
    list: number[] = [];
  let max = state[0];
  for (let at = state[1], end = neg.length * nPos; at < end; at++) {
    const a = Math.floor(at / nPos),
      c = at - a * nPos;
    const j = firstSeparatingUnit(bits, pos[c] * stride, neg[a] * stride, nWords);
    if (j > max) max = j;
    else if (j < 0 && list.push(a, c) > 2 * cap) return undefined;
  }
  state[0] = max;
  return Int32Array.from(list);
}

/** rowMaxima's value for a row with a pair that has no separating unit within the words scanned */
export const UNSEPARATED = 0x7fffffff;

/**
 * Per x⁻ row rows[r]: the largest first separating unit over its pairs with every x⁺ of pos (−1 when pos
 * is empty), or UNSEPARATED when one of them has none within nWords words; into out[r]. Ranks points by
 * how late their pairs separate (the bottleneck rows, memorize/bottleneck.ts).
 */
export function rowMaxima(bits: Uint32Array, stride: number, rows: Int32Array, pos: Int32Array, nWords: number, out: Int32Array): void {
  const state = new Float64Array(2);
  for (let r = 0; r < rows.length; r++) {
    state.set([-1, 0]);
    out[r] = scanFirstSeparatingUnits(bits, stride, rows.subarray(r, r + 1), pos, nWords, state) ? state[0] : UNSEPARATED;
  }
}
