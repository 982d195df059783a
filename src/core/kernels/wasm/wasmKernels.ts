// The WebAssembly backend: binds the kernels compiled from assembly/kernels.ts (scripts/build.mjs embeds
// the .wasm in every bundle) to the KernelBackend interface.
//
// Memory: every bound object gets its own instance, so its own linear memory, laid out and grown once
// when it is created. Views on that memory (bits(l)) therefore stay valid for the object's lifetime, and
// no other object can grow or overwrite it. Instantiating a compiled module takes microseconds.
import type { BitScores, KernelBackend, ThresholdLayer } from '../backend';
import { copyWords } from '../bitRows';
import { closestOf, nearestAcross as referenceAcross, squaredDistanceBounded, type Across, type AcrossOptions, type SketchSeeds } from '../distances';
import { sketchBasis, sketchNorms, sketchOf, type Sketch } from '../sketch';
import { kNearest as referenceKNearest, type KAcross, type KNearestOptions } from '../kNearest';
import { kNearestBounds, prunedKNearest } from './kNearestPruned';
import { BLOCK_TERMS, distanceError, gamma, pruneBound, tilesFit, upperF32, upperSquared } from './errorBounds';
import { ACROSS_COLUMNS, KSearch, packSketches, PRUNE_MIN_D, RECHECK_PAIRS, recheckSearches } from './kSearch';
import { layout, packedBytes, POINTS, type Memory } from './memory';
import { wasmDenseProducts, wasmSpreadProjection, wasmTridiagonalize, type DenseExports } from './wasmDense';

// Only what this file uses; core is built without DOM or Node types, where WebAssembly is declared.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** n numbers: a long kernel's arguments, in the order its AssemblyScript signature (assembly/kernels.ts) names them */
type Numbers<N extends number, T extends number[] = []> = T['length'] extends N ? T : Numbers<N, [...T, number]>;
/** An export of that many arguments: checked for count here, the names where the kernel is written. */
type Kernel<N extends number, R = void> = (...args: Numbers<N>) => R;

export interface Exports {
  memory: Memory;
  packUnits(w: number, units: number, d: number, wt: number): void;
  thresholdBits: Kernel<21, number>;
  minAndPopcount(bits: number, stride: number, rows: number, rowCount: number, u: number, nWords: number): number;
  markAndPopcountBelow(bits: number, stride: number, rows: number, rowCount: number, u: number, nWords: number, bound: number, below: number): number;
  fillPlane(bits: number, stride: number, pos: number, nPos: number, words: number, plane: number): void;
  planeMaxAll(bits: number, stride: number, neg: number, nNeg: number, nPos: number, plane: number, planeWords: number): number;
  scanFirstSeparatingUnits: Kernel<13, number>;
  rowMaxima: Kernel<11>;
  nearestBlock: Kernel<21>;
  distanceTile: Kernel<12>;
  exactSquared(a: number, b: number, d: number, pairs: number, count: number, out: number): void;
  nearestPruned: Kernel<30, number>;
  seedColumns: Kernel<13>;
  sketchSeeds: Kernel<16>;
  sketchKBest: Kernel<14>;
  kNearestCandidates: Kernel<20, number>;
  pairDistances(a: number, b: number, dp: number, normA: number, normB: number, pairs: number, count: number, out: number): void;
}

/**
 * units a layer packs and multiplies at a time: its W copies are this many rows, not the layer's whole
 * width (a draw's few-point layer would otherwise hold 25 MB of them at d = 784, maxWidth 4096)
 */
const UNIT_BLOCK = 512;
/** work per call: a few milliseconds, so calls are long against their overhead and short against tier-up */
const SLICE_FLOPS = 5e7;
const SLICE_PAIRS = 1 << 20;
/** leading words of each x⁺ row the scan gathers into its plane, as PLANE_WORDS in assembly/kernels.ts */
const PLANE_WORDS = 2;
/** the largest memory, and the number, of released layer instances kept for reuse */
const SPARE_LAYER_BYTES = 16 << 20;
const SPARE_LAYERS = 4;

function rowNorm(A: Float32Array, row: number, d: number): number {
  let s = 0;
  for (let k = row * d, end = k + d; k < end; k++) s += A[k] * A[k];
  return Math.sqrt(s);
}

export function createWasmKernels(bytes: Uint8Array): KernelBackend {
  const module = new WebAssembly.Module(bytes);
  const instantiate = () => new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  // released threshold layers' instances (ThresholdLayer.release), kept while their memory is small:
  // a new instance and its memory cost more than the work of a small layer (iris: one per draw)
  const spareLayers: Exports[] = [];
  // the last released layer too large to keep as a spare, with the points it holds: the next layer of the
  // same points (the next task of a map, whose inputs share one X) takes it with X and the margins' point
  // factors in place, where copying X in and measuring every point again cost about 0.1 s at 12,000 × 784.
  // Held weakly, so it costs no memory once the stage is over: a WeakRef's target lives at least to the
  // end of the current job, and a thread runs the tasks it claims from a map in one job.
  let lastLarge: { e: WeakRef<Exports>; X: WeakRef<Float32Array>; N: number; d: number; maxNormX: number } | undefined;
  // nearestAcross's instance is kept for the next call (a task thread makes many), its memory grown as needed
  let across: Exports | undefined;

  return {
    name: 'webassembly',
    thresholdLayer(X, N, d, units, biasSets, listPairs = 0): ThresholdLayer {
      const last = lastLarge;
      lastLarge = undefined;
      const sameE = last && last.X.deref() === X && last.N === N && last.d === d ? last.e.deref() : undefined;
      const same = sameE && last ? { e: sameE, maxNormX: last.maxNormX } : undefined;
      const reused = same?.e ?? spareLayers.pop();
      const e = reused ?? instantiate();
      const cap = ((units + 31) >>> 5) << 5;
      const stride = cap >>> 5;
      const setBytes = N * stride * 4;
      const biasStride = cap + 8; // the kernel reads whole groups of 8 biases
      const at = layout(e, {
        // first, so that a layer of the same points finds them where the last one left them
        x: X.length * 4,
        pointScale: (N + 4) * 4,
        wRaw: Math.min(cap, UNIT_BLOCK) * d * 4,
        wt: Math.min(cap, UNIT_BLOCK) * d * 4,
        bias: biasSets * biasStride * 4,
        unitNorm: (cap + 8) * 4,
        bits: biasSets * setBytes,
        xb: packedBytes(d),
        words: 16 * biasSets,
        rowsA: N * 4,
        rowsB: N * 4,
        computeRows: N * 4,
        minRows: N * 4,
        u: stride * 4,
        below: N,
        state: 16,
        rowOut: N * 4,
        tile: 128,
        plane: PLANE_WORDS * N * 4 + 16,
        list: listPairs * 8,
      });
      const buf = e.memory.buffer;
      // a reused instance's regions start zeroed as a new one's do (words a layer never computes are 0)
      // (only up to this layer's pair list, its last region and only read where written: a spare's memory
      // may be many times larger, and refilling all of it for every small layer, such as the cover loops'
      // bit layers, cost more than their work)
      if (same) new Uint8Array(buf, 0, at.list).fill(0, at.wRaw);
      else if (reused) new Uint8Array(buf, 0, at.list).fill(0, 16);
      if (!same) new Float32Array(buf, at.x, X.length).set(X);
      const wRaw = new Float32Array(buf, at.wRaw, Math.min(cap, UNIT_BLOCK) * d);
      const bias = new Float32Array(buf, at.bias, biasSets * biasStride);
      const bits = Array.from({ length: biasSets }, (_, l) => new Uint32Array(buf, at.bits + l * setBytes, N * stride));
      const rowsA = new Int32Array(buf, at.rowsA, N),
        rowsB = new Int32Array(buf, at.rowsB, N);
      const minRows = new Int32Array(buf, at.minRows, N);
      // min's rows (X⁺ in the cover loop: the same array on every call) are copied in once
      let minRowsOf: Int32Array | undefined,
        minRowsCount = -1;
      // scan's rows likewise: the threshold pass resumes one scan over the same class rows many times
      let scanNeg: Int32Array | undefined, scanPos: Int32Array | undefined;
      // and the plane of the x⁺ rows' leading words: refilled when the bits, the set or the rows change
      let bitsVersion = 0;
      let plane = { version: -1, l: -1, pos: undefined as Int32Array | undefined, words: 0 };
      /** the plane words the scans of pos (in rowsB) use, the plane refilled if stale */
      const planeOf = (l: number, pos: Int32Array, nWords: number) => {
        const words = Math.min(PLANE_WORDS, nWords);
        if (plane.version !== bitsVersion || plane.l !== l || plane.pos !== pos || plane.words < words) {
          e.fillPlane(at.bits + l * setBytes, stride, at.rowsB, pos.length, words, at.plane);
          plane = { version: bitsVersion, l, pos, words };
        }
        return words;
      };
      /**
       * The scan kernel from st over neg's rows (listing up to cap of the pairs it would stop at), in slices of
       * about SLICE_PAIRS pairs as in compute; its count, or −1 where it stopped, and the plane words it used.
       */
      const scanPairs = (l: number, neg: Int32Array, pos: Int32Array, nWords: number, st: Float64Array, cap: number) => {
        if (neg !== scanNeg || pos !== scanPos) {
          rowsA.set(neg);
          rowsB.set(pos);
          [scanNeg, scanPos] = [neg, pos];
        }
        state.set(st);
        const words = planeOf(l, pos, nWords);
        const step = Math.max(1, Math.floor(SLICE_PAIRS / pos.length));
        let count = 0;
        for (let end = Math.floor(st[1] / pos.length) + step; count >= 0; end += step) {
          const last = end >= neg.length;
          count = e.scanFirstSeparatingUnits(
            at.bits + l * setBytes,
            stride,
            at.rowsA,
            last ? neg.length : end,
            at.rowsB,
            pos.length,
            nWords,
            at.state,
            at.plane,
            words,
            at.list,
            count,
            cap,
          );
          if (last) break;
        }
        return { count, words };
      };
      const u = new Uint32Array(buf, at.u, stride),
        below = new Uint8Array(buf, at.below, N);
      const state = new Float64Array(buf, at.state, 2);
      // margin factors: CX_i ≥ 2g‖x_i‖ per point, η′ = 2d·2⁻¹⁴⁹; NW_j per unit in compute
      const h = Math.min(BLOCK_TERMS, d) + Math.ceil(d / BLOCK_TERMS) - 1;
      const g = gamma(h, 2 ** -24) + gamma(d - 1, 2 ** -53);
      const pointScale = new Float32Array(buf, at.pointScale, N);
      let maxNormX = same?.maxNormX ?? 0;
      for (let i = 0; i < N && !same; i++) {
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
        compute(W, biases, unitStart, unitEnd, points) {
          if (unitStart % 32 !== 0) throw new RangeError(`unitStart ${unitStart} is not a multiple of 32`);
          if (unitEnd > cap) throw new RangeError(`unit ${unitEnd} is past the layer's ${cap} units`);
          if (unitEnd <= unitStart) return;
          biases.forEach((b, l) => bias.set(b.subarray(unitStart, unitEnd), l * biasStride + unitStart));
          for (let j = unitStart; j < unitEnd; j++) {
            const nw = upperF32(rowNorm(W, j, d));
            // ∞ (every entry of the unit exact) where float32 sums could overflow: see the bound's derivation
            unitNorm[j] = nw * upperF32(maxNormX) < 2 ** 120 ? nw : Infinity;
          }
          // Slices of about SLICE_FLOPS each: V8 first runs new WebAssembly code unoptimised and switches to
          // the optimised code only between calls, so one long call would run slow to its end.
          bitsVersion++;
          const count = points ? points.length : N;
          if (points) new Int32Array(buf, at.computeRows, count).set(points);
          for (let u0 = unitStart; u0 < unitEnd; u0 += UNIT_BLOCK) {
            const u1 = Math.min(unitEnd, u0 + UNIT_BLOCK);
            wRaw.set(W.subarray(u0 * d, u1 * d));
            e.packUnits(at.wRaw, u1 - u0, d, at.wt);
            const step = Math.max(POINTS, Math.floor(SLICE_FLOPS / (2 * d * (u1 - u0) * POINTS)) * POINTS);
            for (let p0 = 0; p0 < count; p0 += step) {
              exactEntries += e.thresholdBits(
                at.x,
                p0,
                Math.min(count, p0 + step),
                d,
                at.wt,
                at.wRaw,
                at.unitNorm,
                at.pointScale,
                eta,
                at.bias,
                biasStride,
                biasSets,
                u0,
                u1,
                at.bits,
                stride,
                setBytes,
                at.xb,
                at.words,
                at.tile,
                points ? at.computeRows : 0,
              );
            }
          }
        },
        exactEntries: () => exactEntries,
        setWords(l, src, srcStride, words) {
          bitsVersion++;
          copyWords(bits[l], stride, src, srcStride, words, N);
        },
        scan(l, neg, pos, nWords, st) {
          if (neg.length === 0 || pos.length === 0) {
            st[1] = 0;
            return true;
          }
          const { count, words } = scanPairs(l, neg, pos, nWords, st, 0);
          // the kernel leaves the plane's first units (below 64) out of a maximum that holds none above
          if (count === 0 && state[0] < 64)
            state[0] = Math.max(state[0], e.planeMaxAll(at.bits + l * setBytes, stride, at.rowsA, neg.length, pos.length, at.plane, words));
          st.set(state);
          return count === 0;
        },
        listUnseparated(l, neg, pos, nWords, st, cap) {
          if (cap > listPairs) throw new RangeError(`cap ${cap} is past the layer's ${listPairs} pairs`);
          const { count } = scanPairs(l, neg, pos, nWords, st, cap);
          if (count < 0) return undefined;
          st[0] = state[0];
          return new Int32Array(buf, at.list, 2 * count).slice();
        },
        rowMaxima(l, rows, pos, nWords, out) {
          if (pos.length === 0) {
            out.fill(-1, 0, rows.length);
            return;
          }
          rowsA.set(rows);
          rowsB.set(pos);
          // the scan's copies of its rows are overwritten
          scanNeg = scanPos = undefined;
          const words = planeOf(l, pos, nWords);
          // slices of about SLICE_PAIRS pairs, as in compute
          const step = Math.max(1, Math.floor(SLICE_PAIRS / pos.length));
          for (let r0 = 0; r0 < rows.length; r0 += step) {
            const count = Math.min(step, rows.length - r0);
            e.rowMaxima(at.bits + l * setBytes, stride, at.rowsA + 4 * r0, count, at.rowsB, pos.length, nWords, at.plane, words, at.state, at.rowOut + 4 * r0);
          }
          out.set(new Int32Array(buf, at.rowOut, rows.length));
        },
        scores(l, n): BitScores {
          const nWords = (n + 31) >>> 5;
          const lastMask = n % 32 === 0 ? 0xffffffff : (1 << (n % 32)) - 1;
          const rows = bits[l],
            base = at.bits + l * setBytes;
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
              scanNeg = undefined;
              u.set(uIn.subarray(0, nWords));
              // counts are at most n, so a bound above n (Infinity included) marks every row, and none
              // is below a bound ≤ 0
              const c = e.markAndPopcountBelow(base, stride, at.rowsA, count, at.u, nWords, Math.max(0, Math.min(bound, n + 1)), at.below);
              out.set(below.subarray(0, count));
              return c;
            },
          };
        },
        release() {
          if (e.memory.buffer.byteLength > SPARE_LAYER_BYTES) lastLarge = { e: new WeakRef(e), X: new WeakRef(X), N, d, maxNormX };
          else if (spareLayers.length < SPARE_LAYERS) spareLayers.push(e);
        },
      };
    },
    nearestAcross(X, d, rows, cols, options = {}) {
      across ??= instantiate();
      return blockedAcross(across, X, d, rows, cols, options);
    },
    kNearest(X, d, rows, cols, k, options = {}) {
      across ??= instantiate();
      return options.sketch && d >= PRUNE_MIN_D ? prunedKNearest(across, X, d, rows, cols, k, options) : blockedKNearest(across, X, d, rows, cols, k, options);
    },
    kNearestBounds(X, d, rows, cols, k, sketch) {
      across ??= instantiate();
      return kNearestBounds(across, X, d, rows, cols, k, sketch);
    },
    sketch(X, N, d) {
      across ??= instantiate();
      return pointSketch(across, X, N, d);
    },
    sketchSeeds(rows, cols, sketch) {
      across ??= instantiate();
      return sketchSeedsOf(across, rows, cols, sketch);
    },
    denseProducts: (matrices) => wasmDenseProducts(instantiate() as unknown as DenseExports, matrices),
    tridiagonalize: (A, m, diag, off) => wasmTridiagonalize(instantiate() as unknown as DenseExports, A, m, diag, off),
    spreadProjection: (X, N, d) => wasmSpreadProjection(instantiate() as unknown as DenseExports, X, N, d),
  };
}

/** ‖x‖² of each point of set, in float64 (exact squares, rounded sums) */
export function squaredNorms(X: Float32Array, d: number, set: Int32Array): Float64Array {
  return Float64Array.from(set, (i) => {
    let s = 0;
    for (let k = i * d, end = k + d; k < end; k++) s += X[k] * X[k];
    return s;
  });
}

/** candidate-list entries per point (more is rare: near-ties; a point whose list overflows is checked in full) */
const CANDIDATES = 16;

/**
 * nearestAcross on the blocked float32 kernel (nearestBlock in assembly/kernels.ts, where the bound is
 * derived) and the exact recheck of its candidates with the reference's own closestOf. With a sketch of
 * the points (and d ≥ PRUNE_MIN_D) nearestPruned measures only the pairs the sketch cannot rule out,
 * after sketchSeeds has given every point a first partner, measured here exactly.
 */
function blockedAcross(e: Exports, X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, options: AcrossOptions): Across {
  const R = rows.length,
    C = cols.length;
  const wantCols = !!options.wantCols;
  const sketch = options.sketch && d >= PRUNE_MIN_D ? options.sketch : undefined;
  const norms = (set: Int32Array) => (sketch ? Float64Array.from(set, (i) => sketch.squared[i]) : squaredNorms(X, d, set));
  const rowQ = norms(rows),
    colQ = norms(cols);
  // float32 sums could overflow (see the derivation), or there is nothing to tile: the reference
  if (!tilesFit(rowQ, colQ) || R === 0 || C === 0 || d === 0) return referenceAcross(X, d, rows, cols, options);

  const err = distanceError(d);
  const kp = sketch?.k ?? 0;
  // the pruned kernel reads rows as whole blocks of 32 coordinates (zeros past d); the tiles need no padding
  const dp = sketch ? Math.ceil(d / 32) * 32 : d;
  const CH = Math.min(C, ACROSS_COLUMNS),
    CH8 = Math.ceil(CH / 8) * 8;
  const at = layout(e, {
    xr: R * dp * 4,
    xb: packedBytes(d),
    rowNorm: (R + 4) * 4,
    rowErr: (R + 4) * 4,
    rowU: (R + 4) * 4,
    rowCount: R * 4,
    rowList: R * CANDIDATES * 8,
    xc: CH * dp * 4,
    wt: sketch ? 0 : CH8 * d * 4,
    colNorm: CH8 * 4,
    colErr: CH8 * 4,
    colU: CH8 * 4,
    colCount: CH * 4,
    colList: CH * CANDIDATES * 8,
    scratch: 192,
    pairs: RECHECK_PAIRS * 8,
    exact: RECHECK_PAIRS * 8,
    ...sketchAreas(sketch ? R : 0, sketch ? CH : 0, kp),
  });
  const buf = e.memory.buffer;
  const f32 = (name: keyof typeof at, n: number) => new Float32Array(buf, at[name], n);
  const i32 = (name: keyof typeof at, n: number) => new Int32Array(buf, at[name], n);
  const xr = f32('xr', R * dp);
  if (dp > d) xr.fill(0);
  rows.forEach((i, r) => xr.set(X.subarray(i * d, (i + 1) * d), r * dp));
  // padding rows and columns: norm +∞ (their D̂ is +∞, never a minimum), error 0
  const rowNorm = f32('rowNorm', R + 4).fill(Infinity),
    rowErr = f32('rowErr', R + 4).fill(0);
  rowQ.forEach((q, r) => {
    rowNorm[r] = Math.fround(q);
    rowErr[r] = err(q);
  });
  const rowU = f32('rowU', R + 4).fill(Infinity),
    rowCount = i32('rowCount', R).fill(0);
  const rowList = new DataView(buf, at.rowList, R * CANDIDATES * 8);
  const xc = f32('xc', CH * dp),
    colNorm = f32('colNorm', CH8),
    colErr = f32('colErr', CH8);
  const colU = f32('colU', CH8),
    colCount = i32('colCount', CH);
  const colList = new DataView(buf, at.colList, CH * CANDIDATES * 8);
  const out: Across = { rowNearest: new Int32Array(R), rowSquared: new Float64Array(R) };
  if (wantCols) {
    out.colNearest = new Int32Array(C);
    out.colSquared = new Float64Array(C);
  }
  const pruning = sketch && prepareSketches(e, at, X, d, dp, rows, cols, sketch, wantCols, options.upper);
  out.rowNearest.fill(-1);
  out.rowSquared.fill(Infinity);
  // rows whose candidate list overflowed: checked against every column at the end
  const rowOverflow: number[] = [];
  const pairArea = i32('pairs', 2 * RECHECK_PAIRS),
    exact = new Float64Array(buf, at.exact, RECHECK_PAIRS);
  /**
   * The exact recheck of candidates (self position, partner position) of one chunk, in the kernel
   * (exactSquared: the reference's float64 sum bit for bit; the zero padding of rows adds exact zeros):
   * each keeps the smallest, ties to the lower index into X, as closestOf. Measuring a candidate the final
   * threshold would drop changes nothing: it is a real partner, not nearer than the nearest.
   */
  const measure = (pairs: number[], self: number, other: number, partnerIndex: Int32Array, nearest: Int32Array, squared: Float64Array, base: number) => {
    for (let p0 = 0; p0 < pairs.length; p0 += 2 * RECHECK_PAIRS) {
      const n = Math.min(RECHECK_PAIRS, (pairs.length - p0) / 2);
      for (let q = 0; q < 2 * n; q++) pairArea[q] = pairs[p0 + q];
      e.exactSquared(self, other, dp, at.pairs, n, at.exact);
      for (let q = 0; q < n; q++) {
        const slot = base + pairs[p0 + 2 * q],
          j = partnerIndex[pairs[p0 + 2 * q + 1]],
          s = exact[q];
        if (s < squared[slot] || (s === squared[slot] && j < nearest[slot])) {
          squared[slot] = s;
          nearest[slot] = j;
        }
      }
    }
  };
  /** the entries of a candidate list at or below the threshold, with positions in [from, to), as (self, partner − from) pairs */
  const listed = (pairs: number[], list: DataView, entry: number, count: number, threshold: number, from: number, to: number) => {
    for (let k = 0; k < count; k++) {
      const o = (entry * CANDIDATES + k) * 8;
      const partner = list.getInt32(o, true);
      if (partner >= from && partner < to && list.getFloat32(o + 4, true) <= threshold) pairs.push(entry, partner - from);
    }
  };

  // each row's and column's search (norm, error, U, candidates' count and list), as both kernels take them
  const rowState = [at.rowNorm, at.rowErr, at.rowU, at.rowCount, at.rowList] as const,
    colState = [at.colNorm, at.colErr, at.colU, at.colCount, at.colList] as const;
  for (let c0 = 0; c0 < C; c0 += CH) {
    const cn = Math.min(CH, C - c0);
    if (dp > d) xc.fill(0);
    for (let c = 0; c < cn; c++) xc.set(X.subarray(cols[c0 + c] * d, (cols[c0 + c] + 1) * d), c * dp);
    colNorm.fill(Infinity);
    colErr.fill(0);
    for (let c = 0; c < cn; c++) {
      colNorm[c] = Math.fround(colQ[c0 + c]);
      colErr[c] = err(colQ[c0 + c]);
    }
    colU.fill(Infinity);
    colCount.fill(0);
    if (pruning) pruning.columns(c0, cn);
    else e.packUnits(at.xc, cn, d, at.wt);
    for (let r0 = 0; r0 < R; r0 += POINTS) {
      options.onStep?.();
      const r1 = Math.min(R, r0 + POINTS);
      if (pruning) {
        e.nearestPruned(
          at.xr,
          r0,
          r1,
          dp,
          ...rowState,
          at.rowTau,
          at.sr,
          kp,
          at.sb,
          at.sRowNorm,
          at.xc,
          cn,
          c0,
          ...colState,
          at.colTau,
          at.wts,
          at.sColNorm,
          pruning.s2,
          pruning.ep2,
          CANDIDATES,
          wantCols ? 1 : 0,
          at.scratch,
        );
      } else {
        e.nearestBlock(at.xr, r0, r1, d, at.xb, ...rowState, at.wt, cn, c0, ...colState, CANDIDATES, wantCols ? 1 : 0, at.scratch);
      }
    }
    const rowPairs: number[] = [];
    for (let r = 0; r < R; r++) {
      if (rowCount[r] >= 0) listed(rowPairs, rowList, r, rowCount[r], Math.fround(rowU[r] + 2 * rowErr[r]), c0, c0 + cn);
      else if (c0 + cn >= C) rowOverflow.push(r);
    }
    measure(rowPairs, at.xr, at.xc, cols.subarray(c0), out.rowNearest, out.rowSquared, 0);
    if (wantCols) {
      const colPairs: number[] = [];
      out.colNearest!.fill(-1, c0, c0 + cn);
      out.colSquared!.fill(Infinity, c0, c0 + cn);
      for (let c = 0; c < cn; c++) {
        if (colCount[c] >= 0) listed(colPairs, colList, c, colCount[c], Math.fround(colU[c] + 2 * colErr[c]), 0, R);
        else closestOf(X, d, cols[c0 + c], rows, R, out.colNearest!, out.colSquared!, c0 + c);
      }
      measure(colPairs, at.xc, at.xr, rows, out.colNearest!, out.colSquared!, c0);
    }
  }
  for (const r of rowOverflow) closestOf(X, d, rows[r], cols, C, out.rowNearest, out.rowSquared, r);
  return out;
}

/** rows of A multiplied at a time by products() */
const PRODUCT_ROWS = 4096;

/** the memory distanceTile reads and writes, for `rows` rows (raw, at xr) against up to cols8 columns (a multiple of 8, packed at wt) of d */
function tileLayout(rows: number, cols8: number, d: number) {
  return {
    xr: rows * d * 4,
    xb: packedBytes(d),
    rowNorm: (rows + 4) * 4,
    wt: cols8 * d * 4,
    colNorm: cols8 * 4,
    tile: POINTS * cols8 * 4,
    scratch: 128,
  };
}

/**
 * A·Bᵀ (A: a rows of dim, B: b rows of dim) in float32 by distanceTile with zero norms: its D̂ is then
 * exactly −2ŝ, ŝ the layer-1 product with its bound (γ_h(2⁻²⁴)‖A_i‖‖B_j‖ + dim·2⁻¹⁴⁹).
 */
function products(e: Exports, A: Float32Array, a: number, B: Float32Array, b: number, dim: number): Float32Array {
  const B8 = Math.ceil(b / 8) * 8,
    rowsAt = Math.min(a, PRODUCT_ROWS);
  const at = layout(e, { ...tileLayout(rowsAt, B8, dim), raw: b * dim * 4 });
  const buf = e.memory.buffer;
  const xr = new Float32Array(buf, at.xr, rowsAt * dim),
    tile = new Float32Array(buf, at.tile, POINTS * B8);
  new Float32Array(buf, at.rowNorm, rowsAt + 4).fill(0);
  new Float32Array(buf, at.colNorm, B8).fill(0);
  new Float32Array(buf, at.raw, b * dim).set(B.subarray(0, b * dim));
  e.packUnits(at.raw, b, dim, at.wt);
  const out = new Float32Array(a * b);
  for (let i0 = 0; i0 < a; i0 += rowsAt) {
    const n = Math.min(rowsAt, a - i0);
    xr.set(A.subarray(i0 * dim, (i0 + n) * dim));
    for (let r0 = 0; r0 < n; r0 += POINTS) {
      const r1 = Math.min(n, r0 + POINTS);
      e.distanceTile(at.xr, r0, r1, dim, at.xb, at.rowNorm, at.wt, b, at.colNorm, at.tile, B8, at.scratch);
      for (let r = r0; r < r1; r++) for (let j = 0; j < b; j++) out[(i0 + r) * b + j] = -0.5 * tile[(r - r0) * B8 + j];
    }
  }
  return out;
}

/**
 * The points' sketch (kernels/sketch.ts), its basis and products Qx from products(). Undefined where
 * that bound does not hold (norms near the float32 range) or d is too small for pruning to pay.
 */
function pointSketch(e: Exports, X: Float32Array, N: number, d: number): Sketch | undefined {
  if (d < PRUNE_MIN_D || N === 0) return undefined;
  const squared = sketchNorms(X, N, d);
  if (!squared) return undefined;
  const Q = sketchBasis(X, N, d, (A, a, B, b, dim) => products(e, A, a, B, b, dim));
  const h = Math.min(BLOCK_TERMS, d) + Math.ceil(d / BLOCK_TERMS) - 1;
  const sketch = sketchOf(squared, N, d, Q, products(e, X, N, Q, Q.length / d, d), gamma(h, 2 ** -24));
  return Number.isFinite(sketch.slack2) ? sketch : undefined;
}

/**
 * Each row's partner of smallest sketch distance D̂_P among the columns (a column position, −1 for none)
 * and, with wantCols, each column's among the rows (a row position), with those D̂_P: sketchSeeds over
 * every column block, the sketches packed by packSketches. Uses rowTau, rowArg, colTau and colArg as scratch.
 */
function seedLoop(e: Exports, at: Record<string, number>, R: number, C: number, kp: number, wantCols: boolean, packColumns: (c0: number, cn: number) => void) {
  const CH = Math.min(C, ACROSS_COLUMNS),
    CH8 = Math.ceil(CH / 8) * 8;
  const buf = e.memory.buffer;
  const rowArg = new Int32Array(buf, at.rowArg, R + 4).fill(-1),
    colArg = new Int32Array(buf, at.colArg, CH8);
  // the rows' best sketch distances start at ∞ in the kernel's memory (sketchSeeds lowers them)
  const rowBest = new Float32Array(buf, at.rowTau, R + 4).fill(Infinity);
  const colBest = new Float32Array(buf, at.colTau, CH8);
  const out = { row: new Int32Array(R), rowScore: new Float32Array(R), col: new Int32Array(C).fill(-1), colScore: new Float32Array(C).fill(Infinity) };
  for (let c0 = 0; c0 < C; c0 += CH) {
    const cn = Math.min(CH, C - c0);
    packColumns(c0, cn);
    colBest.fill(Infinity);
    colArg.fill(-1);
    for (let r0 = 0; r0 < R; r0 += POINTS) {
      e.sketchSeeds(
        at.sr,
        r0,
        Math.min(R, r0 + POINTS),
        kp,
        at.sb,
        at.sRowNorm,
        at.rowTau,
        at.rowArg,
        at.wts,
        cn,
        c0,
        at.sColNorm,
        at.colTau,
        at.colArg,
        wantCols ? 1 : 0,
        at.scratch,
      );
    }
    out.col.set(colArg.subarray(0, cn), c0);
    out.colScore.set(colBest.subarray(0, cn), c0);
  }
  out.row.set(rowArg.subarray(0, R));
  out.rowScore.set(rowBest.subarray(0, R));
  return out;
}

/** AcrossOptions.upper (float64, the reference's R of a real partner) as a kernel's U: a float32 at least as large */
const upperOf = (upper: Float64Array, i: number) => upperSquared(upper[i]);

/**
 * The sketches of rows and cols into nearestPruned's areas, and each point's first U and τ: from
 * `upper` where given (an upper bound per point of X, see AcrossOptions), else from seeds, each point's
 * nearest partner in the sketch (seedLoop), measured exactly. Returns what each column block needs: its
 * sketches packed, and its columns' U and τ.
 */
function prepareSketches(
  e: Exports,
  at: Record<string, number>,
  X: Float32Array,
  d: number,
  dp: number,
  rows: Int32Array,
  cols: Int32Array,
  sketch: Sketch,
  wantCols: boolean,
  upper?: Float64Array,
) {
  const R = rows.length,
    C = cols.length;
  const CH = Math.min(C, ACROSS_COLUMNS),
    CH8 = Math.ceil(CH / 8) * 8;
  const buf = e.memory.buffer;
  const { s2, ep2, packColumns } = packSketches(e, at, rows, cols, sketch);
  const seeds = upper ? undefined : seedLoop(e, at, R, C, sketch.k, wantCols, packColumns);
  const colArg = new Int32Array(buf, at.colArg, CH8),
    colTau = new Float32Array(buf, at.colTau, CH8),
    colU = new Float32Array(buf, at.colU, CH8),
    colErr = new Float32Array(buf, at.colErr, CH8);
  // U ≥ a real partner's R is all nearestPruned needs of it (see assembly/kernels.ts): the rows' seeds
  // are measured here exactly, the columns' by seedColumns with the rows in place
  const rowU = new Float32Array(buf, at.rowU, R + 4),
    rowErr = new Float32Array(buf, at.rowErr, R + 4);
  const rowTau = new Float32Array(buf, at.rowTau, R + 4).fill(-Infinity);
  for (let r = 0; r < R; r++) {
    if (upper) rowU[r] = upperOf(upper, rows[r]);
    else if (seeds!.row[r] >= 0) rowU[r] = upperSquared(squaredDistanceBounded(X, d, rows[r], cols[seeds!.row[r]], Infinity));
    else continue;
    rowTau[r] = pruneBound(rowU[r] + 2 * rowErr[r], s2, ep2);
  }
  return {
    s2,
    ep2,
    /** column block c0.. of cn columns, in place: its sketches packed, its columns' U and τ (−∞ for padding: never ≥ a D̂_P) */
    columns(c0: number, cn: number) {
      packColumns(c0, cn);
      colTau.fill(-Infinity);
      if (!wantCols) return;
      if (upper) {
        for (let c = 0; c < cn; c++) {
          colU[c] = upperOf(upper, cols[c0 + c]);
          colTau[c] = pruneBound(colU[c] + 2 * colErr[c], s2, ep2);
        }
        return;
      }
      colArg.set(seeds!.col.subarray(c0, c0 + cn));
      e.seedColumns(at.xr, dp, at.rowNorm, at.rowErr, at.xc, cn, at.colNorm, at.colErr, at.colArg, at.colU, at.colTau, s2, ep2);
    },
  };
}

/** kNearest on float32 distance tiles (distanceTile in assembly/kernels.ts) with the exact recheck of KSearch. */
function blockedKNearest(e: Exports, X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, k: number, options: KNearestOptions): KAcross {
  const R = rows.length,
    C = cols.length;
  const rowQ = squaredNorms(X, d, rows),
    colQ = squaredNorms(X, d, cols);
  if (!tilesFit(rowQ, colQ) || R === 0 || C === 0 || d === 0 || k === 0) return referenceKNearest(X, d, rows, cols, k, options);

  const err = distanceError(d);
  const wantCols = !!options.wantCols,
    triangle = !!options.triangle;
  const CH = Math.min(C, ACROSS_COLUMNS),
    CH8 = Math.ceil(CH / 8) * 8;
  const at = layout(e, {
    ...tileLayout(R, CH8, d),
    xc: CH * d * 4,
    xAll: C * d * 4,
    pairs: RECHECK_PAIRS * 8,
    exact: RECHECK_PAIRS * 8,
  });
  const buf = e.memory.buffer;
  const xr = new Float32Array(buf, at.xr, R * d);
  rows.forEach((i, r) => xr.set(X.subarray(i * d, (i + 1) * d), r * d));
  const rowNorm = new Float32Array(buf, at.rowNorm, R + 4).fill(Infinity);
  rowQ.forEach((q, r) => (rowNorm[r] = Math.fround(q)));
  const xc = new Float32Array(buf, at.xc, CH * d),
    colNorm = new Float32Array(buf, at.colNorm, CH8);
  const tile = new Float32Array(buf, at.tile, POINTS * CH8);
  const rowErr = Float32Array.from(rowQ, err),
    colErr = Float32Array.from(colQ, err);
  const rowSearch = new KSearch(R, k, rowErr);
  const colSearch = wantCols ? new KSearch(C, k, colErr) : undefined;
  const rowT = rowSearch.t,
    colT = colSearch?.t;

  for (let c0 = 0; c0 < C; c0 += CH) {
    const cn = Math.min(CH, C - c0);
    for (let c = 0; c < cn; c++) xc.set(X.subarray(cols[c0 + c] * d, (cols[c0 + c] + 1) * d), c * d);
    colNorm.fill(Infinity);
    for (let c = 0; c < cn; c++) colNorm[c] = Math.fround(colQ[c0 + c]);
    e.packUnits(at.xc, cn, d, at.wt);
    for (let r0 = 0; r0 < R; r0 += POINTS) {
      const r1 = Math.min(R, r0 + POINTS);
      // a triangle's columns up to the block's last row meet none of its rows
      if (triangle && c0 + cn <= r0 + 1) continue;
      options.onStep?.();
      e.distanceTile(at.xr, r0, r1, d, at.xb, at.rowNorm, at.wt, cn, at.colNorm, at.tile, CH8, at.scratch);
      for (let r = r0; r < r1; r++) {
        const i = rows[r],
          o = (r - r0) * CH8;
        for (let c = triangle ? Math.max(0, r + 1 - c0) : 0; c < cn; c++) {
          const cc = c0 + c;
          if (cols[cc] === i) continue;
          const D = tile[o + c];
          if (D - colErr[cc] <= rowT[r]) rowSearch.offer(r, cc, D, colErr[cc]);
          if (colT && D - rowErr[r] <= colT[cc]) colSearch!.offer(cc, r, D, rowErr[r]);
        }
      }
    }
  }
  // the exact recheck (the reference's squared distance, in the kernel) needs every column beside the rows
  const xAll = new Float32Array(buf, at.xAll, C * d);
  cols.forEach((j, c) => xAll.set(X.subarray(j * d, (j + 1) * d), c * d));
  return recheckSearches(e, at, d, rows, cols, k, rowSearch, colSearch);
}

/** base64 (the bundles embed kernels.wasm so) to bytes; core has neither atob nor Buffer. */
export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Int16Array(128).fill(-1);
  for (let q = 0; q < 64; q++) value[alphabet.charCodeAt(q)] = q;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let acc = 0,
    bitsHeld = 0,
    o = 0;
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

/** the areas of the sketches (R rows, column blocks of CH, kp coordinates a point): raw and packed, their norms, τ, and the seeds */
function sketchAreas(R: number, CH: number, kp: number) {
  const CH8 = Math.ceil(CH / 8) * 8;
  return {
    sr: R * kp * 4,
    sb: packedBytes(kp),
    sRowNorm: (R + 4) * 4,
    rowTau: (R + 4) * 4,
    rowArg: (R + 4) * 4,
    sc: CH * kp * 4,
    wts: CH8 * kp * 4,
    sColNorm: CH8 * 4,
    colTau: CH8 * 4,
    colArg: CH8 * 4,
  };
}

/** KernelBackend.sketchSeeds: seedLoop alone, in the areas it needs */
function sketchSeedsOf(e: Exports, rows: Int32Array, cols: Int32Array, sketch: Sketch): SketchSeeds {
  const R = rows.length,
    C = cols.length,
    kp = sketch.k;
  const at = layout(e, { ...sketchAreas(R, Math.min(C, ACROSS_COLUMNS), kp), scratch: 192 });
  const seeds = seedLoop(e, at, R, C, kp, true, packSketches(e, at, rows, cols, sketch).packColumns);
  return {
    rows: seeds.row.map((c) => (c < 0 ? -1 : cols[c])),
    rowScores: seeds.rowScore,
    cols: seeds.col.map((r) => (r < 0 ? -1 : rows[r])),
    colScores: seeds.colScore,
  };
}
