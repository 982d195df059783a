// The dataset-level checks and the findings' shape on real data: iris with columns added the way real
// files carry them (a row number, a constant, a near-constant flag), classes thinned to imbalance;
// the CSV export and the fail-on rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analysis';
import { failsAt, flaggedRowsCsv, severityCounts } from '../../../src/core/findings/format';
import { defaultSettings, type FindingsReport } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { utf8 } from '../data/writers';
import { csvTable } from './faults';
import { columnCounts } from '../../../src/core/findings/checks';
import { createRng } from '../../../src/core/random';

const findings = (name: string, text: string): FindingsReport =>
  analyze({ name, bytes: utf8(text) }, defaultSettings, { inflate: nodeInflate, findingsOnly: true }).findings!;

test('identifier-like, constant and near-constant columns are named; real features are not', () => {
  const t = csvTable('iris.csv');
  const lines = t.X.map((x, i) => `${1000 + i},${x.join(',')},7,${i === 40 ? 1 : 0},${t.labels[i]}`);
  const f = findings('iris-extra.csv', ['id,sl,sw,pl,pw,always7,flag,label', ...lines].join('\n'));
  const kinds = Object.fromEntries(f.dataset.map((d) => [d.kind, d]));
  assert.deepEqual(kinds['identifier-columns'].columns, ['id']);
  assert.equal(kinds['identifier-columns'].severity, 'warning');
  assert.deepEqual(kinds['constant-features'].columns, ['always7']);
  assert.deepEqual(kinds['near-constant-features'].columns, ['flag']);
  assert.equal(kinds['class-imbalance'], undefined, 'iris is balanced (50 each)');
  // the plain file has none of them
  const plain = findings('iris.csv', ['sl,sw,pl,pw,label', ...t.X.map((x, i) => `${x.join(',')},${t.labels[i]}`)].join('\n'));
  assert.deepEqual(plain.dataset, []);
});

test('class imbalance: reported from 3×, a warning from 10×, naming both classes', () => {
  const t = csvTable('iris.csv');
  const keep = (perClass: Record<string, number>) => {
    const seen: Record<string, number> = {};
    return t.X.flatMap((x, i) => ((seen[t.labels[i]] = (seen[t.labels[i]] ?? 0) + 1) <= perClass[t.labels[i]] ? [`${x.join(',')},${t.labels[i]}`] : []));
  };
  const header = 'sl,sw,pl,pw,label';
  const info = findings('iris-4x.csv', [header, ...keep({ 0: 50, 1: 50, 2: 12 })].join('\n')).dataset.find((d) => d.kind === 'class-imbalance')!;
  assert.equal(info.severity, 'info');
  assert.match(info.reason, /class "0" has 50 rows, 4\.17× the 12 of class "2"/);
  const warning = findings('iris-10x.csv', [header, ...keep({ 0: 50, 1: 50, 2: 5 })].join('\n')).dataset.find((d) => d.kind === 'class-imbalance')!;
  assert.equal(warning.severity, 'warning');
});

test('the CSV of flagged rows has one line per flagged row with its partner, and fail-on counts severities', () => {
  const t = csvTable('iris.csv');
  const lines = t.X.map((x, i) => `${x.join(',')},${t.labels[i]}`);
  // row 2's features again with another label: a conflict (error)
  lines.push(`${t.X[0].join(',')},${t.labels[0] === '0' ? '1' : '0'}`);
  const f = findings('iris "conflict".csv', ['sl,sw,pl,pw,label', ...lines].join('\n'));
  const counts = severityCounts(f);
  const perRow = f.rows.reduce((n, r) => n + r.rows.length, 0);
  assert.equal(counts.error + counts.warning + counts.info, perRow + f.dataset.length);
  assert.ok(counts.error >= 1);
  assert.ok(failsAt(f, 'error') && failsAt(f, 'warning') && failsAt(f, 'info'));
  const csv = flaggedRowsCsv('iris "conflict".csv', f).trim().split('\n');
  assert.equal(csv.length, 1 + perRow);
  assert.equal(csv[0], 'file,row,label,kind,severity,score,suggested_label,partner_file,partner_row,partner_label');
  const conflict = csv.find((l) => l.includes('conflicting-duplicates'))!;
  assert.equal(
    conflict,
    `"iris ""conflict"".csv",152,${t.labels[0] === '0' ? '1' : '0'},conflicting-duplicates,error,0,,"iris ""conflict"".csv",2,${t.labels[0]}`,
  );
  // the file without the conflict has no error, so fail-on error passes
  const clean = findings('iris-clean.csv', ['sl,sw,pl,pw,label', ...lines.slice(0, -1)].join('\n'));
  assert.equal(severityCounts(clean).error, 0);
  assert.ok(!failsAt(clean, 'error') && failsAt(clean, 'warning'));
});

test('column counts (distinct values, rows sharing the commonest) equal sorting every column, counted or sorted', () => {
  const rng = createRng('columns');
  const N = 500;
  const makers: (() => number)[] = [
    () => rng.int(256), // pixels: counted
    () => rng.int(3) - 1, // flags around zero
    () => 7, // constant
    () => (rng.next() < 0.995 ? 0 : 1), // near-constant
    () => rng.normal(), // floats: sorted
    () => rng.int(200_000) - 100_000, // integers of a wide range: sorted
    () => Math.round(rng.normal() * 4) / 2, // halves: sorted
  ];
  const d = makers.length + 1;
  const X = new Float32Array(N * d);
  for (let i = 0; i < N; i++) {
    makers.forEach((f, j) => (X[i * d + j] = f()));
    X[i * d + makers.length] = 3 * i; // identifier-like
  }
  const { distinct, longest } = columnCounts(X, N, d);
  for (let j = 0; j < d; j++) {
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) counts.set(X[i * d + j], (counts.get(X[i * d + j]) ?? 0) + 1);
    assert.equal(distinct[j], counts.size, `column ${j}`);
    assert.equal(longest[j], Math.max(...counts.values()), `column ${j}`);
  }
});

test('conflicting duplicates: each row is shown beside a row of another label, not a same-label copy', () => {
  // iris row 2's features four more times: labels 0, 1, 0, 1 after the original (label 0)
  const t = csvTable('iris.csv');
  const lines = t.X.map((x, i) => `${x.join(',')},${t.labels[i]}`);
  for (const label of ['0', '1', '0', '1']) lines.push(`${t.X[0].join(',')},${label}`);
  const f = findings('iris-conflicts.csv', ['sl,sw,pl,pw,label', ...lines].join('\n'));
  const rows = f.rows.find((r) => r.kind === 'conflicting-duplicates')!.rows;
  assert.deepEqual(
    rows.map((r) => [r.row, r.label, r.partner?.row, r.partner?.label]),
    [
      [152, '0', 153, '1'],
      [153, '1', 2, '0'],
      [154, '0', 153, '1'],
      [155, '1', 2, '0'],
    ],
  );
});
