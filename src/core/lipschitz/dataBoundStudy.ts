// The data-bound entries of the Lipschitz report: δ_p with its pair and 2/δ_p for each p, and a check
// that the McShane extension with L = 2/δ_p really interpolates (the bound is attained).
import { throwIfCancelled } from '../env';
import type { NearestEnv } from '../geometry/separation';
import type { DataBoundEntry } from '../report';
import { dataBound, type LabeledArrays } from './dataBound';
import { pValue } from './randomStudy';
import { distanceFunction, sweepGeometry, type SweepGeometry } from './separationP';

export interface DataBoundInput extends LabeledArrays {
  classNames: string[];
  /** source row of each point (1-based line of a text file); index when absent */
  sourceRows?: Int32Array;
}

/** The McShane check evaluates N² distances; above this many coordinate operations it is skipped. */
export const ATTAINED_CHECK_BUDGET = 5e7;

export function dataBoundEntries(input: DataBoundInput, ps: number[], env: NearestEnv = {}): DataBoundEntry[] {
  const { N, d, y, classNames, sourceRows } = input;
  const row = (i: number) => (sourceRows ? sourceRows[i] : i);
  const entries: DataBoundEntry[] = [];
  let geometry: SweepGeometry | undefined; // the same for every p: its principal direction alone costs 16·N·d
  for (const p of ps) {
    throwIfCancelled(env.cancel);
    if (p !== 2) geometry ??= sweepGeometry(input.X, N, d);
    const b = dataBound(input, p, env, geometry);
    if (!b.pair) continue; // one class: there is nothing to separate
    const [i, j] = b.pair;
    entries.push({
      p: pValue(p),
      delta: b.delta,
      bound: b.delta > 0 ? b.bound : null,
      rows: [row(i), row(j)],
      labels: [classNames[y[i]], classNames[y[j]]],
      attained: b.delta > 0 && N * N * d <= ATTAINED_CHECK_BUDGET ? mcShaneInterpolates(input, y[i], b.bound, p) : null,
    });
  }
  return entries;
}

/** The one-vs-rest problem of class c (−1 on c, +1 elsewhere) is the one whose separation is δ_p when
 * the attaining pair involves c; its McShane extension f(x) = min_j (v_j + L‖x − x_j‖_p) with L = 2/δ_p
 * must reproduce every label. At a training point x_i the term j = i is v_i and a term with v_j ≥ v_i is
 * no smaller, so f(x_i) ≠ v_i only through a point of c below a point outside it: −1 + L‖x_i − x_j‖_p <
 * +1 − 1e-9 (the tolerance of the attaining pair's rounding). Each such pair's distance is left as soon
 * as it reaches that length, so the check costs about a pass over the pairs' leading coordinates, not
 * N² full norms (mcShaneExtension evaluated at every point, as the tests do, gives the same answer). */
export function mcShaneInterpolates({ X, N, d, y }: LabeledArrays, c: number, L: number, p: number): boolean {
  const distanceBelow = distanceFunction(
    X,
    d,
    p,
    Int32Array.from({ length: d }, (_, k) => k),
  );
  const limit = (2 - 1e-9) / L;
  const inside: number[] = [],
    outside: number[] = [];
  for (let i = 0; i < N; i++) (y[i] === c ? inside : outside).push(i);
  for (const i of outside) for (const j of inside) if (distanceBelow(i, j, limit) < limit) return false;
  return true;
}
