// How the Lipschitz estimates of random ReLU networks (SCIENCE.md §5) grow with the input dimension d, on
// generated data: the Lipschitz paper predicts Lip_p ≍ ‖g‖_{p'} ~ d^{1−1/p} for p ≥ 2 and ≍ ‖g‖_2 ~ √d
// for p < 2 (up to constants and log factors). Prints the estimates per d, the lower estimate divided
// by each of the two candidate laws (the law it follows gives a flat column), and the fitted log-log
// slopes against the predicted ones.
// The paper's statements are for wide networks (N ≳ d) and match for one hidden layer. A width fixed
// while d grows drifts out of that regime: for L = 1 the lower estimate of Lip_1 at fixed d rises with
// N toward its wide limit (d = 64, 2 draws: 1.14, 1.27, 1.46, 1.45 √d at N = 16d, 64d, 256d, 1024d),
// so at N = 8192 it bends down once d ≥ 256. A width proportional to d ("64d") keeps N/d fixed instead.
// Run: node --import tsx test/bench/lipschitz.ts [draws] [width N, or Kd for N = K·d] [largest d] [depth L]
//   e.g. the shallow wide setting: node --import tsx test/bench/lipschitz.ts 2 64d 256 1
import { createRng } from '../../src/core/random';
import { defaultRandomStudy, randomNetworkStudy } from '../../src/core/lipschitz/randomStudy';
import { expectedGaussianNorm } from '../../src/core/lipschitz/gaussianReference';
import { dualExponent } from '../../src/core/lipschitz/norms';

const draws = Number(process.argv[2] ?? 3);
const widthArg = process.argv[3] ?? '256';
const perD = widthArg.endsWith('d') ? Number(widthArg.slice(0, -1)) : 0;
const widthAt = (d: number) => (perD > 0 ? perD * d : Number(widthArg));
const largestD = Number(process.argv[4] ?? (perD > 0 ? 256 : Number(widthArg) / 2));
const depth = Number(process.argv[5] ?? 2);
const dims = [4, 8, 16, 32, 64, 128, 256, 512, 1024].filter((d) => d <= largestD);
const ps = [1, 1.5, 2, 3, 4, Infinity];
const options = { ...defaultRandomStudy, ps, pCurve: [], depth, draws, seed: 'bench' };
const predicted = (p: number) => (p >= 2 ? 1 - 1 / p : 0.5);
const label = (p: number) => (p === Infinity ? '∞' : String(p));

const rows: { d: number; N: number; draws: number; est: ReturnType<typeof randomNetworkStudy>['estimates']; ms: number }[] = [];
for (const d of dims) {
  // 64 points uniform in the unit ball: the "dataset" whose gradients seed the search
  const rng = createRng(`points/${d}`);
  const points = Array.from({ length: 64 }, () => {
    const v = Float64Array.from({ length: d }, () => rng.normal());
    const n = Math.hypot(...v);
    const r = Math.pow(rng.next(), 1 / d);
    return v.map((x) => (x / n) * r);
  });
  const N = widthAt(d);
  // the draw-to-draw spread of the estimates (relative to their size) is largest at small d, where a
  // draw is cheap: more draws there, so small-d noise does not tilt the fitted slopes
  const drawsAt = draws * Math.max(1, Math.round(64 / d));
  const t0 = performance.now();
  // the default job's total budget is for the report; this bench keeps 1.5e8 multiply-adds per network
  const study = randomNetworkStudy(d, points, 1, { ...options, width: N, widths: [N], draws: drawsAt, budget: 1.5e8 * drawsAt });
  rows.push({ d, N, draws: drawsAt, est: study.estimates, ms: performance.now() - t0 });
}

const widthText = perD > 0 ? `N = ${perD}·d` : `N = ${widthArg}`;
console.log(`random ReLU networks, L = ${depth} hidden layer${depth === 1 ? '' : 's'} of width ${widthText}, ${draws} × max(1, 64/d) draws, biases N(0, 0.1²)`);
console.log('mean lower / mean upper / reference per d:');
console.log(['d'.padStart(4), 'N'.padStart(6), 'draws'.padStart(6), ...ps.map((p) => `p=${label(p)}`.padStart(30)), 'ms'.padStart(8)].join(''));
for (const r of rows) {
  console.log(
    [
      String(r.d).padStart(4),
      String(r.N).padStart(6),
      String(r.draws).padStart(6),
      ...r.est.map((e) => `${e.lower.mean.toFixed(2)} / ${e.upper.mean.toExponential(2)} / ${e.reference.toFixed(2)}`.padStart(30)),
      r.ms.toFixed(0).padStart(8),
    ].join(''),
  );
}

// E‖g‖_q for g ~ N(0, I_d): the two candidate laws, √d-like (q = 2) and d^{1/p'}-like (q = p')
const ratioTable = (title: string, q: (p: number) => number) => {
  console.log(`\n${title}`);
  console.log(['d'.padStart(4), ...ps.map((p) => `p=${label(p)}`.padStart(9))].join(''));
  for (const r of rows)
    console.log([String(r.d).padStart(4), ...r.est.map((e, k) => (e.lower.mean / expectedGaussianNorm(r.d, q(ps[k]))).toFixed(3).padStart(9))].join(''));
};
ratioTable("lower / E‖g‖_2 (flat where Lip_p ~ √d, the paper's law for p ≤ 2):", () => 2);
ratioTable("lower / E‖g‖_{p'} (flat where Lip_p ~ ‖g‖_{p'}, the paper's law for p ≥ 2):", dualExponent);

function slope(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log),
    ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length,
    my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0,
    den = 0;
  lx.forEach((x, i) => {
    num += (x - mx) * (ly[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

// The predictions are asymptotic. For p < 2 a lower-order term is large at small d: for L = 1 in the
// far field ∂_j f = S_j + H_j(u) exactly, with S = ½ W_0ᵀw (shared by every direction u) and H_j odd in
// u, so sup_u |∂_j f| = |S_j| + sup_u H_j. Given w, the S_j are i.i.d. N(0, ‖w‖²/(2N)) ≈ N(0, ½), so
// max_j |S_j| ≈ E‖g‖_∞/√2 grows only like √(log d): an excess over the √d law that shrinks relative to
// it and flattens the slope over small d. For L = 1 the table below subtracts it.
if (depth === 1) {
  console.log('\nL = 1, p = 1: lower, the shared part E max_j |S_j| ≈ E‖g‖_∞/√2, and the rest, each / E‖g‖_2:');
  console.log(['d'.padStart(4), 'lower'.padStart(9), 'shared'.padStart(9), 'rest'.padStart(9)].join(''));
  for (const r of rows) {
    const g2 = expectedGaussianNorm(r.d, 2);
    const lower = r.est[ps.indexOf(1)].lower.mean / g2;
    const shared = expectedGaussianNorm(r.d, Infinity) / Math.SQRT2 / g2;
    console.log([String(r.d).padStart(4), lower.toFixed(3).padStart(9), shared.toFixed(3).padStart(9), (lower - shared).toFixed(3).padStart(9)].join(''));
  }
}
// The slope over the larger d alone shows the trend better.
const large = rows.filter((r) => r.d >= 64);
console.log('\nlog-log slope against d (least squares; lower also over d ≥ 64 only):');
console.log(['p'.padStart(4), 'predicted'.padStart(10), 'lower'.padStart(8), 'lower≥64'.padStart(10), 'upper'.padStart(8), 'reference'.padStart(10)].join(''));
ps.forEach((p, k) => {
  const fit = (rs: typeof rows, pick: (e: (typeof rows)[number]['est'][number]) => number) =>
    slope(
      rs.map((r) => r.d),
      rs.map((r) => pick(r.est[k])),
    );
  const lo = fit(rows, (e) => e.lower.mean);
  const loLarge = large.length >= 2 ? fit(large, (e) => e.lower.mean).toFixed(3) : '-';
  const up = fit(rows, (e) => e.upper.mean);
  const ref = fit(rows, (e) => e.reference);
  console.log(
    [
      label(p).padStart(4),
      predicted(p).toFixed(3).padStart(10),
      lo.toFixed(3).padStart(8),
      loLarge.padStart(10),
      up.toFixed(3).padStart(8),
      ref.toFixed(3).padStart(10),
    ].join(''),
  );
});
