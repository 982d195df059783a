// The Lipschitz stage through the built CLI (dist/cli.js, its WebAssembly kernels, its task threads): the
// same report on one thread as on three, and the TypeScript reference's figures (the kernels are bit for
// bit the reference's, so the WebAssembly build's report equals the one computed here without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot, fixturePath } from '../unit/helpers';
import { defaultLipschitz, lipschitzStudy } from '../../src/core/lipschitz';
import { separation } from '../../src/core/geometry/separation';
import { typescriptKernels, useKernels } from '../../src/core/kernels/backend';
import { loadDataset, loadOptionsOf } from '../../src/core/data';
import { selectClasses } from '../../src/core/data/select-classes';
import { normalize } from '../../src/core/data/normalize';
import { defaultSettings, type AnalysisSettings, type Approximation, type Report } from '../../src/core/report';
import { nodeInflate } from '../../src/node/inflate';
import * as fs from 'node:fs';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const args = (file: string, threads: number) => [
  'analyze',
  file,
  '--classes',
  '1,2',
  '--draws',
  '20',
  '--skip',
  'decomposition,generalization',
  '--json',
  '--threads',
  String(threads),
];
const analyze = (file: string, threads: number): Report => {
  const r = spawnSync(process.execPath, [cli, ...args(file, threads)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

test('the Lipschitz stage: the same report on 1 and 3 threads, equal to the TypeScript kernels run serially', () => {
  const file = fixturePath('iris.csv');
  const one = analyze(file, 1),
    three = analyze(file, 3);
  assert.ok(one.lipschitz?.memorizer.relu, 'the ReLU memorizer was analysed');
  assert.deepEqual(three.lipschitz, one.lipschitz);
  assert.deepEqual(three.approximations, one.approximations);
  // the figures labelled as budgeted are there, and the same
  assert.ok(one.approximations?.some((a) => a.figure === 'lipschitz.random' && a.kind === 'budget' && a.used < a.of));

  // the reference: the stage run here on the TypeScript kernels, as the pipeline runs it on these points
  const settings: AnalysisSettings = { ...defaultSettings, classes: ['1', '2'], draws: 20 };
  const loaded = loadDataset({ name: 'iris.csv', bytes: new Uint8Array(fs.readFileSync(file)), siblings: {} }, loadOptionsOf(settings), {
    inflate: nodeInflate,
  });
  const ds = selectClasses(loaded, settings.classes!);
  const scaled = normalize(ds, one.dataset.normalization);
  const points = { X: scaled.X, N: ds.N, d: ds.d, y: ds.y, classNames: ds.classNames, sourceRows: ds.sourceRows };
  useKernels(typescriptKernels);
  try {
    const approximations: Approximation[] = [];
    const relu = one.lipschitz!.memorizer.relu!;
    const reference = lipschitzStudy(
      { ...points, nearest: separation(points).nearest },
      {
        ...defaultLipschitz,
        memorizer: { ...defaultLipschitz.memorizer, negative: ds.classNames.indexOf(relu.orientation.negative), lambda: relu.lambda, draws: 20 },
      },
      { approximate: (a) => approximations.push(a) },
    );
    assert.deepEqual(JSON.parse(JSON.stringify(reference)), one.lipschitz);
    assert.deepEqual(
      approximations,
      one.approximations!.filter((a) => a.figure.startsWith('lipschitz')),
    );
  } finally {
    useKernels(undefined);
  }
});
