// The ReLU counterpart of popcount.ts: s(x) = Σ_{j ∈ u} h_j(x) over float32 activations, u given as a
// list of unit indices in ascending order (summed in that order, in float64, so the cover loop and the
// literal forward pass get identical sums). Activations are ≥ 0, so partial sums only grow: a row can
// stop as soon as its partial sum decides the question, exactly as with the bit counts.

/** min over rows[0..rowCount) of the masked sum; Infinity when rowCount is 0. */
export function minMaskedSum(act: Float32Array, stride: number, rows: Int32Array, rowCount: number, units: Int32Array, unitCount: number): number {
  let min = Infinity;
  for (let r = 0; r < rowCount && min > 0; r++) {
    const o = rows[r] * stride;
    let s = 0;
    for (let q = 0; q < unitCount && s < min; q++) s += act[o + units[q]];
    if (s < min) min = s;
  }
  return min;
}

/** below[r] = 1 iff the masked sum of rows[r] is < bound; returns how many rows are below. */
export function markMaskedSumBelow(
  act: Float32Array,
  stride: number,
  rows: Int32Array,
  rowCount: number,
  units: Int32Array,
  unitCount: number,
  bound: number,
  below: Uint8Array,
): number {
  let count = 0;
  for (let r = 0; r < rowCount; r++) {
    const o = rows[r] * stride;
    let s = 0;
    for (let q = 0; q < unitCount && s < bound; q++) s += act[o + units[q]];
    const isBelow = s < bound ? 1 : 0;
    below[r] = isBelow;
    count += isBelow;
  }
  return count;
}
