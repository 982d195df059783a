// The ReLU study (SCIENCE.md §3): the cover loop depends on activation values, not only on which units are
// active, so there is no exact per-draw threshold; instead every draw runs the cover loop at each width
// of a geometric grid (each width a prefix of the same draw) and P(n) is the fraction that interpolates.
import { throwIfCancelled } from '../env';
import { reluActivations } from '../kernels/layer1';
import { childSeed, createRng } from '../random';
import type { CurvePoint } from '../report';
import { coverLoop, reluScores, type SecondLayer } from './coverLoop';
import { curvePoint, kPoint } from './curve';
import { FirstLayerDraw } from './firstLayer';
import { classify, interpolates } from './forward';
import { measuredResult, unmeasuredResult, type NetworkResult } from './networkResult';
import { subproblemKey, subproblemRows, type DrawSettings, type Network, type Points } from './problem';

/** 512 MB of float32 activations */
export const MAX_ACTIVATIONS = 2 ** 27;

/** Why a ReLU network of width w on N points cannot be built here (its N × w float32 activations are
 * kept), or null when it can: the ReLU study's guard and the Lipschitz stage's memorizer's, each
 * finishing the sentence with its own way out. */
export function activationLimit(N: number, w: number): string | null {
  if (N * w <= MAX_ACTIVATIONS) return null;
  return (
    `The ReLU network keeps N × width activations (${N} × ${w}), more than ${MAX_ACTIVATIONS / 2 ** 20} Mi floats: ` +
    'lower the maximal width or the row limit'
  );
}

/** Widths 8, 11, 16, 23, 32, … (ratio √2, rounded) up to maxWidth, which is always included. */
export function reluWidthGrid(maxWidth: number): number[] {
  const grid: number[] = [];
  for (let e = 6; ; e++) {
    const w = Math.round(2 ** (e / 2));
    if (w >= maxWidth) break;
    if (w !== grid[grid.length - 1]) grid.push(w);
  }
  grid.push(maxWidth);
  return grid;
}

/**
 * Runs the grid for several networks at once (they share every draw). Widths are visited in increasing
 * order and the grid stops once every network has reached P ≥ 1 − η and, when measureK, once the
 * width reaches 4 n* of each (so K is known at n* and a few widths above); thresholds are then the
 * smallest visited grid width at which a draw interpolates.
 */
export function reluStudy(points: Points, classRows: Int32Array[], networks: Network[], eta: number, s: DrawSettings, measureK: boolean): NetworkResult[] {
  const { X, N, d } = points;
  const subKeys: string[] = [];
  const subs = new Map<string, { neg: Int32Array; pos: Int32Array }>();
  for (const net of networks) {
    for (const sub of net) {
      const key = subproblemKey(sub);
      if (!subs.has(key)) {
        subs.set(key, subproblemRows(sub, classRows));
        subKeys.push(key);
      }
    }
  }
  const netSubs = networks.map((net) => net.map((sub) => subKeys.indexOf(subproblemKey(sub))));

  const grid = reluWidthGrid(s.maxWidth);
  const T = s.draws;
  const state = networks.map(() => ({
    thresholds: new Array<number | null>(T).fill(null),
    curve: [] as CurvePoint[],
    nStar: null as number | null,
    kByWidth: new Map<number, number[]>(),
    subK: [] as (number | null)[],
    verified: false,
  }));
  const done = (w: number) => state.every((st) => st.nStar !== null && (!measureK || w >= Math.min(4 * st.nStar, s.maxWidth)));

  let act = new Float32Array(0);
  for (const [gi, w] of grid.entries()) {
    const tooMany = activationLimit(N, w);
    if (tooMany) throw new Error(`${tooMany}, or use the threshold activation.`);
    if (act.length < N * w) act = new Float32Array(N * w);
    // per draw, per subproblem: its second layer at this width
    const layers: SecondLayer[][] = [];
    for (let t = 0; t < T; t++) {
      throwIfCancelled(s.cancel);
      const draw = new FirstLayerDraw(s.seed, t, d, s.lambda, w);
      draw.extendTo(w);
      reluActivations(X, N, d, draw.W, draw.b, 0, w, act, w);
      const scores = reluScores(act, w, w);
      layers.push(
        subKeys.map((key) => {
          const { neg, pos } = subs.get(key)!;
          return coverLoop(scores, neg, pos, createRng(childSeed(s.seed, 'cover', t, key, w)));
        }),
      );
      s.onProgress?.((gi + (t + 1) / T) / grid.length);
    }
    networks.forEach((net, q) => {
      const st = state[q];
      const ok = layers.map((ls) => netSubs[q].every((i) => ls[i].uncovered === 0));
      ok.forEach((good, t) => {
        if (good && st.thresholds[t] === null) st.thresholds[t] = w;
      });
      const k = ok.filter(Boolean).length;
      st.curve.push(curvePoint(w, k, T));
      if (st.nStar === null && k / T >= 1 - eta - 1e-12) {
        st.nStar = w;
        st.subK = netSubs[q].map((i) => layers.reduce((sum, ls) => sum + ls[i].K, 0) / T);
        st.verified = verifyOneDraw(
          points,
          s,
          w,
          ok.indexOf(true),
          netSubs[q].map((i) => subs.get(subKeys[i])!),
          layers,
          netSubs[q],
        );
      }
      if (st.nStar !== null && w <= 4 * st.nStar) {
        st.kByWidth.set(
          w,
          layers.map((ls) => netSubs[q].reduce((sum, i) => sum + ls[i].K, 0)),
        );
      }
    });
    if (done(w)) break;
  }

  return state.map((st, q) => {
    if (st.nStar === null) return unmeasuredResult(st.thresholds, st.curve, networks[q].length);
    const kCurve = [...st.kByWidth].map(([w, Ks]) => kPoint(w, Ks));
    return measuredResult(st.thresholds, st.curve, st.nStar, kCurve, st.subK, st.verified);
  });
}

/** Literal forward pass of draw t's network at width w: it must interpolate, as its cover loop says. */
function verifyOneDraw(
  points: Points,
  s: DrawSettings,
  w: number,
  t: number,
  rows: { neg: Int32Array; pos: Int32Array }[],
  layers: SecondLayer[][],
  subIndices: number[],
): boolean {
  if (t < 0) return false;
  const draw = new FirstLayerDraw(s.seed, t, points.d, s.lambda, w);
  draw.extendTo(w);
  const net = subIndices.map((i) => layers[t][i]);
  const predictions = classify(points.X, points.N, points.d, draw.W, draw.b, 'relu', net);
  return rows.every((r, q) => interpolates(predictions[q], r.neg, r.pos));
}
