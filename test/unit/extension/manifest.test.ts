// The manifest must say what the code does: settings defaults equal core's defaultSettings, the menus
// match exactly the files the code treats as datasets, and nothing activates on '*'.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultSettings, extraPRule, lambdaRule, numberRules } from '../../../src/core/report';
import { datasetFilePattern } from '../../../src/protocol/datasetFiles';
import { panelViewType } from '../../../src/protocol/webview';
import { repoRoot } from '../helpers';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;

test("every analysis setting in the manifest defaults to core's default", () => {
  const analysisKeys = Object.keys(defaultSettings) as (keyof typeof defaultSettings)[];
  for (const key of analysisKeys) {
    assert.deepEqual(properties[`datasetGeometry.${key}`]?.default, defaultSettings[key], key);
  }
  const extra = Object.keys(properties)
    .map((k) => k.replace('datasetGeometry.', ''))
    .filter((k) => !(k in defaultSettings));
  assert.deepEqual(extra, ['workers', 'threads']);
});

test('the menus offer the command on exactly the dataset files', () => {
  const menus: { command: string; when: string }[] = [...manifest.contributes.menus['explorer/context'], ...manifest.contributes.menus['editor/title']];
  // folder datasets (an image folder, a Hugging Face save_to_disk folder) are known by their files, which a when clause cannot see
  assert.deepEqual(
    menus.filter((m) => m.when === 'explorerResourceIsFolder').map((m) => m.command),
    ['datasetGeometry.analyze'],
  );
  const whens = menus.map((m) => m.when).filter((w) => w !== 'explorerResourceIsFolder');
  const names = [
    'moons.csv',
    'X.TSV',
    'a.json',
    'b.jsonl',
    'x.npy',
    'd.npz',
    'm.idx',
    'train-images-idx3-ubyte',
    't10k-labels.idx1-ubyte.gz',
    'a.svm',
    'b.libsvm',
    'c.csv.gz',
    'train.parquet',
    'part-0.pq',
    'x.PARQUET.gz',
    'train.arrow',
    'data.feather',
    'part.arrows',
    'notes.md',
    'model.py',
    'data.gz.txt',
    'csv',
    'archive.zip',
    'parquet',
  ];
  for (const when of whens) {
    const literal = /resourceFilename =~ \/(.*)\/([a-z]*)$/.exec(when);
    assert.ok(literal, when);
    // the same pattern, spelled the same: the manifest cannot import core's list of formats
    assert.equal(literal[1], datasetFilePattern.source, when);
    assert.equal(literal[2], datasetFilePattern.flags, when);
    const fromManifest = new RegExp(literal[1], literal[2]);
    for (const name of names) assert.equal(fromManifest.test(name), datasetFilePattern.test(name), `${name} in "${when}"`);
  }
  assert.equal(datasetFilePattern.test('t10k-labels.idx1-ubyte.gz'), true);
  assert.equal(datasetFilePattern.test('notes.md'), false);
  assert.equal(datasetFilePattern.test('train.parquet'), true);
});

test('activation: the panel serializer and commands only, never on startup', () => {
  assert.deepEqual(manifest.activationEvents, [`onWebviewPanel:${panelViewType}`]);
  assert.deepEqual(manifest.extensionKind, ['workspace']);
  const commands = manifest.contributes.commands.map((c: { command: string; category: string }) => [c.command, c.category]);
  assert.deepEqual(commands, [
    ['datasetGeometry.analyze', 'Dataset Geometry'],
    ['datasetGeometry.compareWith', 'Dataset Geometry'],
    ['datasetGeometry.showLogs', 'Dataset Geometry'],
  ]);
});

test("the manifest bounds each numeric setting as core's numberRules do", () => {
  const schema = properties as unknown as Record<string, Record<string, unknown>>;
  for (const [key, rule] of Object.entries(numberRules)) {
    const p = schema[`datasetGeometry.${key}`];
    assert.equal(p.type, rule.integer ? 'integer' : 'number', key);
    const open = rule.max >= Number.MAX_SAFE_INTEGER;
    const [lower, upper] = rule.exclusive ? ['exclusiveMinimum', 'exclusiveMaximum'] : ['minimum', 'maximum'];
    assert.equal(p[lower], rule.min, `${key} ${lower}`);
    assert.equal(p[upper], open ? undefined : rule.max, `${key} ${upper}`);
  }
  assert.equal((schema['datasetGeometry.lambdaGrid'].items as { minimum: number }).minimum, lambdaRule.min);
  assert.equal((schema['datasetGeometry.extraP'].items as { minimum: number }).minimum, extraPRule.min);
});
