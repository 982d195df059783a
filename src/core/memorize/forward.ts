// A literal forward pass of the three-layer network (SCIENCE.md §2, step 3), written from the definitions and
// sharing no code with the kernels but the 32-bit popcount and the dot products (geometry/points.ts rowDots,
// which the TypeScript kernel uses too; the WebAssembly one, the one that runs, has its own), so it checks
// them: layer 1 z = Wx + b, h = σ(z) over the first n units; layer 2 g_k = σ(m_k − ⟨u_k, h⟩); output X⁻
// iff some g_k > 0. It follows the arithmetic contract of kernels/layer1.ts (float64 sums in ascending
// order) and keeps ReLU activations in float32 as the network does, so that x⁺ attaining the minimum m
// sit exactly at m − s = 0.
import { rowDots } from '../geometry/points';
import { popcount32 } from '../kernels/popcount';
import type { Activation } from '../report';
import type { SecondLayer } from './coverLoop';

/**
 * For each second layer (all on the same first n units): 1 where that network says X⁻, 0 where it says
 * X⁺, for every one of the N points. Several layers share one first layer in one-vs-rest.
 */
export function classify(
  X: Float32Array,
  N: number,
  d: number,
  W: Float32Array,
  b: Float32Array,
  activation: Activation,
  layers: SecondLayer[],
  /** classify only these points (the others stay 0); all N when absent */
  rows?: Int32Array,
): Uint8Array[] {
  const n = layers[0]?.n ?? 0;
  const sigma = activation === 'threshold' ? (t: number) => (t > 0 ? 1 : 0) : (t: number) => (t > 0 ? t : 0);
  const z = new Float64Array(n);
  const h = new Float32Array(n);
  const active = new Int32Array(n);
  const hWords = new Uint32Array((n + 31) >>> 5);
  const outs = layers.map(() => new Uint8Array(N));
  for (let r = 0, end = rows ? rows.length : N; r < end; r++) {
    const i = rows ? rows[r] : r;
    let count = 0;
    hWords.fill(0);
    // four units at a time (rowDots): four independent chains of additions instead of one, which is what
    // keeps this pass at a fraction of its budget's time
    rowDots(X, i * d, W, 0, n, d, z, 0);
    for (let j = 0; j < n; j++) h[j] = sigma(z[j] + b[j]);
    for (let u = 0; u < n; u++) {
      if (h[u] !== 0) {
        active[count++] = u;
        hWords[u >>> 5] |= 1 << (u & 31);
      }
    }
    layers.forEach(({ K, nWords, U, m }, q) => {
      for (let k = 0; k < K && !outs[q][i]; k++) {
        let s = 0;
        if (activation === 'threshold') {
          // h is 0/1, so ⟨u_k, h⟩ counts the units set in both: 32 at a time (popcount32 is checked
          // against a bit-by-bit count in its own test), stopping once s ≥ m_k: the count only grows and
          // σ(m_k − s) would stay 0 (every x⁺ has s ≥ m_k, so most rows would otherwise count all K rows whole)
          for (let w = 0; w < nWords && s < m[k]; w++) s += popcount32(U[k * nWords + w] & hWords[w]);
        } else {
          // Σ_j u_kj·h_j over the units with h_j ≠ 0 only (the other terms add exactly +0), stopping once
          // s ≥ m_k: every h_j ≥ 0, so the float partial sums only grow and σ(m_k − s) would stay 0.
          for (let a = 0; a < count && s < m[k]; a++) {
            const j = active[a];
            s += ((U[k * nWords + (j >>> 5)] >>> (j & 31)) & 1) * h[j];
          }
        }
        if (sigma(m[k] - s) > 0) outs[q][i] = 1;
      }
    });
  }
  return outs;
}

/** The network interpolates: every x⁻ classified X⁻ and every x⁺ classified X⁺ (among `rows` only, when given: the points classified). */
export function interpolates(predictedNegative: Uint8Array, neg: Int32Array, pos: Int32Array, rows?: Int32Array): boolean {
  const checked = rows ? new Set(rows) : undefined;
  for (const i of neg) if (!predictedNegative[i] && (!checked || checked.has(i))) return false;
  for (const i of pos) if (predictedNegative[i]) return false;
  return true;
}
