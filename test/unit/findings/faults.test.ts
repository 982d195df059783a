// The checks against injected faults on real data (iris, wine, breast cancer, digits and 2,000
// Fashion-MNIST T-shirts and shirts), written as real files: the label-error ranking holds at least
// 80 % of the flipped rows in its top 2 × (number flipped) — except on Fashion 0-vs-6, where it holds
// 40 of 60 (67 %): T-shirts and shirts overlap in pixel space so much that 12.6 % of the clean rows
// already have a neighbourhood of the other class, and they compete with the flips for the top; the
// test holds that measured level (60 %) so a regression shows. Near-duplicate and leakage detection
// find every injected copy, and nothing else beyond what they find on the clean file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analysis';
import type { DatasetSource } from '../../../src/core/data';
import { useKernels } from '../../../src/core/kernels/backend';
import { defaultSettings, type FindingsReport } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { wasmKernels } from '../helpers';
import { createRng, csvTable, fashionTable, otherClass, pick, type Table } from './faults';

useKernels(wasmKernels());

/** name, table, the fraction of flipped rows the label-error ranking must hold in its top 2 × flipped */
const tables: [string, () => Table, number][] = [
  ['iris', () => csvTable('iris.csv'), 0.8],
  ['wine', () => csvTable('wine.csv'), 0.8],
  ['breast cancer', () => csvTable('breast-cancer.csv'), 0.8],
  ['digits', () => csvTable('digits.csv'), 0.8],
  ['Fashion 0-vs-6 (2,000 rows)', () => fashionTable(2000), 0.6],
];

function findings(source: DatasetSource, against?: DatasetSource): FindingsReport {
  return analyze(source, defaultSettings, { inflate: nodeInflate, findingsOnly: true, against }).findings!;
}

const rowsOf = (f: FindingsReport, kind: string) => f.rows.find((r) => r.kind === kind)?.rows ?? [];
/** a finding's pairs as "a|b" (a the row in the analysed file, b the partner's), unordered within one file */
const pairsOf = (f: FindingsReport, kind: string, ordered = false) =>
  new Set(rowsOf(f, kind).map((r) => (ordered || r.row < r.partner!.row ? `${r.row}|${r.partner!.row}` : `${r.partner!.row}|${r.row}`)));
const union = (a: Set<string>, b: string[]) => [...new Set([...a, ...b])].sort();

for (const [name, make, target] of tables) {
  test(`label errors on ${name}: at least ${target * 100} % of the flipped rows in the top 2 × (number flipped)`, () => {
    const t = make();
    const rng = createRng(`flip-${name}`);
    const flipped = pick(rng, t.X.length, Math.max(5, Math.round(0.03 * t.X.length)));
    const labels = t.labels.slice();
    for (const i of flipped) labels[i] = otherClass(rng, t.classes, labels[i]);
    const ranking = rowsOf(findings(t.write('flipped', t.X, labels)), 'label-errors');
    const top = new Set(ranking.slice(0, 2 * flipped.length).map((r) => r.row));
    const found = flipped.filter((i) => top.has(t.rowOf(i))).length;
    assert.ok(
      found >= target * flipped.length,
      `${name}: ${found} of ${flipped.length} flipped rows in the top ${2 * flipped.length} (${ranking.length} flagged)`,
    );
    // scores are fractions of the k neighbours, best first, every flagged row past the majority
    for (let n = 1; n < ranking.length; n++) assert.ok(ranking[n - 1].score >= ranking[n].score);
    assert.ok(ranking.every((r) => r.score > 0.5 && r.suggested !== undefined && r.suggested !== r.label));
  });

  test(`duplicates on ${name}: every injected copy found, with its label relation, and no other pair than the clean file's`, () => {
    const t = make();
    const clean = findings(t.write('clean', t.X, t.labels));
    const inCleanPairs = new Set<number>();
    const kinds = ['near-duplicates', 'near-duplicates-conflicting', 'exact-duplicates', 'conflicting-duplicates'];
    for (const kind of kinds) for (const r of rowsOf(clean, kind)) inCleanPairs.add(r.row).add(r.partner!.row);
    const avoid = new Set([...t.X.keys()].filter((i) => inCleanPairs.has(t.rowOf(i))));
    const rng = createRng(`copies-${name}`);
    const g = Math.max(2, Math.round(0.005 * t.X.length));
    const originals = pick(rng, t.X.length, 4 * g, avoid);
    const X = t.X.slice(),
      labels = t.labels.slice();
    const expected: Record<string, string[]> = Object.fromEntries(kinds.map((k) => [k, []]));
    originals.forEach((i, n) => {
      const kind = kinds[Math.floor(n / g)];
      const jittered = kind.startsWith('near');
      const conflicting = kind.includes('conflicting');
      X.push(jittered ? t.jitter(t.X[i], rng) : t.X[i].slice());
      labels.push(conflicting ? otherClass(rng, t.classes, t.labels[i]) : t.labels[i]);
      expected[kind].push(`${t.rowOf(i)}|${t.rowOf(X.length - 1)}`);
    });
    const faulted = findings(t.write('copies', X, labels));
    for (const kind of kinds) {
      assert.deepEqual([...pairsOf(faulted, kind)].sort(), union(pairsOf(clean, kind), expected[kind]), `${name}: ${kind}`);
    }
    assert.equal(faulted.rows.find((r) => r.kind === 'conflicting-duplicates')!.severity, 'error');
  });

  test(`leakage on ${name}: every copy across two split files found, and no other pair than the clean split's`, () => {
    const t = make();
    const even = [...t.X.keys()].filter((i) => i % 2 === 0),
      odd = [...t.X.keys()].filter((i) => i % 2 === 1);
    const B = t.write(
      'test',
      odd.map((i) => t.X[i]),
      odd.map((i) => t.labels[i]),
    );
    const kinds = ['leak-near', 'leak-near-conflicting', 'leak-exact', 'leak-conflicting'];
    const clean = findings(
      t.write(
        'train',
        even.map((i) => t.X[i]),
        even.map((i) => t.labels[i]),
      ),
      B,
    );
    const avoid = new Set<number>();
    for (const kind of kinds) for (const r of rowsOf(clean, kind)) avoid.add(r.partner!.row);
    const rng = createRng(`leaks-${name}`);
    const g = Math.max(2, Math.round(0.005 * t.X.length));
    const X = even.map((i) => t.X[i]),
      labels = even.map((i) => t.labels[i]);
    const expected: Record<string, string[]> = Object.fromEntries(kinds.map((k) => [k, []]));
    pick(rng, odd.length, 4 * g, new Set([...odd.keys()].filter((b) => avoid.has(t.rowOf(b))))).forEach((b, n) => {
      const kind = kinds[Math.floor(n / g)];
      const source = t.X[odd[b]];
      X.push(kind.startsWith('leak-near') ? t.jitter(source, rng) : source.slice());
      labels.push(kind.includes('conflicting') ? otherClass(rng, t.classes, t.labels[odd[b]]) : t.labels[odd[b]]);
      expected[kind].push(`${t.rowOf(X.length - 1)}|${t.rowOf(b)}`);
    });
    const faulted = findings(t.write('train', X, labels), B);
    for (const kind of kinds) {
      assert.deepEqual([...pairsOf(faulted, kind, true)].sort(), union(pairsOf(clean, kind, true), expected[kind]), `${name}: ${kind}`);
    }
    assert.equal(faulted.against!.N, odd.length);
    assert.ok(faulted.rows.filter((r) => r.kind.startsWith('leak')).every((r) => r.partnerFile === B.name));
  });
}
