// The row limit: beyond it, keep a seeded stratified sample so every class keeps its share. Applied
// while reading: a first pass keeps rows up to the limit and counts every label; only a file with more
// rows than the limit is read a second time, keeping the planned rows. Nothing is ever held for more
// than limit + 1 rows, so a small file that unpacks to a hundred million rows cannot fill memory.
import { childSeed, createRng } from '../random';
import { classesOf } from './builder';
import { limitError } from './limits';

/** What a parser asks of each row once its label is known: keep it or not (it then overwrites it). */
export class RowSampler {
  /** rows seen per label id (ids in order of first appearance, the same in every pass) */
  readonly counts: number[] = [];
  total = 0;

  constructor(
    readonly file: string,
    readonly limit: number,
    private readonly plan?: Plan,
  ) {}

  /** Rows whose label id is new beyond `limit` distinct labels are refused: no sample could hold them. */
  keep(labelId: number, row: number): boolean {
    if (labelId >= this.limit) {
      throw limitError(
        this.file,
        'rowLimit',
        `more than ${this.limit} distinct labels (is the label column right?), and the row limit keeps at least one row of each`,
        row,
      );
    }
    this.counts[labelId] = (this.counts[labelId] ?? 0) + 1;
    this.total++;
    if (!this.plan) return this.total <= this.limit;
    const c = this.plan.classOfId[labelId];
    const local = this.plan.seen[c]++;
    const chosen = this.plan.chosen[c];
    if (this.plan.next[c] < chosen.length && chosen[this.plan.next[c]] === local) {
      this.plan.next[c]++;
      return true;
    }
    return false;
  }

  /** A first pass that did not keep every row: its rows are read again with the plan, so it may skip the features. */
  get discarded(): boolean {
    return !this.plan && !this.complete;
  }

  /** After a pass: every row was kept. */
  get complete(): boolean {
    return this.total <= this.limit;
  }

  /** The sampler of the second pass, from this pass's counts and the label texts of its ids. */
  secondPass(labelNames: string[], seed: string): RowSampler {
    const { classNames, classOfId } = classesOf(labelNames);
    const classCounts = new Array<number>(classNames.length).fill(0);
    this.counts.forEach((n, id) => (classCounts[classOfId[id]] += n));
    const chosen = chooseRows(classCounts, this.limit, seed);
    return new RowSampler(this.file, this.limit, { classOfId, chosen, seen: new Int32Array(chosen.length), next: new Int32Array(chosen.length) });
  }
}

interface Plan {
  classOfId: Int32Array;
  /** per class, the kept ranks (0-based, in file order within the class), ascending */
  chosen: Int32Array[];
  seen: Int32Array;
  next: Int32Array;
}

/**
 * Class c keeps q_c rows with q_c within one of limit·n_c/N (largest-remainder rounding), at least one
 * per class (keep() refuses more distinct labels than `limit`). Rows are drawn by a
 * partial Fisher–Yates shuffle of the class's ranks from createRng(childSeed(seed, 'sample')), class
 * by class in class order; the shuffle is kept sparse (only the positions it touched), so the cost is
 * O(q_c), not O(n_c).
 */
export function chooseRows(counts: number[], limit: number, seed: string): Int32Array[] {
  const quotas = classQuotas(counts, limit);
  const rng = createRng(childSeed(seed, 'sample'));
  return counts.map((n, c) => {
    const moved = new Map<number, number>();
    const at = (i: number) => moved.get(i) ?? i;
    const picked = new Int32Array(quotas[c]);
    for (let j = 0; j < quotas[c]; j++) {
      const pick = j + rng.int(n - j);
      const v = at(pick);
      moved.set(pick, at(j));
      picked[j] = v;
    }
    return picked.sort();
  });
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
