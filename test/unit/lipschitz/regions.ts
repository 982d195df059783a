// Test oracle: the exact Lipschitz constant of a small ReLU network on R², by enumerating its linear
// regions. Inside a region (a fixed activation pattern) every pre-activation is an affine function of
// x, so the region is the convex polygon where each keeps its sign; it is found by clipping a large box
// with those half-planes. Stepping just across each polygon edge reaches the neighbouring regions;
// a breadth-first walk visits every region meeting the box, and Lip_p = max over regions of ‖∇f‖_{p'}.
// A d = 1 network is embedded in R² with a zero column (its gradient (g, 0) has |g| in every norm).
import type { ReluNetwork } from '../../../src/core/lipschitz/reluNetwork';
import { preActivations } from '../../../src/core/lipschitz/reluNetwork';
import { dualExponent, pNorm } from '../../../src/core/lipschitz/norms';

type Pt = [number, number];
interface Affine {
  a: Pt;
  c: number;
}

/** every pre-activation as an affine function of x under the pattern found at x, and the output's gradient */
function regionAt(net: ReluNetwork, x: Pt): { pattern: string; forms: Affine[]; signs: boolean[]; grad: Pt } {
  const zs = preActivations(net, x);
  const forms: Affine[] = [];
  const signs: boolean[] = [];
  let input: Affine[] = [
    { a: [1, 0], c: 0 },
    { a: [0, 1], c: 0 },
  ];
  zs.forEach((z, l) => {
    const { W, b } = net.hidden[l];
    const layer: Affine[] = [];
    for (let i = 0; i < W.rows; i++) {
      const f: Affine = { a: [0, 0], c: b[i] };
      for (let j = 0; j < W.cols; j++) {
        const w = W.data[i * W.cols + j];
        f.a[0] += w * input[j].a[0];
        f.a[1] += w * input[j].a[1];
        f.c += w * input[j].c;
      }
      layer.push(f);
      forms.push(f);
      signs.push(z[i] > 0);
    }
    input = layer.map((f, i) => (z[i] > 0 ? f : { a: [0, 0], c: 0 }));
  });
  const grad: Pt = [0, 0];
  input.forEach((f, i) => {
    grad[0] += net.w[i] * f.a[0];
    grad[1] += net.w[i] * f.a[1];
  });
  return { pattern: signs.map((s) => (s ? '1' : '0')).join(''), forms, signs, grad };
}

/** clip a convex polygon to {x : s·(a·x + c) ≥ 0} (Sutherland–Hodgman) */
function clip(poly: Pt[], f: Affine, positive: boolean): Pt[] {
  const val = (p: Pt) => (positive ? 1 : -1) * (f.a[0] * p[0] + f.a[1] * p[1] + f.c);
  const out: Pt[] = [];
  for (let k = 0; k < poly.length; k++) {
    const p = poly[k],
      q = poly[(k + 1) % poly.length];
    const vp = val(p),
      vq = val(q);
    if (vp >= 0) out.push(p);
    if (vp >= 0 !== vq >= 0) {
      const t = vp / (vp - vq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

export function exactLipschitz2d(net: ReluNetwork, p: number, box = 50): { value: number; regions: number } {
  const to2d: ReluNetwork = net.d === 2 ? net : embed(net);
  const q = dualExponent(p);
  const seen = new Set<string>();
  const queue: Pt[] = [[0.123, -0.0457]];
  let value = 0;
  while (queue.length) {
    const x = queue.pop()!;
    if (Math.abs(x[0]) >= box || Math.abs(x[1]) >= box) continue;
    const r = regionAt(to2d, x);
    if (seen.has(r.pattern)) continue;
    seen.add(r.pattern);
    value = Math.max(value, pNorm(r.grad, q));
    let poly: Pt[] = [
      [-box, -box],
      [box, -box],
      [box, box],
      [-box, box],
    ];
    r.forms.forEach((f, i) => {
      if (f.a[0] !== 0 || f.a[1] !== 0) poly = clip(poly, f, r.signs[i]);
    });
    for (let k = 0; k < poly.length; k++) {
      const a = poly[k],
        b = poly[(k + 1) % poly.length];
      const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len < 1e-9) continue;
      // outward normal of a counter-clockwise polygon edge
      const eps = 1e-7;
      queue.push([mid[0] + (eps * (b[1] - a[1])) / len, mid[1] - (eps * (b[0] - a[0])) / len]);
    }
  }
  return { value, regions: seen.size };
}

function embed(net: ReluNetwork): ReluNetwork {
  const [first, ...rest] = net.hidden;
  const data = new Float64Array(first.W.rows * 2);
  for (let i = 0; i < first.W.rows; i++) data[2 * i] = first.W.data[i];
  return { ...net, d: 2, hidden: [{ W: { rows: first.W.rows, cols: 2, data }, b: first.b }, ...rest] };
}
