// The data's own bound (SCIENCE.md §5): every f with f = −1 on X⁻ and +1 on X⁺ has
// |f(x⁺) − f(x⁻)| = 2 at distance ‖x⁺ − x⁻‖_p, so Lip_p(f) ≥ 2/δ_p; the McShane extension
// (mcshane.ts) attains it. Multi-class data: δ_p is over all pairs with different labels, i.e. the
// smallest of the one-vs-rest separations.
import { nearestOppositeAll, type NearestEnv } from '../geometry/separation';
import type { NearestOpposite } from '../kernels/distances';
import { separationP, type SeparationP, type SweepGeometry } from './separationP';

export interface LabeledArrays {
  X: Float32Array;
  N: number;
  d: number;
  y: Int32Array;
  /** every point's nearest opposite point, when the separation stage already found them for these points */
  nearest?: NearestOpposite;
}

export interface DataBound extends SeparationP {
  /** 2/δ_p; Infinity when δ_p = 0 (no function interpolates), 0 when only one class is present */
  bound: number;
}

/** geometry: the sweep's view of the points (sweepGeometry), when the caller has it from another p */
export function dataBound(points: LabeledArrays, p: number, env: NearestEnv = {}, geometry?: SweepGeometry): DataBound {
  const sep =
    p === 2 ? euclideanSeparation(points, env) : separationP(points.X, points.N, points.d, points.y, p, env.cancel, points.nearest, env.parallel, geometry);
  return { ...sep, bound: 2 / sep.delta };
}

/** p = 2 goes through the separation's exact nearest-opposite kernel, on every thread. */
function euclideanSeparation(points: LabeledArrays, env: NearestEnv): SeparationP {
  const { N } = points;
  const nn = points.nearest ?? nearestOppositeAll(points, env);
  let best = -1;
  for (let i = 0; i < N; i++) {
    if (nn.neighbor[i] < 0) continue;
    if (best < 0 || nn.distance[i] < nn.distance[best]) best = i;
  }
  if (best < 0) return { p: 2, delta: Infinity, pair: null };
  const j = nn.neighbor[best];
  return { p: 2, delta: nn.distance[best], pair: best < j ? [best, j] : [j, best] };
}
