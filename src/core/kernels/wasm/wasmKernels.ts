// The WebAssembly backend: binds the kernels compiled from assembly/kernels.ts (scripts/build.mjs embeds
// the .wasm in every bundle) to the KernelBackend interface.
//
// Memory: every bound object gets its own instance, so its own linear memory, laid out and grown once
// when it is created. Views on that memory (bits(l)) therefore stay valid for the object's lifetime, and
// no other object can grow or overwrite it. Instantiating a compiled module takes microseconds.
import type { BitScores, KernelBackend, ThresholdLayer } from '../backend';
import { copyWords } from '../bitRows';
import { projectionOrder } from '../distances';

// Only what this file uses; core is built without DOM or Node types, where WebAssembly is declared.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Exports {
  memory: Memory;
  packUnits(w: number, units: number, d: number, wt: number): void;
  thresholdBits(
    x: number, pStart: number, pEnd: number, d: number, wt: number, wRaw: number, unitNorm: number, pointScale: number,
    eta: number, bias: number, biasStride: number, sets: number, unitStart: number, unitEnd: number, out: number,
    stride: number, outSetBytes: number, xb: number, words: number,
  ): number;
  minAndPopcount(bits: number, stride: number, rows: number, rowCount: number, u: number, nWords: number): number;
  markAndPopcountBelow(
    bits: number, stride: number, rows: number, rowCount: number, u: number, nWords: number, bound: number, below: number,
  ): number;
  scanFirstSeparatingUnits(
    bits: number, stride: number, neg: number, negEnd: number, pos: number, nPos: number, nWords: number, state: number,
  ): number;
  nearestOppositeRows(
    x: number, N: number, d: number, proj: number, order: number, rank: number, label: number, neighbor: number, best2: number,
    i0: number, i1: number,
  ): void;
}

/** points per layer-1 block, as POINTS in assembly/kernels.ts */
const POINTS = 64;
/** products per partial sum of the layer-1 kernel, as BLOCK_TERMS in assembly/kernels.ts */
const BLOCK_TERMS = 32;
/** work per call: a few milliseconds, so calls are long against their overhead and short against tier-up */
const SLICE_FLOPS = 5e7;
const SLICE_PAIRS = 1 << 20;

// The layer-1 kernel's margin factors (the bound is derived in assembly/kernels.ts): float32 values at
// least as large as the quantities they stand for.
/** γ_n = nu/(1 − nu), the relative error bound of n rounding steps of unit roundoff u */
const gamma = (n: number, u: number) => (n * u < 0.5 ? (n * u) / (1 - n * u) : Infinity);
/**
 * A float32 ≥ the true value of v, a norm (or a few products of one) computed in float64: squares of
 * float32 values are exact there, so its relative error is below (d + 2)·2⁻⁵³, under 2⁻²² for any
 * d < 2³⁰; the 2⁻²⁰ inflation covers that and the rounding to float32 (2⁻²⁴), the 2⁻¹⁴⁰ a subnormal result.
 */
const upperF32 = (v: number) => Math.fround(v * (1 + 2 ** -20) + 2 ** -140);
function rowNorm(A: Float32Array, row: number, d: number): number {
  let s = 0;
  for (let k = row * d, end = k + d; k < end; k++) s += A[k] * A[k];
  return Math.sqrt(s);
}

/** Byte offsets of named regions, each 16-byte aligned, and one memory grown to hold them all. */
function layout<K extends string>(exports: Exports, sizes: Record<K, number>): Record<K, number> {
  const at = {} as Record<K, number>;
  let top = 16; // keep 0 unused: a null offset would be a silent bug
  for (const k of Object.keys(sizes) as K[]) {
    at[k] = top;
    top += Math.ceil(sizes[k] / 16) * 16;
  }
  const need = Math.ceil(top / 65536) - exports.memory.buffer.byteLength / 65536;
  if (need > 0 && exports.memory.grow(need) < 0) throw new RangeError(`WebAssembly memory of ${top} bytes is not available`);
  return at;
}

export function createWasmKernels(bytes: Uint8Array): KernelBackend {
  const module = new WebAssembly.Module(bytes);
  const instantiate = () => new WebAssembly.Instance(module, {}).exports as unknown as Exports;

  return {
    name: 'webassembly',
    thresholdLayer(X, N, d, units, biasSets): ThresholdLayer {
      const e = instantiate();
      const cap = ((units + 31) >>> 5) << 5;
      const stride = cap >>> 5;
      const setBytes = N * stride * 4;
      const biasStride = cap + 8; // the kernel reads whole groups of 8 biases
      const at = layout(e, {
        x: X.length * 4, wRaw: cap * d * 4, wt: cap * d * 4, bias: biasSets * biasStride * 4,
        unitNorm: (cap + 8) * 4, pointScale: (N + 4) * 4, bits: biasSets * setBytes, xb: POINTS * d * 4, words: 16 * biasSets,
        rowsA: N * 4, rowsB: N * 4, minRows: N * 4, u: stride * 4, below: N, state: 8,
      });
      const buf = e.memory.buffer;
      new Float32Array(buf, at.x, X.length).set(X);
      const wRaw = new Float32Array(buf, at.wRaw, cap * d);
      const bias = new Float32Array(buf, at.bias, biasSets * biasStride);
      const bits = Array.from({ length: biasSets }, (_, l) => new Uint32Array(buf, at.bits + l * setBytes, N * stride));
      const rowsA = new Int32Array(buf, at.rowsA, N), rowsB = new Int32Array(buf, at.rowsB, N);
      const minRows = new Int32Array(buf, at.minRows, N);
      // min's rows (X⁺ in the cover loop: the same array on every call) are copied in once
      let minRowsOf: Int32Array | undefined, minRowsCount = -1;
      const u = new Uint32Array(buf, at.u, stride), below = new Uint8Array(buf, at.below, N);
      const state = new Int32Array(buf, at.state, 2);
      // margin factors: CX_i ≥ 2g‖x_i‖ per point, η′ = 2d·2⁻¹⁴⁹; NW_j per unit in compute
      const h = Math.min(BLOCK_TERMS, d) + Math.ceil(d / BLOCK_TERMS) - 1;
      const g = gamma(h, 2 ** -24) + gamma(d - 1, 2 ** -53);
      const pointScale = new Float32Array(buf, at.pointScale, N);
      let maxNormX = 0;
      for (let i = 0; i < N; i++) {
        const norm = rowNorm(X, i, d);
        maxNormX = Math.max(maxNormX, norm);
        pointScale[i] = upperF32(2 * g * norm);
      }
      const eta = upperF32(d * 2 ** -148);
      const unitNorm = new Float32Array(buf, at.unitNorm, cap + 8);
      let exactEntries = 0;

      return {
        stride,
        bits: (l) => bits[l],
        compute(W, biases, unitStart, unitEnd) {
          if (unitStart % 32 !== 0) throw new RangeError(`unitStart ${unitStart} is not a multiple of 32`);
          if (unitEnd > cap) throw new RangeError(`unit ${unitEnd} is past the layer's ${cap} units`);
          if (unitEnd <= unitStart) return;
          wRaw.set(W.subarray(unitStart * d, unitEnd * d));
          e.packUnits(at.wRaw, unitEnd - unitStart, d, at.wt);
          biases.forEach((b, l) => bias.set(b.subarray(unitStart, unitEnd), l * biasStride + unitStart));
          for (let j = unitStart; j < unitEnd; j++) {
            const nw = upperF32(rowNorm(W, j, d));
            // ∞ (every entry of the unit exact) where float32 sums could overflow: see the bound's derivation
            unitNorm[j] = nw * upperF32(maxNormX) < 2 ** 120 ? nw : Infinity;
          }
          // Slices of about SLICE_FLOPS each: V8 first runs new WebAssembly code unoptimised and switches to
          // the optimised code only between calls, so one long call would run slow to its end.
          const step = Math.max(POINTS, Math.floor(SLICE_FLOPS / (2 * d * (unitEnd - unitStart) * POINTS)) * POINTS);
          for (let p0 = 0; p0 < N; p0 += step) {
            exactEntries += e.thresholdBits(
              at.x, p0, Math.min(N, p0 + step), d, at.wt, at.wRaw, at.unitNorm, at.pointScale, eta, at.bias, biasStride,
              biasSets, unitStart, unitEnd, at.bits, stride, setBytes, at.xb, at.words,
            );
          }
        },
        exactEntries: () => exactEntries,
        setWords(l, src, srcStride, words) {
          copyWords(bits[l], stride, src, srcStride, words, N);
        },
        scan(l, neg, pos, nWords, st) {
          rowsA.set(neg);
          rowsB.set(pos);
          state.set(st);
          if (neg.length === 0 || pos.length === 0) {
            st[1] = 0;
            return true;
          }
          // slices of about SLICE_PAIRS pairs, as in compute
          const step = Math.max(1, Math.floor(SLICE_PAIRS / pos.length));
          for (let end = Math.floor(st[1] / pos.length) + step; ; end += step) {
            const last = end >= neg.length;
            const done = e.scanFirstSeparatingUnits(
              at.bits + l * setBytes, stride, at.rowsA, last ? neg.length : end, at.rowsB, pos.length, nWords, at.state,
            );
            if (done !== 1 || last) {
              st.set(state);
              return done === 1;
            }
          }
        },
        scores(l, n): BitScores {
          const nWords = (n + 31) >>> 5;
          const lastMask = n % 32 === 0 ? 0xffffffff : (1 << n % 32) - 1;
          const rows = bits[l], base = at.bits + l * setBytes;
          return {
            n,
            setInactive(i, out) {
              const o = i * stride;
              for (let w = 0; w < nWords; w++) out[w] = ~rows[o + w];
              if (nWords > 0) out[nWords - 1] &= lastMask;
            },
            min(r, count, uIn) {
              if (r !== minRowsOf || count !== minRowsCount) {
                minRows.set(r.subarray(0, count));
                minRowsOf = r;
                minRowsCount = count;
              }
              u.set(uIn.subarray(0, nWords));
              return e.minAndPopcount(base, stride, at.minRows, count, at.u, nWords);
            },
            markBelow(r, count, uIn, bound, out) {
              rowsA.set(r.subarray(0, count));
              u.set(uIn.subarray(0, nWords));
              // counts are at most n, so a bound above n (Infinity included) marks every row, and none
              // is below a bound ≤ 0
              const c = e.markAndPopcountBelow(
                base, stride, at.rowsA, count, at.u, nWords, Math.max(0, Math.min(bound, n + 1)), at.below,
              );
              out.set(below.subarray(0, count));
              return c;
            },
          };
        },
      };
    },
    nearestOpposite(X, N, d, label, options = {}) {
      const { onRow, rows: [i0, i1] = [0, N] } = options;
      const { proj, order, rank } = options.projection ?? projectionOrder(X, N, d);
      const e = instantiate();
      const at = layout(e, { x: X.length * 4, proj: N * 8, order: N * 4, rank: N * 4, label: N * 4, neighbor: N * 4, best2: N * 8 });
      const buf = e.memory.buffer;
      new Float32Array(buf, at.x, X.length).set(X);
      new Float64Array(buf, at.proj, N).set(proj);
      new Int32Array(buf, at.order, N).set(order);
      new Int32Array(buf, at.rank, N).set(rank);
      new Int32Array(buf, at.label, N).set(label.subarray(0, N));
      new Int32Array(buf, at.neighbor, N).fill(-1);
      new Float64Array(buf, at.best2, N).fill(Infinity);
      // 256 rows per call, as often as the TypeScript scan reports progress (and short calls, see compute)
      for (let r = i0; r < i1; r += 256) {
        onRow?.(r);
        e.nearestOppositeRows(at.x, N, d, at.proj, at.order, at.rank, at.label, at.neighbor, at.best2, r, Math.min(i1, r + 256));
      }
      const neighbor = new Int32Array(buf, at.neighbor, N).slice(i0, i1);
      const distance = Float64Array.from(new Float64Array(buf, at.best2, N).subarray(i0, i1), Math.sqrt);
      return { neighbor, distance };
    },
  };
}

/** base64 (the bundles embed kernels.wasm so) to bytes; core has neither atob nor Buffer. */
export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Int16Array(128).fill(-1);
  for (let q = 0; q < 64; q++) value[alphabet.charCodeAt(q)] = q;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let acc = 0, bitsHeld = 0, o = 0;
  for (let q = 0; q < clean.length; q++) {
    const v = value[clean.charCodeAt(q)];
    if (v < 0) throw new Error(`invalid base64 at ${q}`);
    acc = (acc << 6) | v;
    bitsHeld += 6;
    if (bitsHeld >= 8) {
      bitsHeld -= 8;
      out[o++] = (acc >>> bitsHeld) & 0xff;
    }
  }
  return out;
}
