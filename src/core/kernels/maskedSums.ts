// The ReLU counterpart of popcount.ts: s(x) = Σ_{j ∈ u} h_j(x) over float32 activations, u given as a
// list of unit indices in ascending order (summed in that order, in float64, so the cover loop and the
// literal forward pass get identical sums). Activations are ≥ 0, so partial sums only grow: a row can
// stop as soon as its partial sum decides the question, exactly as with the bit counts.
import { markScoreBelow, minScore, type PartialScore } from './popcount';

/** Σ_q act[o + units[q]] over q < unitCount as a PartialScore */
function maskedSum(act: Float32Array, units: Int32Array, unitCount: number): PartialScore {
  return (o, limit) => {
    let s = 0;
    for (let q = 0; q < unitCount && s < limit; q++) s += act[o + units[q]];
    return s;
  };
}

/** min over rows[0..rowCount) of the masked sum; Infinity when rowCount is 0. */
export function minMaskedSum(act: Float32Array, stride: number, rows: Int32Array, rowCount: number, units: Int32Array, unitCount: number): number {
  return minScore(maskedSum(act, units, unitCount), stride, rows, rowCount, Infinity);
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
  return markScoreBelow(maskedSum(act, units, unitCount), stride, rows, rowCount, bound, below);
}
