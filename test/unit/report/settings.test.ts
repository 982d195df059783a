// The one validator of the analysis settings: what the CLI, the panel's fields and the extension's
// settings.json values are checked against.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSettings, numberRules, parseNumber, ruleText, settingProblems, type AnalysisSettings } from '../../../src/core/settings';

test('the defaults are valid, and each broken value is named with what it must be', () => {
  assert.deepEqual(settingProblems(defaultSettings), []);
  const broken: AnalysisSettings = {
    ...defaultSettings,
    draws: 0,
    maxWidth: 2.5,
    eta: 1,
    kappa: 0,
    testFraction: -0.1,
    lambda: -1,
    lambdaGrid: [0, -1],
    extraP: [0.5],
    stages: ['lipschitz', 'nonsense' as never],
    mode: 'both' as never,
    networkDepth: Number.NaN,
  };
  assert.deepEqual(
    settingProblems(broken).map((p) => `${p.key}: ${p.problem}`),
    [
      'draws: a whole number from 1 to 100,000',
      'maxWidth: a whole number from 1 to 1,048,576',
      'eta: a number strictly between 0 and 1',
      'kappa: a number above 0',
      'networkDepth: a whole number from 1 to 64',
      'testFraction: a number strictly between 0 and 1',
      'lambda: a number ≥ 0, or "auto"',
      'lambdaGrid: a list of numbers ≥ 0',
      'extraP: a list of numbers ≥ 1',
      'stages: a list of decomposition, lipschitz, generalization',
      'mode: one of auto, binary, one-vs-rest, pairwise',
    ],
  );
  assert.deepEqual(settingProblems({ ...defaultSettings, lambda: 'auto' }), []);
  // a string where settings.json should hold a number is not a number
  assert.deepEqual(
    settingProblems({ ...defaultSettings, draws: '100' as never }).map((p) => p.key),
    ['draws'],
  );
});

test('typed-in values: bounds included or excluded as the rule says, blanks and junk refused', () => {
  assert.deepEqual(parseNumber(numberRules.draws, ' 100000 '), { value: 100_000 });
  assert.deepEqual(parseNumber(numberRules.draws, '100001'), { error: 'a whole number from 1 to 100,000' });
  assert.deepEqual(parseNumber(numberRules.draws, '1e2'), { value: 100 });
  assert.deepEqual(parseNumber(numberRules.draws, ''), { error: ruleText(numberRules.draws) });
  assert.deepEqual(parseNumber(numberRules.eta, '0'), { error: 'a number strictly between 0 and 1' });
  assert.deepEqual(parseNumber(numberRules.eta, '0.05'), { value: 0.05 });
  assert.deepEqual(parseNumber(numberRules.rowLimit, '1'), { error: 'a whole number ≥ 2' });
  assert.deepEqual(parseNumber(numberRules.kappa, 'Infinity'), { error: 'a number above 0' });
});
