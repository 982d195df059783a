// The network the later stages analyse, as the memorization study hands it on (not read back from the report).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/core/analysis';
import { defaultBudgets } from '../../../src/core/memorize/budget';
import { chosenNetwork } from '../../../src/core/memorize/chosen';
import { defaultSettings } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';

const run = (file: string, settings = {}) =>
  analyze({ name: file, bytes: readFixture(file), siblings: {} }, { ...defaultSettings, draws: 20, stages: [], ...settings }, { inflate: nodeInflate });

test("two classes: the study's λ and orientation, n* per λ of its sweep with K at the chosen λ only", () => {
  const report = run('two-moons.csv', { lambda: 'auto' });
  const m = report.memorization!;
  const chosen = chosenNetwork(report, ['0', '1'], 1);
  assert.equal(chosen.lambda, m.lambda);
  assert.equal(chosen.negative, Number(m.orientation.negative));
  assert.deepEqual(
    chosen.bound.measured.map((w) => w.lambda),
    m.lambdaSweep!.grid.map((g) => g.lambda).sort((a, b) => a - b),
  );
  assert.deepEqual(
    chosen.bound.measured.filter((w) => w.K !== null).map((w) => [w.lambda, w.K]),
    [[m.lambda, m.K]],
  );
  assert.deepEqual(chosen.network, { requiredWidth: m.requiredWidth, K: m.K, parameters: m.parameters, outputs: 1 });
});

test('more classes: the bound is for the class whose one-vs-rest subproblem needs the largest width', () => {
  const report = run('iris.csv');
  const ovr = report.multiclass!.oneVsRest!;
  const chosen = chosenNetwork(
    report,
    report.dataset.classes.map((c) => c.name),
    1,
  );
  const widest = Math.max(...ovr.perClass.map((c) => c.requiredWidth ?? Infinity));
  assert.equal(ovr.perClass[chosen.bound.negative as number].requiredWidth, widest);
  assert.equal(chosen.bound.positive, 'rest');
  assert.equal(chosen.negative, 1, "X⁻ for the Lipschitz memorizer and the held-out check: the authors' default");
  assert.equal(chosen.network?.outputs, 3);
  assert.equal(chosen.lambda, report.multiclass!.lambda);
});

test("past the pair budget the decomposition says that the n* it holds against the bound is the sample's", () => {
  const settings = { ...defaultSettings, draws: 20, stages: ['decomposition' as const] };
  const source = { name: 'iris.csv', bytes: readFixture('iris.csv'), siblings: {} };
  // iris has 150² − 3·50² = 15,000 ordered pairs of points of different classes: a third of them fits
  const sampled = analyze(source, settings, { inflate: nodeInflate, memorizationBudgets: { ...defaultBudgets, pairs: 5_000 } });
  const sample = sampled.multiclass!.sample!;
  assert.ok(sample.N < 150);
  const label = sampled.approximations!.find((a) => a.figure === 'decomposition.measured');
  assert.deepEqual(label && { kind: label.kind, used: label.used, of: label.of }, { kind: 'subsample', used: sample.N, of: 150 });
  assert.match(label!.sentence, /lower estimate/);
  const whole = analyze(source, settings, { inflate: nodeInflate });
  assert.equal(whole.multiclass!.sample, undefined);
  assert.equal(
    whole.approximations!.find((a) => a.figure === 'decomposition.measured'),
    undefined,
  );
});
