// Inner products ⟨u, h(x)⟩ of a 0/1 vector u with bit-packed threshold activations h(x): AND, then
// count bits. The cover loop only ever asks two questions about these counts (the minimum over X⁺,
// and which x⁻ fall below a bound), so both stop counting a row as soon as the answer is decided.

/** Number of set bits of a 32-bit word (SWAR). */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The score of the row at offset o, a sum that only grows term by term, stopped once it reaches limit:
 * the terms left cannot bring it back below, so any value ≥ limit answers both questions.
 */
export type PartialScore = (o: number, limit: number) => number;

/**
 * min over rows[0..rowCount) of the score (rows `stride` apart). A row stops once its partial score
 * reaches the running minimum (it cannot lower it), and the scan ends at 0. Returns `none` when rowCount is 0.
 */
export function minScore(score: PartialScore, stride: number, rows: Int32Array, rowCount: number, none: number): number {
  let min = none;
  for (let r = 0; r < rowCount && min > 0; r++) {
    const s = score(rows[r] * stride, min);
    if (s < min) min = s;
  }
  return min;
}

/** below[r] = 1 iff the score of rows[r] is < bound, for r < rowCount (a row stops at the bound); returns how many rows are below. */
export function markScoreBelow(score: PartialScore, stride: number, rows: Int32Array, rowCount: number, bound: number, below: Uint8Array): number {
  let count = 0;
  for (let r = 0; r < rowCount; r++) {
    const isBelow = score(rows[r] * stride, bound) < bound ? 1 : 0;
    below[r] = isBelow;
    count += isBelow;
  }
  return count;
}

/** popcount(bits[o .. o + nWords) & u) as a PartialScore */
function andCount(bits: Uint32Array, u: Uint32Array, nWords: number): PartialScore {
  return (o, limit) => {
    let c = 0;
    for (let w = 0; w < nWords && c < limit; w++) c += popcount32(bits[o + w] & u[w]);
    return c;
  };
}

/** min over rows[0..rowCount) of popcount(bits[row·stride .. +nWords) & u); nWords·32 + 1 (more than any count) when rowCount is 0. */
export function minAndPopcount(bits: Uint32Array, stride: number, rows: Int32Array, rowCount: number, u: Uint32Array, nWords: number): number {
  return minScore(andCount(bits, u, nWords), stride, rows, rowCount, nWords * 32 + 1);
}

/** below[r] = 1 iff popcount(bits[rows[r]] & u) < bound, for r < rowCount; returns how many rows are below. */
export function markAndPopcountBelow(
  bits: Uint32Array,
  stride: number,
  rows: Int32Array,
  rowCount: number,
  u: Uint32Array,
  nWords: number,
  bound: number,
  below: Uint8Array,
): number {
  return markScoreBelow(andCount(bits, u, nWords), stride, rows, rowCount, bound, below);
}
