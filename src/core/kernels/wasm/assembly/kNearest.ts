// ---- the exact recheck of the k-nearest search's candidates (blockedKNearest in ../wasmKernels.ts).
// Re-exported by kernels.ts, the module's entry.
//
// The reference's squared distance, bit for bit: each difference of two float32 coordinates and its
// square in float64, added one by one in ascending coordinates (no fused multiply-add without relaxed
// SIMD, which is off), as squaredDistanceBounded (kernels/distances.ts) does with no bound.

/**
 * out[p] = Σ_k (a[i, k] − b[j, k])² for the count pairs (i, j) at pairs (int32, i then j): rows of d
 * float32 at a and at b; out: float64.
 */
export function exactSquared(a: usize, b: usize, d: i32, pairs: usize, count: i32, out: usize): void {
  const rowBytes = <usize>d << 2;
  for (let p = 0; p < count; p++) {
    const pa = a + <usize>load<i32>(pairs + (<usize>p << 3)) * rowBytes;
    const pb = b + <usize>load<i32>(pairs + (<usize>p << 3), 4) * rowBytes;
    let s: f64 = 0;
    // four coordinates at +0 in both rows add four exact zeros: skipped (a third of an image's pixels are 0)
    const whole = rowBytes & ~(<usize>15);
    for (let k: usize = 0; k < whole; k += 16) {
      if (!v128.any_true(v128.or(v128.load(pa + k), v128.load(pb + k)))) continue;
      for (let q: usize = k; q < k + 16; q += 4) {
        const t = <f64>load<f32>(pa + q) - <f64>load<f32>(pb + q);
        s += t * t;
      }
    }
    for (let k: usize = whole; k < rowBytes; k += 4) {
      const t = <f64>load<f32>(pa + k) - <f64>load<f32>(pb + k);
      s += t * t;
    }
    store<f64>(out + (<usize>p << 3), s);
  }
}
