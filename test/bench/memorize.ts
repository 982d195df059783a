// Memorization benchmark: `node --import tsx test/bench/memorize.ts`. Prints our time and a baseline
// measured in the same run, and their ratio; no figure here is a pass/fail threshold.
//  - the two-moons exact curve (100 draws, λ = 1, maxWidth 4096) against the authors' way of getting
//    a curve: a grid of widths (10, 20, …, 500 as in their moons.json) × draws, each width its own network;
//  - the kernels against the plain one-value-at-a-time loops they replace.
import * as fs from 'node:fs';
import { thresholdBits } from '../../src/core/kernels/layer1';
import { markAndPopcountBelow } from '../../src/core/kernels/popcount';
import { scanFirstSeparatingUnits } from '../../src/core/kernels/separatingUnit';
import { coverLoop, thresholdScores } from '../../src/core/memorize/coverLoop';
import { classPairThresholds } from '../../src/core/memorize/exactThresholds';
import { FirstLayerDraw } from '../../src/core/memorize/firstLayer';
import { memorizationStudy } from '../../src/core/memorize';
import { rowsByClass } from '../../src/core/memorize/problem';
import { createRng } from '../../src/core/random';
import { defaultSettings } from '../../src/core/report';
import { fixturePath } from '../unit/helpers';

function time<T>(f: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = f();
  return { ms: performance.now() - t0, result };
}
/** best of `reps` runs, after one warm-up */
function best(reps: number, f: () => unknown): number {
  f();
  let min = Infinity;
  for (let r = 0; r < reps; r++) min = Math.min(min, time(f).ms);
  return min;
}
const row = (name: string, ours: string, base: string, ratio: number) =>
  console.log(`${name.padEnd(44)} ours ${ours.padStart(16)}   baseline ${base.padStart(16)}   ratio ${ratio.toFixed(1)}×`);

// ---- two moons
const lines = fs.readFileSync(fixturePath('two-moons.csv'), 'utf8').trim().split('\n').slice(1);
const N = lines.length,
  d = 2;
const X = new Float32Array(N * d),
  y = new Int32Array(N);
lines.forEach((l, i) => {
  const [a, b, c] = l.split(',').map(Number);
  X[2 * i] = a;
  X[2 * i + 1] = b;
  y[i] = c;
});
let R = 0;
for (let i = 0; i < N; i++) R = Math.max(R, Math.hypot(X[2 * i], X[2 * i + 1]));
X.forEach((v, q) => (X[q] = v / R));
const classRows = rowsByClass(y, 2);

const exact = time(() => classPairThresholds({ X, N, d }, classRows, [[1, 0]], { seed: '1', lambda: 1, draws: 100, maxWidth: 4096 }));
const study = time(() => memorizationStudy({ X, N, d, y, classNames: ['0', '1'] }, { ...defaultSettings }, {}));
const gridDraws = 10,
  gridWidths = Array.from({ length: 50 }, (_, q) => 10 * (q + 1));
const grid = time(() => {
  for (let t = 0; t < gridDraws; t++) {
    for (const n of gridWidths) {
      const f = new FirstLayerDraw('1', t, d, 1, n);
      f.extendTo(n);
      const stride = (n + 31) >>> 5,
        bits = new Uint32Array(N * stride);
      thresholdBits(X, N, d, f.W, [f.b], 0, n, [bits], stride);
      coverLoop(thresholdScores(bits, stride, n), classRows[1], classRows[0], createRng(`${t}/${n}`));
    }
  }
});
console.log(
  `two moons, λ = 1: exact thresholds of 100 draws ${exact.ms.toFixed(0)} ms; whole default study ` +
    `(both orientations, K at 4 widths each, verification) ${study.ms.toFixed(0)} ms, n* = ${study.result.memorization!.requiredWidth}`,
);
row(
  'curve per draw: exact vs 50-width grid',
  `${(exact.ms / 100).toFixed(1)} ms`,
  `${(grid.ms / gridDraws).toFixed(1)} ms`,
  grid.ms / gridDraws / (exact.ms / 100),
);

// ---- kernels
const rng = createRng('bench');
for (const [Nk, dk, n] of [
  [1000, 2, 4096],
  [2000, 64, 1024],
]) {
  const Xk = Float32Array.from({ length: Nk * dk }, () => rng.normal());
  const W = Float32Array.from({ length: n * dk }, () => rng.normal());
  const b = Float32Array.from({ length: n }, () => rng.next() - 0.5);
  const stride = n >>> 5,
    out = new Uint32Array(Nk * stride);
  const ours = best(3, () => thresholdBits(Xk, Nk, dk, W, [b], 0, n, [out], stride));
  const naive = best(3, () => {
    for (let i = 0; i < Nk; i++) {
      for (let j = 0; j < n; j++) {
        let z = 0;
        for (let k = 0; k < dk; k++) z += W[j * dk + k] * Xk[i * dk + k];
        if (z + b[j] > 0) out[i * stride + (j >>> 5)] |= 1 << (j & 31);
        else out[i * stride + (j >>> 5)] &= ~(1 << (j & 31));
      }
    }
  });
  const flops = 2 * Nk * dk * n;
  row(
    `layer 1 + threshold + pack, N=${Nk} d=${dk} n=${n}`,
    `${(flops / ours / 1e6).toFixed(2)} GFLOP/s`,
    `${(flops / naive / 1e6).toFixed(2)} GFLOP/s`,
    naive / ours,
  );
}

{
  const Nk = 2000,
    nWords = 32,
    bits = Uint32Array.from({ length: Nk * nWords }, () => rng.int(2 ** 32));
  const u = Uint32Array.from({ length: nWords }, () => rng.int(2 ** 32));
  const rows = Int32Array.from({ length: Nk }, (_, i) => i),
    below = new Uint8Array(Nk);
  // bound above any count: every row counted in full, no early stop
  const ours = best(5, () => markAndPopcountBelow(bits, nWords, rows, Nk, u, nWords, Infinity, below));
  const naive = best(5, () => {
    for (let i = 0; i < Nk; i++) {
      let c = 0;
      for (let j = 0; j < nWords * 32; j++) c += (bits[i * nWords + (j >>> 5)] >>> (j & 31)) & (u[j >>> 5] >>> (j & 31)) & 1;
      below[i] = c < Infinity ? 1 : 0;
    }
  });
  const products = Nk * nWords * 32;
  row('AND + popcount, 2000 rows × 1024 units', `${(products / ours / 1e6).toFixed(2)} Gbit/s`, `${(products / naive / 1e6).toFixed(2)} Gbit/s`, naive / ours);
}

{
  // patterns with p = 0.9 active units: separations are rare, so each pair scans several words
  const Nk = 400,
    nWords = 16,
    bits = new Uint32Array(Nk * nWords);
  for (let q = 0; q < bits.length; q++) for (let j = 0; j < 32; j++) if (rng.next() < 0.9) bits[q] |= 1 << j;
  const neg = Int32Array.from({ length: 200 }, (_, i) => i),
    pos = Int32Array.from({ length: 200 }, (_, i) => 200 + i);
  let oursMax = 0,
    naiveMax = 0;
  const ours = best(5, () => {
    const st = Float64Array.of(-1, 0);
    scanFirstSeparatingUnits(bits, nWords, neg, pos, nWords, st);
    oursMax = st[0];
  });
  const naive = best(5, () => {
    let max = -1;
    for (const a of neg) {
      for (const c of pos) {
        let j = 0;
        while (j < nWords * 32 && !(((bits[c * nWords + (j >>> 5)] >>> (j & 31)) & 1) === 1 && ((bits[a * nWords + (j >>> 5)] >>> (j & 31)) & 1) === 0)) j++;
        max = Math.max(max, j);
      }
    }
    naiveMax = max;
  });
  if (oursMax !== naiveMax) throw new Error(`scan disagrees with the naive loop: ${oursMax} vs ${naiveMax}`);
  const pairs = neg.length * pos.length;
  row('first-separating-unit scan, 40 000 pairs', `${(pairs / ours / 1e3).toFixed(1)} Mpair/s`, `${(pairs / naive / 1e3).toFixed(1)} Mpair/s`, naive / ours);
}
