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
 * min over rows[0..rowCount) of popcount(bits[row·stride .. +nWords) & u). A row stops counting once
 * its partial count reaches the running minimum (it cannot lower it), and the scan ends at 0.
 * Returns nWords·32 + 1 (more than any count) when rowCount is 0.
 */
export function minAndPopcount(bits: Uint32Array, stride: number, rows: Int32Array, rowCount: number, u: Uint32Array, nWords: number): number {
  let min = nWords * 32 + 1;
  for (let r = 0; r < rowCount && min > 0; r++) {
    const o = rows[r] * stride;
    let c = 0;
    for (let w = 0; w < nWords && c < min; w++) c += popcount32(bits[o + w] & u[w]);
    if (c < min) min = c;
  }
  return min;
}

/**
 * below[r] = 1 iff popcount(bits[rows[r]] & u) < bound, for r < rowCount; a row stops counting once
 * it reaches the bound. Returns how many rows are below.
 */
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
  let count = 0;
  for (let r = 0; r < rowCount; r++) {
    const o = rows[r] * stride;
    let c = 0;
    for (let w = 0; w < nWords && c < bound; w++) c += popcount32(bits[o + w] & u[w]);
    const isBelow = c < bound ? 1 : 0;
    below[r] = isBelow;
    count += isBelow;
  }
  return count;
}
