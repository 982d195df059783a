// The reference scale of SCIENCE.md §5: E‖g‖_q for a standard Gaussian g ∈ R^d (q = p' for p ≥ 2, q = 2
// for p < 2), from the Gaussian moments:
// - q = 2: E‖g‖_2 = √2 Γ((d+1)/2) / Γ(d/2) (chi distribution), exact.
// - q = 1: E‖g‖_1 = d √(2/π), exact.
// - q = ∞: E max|g_i| = ∫_0^∞ 1 − (2Φ(t) − 1)^d dt, by quadrature.
// - other q > 1: with S = Σ|g_i|^q and a = 1/q ∈ (0, 1), the identity
//   S^a = a/Γ(1−a) ∫_0^∞ (1 − e^{−tS}) t^{−a−1} dt and independence give
//   E‖g‖_q = a/Γ(1−a) ∫_0^∞ (1 − φ(t)^d) t^{−a−1} dt,  φ(t) = E e^{−t|g|^q},
//   a one-dimensional integral of a one-dimensional integral, evaluated by Gauss–Legendre panels on a
//   log scale with both tails in closed form. Accurate to about 1e-9 relative (checked against the
//   closed forms and, in the tests, against Monte Carlo); no approximation in d.

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export function expectedGaussianNorm(d: number, q: number): number {
  if (!(d >= 1) || !Number.isInteger(d)) throw new RangeError(`d must be a positive integer, got ${d}`);
  if (!(q >= 1)) throw new RangeError(`q must be ≥ 1, got ${q}`);
  if (q === 1) return d * Math.sqrt(2 / Math.PI);
  if (q === 2) return Math.SQRT2 * Math.exp(logGamma((d + 1) / 2) - logGamma(d / 2));
  if (q === Infinity) return expectedMaxAbs(d);
  return expectedPNormByLaplace(d, q);
}

/** E|g|^r = 2^{r/2} Γ((r+1)/2) / √π. */
export function absoluteGaussianMoment(r: number): number {
  return Math.exp((r / 2) * Math.LN2 + logGamma((r + 1) / 2)) / Math.sqrt(Math.PI);
}

function expectedPNormByLaplace(d: number, q: number): number {
  const a = 1 / q;
  const mq = absoluteGaussianMoment(q);
  const m2q = absoluteGaussianMoment(2 * q);
  // Below t0, 1 − φ(t)^d = t·E S (1 + O(t E S² / E S)); choose t0 so the neglected part is < 1e-12.
  const ES = d * mq;
  const ES2 = d * m2q + d * (d - 1) * mq * mq;
  const uLo = Math.log((1e-12 * ES) / ES2);
  const uHi = 32 / a;
  const inner = laplaceNodes(q, uHi);
  let integral = (ES * Math.exp((1 - a) * uLo)) / (1 - a); // left tail, closed form
  // 1 − φ(t)^d grows with t to exactly 1 in double precision; from the first panel where it is 1 the
  // rest of the integral is ∫ e^{−au} du in closed form, which skips the inner integrals of the large t
  // (each the dearest, and on d = 4 about half of them; more as d grows)
  const panels = Math.ceil((uHi - uLo) / 0.5);
  const h = (uHi - uLo) / panels;
  for (let k = 0; k < panels; k++) {
    const lo = uLo + k * h;
    const saturated = -Math.expm1(d * Math.log1p(-inner(Math.exp(lo)))) === 1;
    if (saturated) {
      integral += Math.exp(-a * lo) / a; // with the right tail beyond uHi, where φ(t)^d is negligible too
      break;
    }
    integral += gaussLegendre((u) => -Math.expm1(d * Math.log1p(-inner(Math.exp(u)))) * Math.exp(-a * u), lo, lo + h, h);
    if (k === panels - 1) integral += Math.exp(-a * uHi) / a; // right tail: φ(t)^d is negligible there
  }
  return (a / Math.exp(logGamma(1 - a))) * integral;
}

/** t ↦ 1 − E e^{−t|g|^q} = 2∫_0^∞ (1 − e^{−t x^q}) ϕ(x) dx for t up to e^{uHi}, computed without
 * cancellation over x = e^v by Gauss–Legendre panels of width 1/4 laid once from v = ln 12 down, so
 * x^q and ϕ(x)·x are computed once per node rather than once per t. Each t sums the panels above
 * min(v*, 0) − 40/(q + 1), v* = −ln(t)/q being where t x^q = 1: below it the integrand is below
 * e^{−40} of its peak. */
function laplaceNodes(q: number, uHi: number): (t: number) => number {
  const width = 0.25;
  const vHi = Math.log(12);
  const reach = 40 / (q + 1);
  const panels = Math.ceil((vHi - (Math.min(-uHi / q, 0) - reach)) / width);
  const xq = new Float64Array(8 * panels);
  const weight = new Float64Array(8 * panels);
  for (let k = 0; k < panels; k++) {
    const mid = vHi - (k + 0.5) * width;
    for (let i = 0; i < 8; i++) {
      const x = Math.exp(mid + 0.5 * width * GL_X[i]);
      xq[8 * k + i] = Math.pow(x, q);
      weight[8 * k + i] = GL_W[i] * (Math.exp(-0.5 * x * x) / SQRT_2PI) * x;
    }
  }
  return (t) => {
    const used = Math.min(panels, Math.ceil((vHi - (Math.min(-Math.log(t) / q, 0) - reach)) / width));
    let s = 0;
    // from t·x^q = 38 on, 1 − e^{−t x^q} is exactly 1 in double precision (e^{−38} is below half an ulp
    // of 1), so those nodes, most of them at large t, skip the exponential and sum to the same bits
    for (let j = 0; j < 8 * used; j++) {
      const y = t * xq[j];
      s += y >= SATURATED ? weight[j] : weight[j] * -Math.expm1(-y);
    }
    return width * s;
  };
}

/** −expm1(−y) === 1 for every y ≥ 38 (checked on a 1e-4 grid from 37.43, where it first rounds to 1, to 60) */
const SATURATED = 38;

function expectedMaxAbs(d: number): number {
  // 1 − (2Φ(t) − 1)^d = 1 − (1 − erfc(t/√2))^d; the integrand is below 1e-17 beyond t = 9 + √(2 ln d)
  const hi = 9 + Math.sqrt(2 * Math.log(d + 1));
  return gaussLegendre((t) => -Math.expm1(d * Math.log1p(-erfc(t / Math.SQRT2))), 0, hi, 0.25);
}

// 8-point Gauss–Legendre nodes and weights on [−1, 1]
const GL_X = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267,
  0.9602898564975363,
];
const GL_W = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
];

/** ∫_lo^hi f by 8-point Gauss–Legendre on panels no wider than `width`. */
function gaussLegendre(f: (x: number) => number, lo: number, hi: number, width: number): number {
  const panels = Math.max(1, Math.ceil((hi - lo) / width));
  const h = (hi - lo) / panels;
  let s = 0;
  for (let k = 0; k < panels; k++) {
    const mid = lo + (k + 0.5) * h;
    for (let i = 0; i < 8; i++) s += GL_W[i] * f(mid + 0.5 * h * GL_X[i]);
  }
  return 0.5 * h * s;
}

/** ln Γ(x) for x > 0: Lanczos approximation (g = 7, 9 terms), relative error about 1e-15. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Complementary error function, relative error below 1.2e-7 everywhere (Numerical Recipes' erfcc
 * Chebyshev fit), enough for E max|g_i|, whose integrand it only shapes. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
