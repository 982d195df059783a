// Why no width: the closest-pair lower bound against simulation and against every measured n*, and the
// causes and remedies on real reports (wine under max-norm reaches none; iris does).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { analyze } from '../../../src/core/analysis';
import { closestPairWidthBound, explainNoWidth } from '../../../src/core/noWidth';
import { defaultSettings, type AnalysisSettings, type Report } from '../../../src/core/report';
import { formatText, headlineSentences } from '../../../src/core/summary';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';

const quick: AnalysisSettings = { ...defaultSettings, draws: 40, stages: [] };
const run = (name: string, s: Partial<AnalysisSettings> = {}): Report =>
  analyze({ name, bytes: readFixture(name) }, { ...quick, ...s }, { inflate: nodeInflate });

test('a random threshold unit separates a pair δ apart with probability at most δ/(λ√(2π)) (simulated, 200,000 units)', () => {
  const rng = seedrandom('pair');
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const d = 5,
    lambda = 1,
    delta = 0.05,
    units = 200_000;
  const x = [0.1, -0.05, 0.05, 0.1, 0],
    dir = [1, 2, -1, 0, 2].map((v) => v / Math.sqrt(10));
  const y = x.map((v, j) => v + delta * dir[j]);
  let separated = 0;
  for (let u = 0; u < units; u++) {
    const w = Array.from({ length: d }, gauss),
      b = lambda * (2 * rng() - 1);
    const at = (z: number[]) => z.reduce((s, v, j) => s + v * w[j], b) > 0;
    if (at(x) !== at(y)) separated++;
  }
  const p = delta / (lambda * Math.sqrt(2 * Math.PI));
  const se = Math.sqrt((p * (1 - p)) / units);
  // points well inside [−λ, λ]: the bound is nearly attained, so the frequency sits within 4 SE below it
  assert.ok(separated / units <= p + 4 * se, `${separated / units} vs bound ${p}`);
  assert.ok(separated / units >= 0.9 * p, `${separated / units} vs bound ${p}`);
  // and the width the bound implies: the smallest n with 1 − (1 − p)ⁿ ≥ 1 − η
  const n = closestPairWidthBound(delta, lambda, 0.01)!;
  assert.ok((1 - p) ** n <= 0.01 && (1 - p) ** (n - 1) > 0.01);
  assert.equal(closestPairWidthBound(0, 1, 0.01), null);
  assert.equal(closestPairWidthBound(0.1, 0, 0.01), null);
});

test('every measured n* respects the closest-pair bound (two moons, iris, wine and breast cancer standardised)', () => {
  for (const name of ['two-moons.csv', 'iris.csv', 'wine.csv', 'breast-cancer.csv']) {
    const r = run(name);
    const net = r.memorization ?? r.multiclass!.oneVsRest!;
    const bound = closestPairWidthBound(r.separation!.delta, (r.memorization ?? r.multiclass)!.lambda, r.settings.eta)!;
    assert.ok(net.requiredWidth !== null && net.requiredWidth >= bound, `${name}: n* = ${net.requiredWidth}, bound ${bound}`);
    assert.equal(explainNoWidth(r), null, `${name} has a width`);
  }
});

test('wine under max-norm: the scale, the separation and the rising curve, with standardise and a larger width offered', () => {
  const r = run('wine.csv', { normalize: 'max-norm' });
  assert.equal(r.multiclass!.oneVsRest!.requiredWidth, null);
  const why = explainNoWidth(r)!;
  const kinds = why.causes.map((c) => c.kind);
  assert.deepEqual(kinds.slice(0, 2), ['scale', 'separation']);
  assert.match(why.causes[0].sentence, /^Feature proline spreads 388× more than the median feature/);
  const bound = closestPairWidthBound(r.separation!.delta, r.multiclass!.lambda, r.settings.eta)!;
  assert.ok(why.causes[1].sentence.includes(`n ≥ ${bound.toLocaleString('en-US')}`), why.causes[1].sentence);
  assert.deepEqual(
    why.remedies.map((m) => m.change),
    [{ normalize: 'standardize' }, { maxWidth: 16384 }, ...why.remedies.slice(2).map((m) => m.change)],
  );
  // every pair of wine's classes is a candidate; the first failing one is offered
  const classes = why.remedies.find((m) => m.kind === 'classes');
  if (classes) assert.equal(classes.change.classes!.length, 2);
  assert.equal(why.reached!.of, 40);
  assert.equal(why.reached!.draws, Math.round(40 * r.multiclass!.oneVsRest!.curve.at(-1)!.p));
  // the text report says the same, with the CLI flags that apply the remedies
  const text = formatText(r);
  assert.match(text, /Why no width/);
  assert.match(text, /--normalize standardize/);
  assert.match(text, /--max-width 16384/);
});

test('conflicting labels: the only cause, no remedy but the data', () => {
  const csv = 'a,b,label\n0,0,x\n0,0,y\n1,1,x\n2,2,y\n';
  const r = analyze({ name: 'c.csv', bytes: new TextEncoder().encode(csv) }, quick, { inflate: nodeInflate });
  const why = explainNoWidth(r)!;
  assert.deepEqual(
    why.causes.map((c) => c.kind),
    ['conflicts'],
  );
  assert.match(why.causes[0].sentence, /rows 2, 3/);
  assert.deepEqual(why.remedies, []);
});

test('the headline sentence writes a K in the thousands in plain digits, as the stats line does', () => {
  const r = run('two-moons.csv');
  assert.match(headlineSentences(r)[0], /K = \d\.\d\d second-layer units/);
  // Fashion-MNIST's ten classes give K ≈ 5588.3 (t10k, default settings): it read "K = 5.59e+3"
  const large = { ...r, memorization: { ...r.memorization!, K: 5588.333 } };
  const sentence = headlineSentences(large)[0];
  assert.match(sentence, /K = 5588 second-layer units/);
  assert.doesNotMatch(sentence, /e\+/);
});

test("the headline gives n*'s interval as SCIENCE.md §3 does: no upper end below 368 draws at η = 0.01, then a real one", () => {
  const few = run('two-moons.csv'); // 40 draws
  const i = few.memorization!.requiredWidthInterval!;
  assert.equal(i.upper, null);
  const sentence = headlineSentences(few)[1];
  assert.ok(sentence.includes(`n* itself is at least ${i.lower} with 95 % confidence`), sentence);
  assert.ok(sentence.includes('40 draws give it no upper end (at η = 0.01 that needs T ≥ 368 draws)'), sentence);
  assert.doesNotMatch(sentence, /beyond/);
  const many = run('two-moons.csv', { draws: 400 });
  const j = many.memorization!.requiredWidthInterval!;
  assert.ok(j.upper !== null && j.upper >= many.memorization!.requiredWidth!, JSON.stringify(j));
  assert.ok(headlineSentences(many)[1].includes(`n* itself lies in ${j.lower}–${j.upper} with 95 % confidence`), headlineSentences(many)[1]);
});

test('the headline says over how many draws K is a mean: the first 20 of T = 40 (its budget), all 10 of T = 10', () => {
  const budgeted = run('two-moons.csv'); // 40 draws, K on the first 20
  assert.equal(budgeted.approximations?.find((a) => a.figure === 'memorization.K')?.used, 20);
  assert.ok(headlineSentences(budgeted)[0].includes('a mean over the first 20 of the 40 draws'), headlineSentences(budgeted)[0]);
  const all = run('iris.csv', { draws: 10 });
  assert.ok(headlineSentences(all)[0].includes('one-vs-rest subnetworks (a mean over the 10 draws'), headlineSentences(all)[0]);
});

test('why no width: a δ far below 10⁻³ keeps its significant digits (δ = 2.038·10⁻⁷ read "δ = 0", as if the points coincided)', () => {
  const r = run('wine.csv', { normalize: 'max-norm' });
  const tiny = { ...r, separation: { ...r.separation!, delta: 2.038e-7 } };
  const sentence = explainNoWidth(tiny)!.causes.find((c) => c.kind === 'separation')!.sentence;
  assert.ok(sentence.includes('are δ = 0.0000002038 apart'), sentence);
  const bound = closestPairWidthBound(2.038e-7, r.multiclass!.lambda, r.settings.eta)!;
  assert.ok(sentence.includes(`n ≥ ${bound.toLocaleString('en-US')}`), sentence);
});
