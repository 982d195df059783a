// Sanity findings on the raw features: class counts, exact duplicate rows, and identical feature
// vectors with different labels (then no function can memorize the data: SCIENCE.md §1, δ = 0).
import type { Dataset } from '../data/dataset';
import type { SanityReport } from '../report';

const LISTED_GROUPS = 50;

/** FNV-1a over the float bits of one row: equal rows hash equal (+0 and −0 are merged first). */
function rowHash(bits: Uint32Array, start: number, d: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < start + d; k++) {
    const v = bits[k] === 0x80000000 ? 0 : bits[k];
    h = Math.imul(h ^ v, 0x01000193);
  }
  return h >>> 0;
}

function sameRow(X: Float32Array, d: number, i: number, j: number): boolean {
  for (let k = 0; k < d; k++) if (X[i * d + k] !== X[j * d + k]) return false;
  return true;
}

/** Groups of indices with identical feature vectors (groups of one are left out), in row order. */
export function identicalGroups(X: Float32Array, N: number, d: number): number[][] {
  const bits = new Uint32Array(X.buffer, X.byteOffset, N * d);
  const buckets = new Map<number, number[][]>();
  const groups: number[][] = [];
  for (let i = 0; i < N; i++) {
    const h = rowHash(bits, i * d, d);
    let list = buckets.get(h);
    if (!list) buckets.set(h, (list = []));
    const group = list.find((g) => sameRow(X, d, g[0], i));
    if (group) group.push(i);
    else {
      const g = [i];
      list.push(g);
      groups.push(g);
    }
  }
  return groups.filter((g) => g.length > 1);
}

/** classes with fewer than 2 points named one by one up to this many; beyond, one sentence names the first ones */
const LISTED_SPARSE_CLASSES = 5;

export function sanityCheck(ds: Dataset): SanityReport {
  const { X, N, d, y, classNames, sourceRows } = ds;
  let duplicates = 0;
  const duplicateGroups: SanityReport['duplicateGroups'] = [];
  const conflicts: SanityReport['conflicts'] = [];
  for (const group of identicalGroups(X, N, d)) {
    const labels = [...new Set(group.map((i) => y[i]))];
    // Within a group, rows repeating an earlier row with the same label are duplicates.
    duplicates += group.length - labels.length;
    if (labels.length > 1) {
      conflicts.push({ rows: group.map((i) => sourceRows[i]), labels: group.map((i) => classNames[y[i]]) });
    } else if (duplicateGroups.length < LISTED_GROUPS) {
      duplicateGroups.push({ rows: group.map((i) => sourceRows[i]), label: classNames[labels[0]] });
    }
  }

  const counts = new Int32Array(classNames.length);
  for (let i = 0; i < N; i++) counts[y[i]]++;
  const warnings: string[] = [];
  const sparse = classNames.flatMap((name, c) => (counts[c] < 2 ? [{ name, count: counts[c] }] : []));
  if (sparse.length <= LISTED_SPARSE_CLASSES) {
    for (const { name, count } of sparse) warnings.push(`Class "${name}" has only ${count} point${count === 1 ? '' : 's'}.`);
  } else {
    // one sentence, not one per class: a continuous column read as labels gives a class per row
    const named = sparse.slice(0, LISTED_SPARSE_CLASSES).map((c) => `"${c.name}"`);
    warnings.push(
      `${sparse.length} of the ${classNames.length} classes have fewer than 2 points (${named.join(', ')}, …)` +
        (classNames.length > N / 2
          ? `: with ${classNames.length} distinct labels in ${N} rows, the label column ("${ds.labelColumn}") looks like a measured value, not classes; choose the label column (CLI: --label).`
          : '.'),
    );
  }
  if (duplicates > 0) warnings.push(`${duplicates} row${duplicates === 1 ? ' repeats' : 's repeat'} an earlier row exactly.`);
  if (conflicts.length > 0) {
    warnings.push(
      `${conflicts.length} set${conflicts.length === 1 ? '' : 's'} of identical points carry different labels: ` +
        'no function can memorize this data, so no width is computed.',
    );
  }
  return { duplicates, duplicateGroups, conflicts, warnings };
}
