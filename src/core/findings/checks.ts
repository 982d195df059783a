// The model-free data checks (SCIENCE.md §9): every rule, score and threshold is defined there. The
// per-row checks read the exact neighbour lists of neighbours.ts on the normalised points; the column
// checks read the features as the file has them.
import type { Dataset } from '../data/dataset';
import type { CancelToken } from '../env';
import { identicalGroups } from '../geometry/sanity';
import type { Parallel } from '../parallel';
import type { Sketch } from '../kernels/sketch';
import type { DatasetFinding, FindingRows, FindingsReport, FlaggedRow, PointRef } from '../report';
import { mostlyOther, neighbours, type Neighbours } from './neighbours';

/** neighbours per point behind the label-error and outlier checks */
export const FINDINGS_K = 10;
/** a pair is a near-duplicate when closer than this fraction of the median nearest-neighbour distance */
export const NEAR_DUPLICATE_FRACTION = 0.05;
/** an outlier's k-th same-class distance lies beyond Q3 + this × IQR of its class (Tukey's "far out") */
export const OUTLIER_IQR = 3;
/** a class imbalance ratio (largest class / smallest) from which it is reported, and from which it is a warning */
export const IMBALANCE_INFO = 3;
export const IMBALANCE_WARNING = 10;
/** a feature is near-constant when one value fills at least this fraction of the rows */
export const NEAR_CONSTANT_SHARE = 0.99;
/** identifier-like columns are looked for from this many rows (fewer monotone distinct integers are common by chance) */
export const IDENTIFIER_MIN_ROWS = 20;

export interface FindingsEnv {
  cancel?: CancelToken;
  parallel?: Parallel;
  /** a sketch of the normalised points (KernelBackend.sketch) where one was built already */
  sketch?: Sketch;
  onProgress?: (fraction: number) => void;
}

/** All checks of one dataset: ds as read, X its normalised points (the space every distance is measured in). */
export function findingsOf(ds: Dataset, X: Float32Array, env: FindingsEnv = {}): FindingsReport {
  const k = Math.max(1, Math.min(FINDINGS_K, ds.N - 1));
  const lists = neighbours({ X, N: ds.N, d: ds.d, y: ds.y }, k, env);
  const ref = (i: number): PointRef => ({ row: ds.sourceRows[i], label: ds.classNames[ds.y[i]] });
  const groups = identicalGroups(ds.X, ds.N, ds.d);
  const medianNearest = medianNearestDistance(lists.all, ds.N);
  const nearDuplicateDistance = NEAR_DUPLICATE_FRACTION * medianNearest;
  const rows = [
    ...identicalFindings(groups, ds, ref),
    labelErrors(ds, lists, ref),
    ...nearDuplicates(ds, lists.all, groups, nearDuplicateDistance, medianNearest, ref),
    outliers(ds, lists.same, ref),
  ].filter((f): f is FindingRows => f !== null && f.rows.length > 0);
  const dataset = [classImbalance(ds), ...columnFindings(ds)].filter((f): f is DatasetFinding => f !== null);
  return { k, medianNearest, nearDuplicateDistance, dataset, rows };
}

/** the median over points of the distance to the nearest point at a positive distance (exact copies are another finding) */
function medianNearestDistance(all: Neighbours['all'], N: number): number {
  const nearest: number[] = [];
  for (let i = 0; i < N; i++) {
    for (let e = i * all.k; e < (i + 1) * all.k && all.index[e] >= 0; e++) {
      if (all.squared[e] > 0) {
        nearest.push(Math.sqrt(all.squared[e]));
        break;
      }
    }
  }
  return median(nearest);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function identicalFindings(groups: number[][], ds: Dataset, ref: (i: number) => PointRef): FindingRows[] {
  const repeats: FlaggedRow[] = [],
    conflicts: FlaggedRow[] = [];
  for (const g of groups) {
    const conflicting = new Set(g.map((i) => ds.y[i])).size > 1;
    // each later row of the group, paired with the group's first row; a conflict with the group's first
    // row of another label, so the pair shown is one that conflicts (not two rows of the same label)
    for (const i of g.slice(1)) {
      if (conflicting) conflicts.push({ ...ref(i), score: 0, partner: ref(g.find((j) => ds.y[j] !== ds.y[i])!) });
      else repeats.push({ ...ref(i), score: 0, partner: ref(g[0]) });
    }
  }
  return [
    {
      kind: 'conflicting-duplicates',
      severity: 'error',
      score: 'distance to the partner (0: identical features)',
      reason: 'identical feature vectors with different labels: no function can memorize them (δ = 0)',
      rows: conflicts,
    },
    {
      kind: 'exact-duplicates',
      severity: 'info',
      score: 'distance to the partner (0: identical features)',
      reason: 'rows repeating an earlier row exactly, with the same label: they add no information',
      rows: repeats,
    },
  ];
}

function labelErrors(ds: Dataset, lists: Neighbours, ref: (i: number) => PointRef): FindingRows {
  const { all, same, other } = lists;
  const k = all.k;
  const votes = new Int32Array(ds.classNames.length);
  const flagged: (FlaggedRow & { tie: number })[] = [];
  for (let i = 0; i < ds.N; i++) {
    if (!mostlyOther(all, ds.y, i)) continue;
    votes.fill(0);
    let n = 0;
    for (let e = i * k; e < (i + 1) * k && all.index[e] >= 0; e++, n++) votes[ds.y[all.index[e]]]++;
    const disagree = n - votes[ds.y[i]];
    let suggested = -1;
    votes.forEach((v, c) => {
      if (c !== ds.y[i] && (suggested < 0 || v > votes[suggested])) suggested = c;
    });
    // among equal scores, the point deeper inside another class first
    const ratio = meanDistance(same, i) / meanDistance(other, i);
    flagged.push({ ...ref(i), score: disagree / n, suggested: ds.classNames[suggested], tie: Number.isFinite(ratio) ? ratio : Infinity });
  }
  flagged.sort((a, b) => b.score - a.score || b.tie - a.tie || a.row - b.row);
  return {
    kind: 'label-errors',
    severity: 'warning',
    score: `fraction of the ${k} nearest neighbours carrying another label`,
    reason: `more than half of the ${k} nearest neighbours carry another label: the label may be wrong`,
    rows: flagged.map(({ tie: _, ...row }) => row),
  };
}

/** the mean distance from point i to the entries of its list (Infinity when it is empty) */
function meanDistance(list: Neighbours['all'], i: number): number {
  let sum = 0,
    n = 0;
  for (let e = i * list.k; e < (i + 1) * list.k && list.index[e] >= 0; e++, n++) sum += Math.sqrt(list.squared[e]);
  return n > 0 ? sum / n : Infinity;
}

function nearDuplicates(
  ds: Dataset,
  all: Neighbours['all'],
  groups: number[][],
  threshold: number,
  scale: number,
  ref: (i: number) => PointRef,
): FindingRows[] {
  const group = new Int32Array(ds.N).fill(-1);
  groups.forEach((g, n) => g.forEach((i) => (group[i] = n)));
  const seen = new Set<number>();
  const same: FlaggedRow[] = [],
    different: FlaggedRow[] = [];
  const k = all.k;
  for (let i = 0; i < ds.N; i++) {
    for (let e = i * k; e < (i + 1) * k && all.index[e] >= 0; e++) {
      const j = all.index[e],
        distance = Math.sqrt(all.squared[e]);
      if (distance > threshold) break;
      if (group[i] >= 0 && group[i] === group[j]) continue; // identical: an exact duplicate or conflict
      const [a, b] = i < j ? [i, j] : [j, i];
      if (seen.has(a * ds.N + b)) continue;
      seen.add(a * ds.N + b);
      (ds.y[a] === ds.y[b] ? same : different).push({ ...ref(b), score: scale > 0 ? distance / scale : 0, partner: ref(a) });
    }
  }
  const byScore = (a: FlaggedRow, b: FlaggedRow) => a.score - b.score || a.row - b.row;
  const score = 'distance to the partner / the median nearest-neighbour distance';
  const rule = `closer than ${NEAR_DUPLICATE_FRACTION} × the median nearest-neighbour distance`;
  return [
    {
      kind: 'near-duplicates-conflicting',
      severity: 'warning',
      score,
      reason: `pairs ${rule} with different labels: suspicious`,
      rows: different.sort(byScore),
    },
    { kind: 'near-duplicates', severity: 'info', score, reason: `pairs ${rule} with the same label: redundant`, rows: same.sort(byScore) },
  ];
}

function outliers(ds: Dataset, same: Neighbours['same'], ref: (i: number) => PointRef): FindingRows {
  const k = same.k;
  const members: number[][] = ds.classNames.map(() => []);
  for (let i = 0; i < ds.N; i++) members[ds.y[i]].push(i);
  const flagged: FlaggedRow[] = [];
  const used = new Set<number>();
  for (const points of members) {
    // the k-th same-class neighbour (fewer in a small class); a class of under 5 points has no distribution to speak of
    const kc = Math.min(k, points.length - 1);
    if (points.length < 5) continue;
    used.add(kc);
    const r = points.map((i) => Math.sqrt(same.squared[i * k + kc - 1]));
    const sorted = r.slice().sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
    const limit = q(0.75) + OUTLIER_IQR * (q(0.75) - q(0.25));
    const mid = q(0.5);
    points.forEach((i, n) => {
      if (r[n] > limit) flagged.push({ ...ref(i), score: mid > 0 ? r[n] / mid : Infinity, distance: r[n], typical: mid });
    });
  }
  flagged.sort((a, b) => b.score - a.score || a.row - b.row);
  const kText =
    [...used]
      .sort((a, b) => a - b)
      .map(ordinal)
      .join(' or ') || ordinal(k);
  return {
    kind: 'outliers',
    severity: 'info',
    score: `distance to the ${kText} nearest point of the same class / its class's median`,
    reason: `the ${kText} nearest point of the same class is farther than Q3 + ${OUTLIER_IQR} × IQR of the class's distances`,
    rows: flagged,
  };
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

function classImbalance(ds: Dataset): DatasetFinding | null {
  const counts = ds.classNames.map(() => 0);
  for (let i = 0; i < ds.N; i++) counts[ds.y[i]]++;
  const most = Math.max(...counts),
    least = Math.min(...counts);
  const ratio = most / Math.max(least, 1);
  if (ratio < IMBALANCE_INFO) return null;
  const big = ds.classNames[counts.indexOf(most)],
    small = ds.classNames[counts.indexOf(least)];
  return {
    kind: 'class-imbalance',
    severity: ratio >= IMBALANCE_WARNING ? 'warning' : 'info',
    reason: `class "${big}" has ${most} rows, ${Number(ratio.toPrecision(3))}× the ${least} of class "${small}"`,
  };
}

/** integer columns spanning at most this many values are counted in a table rather than sorted, while
 * the table (all such columns together) stays under COUNTED_TOTAL entries */
const COUNTED_RANGE = 1 << 16,
  COUNTED_TOTAL = 1 << 22;

function columnFindings(ds: Dataset): DatasetFinding[] {
  const { X, N, d } = ds;
  const constant: string[] = [],
    nearConstant: string[] = [],
    identifiers: string[] = [];
  const name = (j: number) => ds.featureNames[j] ?? String(j);
  const { distinct, longest } = columnCounts(X, N, d);
  const column = new Float32Array(N);
  for (let j = 0; j < d; j++) {
    if (distinct[j] === 1) constant.push(name(j));
    else if (longest[j] >= NEAR_CONSTANT_SHARE * N) nearConstant.push(name(j));
    else if (N >= IDENTIFIER_MIN_ROWS && distinct[j] === N) {
      for (let i = 0; i < N; i++) column[i] = X[i * d + j];
      if (isMonotoneIntegers(column)) identifiers.push(name(j));
    }
  }
  const list = (names: string[]) => (names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', '));
  const out: DatasetFinding[] = [];
  if (constant.length)
    out.push({
      kind: 'constant-features',
      severity: 'info',
      columns: constant,
      reason: `${constant.length} feature${constant.length === 1 ? ' has' : 's have'} one value in every row (${list(constant)}): no information`,
    });
  if (nearConstant.length)
    out.push({
      kind: 'near-constant-features',
      severity: 'info',
      columns: nearConstant,
      reason: `${nearConstant.length} feature${nearConstant.length === 1 ? ' has' : 's have'} one value in at least ${NEAR_CONSTANT_SHARE * 100} % of the rows (${list(nearConstant)})`,
    });
  if (identifiers.length)
    out.push({
      kind: 'identifier-columns',
      severity: 'warning',
      columns: identifiers,
      reason: `${list(identifiers)}: distinct integers rising or falling with the row, like a row number; a model can memorize by it`,
    });
  return out;
}

/**
 * Per column, how many distinct values and how many rows share the most common one. Integer columns of
 * a small range (pixels, counts, flags: most wide files) are counted in one row-major pass over X;
 * the others are sorted, a column at a time.
 */
export function columnCounts(X: Float32Array, N: number, d: number): { distinct: Int32Array; longest: Int32Array } {
  const low = new Float64Array(d).fill(Infinity),
    high = new Float64Array(d).fill(-Infinity);
  const integer = new Uint8Array(d).fill(1);
  for (let i = 0; i < N; i++) {
    for (let j = 0, o = i * d; j < d; j++) {
      const v = X[o + j];
      if (v < low[j]) low[j] = v;
      if (v > high[j]) high[j] = v;
      if (integer[j] && !Number.isInteger(v)) integer[j] = 0;
    }
  }
  const offset = new Int32Array(d + 1);
  for (let j = 0; j < d; j++) {
    const counted = integer[j] && N > 0 && high[j] - low[j] < COUNTED_RANGE && offset[j] + high[j] - low[j] < COUNTED_TOTAL;
    offset[j + 1] = offset[j] + (counted ? high[j] - low[j] + 1 : 0);
  }
  const distinct = new Int32Array(d),
    longest = new Int32Array(d);
  const table = new Int32Array(offset[d]);
  for (let i = 0; i < N; i++) {
    for (let j = 0, o = i * d; j < d; j++) if (offset[j + 1] > offset[j]) table[offset[j] + X[o + j] - low[j]]++;
  }
  const column = new Float32Array(N);
  for (let j = 0; j < d; j++) {
    if (offset[j + 1] > offset[j]) {
      for (let e = offset[j]; e < offset[j + 1]; e++) {
        if (table[e] > 0) distinct[j]++;
        if (table[e] > longest[j]) longest[j] = table[e];
      }
      continue;
    }
    for (let i = 0; i < N; i++) column[i] = X[i * d + j];
    const sorted = column.slice().sort();
    let run = 1;
    distinct[j] = N > 0 ? 1 : 0;
    longest[j] = N > 0 ? 1 : 0;
    for (let i = 1; i < N; i++) {
      if (sorted[i] === sorted[i - 1]) run++;
      else (distinct[j]++, (run = 1));
      longest[j] = Math.max(longest[j], run);
    }
  }
  return { distinct, longest };
}

function isMonotoneIntegers(v: Float32Array): boolean {
  let up = true,
    down = true;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i])) return false;
    if (i > 0) {
      up &&= v[i] > v[i - 1];
      down &&= v[i] < v[i - 1];
    }
  }
  return up || down;
}
