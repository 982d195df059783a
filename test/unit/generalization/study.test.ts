import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultGeneralization, generalizationStudy } from '../../../src/core/generalization/study';
import { createRng } from '../../../src/core/random';

/** well-separated Gaussian blobs, one per class, inside the unit ball */
function blobs(centers: number[][], perClass: number, spread: number, seed: string) {
  const rng = createRng(seed);
  const d = centers[0].length, N = centers.length * perClass;
  const X = new Float32Array(N * d), y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const c = i % centers.length;
    y[i] = c;
    for (let k = 0; k < d; k++) X[i * d + k] = centers[c][k] + spread * rng.normal();
  }
  return { X, N, d, y, classNames: centers.map((_, c) => `c${c}`) };
}

const settings = { ...defaultGeneralization, seed: 'g', lambda: 1, eta: 0.1, maxWidth: 1024, draws: 5 };

// Separable and tight: a random hyperplane almost never cuts a blob of radius ~0.01, so held-out points
// share their class's activation pattern. (With ReLU, or wider blobs, the construction's biases sit
// exactly at the smallest training value m_k over X⁺, and a held-out x⁺ falls below it with
// probability about 1/(|X⁺_train| + 1) per neuron: accuracy is then high but not 1, checked below.)
test('test accuracy on a separable toy problem is 1 at every width', () => {
  const data = blobs([[0.6, 0, 0], [-0.6, 0, 0]], 60, 0.01, 'two');
  const r = generalizationStudy(data, { ...settings, activation: 'threshold' });
  assert.equal(r.train + r.test, data.N);
  assert.equal(r.test, 2 * Math.ceil(0.2 * 60));
  assert.ok(r.requiredWidth !== null);
  assert.ok(r.widths.length >= 2 && r.widths[0].n === r.requiredWidth);
  for (const w of r.widths) assert.equal(w.accuracy.min, 1, `n = ${w.n}`);
  assert.equal(r.nearestNeighbour, 1);
  assert.deepEqual(r.orientation, { negative: 'c1', positive: 'c0' });
  assert.equal(r.yu.d, 3);
  assert.match(r.yu.reading, new RegExp(`n\\* = ${r.requiredWidth}`));
});

test('the ReLU construction on separated blobs: held-out accuracy high, 1-NN perfect', () => {
  const data = blobs([[0.6, 0, 0], [-0.6, 0, 0]], 60, 0.05, 'two');
  const r = generalizationStudy(data, { ...settings, activation: 'relu' });
  assert.ok(r.requiredWidth !== null);
  for (const w of r.widths) assert.ok(w.accuracy.mean >= 0.9 && w.accuracy.max <= 1, `n = ${w.n}: ${w.accuracy.mean}`);
  assert.equal(r.nearestNeighbour, 1);
});

test('multi-class: one-vs-rest and the pairwise matrix are perfect on separated blobs; runs reproduce', () => {
  const data = blobs([[0.6, 0], [-0.6, 0], [0, 0.6]], 40, 0.01, 'three');
  const r = generalizationStudy(data, { ...settings, activation: 'threshold' });
  assert.equal(r.orientation, undefined);
  for (const w of r.widths) assert.equal(w.accuracy.min, 1);
  const pw = r.pairwise!;
  assert.deepEqual(pw.classes, ['c0', 'c1', 'c2']);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      if (a === b) {
        assert.equal(pw.accuracy[a][b], null);
        continue;
      }
      assert.equal(pw.accuracy[a][b], 1);
      assert.equal(pw.nearestNeighbour[a][b], 1);
      assert.ok(pw.requiredWidth[a][b]! >= 1 && pw.requiredWidth[a][b]! <= r.requiredWidth!);
    }
  }
  assert.deepEqual(generalizationStudy(data, { ...settings, activation: 'threshold' }), r);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('overlapping classes: accuracy drops below 1 but stays a fraction; the reading names the side of d', () => {
  const data = blobs([[0.1, 0, 0, 0, 0, 0, 0, 0], [-0.1, 0, 0, 0, 0, 0, 0, 0]], 80, 0.2, 'overlap');
  const r = generalizationStudy(data, { ...settings, activation: 'threshold', maxWidth: 4096 });
  assert.ok(r.nearestNeighbour < 1);
  for (const w of r.widths) assert.ok(w.accuracy.mean > 0 && w.accuracy.mean < 1);
  if (r.requiredWidth !== null) assert.match(r.yu.reading, r.requiredWidth < 8 ? /below the data dimension/ : /at least the data dimension/);
});
