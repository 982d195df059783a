// The data-bound entries of the Lipschitz report: δ_p with its pair and 2/δ_p for each p, and a check
// that the McShane extension with L = 2/δ_p really interpolates (the bound is attained).
import { throwIfCancelled } from '../env';
import type { NearestEnv } from '../geometry/separation';
import type { DataBoundEntry } from '../report';
import { dataBound, type LabeledArrays } from './dataBound';
import { mcShaneExtension } from './mcshane';
import { pValue } from './randomStudy';

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
  for (const p of ps) {
    throwIfCancelled(env.cancel);
    const b = dataBound(input, p, env);
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
 * the attaining pair involves c; its McShane extension with L = 2/δ_p must reproduce every label. */
function mcShaneInterpolates({ X, N, d, y }: LabeledArrays, c: number, L: number, p: number): boolean {
  const values = Float64Array.from(y, (label) => (label === c ? -1 : 1));
  const f = mcShaneExtension(X, N, d, values, L, p);
  for (let i = 0; i < N; i++) {
    // exact in exact arithmetic; the attaining pair's terms may round by an ulp or two
    if (Math.abs(f(X.subarray(i * d, (i + 1) * d)) - values[i]) > 1e-9) return false;
  }
  return true;
}
