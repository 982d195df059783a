// Which implementation of the hot loops runs: the TypeScript kernels of this folder (the reference) or
// their WebAssembly ports (kernels/wasm/). Both implement the interfaces below and agree bit for bit
// (test/unit/kernels/wasm.test.ts), so the choice changes speed, never a result.
//
// The interfaces are "bound" objects rather than free functions because WebAssembly only sees its own
// linear memory: binding copies the points (or bit rows) in once, and the calls that follow, many
// and small, work on the resident copy.
import { nearestAcross, spreadProjection, type Across, type AcrossOptions, type SketchSeeds } from './distances';
import { copyWords } from './bitRows';
import { denseProducts, tridiagonalize, type Dense, type DenseProducts } from './dense';
import type { Sketch } from './sketch';
import { kNearest, type KAcross, type KNearestOptions } from './kNearest';
import { thresholdBits } from './layer1';
import { markAndPopcountBelow, minAndPopcount } from './popcount';
import { listUnseparated, rowMaxima, scanFirstSeparatingUnits } from './separatingUnit';
import { createWasmKernels, decodeBase64 } from './wasm/wasmKernels';

/** s(x) = ⟨u, h(x)⟩ over the first n units of bit-packed threshold activations (the cover loop's view). */
export interface BitScores {
  readonly n: number;
  /** u = indicator of the units inactive at point i, bit-packed into u */
  setInactive(i: number, u: Uint32Array): void;
  /**
   * min over rows[0..count) of popcount(h(x) & u); more than n when count is 0. The rows must not be
   * changed between calls with the same array (the cover loop passes X⁺, fixed for the whole loop):
   * the WebAssembly backend copies them into its memory only when the array or the count changes.
   */
  min(rows: Int32Array, count: number, u: Uint32Array): number;
  /** below[r] = 1 iff popcount(h(x_rows[r]) & u) < bound; returns how many */
  markBelow(rows: Int32Array, count: number, u: Uint32Array, bound: number, below: Uint8Array): number;
}

/**
 * The threshold first layer of one dataset for up to `units` units and `biasSets` bias vectors (one per
 * λ: the same W, so W·x is computed once for all of them), with the operations on its bit rows.
 */
export interface ThresholdLayer {
  /** words per bit row: ⌈units/32⌉ */
  readonly stride: number;
  /**
   * the bit rows of bias set l: N × stride; bit j of row i is 1 iff unit j is active at x_i. Written
   * only through compute and setWords (the WebAssembly scan keeps a copy of leading words between them).
   */
  bits(l: number): Uint32Array;
  /**
   * Units [unitStart, unitEnd) (unitStart a multiple of 32) of W (rows of d) with biases[l] for bias
   * set l: thresholdBits for each set, the product computed once. Other words are left as they are, and
   * with rows, other points' rows too.
   */
  compute(W: Float32Array, biases: Float32Array[], unitStart: number, unitEnd: number, rows?: Int32Array): void;
  /**
   * how many (point, unit) entries compute has decided by the exact float64 recomputation (the
   * WebAssembly layer's float32 product falls back to it near the threshold); absent when every
   * entry is computed exactly
   */
  exactEntries?(): number;
  /** the first `words` words of every bit row of set l from src (rows srcStride apart): bits kept from earlier */
  setWords(l: number, src: Uint32Array, srcStride: number, words: number): void;
  /**
   * scanFirstSeparatingUnits on bits(l); neg and pos must not change between calls with the same arrays
   * (as for BitScores.min). Where a scan stops, state[0] may lack the first units below 64 of the pairs
   * before it (it holds them once it is 64 or more); once every pair is scanned it is the maximum exactly.
   */
  scan(l: number, neg: Int32Array, pos: Int32Array, nWords: number, state: Float64Array): boolean;
  /**
   * listUnseparated (separatingUnit.ts) on bits(l), from where a scan stopped: every pair the scan would
   * stop at, at most cap (≤ the layer's listPairs) or undefined; state[0] then has scan's caveat below 64.
   */
  listUnseparated(l: number, neg: Int32Array, pos: Int32Array, nWords: number, state: Float64Array, cap: number): Int32Array | undefined;
  /** rowMaxima (separatingUnit.ts) on bits(l): out[r] for each of rows, in one pass */
  rowMaxima(l: number, rows: Int32Array, pos: Int32Array, nWords: number, out: Int32Array): void;
  /** the cover loop's scores on bits(l) over the first n units, valid until the next compute */
  scores(l: number, n: number): BitScores;
  /**
   * The layer is no longer used (nor its bits, nor scores from it): the WebAssembly backend hands its
   * instance to the next layer instead of creating one (a draw's few-point layer, a cover loop's).
   */
  release?(): void;
}

export interface KernelBackend {
  readonly name: 'typescript' | 'webassembly';
  /** listPairs: the most pairs one listUnseparated call may list (its buffer, in WebAssembly memory); 0 when absent */
  thresholdLayer(X: Float32Array, N: number, d: number, units: number, biasSets: number, listPairs?: number): ThresholdLayer;
  /**
   * For each point of rows (indices into X, rows of d), its nearest point among cols, exactly as the
   * reference nearestAcross (kernels/distances.ts) defines it; with wantCols each column's among rows too.
   */
  nearestAcross(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, options?: AcrossOptions): Across;
  /**
   * A certified sketch of the N points of X for nearestAcross's options (kernels/sketch.ts), or undefined
   * where this backend would not use one.
   */
  sketch?(X: Float32Array, N: number, d: number): Sketch | undefined;
  /**
   * Each point of rows' nearest among cols in the sketch, and each of cols' among rows (distances.ts:
   * SketchSeeds): a cheap first partner, from which AcrossOptions.upper is measured.
   */
  sketchSeeds?(rows: Int32Array, cols: Int32Array, sketch: Sketch): SketchSeeds;
  /** The k nearest of each point of rows among cols (and with wantCols the reverse), exactly as the reference kNearest (kernels/kNearest.ts). */
  kNearest(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, k: number, options?: KNearestOptions): KAcross;
  /**
   * For each point of rows, an upper bound of the reference's squared distance to its k-th nearest among
   * cols (itself excluded; Infinity for fewer partners), from k partners picked in the sketch: the
   * KNearestOptions.upper of searches whose lists are merged over cols.
   */
  kNearestBounds?(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, k: number, sketch: Sketch): Float64Array;
  /** The matrices bound for many float64 products, exactly as the reference rowProducts (kernels/dense.ts) computes them. */
  denseProducts(matrices: Dense[]): DenseProducts;
  /** diag and off of the symmetric A's tridiagonal form, exactly as the reference tridiagonalize (kernels/dense.ts); A is overwritten. */
  tridiagonalize(A: Float64Array, m: number, diag: Float64Array, off: Float64Array): void;
  /** The rows' projections on a direction of large spread and that direction, exactly as the reference spreadProjection (kernels/distances.ts). */
  spreadProjection(X: Float32Array, N: number, d: number): { proj: Float64Array; direction: Float64Array };
}

export const typescriptKernels: KernelBackend = {
  name: 'typescript',
  thresholdLayer(X, N, d, units, biasSets) {
    const stride = (units + 31) >>> 5;
    const rows = Array.from({ length: biasSets }, () => new Uint32Array(N * stride));
    return {
      stride,
      bits: (l) => rows[l],
      compute: (W, biases, unitStart, unitEnd, points) => thresholdBits(X, N, d, W, biases, unitStart, unitEnd, rows, stride, points),
      setWords: (l, src, srcStride, words) => copyWords(rows[l], stride, src, srcStride, words, N),
      scan: (l, neg, pos, nWords, state) => scanFirstSeparatingUnits(rows[l], stride, neg, pos, nWords, state),
      listUnseparated: (l, neg, pos, nWords, state, cap) => listUnseparated(rows[l], stride, neg, pos, nWords, state, cap),
      rowMaxima: (l, r, pos, nWords, out) => rowMaxima(rows[l], stride, r, pos, nWords, out),
      scores: (l, n) => bitScores(rows[l], stride, n),
    };
  },
  nearestAcross,
  kNearest,
  denseProducts,
  tridiagonalize,
  spreadProjection,
};

/** A layer holding bit rows computed elsewhere (no points, so nothing to compute): their scores for the cover loop. Only
 * the first `words` words of each row when given (rows `stride` words apart in bits). */
export function bitLayer(bits: Uint32Array, N: number, stride: number, words = stride): ThresholdLayer {
  const layer = kernels().thresholdLayer(new Float32Array(0), N, 0, words * 32, 1);
  layer.setWords(0, bits, stride, words);
  return layer;
}

export function bitScores(bits: Uint32Array, stride: number, n: number): BitScores {
  const nWords = (n + 31) >>> 5;
  const lastMask = n % 32 === 0 ? 0xffffffff : (1 << (n % 32)) - 1;
  return {
    n,
    setInactive(i, u) {
      const o = i * stride;
      for (let w = 0; w < nWords; w++) u[w] = ~bits[o + w];
      if (nWords > 0) u[nWords - 1] &= lastMask;
    },
    min: (rows, count, u) => minAndPopcount(bits, stride, rows, count, u, nWords),
    markBelow: (rows, count, u, bound, below) => markAndPopcountBelow(bits, stride, rows, count, u, nWords, bound, below),
  };
}

/** The bundles define this as the base64 of kernels.wasm (scripts/build.mjs); under tsx it is absent. */
declare const __DATASET_GEOMETRY_KERNELS_WASM__: string | undefined;

let active: KernelBackend | undefined;

/** The backend in use: set by useKernels, else the WebAssembly one built into the bundle, else TypeScript. */
export function kernels(): KernelBackend {
  if (!active) {
    active = typeof __DATASET_GEOMETRY_KERNELS_WASM__ === 'string' ? createWasmKernels(decodeBase64(__DATASET_GEOMETRY_KERNELS_WASM__)) : typescriptKernels;
  }
  return active;
}

/** Selects a backend (tests and benchmarks compare them); undefined returns to the default. */
export function useKernels(backend: KernelBackend | undefined): void {
  active = backend;
}
