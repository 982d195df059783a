// The row limit: beyond it, keep a seeded stratified sample so every class keeps its share.
import { childSeed, createRng } from '../random';
import { Dataset } from './dataset';

/**
 * Class c keeps q_c rows with q_c within one of limit·n_c/N (largest-remainder rounding), at least one
 * per class; so with more classes than `limit`, one row of every class is kept. Rows are drawn by a
 * partial Fisher–Yates shuffle from createRng(childSeed(seed, 'sample')), class by class, and kept in
 * their original order.
 */
export function stratifiedSample(ds: Dataset, limit: number, seed: string): Dataset {
  if (ds.N <= limit) return ds;
  const K = ds.classNames.length;
  const members: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < ds.N; i++) members[ds.y[i]].push(i);
  const quotas = classQuotas(members.map((m) => m.length), limit);

  const rng = createRng(childSeed(seed, 'sample'));
  const keep = new Uint8Array(ds.N);
  members.forEach((rows, c) => {
    for (let j = 0; j < quotas[c]; j++) {
      const pick = j + rng.int(rows.length - j);
      [rows[j], rows[pick]] = [rows[pick], rows[j]];
      keep[rows[j]] = 1;
    }
  });

  const kept = quotas.reduce((a, b) => a + b, 0);
  const X = new Float32Array(kept * ds.d);
  const y = new Int32Array(kept);
  const sourceRows = new Int32Array(kept);
  for (let i = 0, k = 0; i < ds.N; i++) {
    if (!keep[i]) continue;
    X.set(ds.X.subarray(i * ds.d, (i + 1) * ds.d), k * ds.d);
    y[k] = ds.y[i];
    sourceRows[k] = ds.sourceRows[i];
    k++;
  }
  return { ...ds, N: kept, X, y, sourceRows, sampling: { totalRows: ds.N, keptRows: kept, seed } };
}

/** Per-class sample sizes: proportional by largest remainder, at least one, at most the class size. */
export function classQuotas(counts: number[], limit: number): number[] {
  const N = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (limit * n) / N);
  const quotas = exact.map((e, c) => Math.min(counts[c], Math.max(1, Math.floor(e))));
  const remainder = (c: number) => exact[c] - quotas[c];
  const byRemainder = counts.map((_, c) => c).sort((a, b) => remainder(b) - remainder(a) || a - b);
  let total = quotas.reduce((a, b) => a + b, 0);
  for (const c of byRemainder) {
    if (total >= limit) break;
    if (quotas[c] < counts[c]) {
      quotas[c]++;
      total++;
    }
  }
  // The minimum of one per class can overshoot: take back from the classes most above their share.
  while (total > limit) {
    let worst = -1;
    for (let c = 0; c < quotas.length; c++) {
      if (quotas[c] > 1 && (worst < 0 || remainder(c) < remainder(worst))) worst = c;
    }
    if (worst < 0) break;
    quotas[worst]--;
    total--;
  }
  return quotas;
}
