// SCIENCE.md §3's reference behaviour on the paper's dataset (two moons, 1000 points, noise 0.05),
// max-norm normalised, label 1 as X⁻, threshold activation. Fixed seeds, so these are deterministic;
// the tolerances say how far from the paper's figures a correct implementation may land by chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdBits } from '../../../src/core/kernels/layer1';
import { coverLoop, thresholdScores } from '../../../src/core/memorize/coverLoop';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import { memorizationStudy } from '../../../src/core/memorize';
import { binaryNetwork, rowsByClass } from '../../../src/core/memorize/problem';
import { thresholdCurve } from '../../../src/core/memorize/curve';
import { networkThresholds } from '../../../src/core/memorize/thresholdStudy';
import { defaultSettings, type CurvePoint } from '../../../src/core/report';
import { createRng } from '../../../src/core/random';
import { readFixture } from '../helpers';

function twoMoons() {
  // x0,x1,label with a header; the real parsers live elsewhere, this file only needs split
  const lines = new TextDecoder().decode(readFixture('two-moons.csv')).trim().split('\n').slice(1);
  const N = lines.length,
    d = 2;
  const X = new Float32Array(N * d),
    y = new Int32Array(N);
  lines.forEach((line, i) => {
    const [a, b, label] = line.split(',');
    X[2 * i] = Number(a);
    X[2 * i + 1] = Number(b);
    y[i] = Number(label);
  });
  let R = 0;
  for (let i = 0; i < N; i++) R = Math.max(R, Math.hypot(X[2 * i], X[2 * i + 1]));
  for (let q = 0; q < X.length; q++) X[q] /= R;
  return { X, N, d, y, classNames: ['0', '1'] };
}

const data = twoMoons();
const pAt = (curve: CurvePoint[], n: number) => curve.filter((c) => c.n <= n).pop()?.p ?? 0;

test('the two-moons file is the paper’s dataset: 1000 points, 500 per class', () => {
  assert.equal(data.N, 1000);
  assert.equal(data.y.filter((c) => c === 1).length, 500);
});

test('λ = 0 never interpolates (every draw, up to width 2048)', () => {
  const m = memorizationStudy(data, { ...defaultSettings, lambda: 0, draws: 20, maxWidth: 2048 }, {}).memorization!;
  assert.deepEqual(m.orientation, { negative: '1', positive: '0' });
  assert.ok(m.thresholds.every((t) => t === null));
  assert.equal(m.requiredWidth, null);
  assert.match(m.reason!, /λ = 0/);
});

test('λ in [0.5, 1] reaches P ≥ 0.95 by n = 300 (100 draws)', () => {
  const classRows = rowsByClass(data.y, 2);
  for (const lambda of [0.5, 0.75, 1]) {
    const s = { seed: '1', lambda, draws: 100, maxWidth: 512 };
    const curve = thresholdCurve(networkThresholds(data, classRows, [binaryNetwork(1, 0)], s)[0], s.maxWidth);
    // With true P(300) ≈ 0.99 (the paper), P̂ < 0.95 in 100 draws has probability < 2 %.
    assert.ok(pAt(curve, 300) >= 0.95, `λ = ${lambda}: P(300) = ${pAt(curve, 300)}`);
  }
});

test('the full study at λ = 1: n* ≤ 300 at η = 0.05, verified, K near 5–6 at n*', () => {
  const m = memorizationStudy(data, { ...defaultSettings, lambda: 1, draws: 50, maxWidth: 1024, eta: 0.05 }, {}).memorization!;
  assert.ok(m.requiredWidth! <= 300, `n* = ${m.requiredWidth}`);
  assert.equal(m.verified, true);
  // The paper's K ≈ 5–6 is for widths past n*; right at n* a few more neurons are normal.
  assert.ok(m.K! >= 4 && m.K! <= 9, `K = ${m.K}`);
});

test('K settles around 5–6: mean K at n = 1000, λ = 1, within [4, 8]', () => {
  const n = 1000,
    draws = 40;
  const classRows = rowsByClass(data.y, 2);
  const stride = (n + 31) >>> 5;
  const bits = new Uint32Array(data.N * stride);
  let sum = 0;
  for (let t = 0; t < draws; t++) {
    const f = new FirstLayerDraw('k-at-1000', t, 2, 1, n);
    f.extendTo(n);
    thresholdBits(data.X, data.N, 2, f.W, [f.b], 0, n, [bits], stride);
    const layer = coverLoop(thresholdScores(bits, stride, n), classRows[1], classRows[0], createRng(`cover-${t}`));
    assert.equal(layer.uncovered, 0, `draw ${t} interpolates at n = 1000`);
    sum += layer.K;
  }
  // K's sd over draws is about 1, so the mean of 40 draws is within ±0.5 of its expectation.
  const mean = sum / draws;
  assert.ok(mean >= 4 && mean <= 8, `mean K = ${mean}`);
});
