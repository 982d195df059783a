// Fashion-MNIST benchmark (issue 6): `npm run bench fashion`, or `node --import tsx --expose-gc
// test/bench/fashion.ts [workload ...]` after `npm run build` (it loads dist/kernels.wasm). Workloads:
// curve (0 vs 6 exact P(n), 20 draws to n = 4000, K at n*), full (70,000 × 784 one-vs-rest fit at
// n = 500, λ = 0, one draw), csv (parsing the 70,000-row CSV), kernels (throughputs). Each prints our
// time, a baseline measured in this run, their ratio, and the process's peak memory so far. The
// authors' reference cannot run here (no Python packages); its figures quoted in the issue are printed
// beside ours. curve and full run on every core (task threads, src/worker/threads.ts) and again on one
// thread: their times are wall seconds, with the process's CPU seconds (all threads) in brackets. The
// kernel and parsing figures are single-threaded: CPU seconds, best of several runs (the machine is shared).
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { loadDataset, normalize, type Dataset } from '../../src/core/data/index';
import { selectClasses } from '../../src/core/data/select-classes';
import { typescriptKernels, useKernels, type ThresholdLayer } from '../../src/core/kernels/backend';
import { requiredWidth, thresholdCurve } from '../../src/core/memorize/curve';
import type { KeptBits } from '../../src/core/memorize/exactThresholds';
import { lambdaNetworkThresholds } from '../../src/core/memorize/thresholdStudy';
import { coverLoop, type SecondLayer } from '../../src/core/memorize/coverLoop';
import { drawCoverLoops } from '../../src/core/memorize/drawCoverLoops';
import { serial, type Parallel } from '../../src/core/parallel';
import { startThreads } from '../../src/worker/threads';
import { FirstLayerDraw } from '../../src/core/memorize/firstLayer';
import { binaryNetwork, oneVsRestNetwork, rowsByClass, subproblemRows } from '../../src/core/memorize/problem';
import { childSeed, createRng } from '../../src/core/random';
import { nodeInflate } from '../../src/node/inflate';
import { wasmKernels } from '../unit/helpers';
import { fashionAvailable, loadFashion } from './_fashion';

const wanted = process.argv.slice(2);
const runs = (w: string) => wanted.length === 0 || wanted.includes(w);

if (!fashionAvailable()) process.exit(0);
const wasm = wasmKernels();
const ts = typescriptKernels;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cores = availableParallelism();
// the bundled task threads run the WebAssembly kernels, as the caller does here (useKernels below)
const threads = startThreads(path.join(__dirname, '..', '..', 'dist', 'taskThread.js'), cores);
const peakMB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
/**
 * CPU time of this process (ms) and wall time: everything here is single-threaded, so CPU time is the
 * per-core cost, and other engineers' jobs on the shared cores disturb it far less than wall time.
 */
function time<T>(f: () => T): { ms: number; wallMs: number; result: T } {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  const result = f();
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, wallMs: performance.now() - t0, result };
}
/** best CPU time of `reps` runs after one warm-up */
function best(reps: number, f: () => unknown): number {
  f();
  let min = Infinity;
  for (let r = 0; r < reps; r++) min = Math.min(min, time(f).ms);
  return min;
}
function row(name: string, ours: string, base: string, ratio: number) {
  console.log(`${name.padEnd(52)} ours ${ours.padStart(18)}   baseline ${base.padStart(18)}   ratio ${ratio.toFixed(1)}×   peak RSS ${peakMB()} MB`);
}

const loaded = time(() => ({ train: loadFashion('train'), test: loadFashion('t10k') }));
const { train, test } = loaded.result;
console.log(`loaded Fashion-MNIST (train ${train.N} + test ${test.N} × ${train.d}, gzip IDX) in ${seconds(loaded.ms)}`);

/** wall and CPU time (all threads) of f */
function timeAll<T>(f: () => T): { wallMs: number; cpuMs: number; result: T } {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  const result = f();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, result };
}
const wallCpu = (t: { wallMs: number; cpuMs: number }) => `${seconds(t.wallMs)} (${seconds(t.cpuMs)} CPU)`;

/** K of one cover loop per draw at width n, on the study's own task path (bits reused from the threshold pass). */
function kPerDraw(
  parallel: Parallel,
  points: { X: Float32Array; N: number; d: number },
  lambda: number,
  draws: number,
  n: number,
  kept: (KeptBits | undefined)[],
  subs: { neg: Int32Array; pos: Int32Array }[],
  key: (c: number) => string,
): number[] {
  const Ks: number[] = [];
  const s = { seed: '1', lambda, draws, maxWidth: n, parallel };
  drawCoverLoops(
    points,
    s,
    n,
    kept,
    (t) => subs.map(({ neg, pos }, c) => ({ n, neg, pos, seed: childSeed('1', 'cover', t, key(c), n) })),
    (_, layers) => Ks.push(layers.reduce((sum, l: SecondLayer) => sum + l.K, 0)),
  );
  return Ks;
}

// ---- 0 vs 6: exact curve, 20 draws up to n = 4000, K at n* (and the study's widths above n*)
if (runs('curve')) {
  const pair = selectClasses(train, ['0', '6']);
  const X = normalize(pair, 'max-norm').X;
  const points = { X, N: pair.N, d: pair.d };
  // The issue's workload, not the whole study (which also measures K at 1.5, 2 and 4 n* and runs the
  // literal forward-pass check): exact per-draw thresholds of the main orientation (class 6 as X⁻, the
  // authors' convention), the curve and n*, then the cover loop at n* on every draw for K.
  const classRows = rowsByClass(pair.y, 2);
  const draws = 20,
    maxWidth = 4000,
    lambda = 1;
  const sub = subproblemRows({ neg: 1, pos: [0] }, classRows);
  useKernels(wasm);
  const workload = (parallel: Parallel) =>
    timeAll(() => {
      const kept: (KeptBits | undefined)[] = [];
      const s = { seed: '1', lambda, draws, maxWidth, parallel };
      const th = timeAll(
        () => lambdaNetworkThresholds(points, classRows, [{ lambda, networks: [binaryNetwork(1, 0)] }], s, { job: 0, below: draws, into: kept })[0][0],
      );
      const nStar = requiredWidth(thresholdCurve(th.result, maxWidth), 0.01);
      const K = timeAll(() => (nStar === null ? [] : kPerDraw(parallel, points, lambda, draws, nStar, kept, [sub], () => '1-vs-0')));
      return { thresholds: th.result, nStar, K: K.result, thresholdTime: th, kTime: K };
    });
  const all = workload(threads);
  const one = workload(serial);
  useKernels(undefined);
  if (JSON.stringify([all.result.thresholds, all.result.K]) !== JSON.stringify([one.result.thresholds, one.result.K])) {
    throw new Error('the runs on all cores and on one thread disagree');
  }
  const r = all.result;
  const meanK = r.K.reduce((a, k) => a + k, 0) / Math.max(1, r.K.length);
  console.log(
    `0 vs 6 (${pair.N} × ${pair.d}), 6 as X⁻, λ = 1, ${draws} draws to n = ${maxWidth}: per-draw n*: ${r.thresholds.join(' ')}; ` +
      `n* = ${r.nStar}, mean K at n* = ${meanK}; on ${cores} threads: exact curve ${wallCpu(r.thresholdTime)}, K at n* ${wallCpu(r.kTime)}`,
  );
  row(`0 vs 6 exact curve + K at n* (20 draws), ${cores} threads vs 1`, wallCpu(all), seconds(one.wallMs), one.wallMs / all.wallMs);
  // Baseline: the authors' way to a curve, a grid of widths each fitted as its own network (their
  // paper-style grid 250 … 4000), one draw here with the same WebAssembly kernels, times 5 draws.
  const grid = time(() => {
    for (const w of [250, 500, 1000, 2000, 4000]) {
      const draw = new FirstLayerDraw('1', 0, pair.d, 1, w);
      draw.extendTo(w);
      const layer = wasm.thresholdLayer(X, pair.N, pair.d, w, 1);
      layer.compute(draw.W, [draw.b], 0, w);
      coverLoop(layer.scores(0, w), sub.neg, sub.pos, createRng(`grid/${w}`));
    }
  });
  row('0 vs 6 exact curve + K at n* vs 5-width grid × 5 (1 thread)', seconds(all.wallMs), seconds(grid.ms * 5), (grid.ms * 5) / all.wallMs);
  console.log(`   authors' reference (issue, this machine): ~40 s for that grid, 6.3–7.3 s per draw at n = 1000; target < 10 s`);
}

// ---- full Fashion-MNIST, 70,000 × 784, one-vs-rest at n = 500, λ = 0, one draw
if (runs('full')) {
  const all = concat(train, test);
  const X = normalize(all, 'max-norm').X;
  const points = { X, N: all.N, d: all.d };
  const classRows = rowsByClass(all.y, all.classNames.length);
  const subs = oneVsRestNetwork(all.classNames.length).map((s) => subproblemRows(s, classRows));
  const n = 500;
  const fit = (parallel: Parallel) => timeAll(() => kPerDraw(parallel, points, 0, 1, n, [], subs, (c) => String(c))[0]);
  useKernels(wasm);
  const ours = fit(threads);
  globalThis.gc?.();
  const one = fit(serial);
  useKernels(undefined);
  globalThis.gc?.();
  // the TypeScript kernels, one thread: the layer and the loops as the first version ran them
  const base = time(() => {
    const draw = new FirstLayerDraw('1', 0, all.d, 0, n);
    draw.extendTo(n);
    const layer = ts.thresholdLayer(X, all.N, all.d, n, 1);
    layer.compute(draw.W, [draw.b], 0, n);
    return subs.reduce((sum, s, c) => sum + coverLoop(layer.scores(0, n), s.neg, s.pos, createRng(childSeed('1', 'cover', 0, String(c), n))).K, 0);
  });
  if (ours.result !== one.result || ours.result !== base.result) throw new Error(`K disagrees: ${ours.result}, ${one.result}, ${base.result}`);
  console.log(
    `full ${all.N} × ${all.d}, one-vs-rest, n = 500, λ = 0, one draw: K = ${ours.result}; one thread ${seconds(one.wallMs)}; TypeScript kernels ${seconds(base.ms)}`,
  );
  row(`full Fashion-MNIST one-vs-rest fit, ${cores} threads vs 1`, wallCpu(ours), seconds(one.wallMs), one.wallMs / ours.wallMs);
  row('full Fashion-MNIST one-vs-rest fit vs TypeScript kernels (1 thread)', seconds(ours.wallMs), seconds(base.ms), base.ms / ours.wallMs);
  console.log(`   authors' reference (issue, this machine, MNIST setting): 275 s for one draw; target < 14 s, peak < 1.5 GB`);
}

// ---- parsing the 70,000-row CSV (generated in memory from the IDX pixels)
if (runs('csv')) {
  const all = concat(train, test);
  const bytes = toCsv(all);
  const mb = bytes.length / 1e6;
  const parse = () => loadDataset({ name: 'fashion.csv', bytes }, { rowLimit: 1e6 }, { inflate: nodeInflate });
  const ours = best(2, parse);
  const base = best(1, () => naiveParse(bytes));
  row(
    `parse CSV ${all.N} rows × ${all.d + 1} columns, ${mb.toFixed(0)} MB`,
    `${(mb / (ours / 1000)).toFixed(0)} MB/s`,
    `${(mb / (base / 1000)).toFixed(0)} MB/s`,
    base / ours,
  );
  console.log(`   baseline: TextDecoder, split lines and cells, Number() each; target ≥ 100 MB/s`);
}

// ---- kernel throughputs on Fashion-MNIST data
if (runs('kernels')) {
  const pair = selectClasses(train, ['0', '6']);
  const X = normalize(pair, 'max-norm').X;
  const { N, d } = pair;
  const n = 1024,
    Nk = 2048;
  const draw = new FirstLayerDraw('1', 0, d, 1, 4096);
  draw.extendTo(4096);
  const layers = [wasm, ts].map((k) => k.thresholdLayer(X.subarray(0, Nk * d), Nk, d, n, 1));
  // best of 4: an early run can still include V8's background compilation of the optimised kernel
  const [l1w, l1t] = layers.map((layer) => best(4, () => layer.compute(draw.W, [draw.b], 0, n)));
  const flops = 2 * Nk * d * n;
  row(
    `layer 1 (f32x4 + exact filter) ${Nk} × ${d} × ${n} units`,
    `${(flops / l1w / 1e6).toFixed(1)} GFLOP/s`,
    `${(flops / l1t / 1e6).toFixed(1)} GFLOP/s`,
    l1t / l1w,
  );
  // every compute above (warm-up and runs) decided the same entries
  const exactShare = (layer: ThresholdLayer, sets: number, calls: number) =>
    `${(layer.exactEntries!() / (calls * Nk * n)).toExponential(1)} of ${sets === 1 ? 'the entries' : `(point, unit) pairs (${sets} sets)`}`;
  console.log(`   entries recomputed exactly near the threshold: ${exactShare(layers[0], 1, 5)}`);
  const sweep = [0, 0.25, 0.5, 0.75, 1, 1.5, 2];
  const sweepDraw = new FirstLayerDraw('1', 0, d, sweep, n);
  sweepDraw.extendTo(n);
  const multi = wasm.thresholdLayer(X.subarray(0, Nk * d), Nk, d, n, sweep.length);
  const l1m = best(4, () => multi.compute(sweepDraw.W, sweepDraw.biases, 0, n));
  row(`layer 1 for 7 λ at once vs 7 single-λ passes`, seconds(l1m), seconds(7 * l1w), (7 * l1w) / l1m);
  console.log(`   entries recomputed exactly near the threshold: ${exactShare(multi, sweep.length, 5)}`);

  // bits of the real 0 vs 6 data at n = 4000 for the popcount and the scan
  const width = 4000;
  const big = [wasm, ts].map((k) => k.thresholdLayer(X, N, d, width, 1));
  big[0].compute(draw.W, [draw.b], 0, width);
  big[1].bits(0).set(big[0].bits(0));
  const rows = Int32Array.from({ length: N }, (_, i) => i);
  const u = new Uint32Array(big[0].stride).fill(0xffffffff);
  u[u.length - 1] = (1 << (width % 32)) - 1;
  const below = new Uint8Array(N);
  // a bound above every count: every row is counted in full, no early stop. Ten passes per timing: one
  // takes under a millisecond, too short against the CPU clock and against V8's background compilation
  // of the optimised code, which process.cpuUsage counts too
  const passes = 10;
  const [pw, pt] = big.map((layer) =>
    best(5, () => {
      const scores = layer.scores(0, width);
      for (let r = 0; r < passes; r++) scores.markBelow(rows, N, u, width + 1, below);
    }),
  );
  const products = passes * N * width;
  row(`AND + popcount ${N} rows × ${width} units`, `${(products / pw / 1e6).toFixed(1)} Gbit/s`, `${(products / pt / 1e6).toFixed(1)} Gbit/s`, pt / pw);

  const cr = rowsByClass(pair.y, 2);
  const nWords = (width + 31) >>> 5;
  let scanned = 0,
    done = false,
    max = -1;
  const [sw, st] = big.map((layer) =>
    best(2, () => {
      const state = Float64Array.of(-1, 0);
      done = layer.scan(0, cr[1], cr[0], nWords, state);
      scanned = done ? cr[0].length * cr[1].length : state[1];
      max = state[0];
    }),
  );
  row(
    `first-separating-unit scan, ${(scanned / 1e6).toFixed(1)} M pairs${done ? '' : ' (stops unseparated)'}, max unit ${max}`,
    `${sw.toFixed(0)} ms`,
    `${st.toFixed(0)} ms`,
    st / sw,
  );
  console.log(`   issue's figures: WASM f32x4 ~37 GFLOP/s, TS ~4.6; popcount ~160 Gbit/s WASM, ~20 TS; scan of 36 M pairs 35 ms`);
}

/** train + test as one dataset (same classes, same pixel scale) */
function concat(a: Dataset, b: Dataset): Dataset {
  const X = new Float32Array(a.X.length + b.X.length);
  X.set(a.X);
  X.set(b.X, a.X.length);
  const y = new Int32Array(a.N + b.N);
  y.set(a.y);
  y.set(b.y, a.N);
  return { ...a, N: a.N + b.N, X, y, sourceRows: Int32Array.from({ length: a.N + b.N }, (_, i) => i) };
}

/** pixels as integers, then the label; a header line */
function toCsv(ds: Dataset): Uint8Array {
  const lines = [[...ds.featureNames, 'label'].join(',')];
  for (let i = 0; i < ds.N; i++) {
    const cells = Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d), String);
    cells.push(ds.classNames[ds.y[i]]);
    lines.push(cells.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** The baseline a quick script would write: decode, split lines and cells, Number() each. Returns rows. */
function naiveParse(bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes);
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(',').map(Number)).length;
}
threads.dispose();
