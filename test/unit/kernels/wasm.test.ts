import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typescriptKernels, useKernels } from '../../../src/core/kernels/backend';
import { memorizationStudy } from '../../../src/core/memorize';
import { createRng } from '../../../src/core/random';
import { defaultSettings } from '../../../src/core/report';
import { randomProblem } from '../memorize/fixtures';
import { wasmKernels } from '../helpers';

// The WebAssembly kernels against the TypeScript reference: equal bit for bit on random inputs,
// including inputs built to hit the edge cases (z + b exactly 0, ragged point and unit counts).

const wasm = wasmKernels();
const ts = typescriptKernels;

/**
 * Gaussian data, or small integers (then z + b = 0 exactly is common: σ(0) = 0 must match); with
 * sparse, points are 0 in most coordinates (in whole groups of points too, and some points entirely), as
 * pixel data is: the WebAssembly product skips those coordinates.
 */
function layerProblem(seed: string, N: number, d: number, n: number, sets: number, integers: boolean, sparse = false) {
  const rng = createRng(seed);
  const draw = () => (integers ? rng.int(5) - 2 : rng.normal());
  const X = Float32Array.from({ length: N * d }, (_, q) => (sparse && (q % d < d / 4 || Math.floor(q / d) % 7 === 0 || rng.next() < 0.7) ? 0 : draw()));
  const W = Float32Array.from({ length: n * d }, draw);
  const biases = Array.from({ length: sets }, () => Float32Array.from({ length: n }, () => (integers ? rng.int(7) - 3 : rng.next() - 0.5)));
  return { X, W, biases };
}

const shapes: [number, number, number, number][] = [
  [1, 1, 1, 1],
  [37, 5, 77, 2],
  [64, 2, 256, 1],
  [65, 64, 33, 3],
  [10, 130, 100, 1],
  [131, 17, 300, 7],
  [700, 100, 512, 2], // large enough for the WebAssembly side to work in several slices of points
  [90, 9, 1200, 2], // a piece of more units than the WebAssembly layer packs at a time (UNIT_BLOCK)
];

test('thresholdLayer: WebAssembly bits equal TypeScript bits, for every bias set, in one pass or in pieces', () => {
  for (const [integers, sparse] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    for (const [N, d, n, sets] of shapes) {
      const { X, W, biases } = layerProblem(`wasm-l1-${N}-${d}-${n}-${integers}-${sparse}`, N, d, n, sets, integers, sparse);
      const a = ts.thresholdLayer(X, N, d, n, sets),
        b = wasm.thresholdLayer(X, N, d, n, sets);
      assert.equal(a.stride, b.stride);
      // in pieces: the second piece must leave the first piece's words alone
      for (const [s0, s1] of n > 64
        ? [
            [0, 64],
            [64, n],
          ]
        : [[0, n]]) {
        a.compute(W, biases, s0, s1);
        b.compute(W, biases, s0, s1);
        for (let l = 0; l < sets; l++) assert.deepEqual(b.bits(l), a.bits(l), `N=${N} d=${d} n=${n} sparse=${sparse} set ${l} units [${s0}, ${s1})`);
      }
      if (integers) {
        // the integer data really exercises σ(0) = 0: some z + b are exactly 0
        let zeros = 0;
        for (let i = 0; i < N; i++)
          for (let j = 0; j < n; j++) {
            let z = 0;
            for (let k = 0; k < d; k++) z += W[j * d + k] * X[i * d + k];
            if (z + biases[0][j] === 0) zeros++;
          }
        assert.ok(zeros > 0 || N * n < 50, `N=${N} n=${n}: no exact zero`);
      }
    }
  }
});

/** The reference's z for point i and unit j: float64, ascending k (layer1.ts's contract). */
function referenceZ(X: Float32Array, W: Float32Array, d: number, i: number, j: number): number {
  let z = 0;
  for (let k = 0; k < d; k++) z += W[j * d + k] * X[i * d + k];
  return z;
}

/** The float32 value one step up (dir 1) or down (dir −1) from the float32 v. */
function nextF32(v: number, dir: 1 | -1): number {
  if (v === 0) return dir * 2 ** -149;
  const f = Float32Array.of(v),
    bits = new Int32Array(f.buffer);
  bits[0] += v > 0 === dir > 0 ? 1 : -1;
  return f[0];
}

/** The decision of a float32 evaluation like the kernel's: rounded products, partial sums of 32, then the bias. */
function float32Decision(X: Float32Array, W: Float32Array, d: number, i: number, j: number, b: number): boolean {
  let total = 0;
  for (let kb = 0; kb < d; kb += 32) {
    let part = 0;
    for (let k = kb; k < Math.min(d, kb + 32); k++) part = Math.fround(part + Math.fround(W[j * d + k] * X[i * d + k]));
    total = Math.fround(total + part);
  }
  return Math.fround(total + b) > 0;
}

/**
 * Points and units built so that z + b lands within a float32 ulp of 0 for many entries: each unit j
 * gets a partner point whose last coordinate cancels the rest of ⟨W_j, x⟩ (z ≈ 0 itself), and bias
 * sets that put z + b at the nearest float32 values around −z for another point. Returns the problem
 * and how many entries a plain float32 evaluation decides differently from the reference (the filter
 * must catch every one of them).
 */
function nearThresholdProblem(seed: string, N: number, d: number, n: number, nonNegative: boolean) {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: N * d }, () => (nonNegative ? rng.next() : rng.normal()));
  const W = Float32Array.from({ length: n * d }, () => rng.normal());
  for (let j = 0; j < n; j++) {
    const i = j % N;
    if (i % 2 === 1) continue; // half the points keep their data, for the bias-driven cases
    let rest = 0;
    for (let k = 0; k < d - 1; k++) rest += W[j * d + k] * X[i * d + k];
    X[i * d + d - 1] = Math.fround(-rest / W[j * d + d - 1]); // overwritten by the next unit with the same i
  }
  const center = Float32Array.from({ length: n }, (_, j) => Math.fround(-referenceZ(X, W, d, (2 * j + 1) % N, j)));
  const biases = [
    new Float32Array(n), // z alone, near 0 for the partner points
    center,
    center.map((c) => nextF32(c, 1)),
    center.map((c) => nextF32(c, -1)),
    Float32Array.from({ length: n }, () => (rng.next() < 0.5 ? 2 ** -149 : -(2 ** -149))),
  ];
  let float32Wrong = 0;
  for (const b of biases) {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < n; j++) if (float32Decision(X, W, d, i, j, b[j]) !== referenceZ(X, W, d, i, j) + b[j] > 0) float32Wrong++;
    }
  }
  return { X, W, biases, float32Wrong };
}

test('thresholdLayer: the WebAssembly float32 filter recomputes every entry it cannot certify (z + b within an ulp of 0)', () => {
  let wrongSomewhere = 0;
  for (const [N, d, n, nonNegative] of [
    [40, 3, 70, false],
    [64, 50, 96, true],
    [37, 784, 64, true],
    [21, 3001, 45, false],
  ] as const) {
    const { X, W, biases, float32Wrong } = nearThresholdProblem(`wasm-near-${N}-${d}-${n}`, N, d, n, nonNegative);
    wrongSomewhere += float32Wrong;
    const a = ts.thresholdLayer(X, N, d, n, biases.length),
      b = wasm.thresholdLayer(X, N, d, n, biases.length);
    a.compute(W, biases, 0, n);
    b.compute(W, biases, 0, n);
    for (let l = 0; l < biases.length; l++) assert.deepEqual(b.bits(l), a.bits(l), `N=${N} d=${d} n=${n} set ${l}`);
    // the filter did work here: at least the constructed entries went the exact way
    assert.ok(b.exactEntries!() >= n, `N=${N} d=${d}: only ${b.exactEntries!()} exact entries`);
    // each bias set alone (the single-λ path) gives the same bits as within the sweep
    for (let l = 0; l < biases.length; l++) {
      const single = wasm.thresholdLayer(X, N, d, n, 1);
      single.compute(W, [biases[l]], 0, n);
      assert.deepEqual(single.bits(0), a.bits(l), `N=${N} d=${d} set ${l} alone`);
    }
  }
  // the test is not vacuous: plain float32 arithmetic gets some of these decisions wrong
  assert.ok(wrongSomewhere > 0, 'no entry where float32 alone decides wrongly');
});

test('thresholdLayer: WebAssembly equals TypeScript where float32 products overflow or underflow', () => {
  // |w·x| up to 1e40 (beyond float32) and down to 1e-45 (below its normal range): the float32 path must
  // hand overflowing units to the exact path and bound the underflow, as derived in the kernel
  for (const [xScale, wScale, bScale] of [
    [1e30, 1e10, 1e38],
    [1e-25, 1e-20, 1e-44],
    [1e-20, 1e-19, 0],
  ]) {
    const N = 33,
      d = 40,
      n = 40,
      rng = createRng(`wasm-range-${xScale}`);
    const X = Float32Array.from({ length: N * d }, () => rng.normal() * xScale);
    const W = Float32Array.from({ length: n * d }, () => rng.normal() * wScale);
    const biases = [Float32Array.from({ length: n }, () => (rng.next() - 0.5) * bScale), new Float32Array(n)];
    const a = ts.thresholdLayer(X, N, d, n, 2),
      b = wasm.thresholdLayer(X, N, d, n, 2);
    a.compute(W, biases, 0, n);
    b.compute(W, biases, 0, n);
    for (let l = 0; l < 2; l++) assert.deepEqual(b.bits(l), a.bits(l), `scale ${xScale}·${wScale}, set ${l}`);
    assert.ok(
      a.bits(0).some((v) => v !== 0),
      'some unit is active',
    );
  }
  // a float32 partial sum that overflows to +∞ and stays there although z < 0: 3.5e38 − 3.3e38 − 3.3e38
  const X = Float32Array.of(1e19, 1e19, 1e19),
    W = Float32Array.of(3.5e19, -3.3e19, -3.3e19, -3.5e19, 3.3e19, 3.3e19);
  const biases = [new Float32Array(2)];
  const a = ts.thresholdLayer(X, 1, 3, 2, 1),
    b = wasm.thresholdLayer(X, 1, 3, 2, 1);
  a.compute(W, biases, 0, 2);
  b.compute(W, biases, 0, 2);
  assert.equal(a.bits(0)[0], 0b10);
  assert.deepEqual(b.bits(0), a.bits(0));
});

test('thresholdLayer: the WebAssembly layer rejects an unaligned start, like the TypeScript one', () => {
  const { X, W, biases } = layerProblem('wasm-unaligned', 4, 3, 64, 1, false);
  assert.throws(() => wasm.thresholdLayer(X, 4, 3, 64, 1).compute(W, biases, 10, 20), RangeError);
  assert.throws(() => wasm.thresholdLayer(X, 4, 3, 64, 1).compute(W, biases, 0, 65), RangeError);
});

test("thresholdLayer: a released WebAssembly layer's instance serves later layers as a new one would (bits, partial computes, scans)", () => {
  // each layer dirties its memory, is released, and the next (another shape, fewer units computed than
  // it holds) must see zeros where it computes nothing, as the TypeScript layer does
  const cases: [number, number, number, number, number][] = [
    [300, 20, 256, 3, 256],
    [40, 7, 512, 2, 96],
    [120, 3, 200, 1, 64],
    [9, 50, 64, 4, 33],
  ];
  for (const [N, d, n, sets, upTo] of cases) {
    const { X, W, biases } = layerProblem(`wasm-reuse-${N}-${d}`, N, d, n, sets, false);
    const a = ts.thresholdLayer(X, N, d, n, sets),
      b = wasm.thresholdLayer(X, N, d, n, sets);
    a.compute(W, biases, 0, upTo);
    b.compute(W, biases, 0, upTo);
    for (let l = 0; l < sets; l++) assert.deepEqual(b.bits(l), a.bits(l), `N=${N} d=${d} set ${l}`);
    const neg = Int32Array.from({ length: N >> 1 }, (_, i) => 2 * i),
      pos = Int32Array.from({ length: N >> 1 }, (_, i) => 2 * i + 1);
    const st = [Float64Array.of(-1, 0), Float64Array.of(-1, 0)];
    const words = (upTo + 31) >>> 5;
    assert.equal(b.scan(0, neg, pos, words, st[1]), a.scan(0, neg, pos, words, st[0]));
    assert.equal(st[1][1], st[0][1]);
    b.release?.();
  }
});

test('thresholdLayer: a large released WebAssembly layer serves the next layer of the same points (another width and bias sets) as a new one would', () => {
  // more than the 16 MB kept as spares: the next layer of the same X keeps X and its point factors
  const N = 64,
    d = 66000;
  const first = layerProblem('wasm-large-1', N, d, 96, 3, false),
    next = layerProblem('wasm-large-2', N, d, 40, 2, false);
  const used = wasm.thresholdLayer(first.X, N, d, 96, 3);
  used.compute(first.W, first.biases, 0, 96);
  used.release?.();
  const a = ts.thresholdLayer(first.X, N, d, 40, 2),
    b = wasm.thresholdLayer(first.X, N, d, 40, 2);
  a.compute(next.W, next.biases, 0, 40);
  b.compute(next.W, next.biases, 0, 40);
  for (let l = 0; l < 2; l++) assert.deepEqual(b.bits(l), a.bits(l), `set ${l}`);
  b.release?.();
});

/**
 * A TypeScript and a WebAssembly layer of N points and n units holding the same random dense bit rows
 * (each unit active with probability p), as the scans see them: they do not care where bits came from.
 */
function randomBitLayers(seed: string, p: number, n: number, N: number, listPairs = 0) {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: N }, () => rng.normal());
  const layers = [ts, wasm].map((k) => k.thresholdLayer(X, N, 1, n, 1, listPairs));
  const words = Uint32Array.from({ length: N * layers[0].stride }, () => {
    let w = 0;
    for (let j = 0; j < 32; j++) if (rng.next() < p) w |= 1 << j;
    return w;
  });
  for (const layer of layers) layer.setWords(0, words, layer.stride, layer.stride);
  return { layers, words };
}

test('scan: WebAssembly first separating units equal TypeScript ones, stopping and resuming alike', () => {
  // the last case has 3 M pairs: the WebAssembly side scans it in several slices of x⁻ rows
  for (const [p, n, N] of [
    [0.9, 96, 80],
    [0.97, 64, 80],
    [0.5, 33, 80],
    [0.99, 200, 80],
    [0.97, 160, 3500],
  ] as const) {
    const { layers, words } = randomBitLayers(`wasm-scan-${p}-${N}`, p, n, N);
    const nNeg = N > 100 ? 1500 : 30,
      nPos = N > 100 ? 2000 : 40;
    const neg = Int32Array.from({ length: nNeg }, (_, i) => i * 2),
      pos = Int32Array.from({ length: nPos }, (_, i) => N - 1 - i);
    const states = layers.map(() => Float64Array.of(-1, 0));
    const stops: number[] = [];
    for (let nWords = 1; nWords <= layers[0].stride; nWords++) {
      const done = layers.map((layer, q) => layer.scan(0, neg, pos, nWords, states[q]));
      assert.equal(done[1], done[0], `p=${p} nWords=${nWords}`);
      // the same pair stops both; where a scan stops, the WebAssembly maximum may still lack the first
      // units below 64 of the pairs before it (it holds them once it is at least 64)
      assert.equal(states[1][1], states[0][1], `p=${p} nWords=${nWords}`);
      if (states[0][0] >= 64) assert.equal(states[1][0], states[0][0], `p=${p} nWords=${nWords}`);
      else assert.ok(states[1][0] <= states[0][0], `p=${p} nWords=${nWords}`);
      if (!done[0]) stops.push(states[1][0]);
    }
    // on to the end, past the pairs no unit separates: the same maximum once every pair is scanned
    layers.forEach((layer, q) => {
      while (!layer.scan(0, neg, pos, layers[0].stride, states[q])) states[q][1]++;
    });
    assert.equal(states[1][0], states[0][0], `p=${p}: the same maximum once every pair is scanned`);
    assert.ok(stops.every((m) => m <= states[0][0]));
    assert.ok(states[0][0] >= 0);
    // new bits under the same row arrays: the WebAssembly scan must not reuse its copy of the old ones
    const shifted = words.map((w) => (w << 1) | (w >>> 31));
    for (const layer of layers) layer.setWords(0, shifted, layer.stride, layer.stride);
    const again = layers.map((layer) => {
      const st = Float64Array.of(-1, 0);
      while (!layer.scan(0, neg, pos, layers[0].stride, st)) st[1]++;
      return st[0];
    });
    assert.equal(again[1], again[0], `p=${p}: after new bits`);
  }
});

test('listUnseparated: WebAssembly lists equal TypeScript ones, from where a scan stopped, and both give up past the cap', () => {
  // the last case has 3 M pairs: the WebAssembly side lists them in several slices of x⁻ rows
  for (const [p, n, N] of [
    [0.9, 96, 80],
    [0.97, 128, 80],
    [0.5, 33, 80],
    [0.99, 200, 80],
    [0.97, 160, 3500],
  ] as const) {
    const { layers } = randomBitLayers(`wasm-list-${p}-${N}`, p, n, N, 1 << 16);
    const nNeg = N > 100 ? 1500 : 30,
      nPos = N > 100 ? 2000 : 40;
    const neg = Int32Array.from({ length: nNeg }, (_, i) => i * 2),
      pos = Int32Array.from({ length: nPos }, (_, i) => N - 1 - i);
    let listed = 0;
    for (let nWords = 1; nWords <= layers[0].stride; nWords++) {
      const states = layers.map(() => Float64Array.of(-1, 0));
      const done = layers.map((layer, q) => layer.scan(0, neg, pos, nWords, states[q]));
      if (done[0]) continue;
      const lists = layers.map((layer, q) => layer.listUnseparated(0, neg, pos, nWords, states[q], 1 << 16));
      assert.deepEqual(lists[1] && Array.from(lists[1]), lists[0] && Array.from(lists[0]), `p=${p} nWords=${nWords}`);
      assert.equal(states[1][1], states[0][1]);
      // the WebAssembly maximum has the scan's caveat: exact from 64 on
      if (states[0][0] >= 64) assert.equal(states[1][0], states[0][0], `p=${p} nWords=${nWords}`);
      else assert.ok(states[1][0] <= states[0][0], `p=${p} nWords=${nWords}`);
      const count = lists[0] ? lists[0].length / 2 : 0;
      if (count > 1) {
        const short = layers.map((layer) => layer.listUnseparated(0, neg, pos, nWords, Float64Array.of(-1, 0), count - 1));
        assert.deepEqual(short, [undefined, undefined], `p=${p} nWords=${nWords}: one pair past the cap`);
      }
      listed += count;
    }
    assert.ok(listed > 0, `p=${p}: some pairs listed`);
  }
});

test('compute on some points: WebAssembly writes exactly the TypeScript bits of those rows and leaves the others', () => {
  for (const [N, d, n, sets, integers] of [
    [131, 17, 300, 3, true],
    [700, 100, 160, 2, false],
    [9, 64, 64, 1, false],
  ] as const) {
    const { X, W, biases } = layerProblem(`rows-${N}`, N, d, n, sets, integers, d > 50);
    const rng = createRng(`rows-${N}`);
    // unordered, ragged (not whole groups of 4), and with the last point
    const points = Int32Array.from(new Set([N - 1, ...Array.from({ length: Math.ceil(N / 3) }, () => rng.int(N))]));
    const [tsLayer, wasmLayer] = [ts, wasm].map((k) => k.thresholdLayer(X, N, d, n, sets));
    const full = ts.thresholdLayer(X, N, d, n, sets);
    full.compute(W, biases, 0, n);
    for (const layer of [tsLayer, wasmLayer]) {
      layer.compute(W, biases, 0, 32);
      layer.compute(W, biases, 32, n, points);
    }
    const chosen = new Set(points);
    for (let l = 0; l < sets; l++) {
      assert.deepEqual(wasmLayer.bits(l), tsLayer.bits(l), `N=${N} set ${l}`);
      const { stride } = full;
      for (let i = 0; i < N; i++) {
        for (let w = 0; w < stride; w++) {
          const want = chosen.has(i) || w === 0 ? full.bits(l)[i * stride + w] : 0;
          if (tsLayer.bits(l)[i * stride + w] !== want) assert.fail(`N=${N} set ${l} point ${i} word ${w}`);
        }
      }
    }
    wasmLayer.release?.();
  }
});

test('rowMaxima: WebAssembly per-row latest separating units equal TypeScript ones, between scans of other rows', () => {
  // the second case has 3 M pairs: the WebAssembly side works in several slices of rows
  for (const [p, n, N] of [
    [0.9, 96, 80],
    [0.97, 160, 3500],
    [0.5, 20, 80],
  ] as const) {
    const { layers } = randomBitLayers(`wasm-rows-${p}-${N}`, p, n, N);
    const rows = Int32Array.from({ length: N > 100 ? 1500 : 30 }, (_, i) => i * 2),
      pos = Int32Array.from({ length: N > 100 ? 2000 : 40 }, (_, i) => N - 1 - i);
    for (let nWords = 1; nWords <= layers[0].stride; nWords++) {
      const [a, b] = layers.map((layer) => {
        // a scan of other rows first: rowMaxima must not use its copies of them
        layer.scan(0, rows.subarray(1, 3), pos.subarray(2), nWords, Float64Array.of(-1, 0));
        const out = new Int32Array(rows.length);
        layer.rowMaxima(0, rows, pos, nWords, out);
        return out;
      });
      assert.deepEqual(b, a, `p=${p} nWords=${nWords}`);
    }
  }
});

test('scores: WebAssembly AND + popcount equal TypeScript for the cover loop questions', () => {
  // widths of 1 to 20 words: every remainder of the kernel's 8-word (256-bit) steps, its tails, and
  // counts that reach the early-stop limit inside a step, at a step's end and in the tail
  const N = 70,
    n = 640,
    rng = createRng('wasm-scores');
  const X = Float32Array.from({ length: N * 3 }, () => rng.normal());
  const W = Float32Array.from({ length: n * 3 }, () => rng.normal());
  const b = [Float32Array.from({ length: n }, () => rng.next() - 0.5)];
  const layers = [ts, wasm].map((k) => k.thresholdLayer(X, N, 3, n, 1));
  for (const layer of layers) layer.compute(W, b, 0, n);
  const widths = [1, 31, 32, 33, 64, 150, 200, 225, 256, 257, 289, 321, 353, 385, 417, 449, 481, 512, 513, 600, 640];
  for (const width of widths) {
    const [sa, sb] = layers.map((layer) => layer.scores(0, width));
    const ua = new Uint32Array(20),
      ub = new Uint32Array(20);
    for (let i = 0; i < N; i += 9) {
      sa.setInactive(i, ua);
      sb.setInactive(i, ub);
      assert.deepEqual(ub, ua);
      const rows = Int32Array.from({ length: 50 }, () => rng.int(N));
      for (const count of [0, 1, 17, 50]) {
        const m = sa.min(rows, count, ua);
        assert.equal(sb.min(rows, count, ua), m, `width ${width} point ${i} count ${count}`);
        for (const bound of [-1, 0, 1, m, m + 1, m + 40, width >> 2, width, Infinity]) {
          const ba = new Uint8Array(50),
            bb = new Uint8Array(50);
          assert.equal(sb.markBelow(rows, count, ua, bound, bb), sa.markBelow(rows, count, ua, bound, ba));
          assert.deepEqual(bb, ba, `width ${width} bound ${bound}`);
        }
      }
    }
  }
});

test('a whole memorization study gives the same report with either backend', () => {
  const settings = { ...defaultSettings, draws: 12, maxWidth: 2048, eta: 0.1, lambdaGrid: [0, 0.5, 1] };
  const problems = [randomProblem('wasm-study-2', 60, 3, 2), randomProblem('wasm-study-3', 45, 4, 3)];
  try {
    for (const p of problems) {
      useKernels(ts);
      const a = memorizationStudy(p, settings, {});
      useKernels(wasm);
      const b = memorizationStudy(p, settings, {});
      assert.deepEqual(b, a);
    }
  } finally {
    useKernels(undefined);
  }
});

test('scan and listUnseparated: past 2³¹ pairs (two classes of 50,000 points) the position is exact in both backends', () => {
  // 100,000 rows of two classes (the default row limit) have 2.5·10⁹ pairs: an Int32 pair index wrapped
  // and the WebAssembly scan read outside its memory. Every x⁺ row has unit 1 active and every x⁻ row
  // none, except x⁺ number stopAt, which no unit separates from anything; the scans start at the last x⁻.
  const nNeg = 50_000,
    nPos = 50_000,
    N = nNeg + nPos,
    stopAt = 12_345;
  const X = new Float32Array(N);
  const words = Uint32Array.from({ length: N }, (_, i) => (i >= nNeg && i !== nNeg + stopAt ? 0b10 : 0));
  const neg = Int32Array.from({ length: nNeg }, (_, i) => i),
    pos = Int32Array.from({ length: nPos }, (_, i) => nNeg + i);
  const lastRow = (nNeg - 1) * nPos;
  for (const backend of [ts, wasm]) {
    const layer = backend.thresholdLayer(X, N, 1, 32, 1, 16),
      name = backend.name;
    layer.setWords(0, words, 1, 1);
    const state = Float64Array.of(-1, lastRow);
    assert.equal(layer.scan(0, neg, pos, 1, state), false, name);
    assert.equal(state[1], lastRow + stopAt, `${name}: stops at the unseparated pair`);
    assert.deepEqual(Array.from(layer.listUnseparated(0, neg, pos, 1, Float64Array.of(-1, lastRow), 16)!), [nNeg - 1, stopAt], name);
    state[1]++;
    assert.equal(layer.scan(0, neg, pos, 1, state), true, name);
    assert.equal(state[1], nNeg * nPos, `${name}: every pair scanned`);
    layer.release?.();
  }
});
