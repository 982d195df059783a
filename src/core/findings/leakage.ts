// Leakage between two files (SCIENCE.md §9): rows of the analysed file that reappear in the other one,
// exactly or nearly, with the same or another label, and how the class balance shifts between them.
// Both files are normalised together (the analysed file's mode over the union), so one distance scale
// serves both; every row's nearest row of the other file is found exactly, as the separation's tasks.
import type { Dataset } from '../data/dataset';
import { DatasetError } from '../data/dataset';
import { normalize } from '../data/normalize';
import type { CancelToken } from '../env';
import { identicalGroups } from '../geometry/sanity';
import { taskBlocks, type Parallel, serial } from '../parallel';
import type { DatasetFinding, FindingRows, FlaggedRow, Normalization, PointRef } from '../report';
import { NEAR_DUPLICATE_FRACTION } from './checks';
import { nearestOppositeTask } from '../geometry/separation';

/** a class share moving by this much (total variation between the two class distributions) is reported, and from twice that a warning */
export const SHIFT_INFO = 0.05;

export interface Leakage {
  /** the median over the analysed file's rows of the distance to the nearest row of the other file at a positive distance */
  medianAcross: number;
  rows: FindingRows[];
  dataset: DatasetFinding[];
}

export function leakage(a: Dataset, b: Dataset, mode: Normalization, env: { cancel?: CancelToken; parallel?: Parallel } = {}): Leakage {
  if (a.d !== b.d) throw new DatasetError(b.file, `has ${b.d} features, ${a.file} has ${a.d}: the files cannot be compared`);
  const N = a.N + b.N,
    d = a.d;
  const raw = new Float32Array(N * d);
  raw.set(a.X);
  raw.set(b.X, a.X.length);
  const X = normalize({ ...a, N, X: raw, pixel: a.pixel }, mode).X;
  const labelOf = (i: number) => (i < a.N ? a.classNames[a.y[i]] : b.classNames[b.y[i - a.N]]);
  const ref = (i: number): PointRef => (i < a.N ? { row: a.sourceRows[i], label: labelOf(i) } : { row: b.sourceRows[i - a.N], label: labelOf(i) });

  // exact copies: identical feature vectors as read, one of each file
  const exactSame: FlaggedRow[] = [],
    exactOther: FlaggedRow[] = [];
  const identical = new Uint8Array(a.N);
  for (const g of identicalGroups(raw, N, d)) {
    const inA = g.filter((i) => i < a.N),
      inB = g.filter((i) => i >= a.N);
    if (inA.length === 0 || inB.length === 0) continue;
    for (const i of inA) {
      identical[i] = 1;
      const sameLabel = inB.find((j) => labelOf(j) === labelOf(i));
      const partner = sameLabel ?? inB[0];
      (sameLabel !== undefined ? exactSame : exactOther).push({ ...ref(i), score: 0, partner: ref(partner) });
    }
  }

  // every row's nearest row of the other file, in row blocks run as tasks
  const rowsA = Int32Array.from({ length: a.N }, (_, i) => i),
    colsB = Int32Array.from({ length: b.N }, (_, j) => a.N + j);
  const parallel = env.parallel ?? serial;
  const blocks = taskBlocks(a.N, parallel.threads).map(([from, to]) => ({ X, d, rows: rowsA.slice(from, to), cols: colsB }));
  const parts = parallel.map(nearestOppositeTask, blocks, env.cancel);
  const nearest = new Int32Array(a.N),
    distance = new Float64Array(a.N);
  parts.forEach((part, t) =>
    blocks[t].rows.forEach((i, r) => {
      nearest[i] = part.rowNearest[r];
      distance[i] = Math.sqrt(part.rowSquared[r]);
    }),
  );
  const positive = [...distance].filter((x) => x > 0).sort((x, y) => x - y);
  const medianAcross = positive.length ? positive[positive.length >> 1] : 0;
  const threshold = NEAR_DUPLICATE_FRACTION * medianAcross;
  const nearSame: FlaggedRow[] = [],
    nearOther: FlaggedRow[] = [];
  for (let i = 0; i < a.N; i++) {
    if (identical[i] || nearest[i] < 0 || distance[i] > threshold) continue;
    const j = nearest[i];
    (labelOf(i) === labelOf(j) ? nearSame : nearOther).push({ ...ref(i), score: medianAcross > 0 ? distance[i] / medianAcross : 0, partner: ref(j) });
  }
  nearSame.sort((x, y) => x.score - y.score || x.row - y.row);
  nearOther.sort((x, y) => x.score - y.score || x.row - y.row);

  const partnerFile = b.file;
  const exactScore = 'distance to the partner (0: identical features)';
  const nearScore = 'distance to the partner / the median distance to the other file';
  const near = `closer than ${NEAR_DUPLICATE_FRACTION} × the median distance between the files`;
  const rows: FindingRows[] = [
    {
      kind: 'leak-conflicting',
      severity: 'error',
      partnerFile,
      score: exactScore,
      reason: `the same features are in ${b.file} with another label`,
      rows: exactOther,
    },
    { kind: 'leak-exact', severity: 'error', partnerFile, score: exactScore, reason: `the same row (features and label) is in ${b.file}`, rows: exactSame },
    {
      kind: 'leak-near-conflicting',
      severity: 'warning',
      partnerFile,
      score: nearScore,
      reason: `a row of ${b.file} ${near} has another label`,
      rows: nearOther,
    },
    { kind: 'leak-near', severity: 'warning', partnerFile, score: nearScore, reason: `a row of ${b.file} ${near} has the same label`, rows: nearSame },
  ].filter((f) => f.rows.length > 0) as FindingRows[];
  const shift = classShift(a, b);
  return { medianAcross, rows, dataset: shift ? [shift] : [] };
}

/** the class balance of the two files side by side: total variation ½Σ|p_a − p_b| over the union of classes */
function classShift(a: Dataset, b: Dataset): DatasetFinding | null {
  const share = (ds: Dataset) => {
    const m = new Map<string, number>();
    for (let i = 0; i < ds.N; i++) m.set(ds.classNames[ds.y[i]], (m.get(ds.classNames[ds.y[i]]) ?? 0) + 1 / ds.N);
    return m;
  };
  const pa = share(a),
    pb = share(b);
  const names = [...new Set([...pa.keys(), ...pb.keys()])];
  const tv = names.reduce((s, c) => s + Math.abs((pa.get(c) ?? 0) - (pb.get(c) ?? 0)), 0) / 2;
  const only = names.filter((c) => !pa.has(c) || !pb.has(c));
  if (tv < SHIFT_INFO && only.length === 0) return null;
  const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
  const worst = names.reduce((w, c) => (Math.abs((pa.get(c) ?? 0) - (pb.get(c) ?? 0)) > Math.abs((pa.get(w) ?? 0) - (pb.get(w) ?? 0)) ? c : w));
  return {
    kind: 'class-shift',
    severity: only.length > 0 || tv >= 2 * SHIFT_INFO ? 'warning' : 'info',
    reason:
      `the class balance differs by ${pct(tv)} (total variation) from ${b.file}: class "${worst}" is ${pct(pa.get(worst) ?? 0)} here and ${pct(pb.get(worst) ?? 0)} there` +
      (only.length ? `; only in one file: ${only.map((c) => `"${c}"`).join(', ')}` : ''),
  };
}
