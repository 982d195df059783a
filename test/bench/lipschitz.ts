// How the Lipschitz estimates of random ReLU networks (SPEC §5) grow with the input dimension d, on
// generated data: the Lipschitz paper predicts Lip_p ≍ ‖g‖_{p'} ~ d^{1−1/p} for p ≥ 2 and ≍ ‖g‖_2 ~ √d
// for p < 2 (up to constants and log factors). Prints the estimates per d and the fitted log-log slopes
// of the lower estimate, the upper estimate and the reference against the predicted slope.
// The paper's statements are for wide networks (N ≳ d), so the default keeps d ≤ N/2.
// Run: node --import tsx test/bench/lipschitz.ts [draws] [width N] [largest d]
import { createRng } from '../../src/core/random';
import { defaultRandomStudy, randomNetworkStudy } from '../../src/core/lipschitz/randomStudy';

const draws = Number(process.argv[2] ?? 3);
const width = Number(process.argv[3] ?? 256);
const largestD = Number(process.argv[4] ?? width / 2);
const dims = [4, 8, 16, 32, 64, 128, 256, 512, 1024].filter((d) => d <= largestD);
const ps = [1, 1.5, 2, 3, 4, Infinity];
const options = { ...defaultRandomStudy, ps, pCurve: [], width, widths: [width], depth: 2, draws, seed: 'bench' };
const predicted = (p: number) => (p >= 2 ? 1 - 1 / p : 0.5);
const label = (p: number) => (p === Infinity ? '∞' : String(p));

const rows: { d: number; est: ReturnType<typeof randomNetworkStudy>['estimates']; ms: number }[] = [];
for (const d of dims) {
  // 64 points uniform in the unit ball: the "dataset" whose gradients seed the search
  const rng = createRng(`points/${d}`);
  const points = Array.from({ length: 64 }, () => {
    const v = Float64Array.from({ length: d }, () => rng.normal());
    const n = Math.hypot(...v);
    const r = Math.pow(rng.next(), 1 / d);
    return v.map((x) => (x / n) * r);
  });
  const t0 = performance.now();
  const study = randomNetworkStudy(d, points, 1, options);
  rows.push({ d, est: study.estimates, ms: performance.now() - t0 });
}

console.log(`random ReLU networks, L = ${options.depth} hidden layers of width N = ${options.width}, ${draws} draws, biases ${'N(0, 0.1²)'}`);
console.log('mean lower / mean upper / reference per d:');
console.log(['d'.padStart(4), ...ps.map((p) => `p=${label(p)}`.padStart(30)), 'ms'.padStart(8)].join(''));
for (const r of rows) {
  console.log(
    [String(r.d).padStart(4), ...r.est.map((e) => `${e.lower.mean.toFixed(2)} / ${e.upper.mean.toExponential(2)} / ${e.reference.toFixed(2)}`.padStart(30)), r.ms.toFixed(0).padStart(8)].join(''),
  );
}

function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0, den = 0;
  lx.forEach((x, i) => {
    num += (x - mx) * (ly[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

// The predictions are asymptotic: for p < 2 Lip_p ≤ Lip_2 and the two nearly coincide at small d, so
// the slope over the larger d alone shows the trend better than the slope over all of them.
const large = rows.filter((r) => r.d >= 16);
console.log('\nlog-log slope against d (least squares; lower also over d ≥ 16 only):');
console.log(['p'.padStart(4), 'predicted'.padStart(10), 'lower'.padStart(8), 'lower≥16'.padStart(10), 'upper'.padStart(8), 'reference'.padStart(10)].join(''));
ps.forEach((p, k) => {
  const fit = (rs: typeof rows, pick: (e: (typeof rows)[number]['est'][number]) => number) => slope(rs.map((r) => r.d), rs.map((r) => pick(r.est[k])));
  const lo = fit(rows, (e) => e.lower.mean);
  const loLarge = large.length >= 2 ? fit(large, (e) => e.lower.mean).toFixed(3) : '-';
  const up = fit(rows, (e) => e.upper.mean);
  const ref = fit(rows, (e) => e.reference);
  console.log([label(p).padStart(4), predicted(p).toFixed(3).padStart(10), lo.toFixed(3).padStart(8), loLarge.padStart(10), up.toFixed(3).padStart(8), ref.toFixed(3).padStart(10)].join(''));
});
