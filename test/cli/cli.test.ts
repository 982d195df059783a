// The CLI as a user runs it: the built bundle dist/cli.js in a child process (npm test builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, fixturePath } from '../unit/helpers';
import type { Report } from '../../src/core/report';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-cli-'));
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};
const json = (...args: string[]): Report => {
  const r = run('analyze', ...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const withoutTimings = (r: Report) => ({ ...r, timings: undefined });

test('the bundled sample: a complete report, reproducible by seed', () => {
  const sample = path.join(repoRoot, 'media', 'samples', 'two-moons.csv');
  const a = json(sample, '--draws', '40');
  assert.equal(a.dataset.N, 1000);
  assert.equal(a.dataset.d, 2);
  assert.deepEqual(a.dataset.classes, [
    { name: '0', count: 500 },
    { name: '1', count: 500 },
  ]);
  assert.equal(a.dataset.normalization, 'max-norm');
  assert.ok(a.dataset.R > 2 && a.dataset.R < 2.5, `R = ${a.dataset.R}`);
  assert.equal(a.sanity!.duplicates, 0);
  assert.deepEqual(a.sanity!.conflicts, []);
  assert.ok(a.separation!.delta > 0.1 && a.separation!.delta < 0.15, `δ = ${a.separation!.delta}`);
  const m = a.memorization!;
  assert.equal(m.activation, 'threshold');
  assert.equal(m.draws, 40);
  assert.equal(m.thresholds.length, 40);
  assert.equal(m.orientation.negative, '1'); // the authors' convention: label 1 is X⁻
  assert.ok(m.requiredWidth !== null && m.requiredWidth > 0);
  assert.ok(m.verified);
  for (const key of ['parse', 'sanity', 'separation', 'memorization']) assert.equal(typeof a.timings[key], 'number');
  // same seed, same report, on one thread as on every core (the default); another seed, other draws
  assert.deepEqual(withoutTimings(json(sample, '--draws', '40', '--threads', '1')), withoutTimings(a));
  assert.notDeepEqual(json(sample, '--draws', '40', '--seed', 'other').memorization!.thresholds, m.thresholds);
});

test('node started with V8 and process options (--max-old-space-size, --expose-gc): the threads still start', () => {
  const iris = fixturePath('iris.csv');
  const plain = run('analyze', iris, '--json', '--skip', 'decomposition,lipschitz,generalization');
  const flagged = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--expose-gc', '--stack-trace-limit=50', cli, 'analyze', iris, '--json', '--skip', 'decomposition,lipschitz,generalization'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(flagged.status, 0, flagged.stderr);
  assert.deepEqual(withoutTimings(JSON.parse(flagged.stdout)), withoutTimings(JSON.parse(plain.stdout)));
});

test('human, Markdown and --out outputs', () => {
  const iris = fixturePath('iris.csv');
  const text = run('analyze', iris, '--classes', '1,2', '--draws', '20');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /required width n\*\s+\d+/);
  assert.match(text.stdout, /Only classes 1 and 2 are analysed/);
  const out = path.join(tmp, 'r.md');
  const md = run('analyze', iris, '--classes', '1,2', '--draws', '20', '--markdown', '--out', out);
  assert.equal(md.status, 0, md.stderr);
  assert.equal(md.stdout, '');
  assert.match(fs.readFileSync(out, 'utf8'), /^# Dataset Geometry: iris\.csv/);
});

test('conflicting labels: rows listed, no width computed', () => {
  const file = write('conflict.csv', 'a,b,label\n0,0,x\n1,1,y\n0.5,0.25,x\n1,1,x\n2,2,y\n');
  const r = json(file);
  assert.deepEqual(r.sanity!.conflicts, [{ rows: [3, 5], labels: ['y', 'x'] }]);
  assert.equal(r.separation!.delta, 0);
  assert.equal(r.memorization, undefined);
  assert.ok(r.notes.some((n) => /no function can memorize/.test(n)));
});

test('bad input exits 2 with the file, row and column named', () => {
  const bad = write('bad.csv', 'x0,x1,label\n1,2,0\n3,oops,1\n');
  const r = run('analyze', bad);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.csv/);
  assert.match(r.stderr, /row 3/);
  assert.match(r.stderr, /x1/);
  assert.equal(r.stdout, '');

  const missing = run('analyze', path.join(tmp, 'nope.csv'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.csv.*cannot read/);

  for (const args of [
    ['analyze'],
    ['frobnicate', bad],
    ['analyze', bad, '--draws', '0'],
    ['analyze', bad, '--activation', 'tanh'],
    ['analyze', bad, '--eta', '1'],
  ]) {
    const u = run(...args);
    assert.equal(u.status, 2, `${args.join(' ')}: ${u.stderr}`);
    assert.match(u.stderr, /dataset-geometry: /);
  }
  const cls = run('analyze', fixturePath('iris.csv'), '--classes', '1,7');
  assert.equal(cls.status, 2);
  assert.match(cls.stderr, /no class "7"; the classes are 0, 1, 2/);
});

test('wine and breast cancer: the default (auto) standardises their features, says why, and reaches n*', () => {
  for (const [name, classes] of [
    ['wine.csv', 3],
    ['breast-cancer.csv', 2],
  ] as const) {
    const r = json(fixturePath(name), '--skip', 'decomposition,lipschitz,generalization', '--draws', '40');
    assert.equal(r.dataset.classes.length, classes);
    assert.equal(r.settings.normalize, 'auto');
    assert.equal(r.dataset.normalization, 'standardize', name);
    assert.match(r.dataset.normalizationReason!, /spreads .* more than the median feature/);
    assert.ok(r.dataset.featureScales!.ratio >= 100);
    const width = (r.memorization ?? r.multiclass?.oneVsRest)?.requiredWidth;
    assert.equal(typeof width, 'number', `${name}: n* is reached within ${r.settings.maxWidth}`);
    // with max-norm, the proline / area feature makes up the distances and no width is reached
    const maxNorm = json(fixturePath(name), '--skip', 'decomposition,lipschitz,generalization', '--draws', '20', '--normalize', 'max-norm');
    assert.equal(maxNorm.dataset.normalizationReason, undefined);
    assert.equal((maxNorm.memorization ?? maxNorm.multiclass?.oneVsRest)?.requiredWidth, null);
  }
  const text = run('analyze', fixturePath('wine.csv'), '--skip', 'decomposition,lipschitz,generalization', '--draws', '20');
  assert.match(text.stdout, /Normalisation auto: feature proline spreads/);
});

test("a Parquet file: the CLI reads it as the extension does (iris.parquet: the CSV's classes and separation)", () => {
  const pq = json(fixturePath('iris.parquet'), '--draws', '20', '--skip', 'decomposition,lipschitz,generalization');
  const csv = json(fixturePath('iris.csv'), '--draws', '20', '--skip', 'decomposition,lipschitz,generalization');
  assert.equal(pq.dataset.format, 'parquet');
  assert.deepEqual(pq.dataset.classes, csv.dataset.classes);
  assert.equal(pq.separation!.delta, csv.separation!.delta);
  // records (0-based) against lines (1-based, after the header)
  assert.deepEqual(
    pq.separation!.rows.map((r) => r + 2),
    csv.separation!.rows,
  );
  assert.deepEqual(pq.multiclass, csv.multiclass);
});

test('folder datasets: a Hugging Face save_to_disk folder and an image folder, grayscale or --rgb; a folder of neither is refused', () => {
  const skip = ['--skip', 'decomposition,lipschitz,generalization', '--draws', '20'];
  const hf = json(fixturePath('iris-hf'), ...skip);
  assert.deepEqual([hf.dataset.file, hf.dataset.format, hf.dataset.N, hf.dataset.d], ['iris-hf/', 'huggingface', 150, 4]);
  const gray = json(fixturePath('digits-png'), ...skip);
  assert.deepEqual([gray.dataset.format, gray.dataset.N, gray.dataset.d, gray.dataset.pixelScaled], ['imagefolder', 24, 64, true]);
  const rgb = json(fixturePath('digits-png'), ...skip, '--rgb');
  assert.equal(rgb.dataset.d, 192);
  assert.match(rgb.dataset.images, /RGB \(datasetGeometry\.imageColor\), 8 × 8$/);
  fs.mkdirSync(path.join(tmp, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'notes', 'a.txt'), 'x');
  const r = run('analyze', path.join(tmp, 'notes'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /notes\/: not a dataset folder: expected huggingface or imagefolder/);
});

test('a DatasetDict folder: the train split by default, --split NAME for another, an unknown split refused naming the splits', () => {
  const skip = ['--skip', 'decomposition,lipschitz,generalization', '--draws', '20'];
  const train = json(fixturePath('digits-images-hf'), ...skip);
  assert.deepEqual([train.dataset.file, train.dataset.format, train.dataset.N, train.dataset.d], ['digits-images-hf/', 'huggingface', 24, 64]);
  assert.match(train.dataset.split!, /^the train split of a DatasetDict \(dataset_dict\.json\); its other splits \(test\) are not read/);
  const test = json(fixturePath('digits-images-hf'), ...skip, '--split', 'test');
  assert.equal(test.dataset.N, 12);
  assert.match(test.dataset.split!, /^the test split/);
  const r = run('analyze', fixturePath('digits-images-hf'), '--split', 'valid');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no split "valid" in the dataset_dict\.json folder: its splits are test, train/);
});
