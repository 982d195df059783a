// The mutual covering of SCIENCE.md §4: X⁻ and X⁺ are split into components, each inside a ball (center c,
// radius r = max distance of its points to c), such that every component is admissible:
// r ≤ κ · d(c, C_other), d(c, C_other) the distance from c to the nearest center of the other class.
//
// Algorithm: one ball per class; while some component is inadmissible and can be split (r > 0), split
// the worst one (largest r / (κ d)) with seeded 2-means. Splitting replaces one center by two, so the
// other class's distances to the nearest center can move either way (a new center can only bring it
// closer; the removed one can push it away): the loop re-checks every component on every round rather
// than trusting an earlier verdict. After a split, one pass over the other class updates the nearest
// centers both ways; lower bounds from distanceSketch.ts skip most pairs without changing any result.
//
// Termination: every split turns one component into two non-empty ones, so the count grows by one per
// round and can never exceed the number of points; components of radius 0 are never split.
// Result: every component is admissible, except components of identical points sitting exactly on an
// identical point of the other class (d = 0): those are label conflicts, reported, never looped on.
// (At the end an inadmissible component has r = 0, hence d = 0 since 0 ≤ κ d otherwise; the other-class
// component at that center has d = 0 too and so must also have r = 0: the points coincide.)
//
// Centers: the mean of the members, unless the parent's center encloses the child in a smaller ball, in
// which case the child keeps the parent's center. So a split never makes a ball larger than its parent's
// (refinement never increases a radius), and components that are not split are never touched.
import { type CancelToken, type Progress, throwIfCancelled } from '../env';
import { childSeed, createRng } from '../random';
import { DistanceSketch } from './distanceSketch';
import { farthestRow, meanOfRows, squaredDistanceWithin } from './points';
import { splitInTwo } from './twoMeans';

export interface CoveringComponent {
  /** 0: the first class given, 1: the second */
  side: 0 | 1;
  members: Int32Array;
  center: Float64Array;
  radius: number;
  /** d(c, C_other) */
  distance: number;
  /** index of the other-class component whose center is nearest */
  nearest: number;
}

export interface SplitRecord {
  side: 0 | 1;
  parentRadius: number;
  parentDistance: number;
  childRadii: [number, number];
  childSizes: [number, number];
}

export interface Covering {
  kappa: number;
  components: CoveringComponent[];
  splits: SplitRecord[];
  /** identical points with opposite labels, as point indices per side */
  conflicts: { side0: number[]; side1: number[] }[];
}

/** The distance sketch (distanceSketch.ts) is fitted once the covering has this many components: below,
 * the plain scans cost less than its fit (about 60 million multiply-adds at d = 784), and most coverings
 * (two moons, iris) end there. It only prunes, so the result is the same with or without it. */
const SKETCH_FROM = 256;

export function isAdmissible(c: { radius: number; distance: number }, kappa: number): boolean {
  return c.distance > 0 && c.radius <= kappa * c.distance;
}

export function mutualCovering(
  X: Float32Array,
  d: number,
  classes: [Int32Array, Int32Array],
  options: { kappa: number; seed: string; /** SKETCH_FROM when absent */ sketchFrom?: number },
  env: { progress?: Progress; cancel?: CancelToken } = {},
): Covering {
  const { kappa, seed, sketchFrom = SKETCH_FROM } = options;
  if (!(kappa > 0)) throw new Error(`κ must be positive, got ${kappa}`);
  if (classes[0].length === 0 || classes[1].length === 0) throw new Error('Both classes need at least one point.');
  const N = classes[0].length + classes[1].length;
  const ball = (side: 0 | 1, members: Int32Array, center: Float64Array): CoveringComponent => ({
    side,
    members,
    center,
    radius: farthestRow(X, d, members, center).distance,
    distance: Infinity,
    nearest: -1,
  });
  const comps = [0, 1].map((s) => ball(s as 0 | 1, classes[s], meanOfRows(X, d, classes[s])));
  // Hot state by slot (at most one component per point): D = d(c, C_other), near = the slot attaining it.
  // Written back into the component objects at the end.
  const D = new Float64Array(N).fill(Infinity),
    near = new Int32Array(N).fill(-1);
  const sideOf = new Uint8Array(N),
    radius = new Float64Array(N),
    size = new Int32Array(N);
  let sketches: DistanceSketch | null = null;
  const place = (slot: number, c: CoveringComponent) => {
    comps[slot] = c;
    sideOf[slot] = c.side;
    radius[slot] = c.radius;
    size[slot] = c.members.length;
    sketches?.set(slot, c.center);
  };
  const certainlyFarther = (i: number, j: number, limit: number) => sketches !== null && sketches.certainlyFarther(i, j, limit);
  comps.forEach((c, i) => place(i, c));
  /** Whether center j beats i's nearest so far; on equal distances the lower slot wins, so the result
   * does not depend on the order in which candidates are met. */
  const take = (i: number, j: number, dist: number) => {
    if (dist < D[i] || (dist === D[i] && j < near[i])) {
      D[i] = dist;
      near[i] = j;
    }
  };
  /** The pair (i, j) of opposite classes, for both ends at once; skipped when it cannot beat either. */
  const pair = (i: number, j: number) => {
    const limit = Math.max(D[i], D[j]);
    if (certainlyFarther(i, j, limit)) return;
    const dist = Math.sqrt(squaredDistanceWithin(comps[i].center, comps[j].center, limit * limit));
    take(i, j, dist);
    take(j, i, dist);
  };
  /** i's nearest other-class center over every center (D[i] so far is the bound to beat). */
  const scan = (i: number) => {
    const side = sideOf[i];
    for (let j = 0; j < comps.length; j++) {
      if (sideOf[j] === side || certainlyFarther(i, j, D[i])) continue;
      take(i, j, Math.sqrt(squaredDistanceWithin(comps[i].center, comps[j].center, D[i] * D[i])));
    }
  };
  pair(0, 1);
  const splits: SplitRecord[] = [];

  for (;;) {
    throwIfCancelled(env.cancel);
    let worst = -1,
      worstRatio = -1,
      coveredPoints = 0;
    for (let i = 0; i < comps.length; i++) {
      const r = radius[i];
      if (D[i] > 0 && r <= kappa * D[i]) {
        coveredPoints += size[i];
        continue;
      }
      if (r === 0) continue;
      const ratio = D[i] > 0 ? r / (kappa * D[i]) : Infinity;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = i;
      }
    }
    if (worst < 0) break;
    if (splits.length % 32 === 0) {
      env.progress?.('decomposition', coveredPoints / N, `${comps.length} components, ${coveredPoints} of ${N} points in admissible balls`);
    }

    const parent = comps[worst];
    const parentNearest = near[worst];
    const parts = splitInTwo(X, d, parent.members, createRng(childSeed(seed, 'split', splits.length)));
    const [a, b] = parts.map((members) => {
      const own = ball(parent.side, members, meanOfRows(X, d, members));
      return own.radius <= parent.radius ? own : ball(parent.side, members, parent.center);
    });
    splits.push({
      side: parent.side,
      parentRadius: parent.radius,
      parentDistance: D[worst],
      childRadii: [a.radius, b.radius],
      childSizes: [a.members.length, b.members.length],
    });
    const added = comps.length;
    place(worst, a);
    place(added, b);
    if (sketches === null && comps.length >= sketchFrom) {
      sketches = DistanceSketch.fit(X, d, Int32Array.from([...classes[0], ...classes[1]]), N, childSeed(seed, 'sketch'));
      for (let slot = 0; slot < comps.length; slot++) sketches.set(slot, comps[slot].center);
    }
    D[worst] = D[added] = Infinity;
    near[worst] = near[added] = -1;
    // One pass over the other class settles both questions: the children's nearest centers, and whom a
    // child is now nearest to. The parent's nearest goes first: it gives the children a bound to prune with.
    const lost: number[] = [];
    for (let t = -1; t < comps.length; t++) {
      const j = t < 0 ? parentNearest : t;
      if (sideOf[j] === parent.side || (t >= 0 && j === parentNearest)) continue;
      // Whoever had the parent as nearest lost it. Every other center was at least as far as the parent,
      // so a child at least that close is the new nearest; otherwise search everything (below).
      const before = D[j],
        orphan = near[j] === worst;
      if (orphan) {
        D[j] = Infinity;
        near[j] = -1;
      }
      pair(j, worst);
      pair(j, added);
      if (orphan && D[j] > before) lost.push(j);
    }
    for (const j of lost) scan(j);
  }
  comps.forEach((c, i) => {
    c.distance = D[i];
    c.nearest = near[i];
  });
  env.progress?.('decomposition', 1, `${comps.length} components after ${splits.length} splits`);
  return { kappa, components: comps, splits, conflicts: conflictsOf(comps) };
}

function conflictsOf(comps: CoveringComponent[]): Covering['conflicts'] {
  const out: Covering['conflicts'] = [];
  for (const c of comps) {
    if (c.side !== 0 || c.distance > 0) continue;
    const other = comps[c.nearest];
    out.push({ side0: Array.from(c.members), side1: Array.from(other.members) });
  }
  return out;
}
