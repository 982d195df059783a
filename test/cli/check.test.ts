// `dataset-geometry check` as a CI pipeline runs it: the built dist/cli.js in a child process, exit
// codes by --fail-on, the short text and the JSON list, --against on two split files written here
// from digits, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, fixturePath } from '../unit/helpers';
import type { FindingsReport } from '../../src/core/report';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'check', ...args, '--threads', '2'], { encoding: 'utf8' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-check-'));
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};
const [header, ...digits] = fs.readFileSync(fixturePath('digits.csv'), 'utf8').trim().split('\n');

test('exit codes follow --fail-on: iris has warnings (label errors) and no error', () => {
  const iris = fixturePath('iris.csv');
  const plain = run(iris);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^iris\.csv: 0 errors, 2 warnings, 1 info \(k = 10/);
  assert.match(plain.stdout, /warning label-errors: 2 rows/);
  assert.match(plain.stdout, /row 144 \(2\) ↔ row 103 \(2\)/);
  assert.equal(run(iris, '--fail-on', 'warning').status, 1);
  assert.equal(run(iris, '--fail-on', 'info').status, 1);
});

test('--json lists every flagged row; a conflict is an error and fails the default run', () => {
  const conflicted = write('digits-conflict.csv', [header, ...digits, digits[0].replace(/,0$/, ',7')].join('\n') + '\n');
  const r = run(conflicted, '--json');
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; failed: boolean; failOn: string; counts: Record<string, number>; findings: FindingsReport };
  assert.equal(out.failed, true);
  assert.equal(out.failOn, 'error');
  const conflict = out.findings.rows.find((f) => f.kind === 'conflicting-duplicates')!;
  assert.deepEqual(
    conflict.rows.map((x) => [x.row, x.label, x.partner!.row, x.partner!.label]),
    [[digits.length + 2, '7', 2, '0']],
  );
  // every label-error row is listed, not a top few
  const text = run(conflicted);
  const shown = Number(/label-errors: (\d+) rows/.exec(text.stdout)![1]);
  assert.equal(out.findings.rows.find((f) => f.kind === 'label-errors')!.rows.length, shown);
  assert.ok(shown > 10 && /… and \d+ more \(--json lists every row\)/.test(text.stdout));
});

test('--against: rows of the training file found again in the test file, with the rows of both', () => {
  const train = digits.filter((_, i) => i % 2 === 0),
    held = digits.filter((_, i) => i % 2 === 1);
  const trainFile = write('train.csv', [header, ...train, held[10], held[20].replace(/,(\d)$/, (_, c) => `,${(Number(c) + 1) % 10}`)].join('\n') + '\n');
  const testFile = write('test.csv', [header, ...held].join('\n') + '\n');
  const clean = run(write('train-clean.csv', [header, ...train].join('\n') + '\n'), '--against', testFile, '--json');
  assert.equal(clean.status, 0, clean.stderr);
  const cleanLeaks = (JSON.parse(clean.stdout).findings as FindingsReport).rows.filter((f) => f.kind.startsWith('leak'));
  assert.deepEqual(cleanLeaks, [], 'digits split by parity shares no row');
  const r = run(trainFile, '--against', testFile, '--json');
  assert.equal(r.status, 1, r.stderr);
  const f = JSON.parse(r.stdout).findings as FindingsReport;
  assert.equal(f.against!.file, 'test.csv');
  const byKind = Object.fromEntries(f.rows.map((x) => [x.kind, x]));
  assert.deepEqual(
    byKind['leak-exact'].rows.map((x) => [x.row, x.partner!.row]),
    [[train.length + 2, 12]],
  );
  assert.deepEqual(
    byKind['leak-conflicting'].rows.map((x) => [x.row, x.partner!.row]),
    [[train.length + 3, 22]],
  );
  assert.equal(byKind['leak-exact'].partnerFile, 'test.csv');
  const text = run(trainFile, '--against', testFile);
  assert.match(text.stdout, /error {3}leak-exact: 1 row, the same row \(features and label\) is in test\.csv/);
  assert.match(text.stdout, new RegExp(`row ${train.length + 2} \\(\\d\\) ↔ test\\.csv row 12`));
});

test('bad input: a non-finite value, a column count that differs, a wrong flag, each exit 2 with the place named', () => {
  const nan = run(write('nan.csv', 'a,b,label\n1,2,0\n3,NaN,1\n5,6,0\n'));
  assert.equal(nan.status, 2);
  assert.match(nan.stderr, /nan\.csv, row 3, column b/);
  const narrow = write('narrow.csv', 'a,label\n1,0\n2,1\n3,0\n');
  const mismatch = run(fixturePath('iris.csv'), '--against', narrow);
  assert.equal(mismatch.status, 2);
  assert.match(mismatch.stderr, /narrow\.csv: has 1 features, iris\.csv has 4/);
  const flag = run(fixturePath('iris.csv'), '--fail-on', 'never');
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /--fail-on must be one of error, warning, info/);
  assert.equal(spawnSync(process.execPath, [cli, 'analyze', fixturePath('iris.csv'), '--against', narrow], { encoding: 'utf8' }).status, 2);
});

test('the row limit: check says which files it sampled and how to check every row, in the text and the JSON', () => {
  const iris = fixturePath('iris.csv');
  const text = run(iris, '--against', iris, '--row-limit', '100');
  assert.equal(text.status, 1, text.stderr);
  const lines = text.stdout.split('\n');
  assert.equal(lines[1], 'sampled iris.csv: only 100 of its 150 rows are checked (stratified, seed "1"); --row-limit 150 checks every row');
  assert.equal(lines[2], lines[1], 'the --against file is sampled alike');
  const json = JSON.parse(run(iris, '--against', iris, '--row-limit', '100', '--json').stdout) as { N: number; sampling: unknown; findings: FindingsReport };
  assert.equal(json.N, 100);
  assert.deepEqual(json.sampling, { totalRows: 150, keptRows: 100, seed: '1' });
  assert.deepEqual(json.findings.against?.sampling, { totalRows: 150, keptRows: 100, seed: '1' });
  // unsampled: no such line
  assert.doesNotMatch(run(iris).stdout, /^sampled/m);
});
