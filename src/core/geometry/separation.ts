// Separation δ (SCIENCE.md §1): the smallest distance between points of different classes, after
// normalisation, with the pair attaining it, plus every point's nearest opposite-class distance so the
// worst offenders can be listed. Computed exactly (see kernels/distances.ts).
import { kernels } from '../kernels/backend';
import { projectionOrder, type NearestOpposite, type Projection } from '../kernels/distances';
import type { CancelToken, Progress } from '../env';
import { throwIfCancelled } from '../env';
import { taskBlocks, type Parallel } from '../parallel';
import { serial } from '../tasks';
import type { NearPair, PointRef, SeparationReport } from '../report';
import type { LabeledPoints } from '../points';

const LISTED = 20;
const QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

export interface NearestEnv {
  cancel?: CancelToken;
  parallel?: Parallel;
  onProgress?: (fraction: number) => void;
}

/** Every point's nearest opposite-class point, exactly (kernels/distances.ts), in row blocks run as tasks. */
export function nearestOppositeAll(points: { X: Float32Array; N: number; d: number; y: Int32Array }, env: NearestEnv = {}): NearestOpposite {
  const { X, N, d, y } = points;
  const parallel = env.parallel ?? serial;
  const projection = projectionOrder(X, N, d);
  const blocks = taskBlocks(N, parallel.threads);
  const parts = parallel.map(
    'nearestOpposite',
    blocks.map(([rowStart, rowEnd]): NearestBlock => ({ X, N, d, label: y, projection, rowStart, rowEnd })),
    env.cancel,
    (k) => env.onProgress?.(k / blocks.length),
  );
  const neighbor = new Int32Array(N), distance = new Float64Array(N);
  parts.forEach((part, k) => {
    neighbor.set(part.neighbor, blocks[k][0]);
    distance.set(part.distance, blocks[k][0]);
  });
  return { neighbor, distance };
}

/** Rows [rowStart, rowEnd) of nearestOppositeAll, a task. */
export interface NearestBlock {
  X: Float32Array;
  N: number;
  d: number;
  label: Int32Array;
  projection: Projection;
  rowStart: number;
  rowEnd: number;
}

export function nearestOppositeBlock(b: NearestBlock, cancel?: CancelToken): NearestOpposite {
  return kernels().nearestOpposite(b.X, b.N, b.d, b.label, {
    rows: [b.rowStart, b.rowEnd], projection: b.projection, onRow: () => throwIfCancelled(cancel),
  });
}

/** The separation report, and every point's nearest opposite point behind it (the Lipschitz stage's δ₂ reuses them). */
export function separation(
  points: LabeledPoints, env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel } = {},
): { report: SeparationReport; nearest: NearestOpposite } {
  const { N, y, classNames, sourceRows } = points;
  const ref = (i: number): PointRef => ({ row: sourceRows?.[i] ?? i, label: classNames[y[i]] });
  const nn = nearestOppositeAll(points, { ...env, onProgress: (f) => env.progress?.('separation', f) });

  const byDistance = Int32Array.from({ length: N }, (_, i) => i)
    .filter((i) => nn.neighbor[i] >= 0)
    .sort((a, b) => nn.distance[a] - nn.distance[b] || a - b);
  if (byDistance.length === 0) throw new Error('separation needs points of at least two classes');

  // Each closest pair appears twice (once from each end); list it once.
  const seen = new Set<string>();
  const closestPairs: NearPair[] = [];
  for (const i of byDistance) {
    const j = nn.neighbor[i];
    const key = i < j ? `${i},${j}` : `${j},${i}`;
    if (seen.has(key)) continue;
    seen.add(key);
    closestPairs.push({ a: ref(Math.min(i, j)), b: ref(Math.max(i, j)), distance: nn.distance[i] });
    if (closestPairs.length === LISTED) break;
  }

  const first = closestPairs[0];
  const report: SeparationReport = {
    delta: first.distance,
    rows: [first.a.row, first.b.row],
    labels: [first.a.label, first.b.label],
    closestPairs,
    worstPoints: Array.from(byDistance.subarray(0, LISTED), (i) => ({
      point: ref(i),
      neighbor: ref(nn.neighbor[i]),
      distance: nn.distance[i],
    })),
    nearestOppositeQuantiles: QUANTILES.map((q) => ({
      q,
      distance: nn.distance[byDistance[Math.min(byDistance.length - 1, Math.floor(q * (byDistance.length - 1) + 0.5))]],
    })),
  };
  return { report, nearest: nn };
}
