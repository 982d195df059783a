import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convolutionalStudy, convolutionalThresholds, imageSide, orbitDistance, orbitSeparation } from '../../../src/core/geometry/convolutional';
import { decompositionStudy } from '../../../src/core/geometry/decomposition';
import { fixturePoints } from './fixtures';
import { analyze } from '../../../src/core/analysis';
import { defaultSettings } from '../../../src/core/report';
import { formatText } from '../../../src/core/summary';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { createRng, childSeed } from '../../../src/core/random';

const s = 5,
  d = s * s;
const shift = (img: number[], u: number, v: number) => Array.from({ length: d }, (_, p) => img[((Math.floor(p / s) + u) % s) * s + (((p % s) + v) % s)]);
const randomImages = (n: number, seed: string) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.next()));
};

test('imageSide recognises square pixel counts', () => {
  assert.equal(imageSide(784), 28);
  assert.equal(imageSide(64), 8);
  assert.equal(imageSide(4), 2);
  assert.equal(imageSide(150), null);
  assert.equal(imageSide(1), null);
});

test('orbit distance = brute force min over explicit translations; 0 for a translate', () => {
  const imgs = randomImages(6, 'orbit');
  const X = Float32Array.from(imgs.flat());
  const f32 = (img: number[]) => Array.from(Float32Array.from(img));
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      let brute = Infinity;
      for (let u = 0; u < s; u++)
        for (let v = 0; v < s; v++) {
          const y = shift(f32(imgs[j]), u, v);
          brute = Math.min(brute, Math.hypot(...f32(imgs[i]).map((x, p) => x - y[p])));
        }
      assert.ok(Math.abs(orbitDistance(X, s, i, j) - brute) < 1e-6, `${i},${j}`);
      assert.ok(orbitDistance(X, s, i, j) <= Math.hypot(...f32(imgs[i]).map((x, p) => x - f32(imgs[j])[p])) + 1e-9);
    }
  }
  const withShift = Float32Array.from([...imgs[0], ...shift(imgs[0], 2, 3)]);
  assert.ok(orbitDistance(withShift, s, 0, 1) < 1e-6);
});

/** The same draws, unit by unit, with plain arrays: the pair condition checked literally. */
function bruteThresholds(imgs: number[][], neg: number[], pos: number[], k: number, lambda: number, maxFilters: number, draws: number, seed: string) {
  const out: (number | null)[] = [];
  for (let t = 0; t < draws; t++) {
    const rng = createRng(childSeed(seed, 'conv', t));
    const units: boolean[][] = imgs.map(() => []); // per point, every unit of every filter so far
    let result: number | null = null;
    for (let f = 1; f <= maxFilters; f++) {
      const w = Array.from({ length: k * k }, () => rng.normal());
      const bias = lambda * (2 * rng.next() - 1);
      imgs.forEach((img, p) => {
        for (let u = 0; u < s; u++)
          for (let v = 0; v < s; v++) {
            let z = bias;
            for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) z += w[a * k + b] * Math.fround(img[((u + a) % s) * s + ((v + b) % s)]);
            units[p].push(z > 0);
          }
      });
      const all = neg.every((m) => pos.every((q) => units[q].some((on, j) => on && !units[m][j])));
      if (all) {
        result = f;
        break;
      }
    }
    out.push(result);
  }
  return out;
}

test('per-draw filter thresholds agree with a literal unit-by-unit check', () => {
  const imgs = randomImages(10, 'conv-data').map((img) => img.map((x) => x - 0.5));
  const X = Float32Array.from(imgs.flat());
  const neg = [0, 1, 2, 3, 4],
    pos = [5, 6, 7, 8, 9];
  for (const [k, lambda] of [
    [2, 0.5],
    [3, 1],
  ]) {
    const opts = { kernel: k, lambda, maxFilters: 30, draws: 6, seed: `c${k}` };
    const fast = convolutionalThresholds(X, s, [Int32Array.from(neg), Int32Array.from(pos)], opts);
    assert.deepEqual(fast, bruteThresholds(imgs, neg, pos, k, lambda, 30, 6, `c${k}`));
    assert.ok(
      fast.some((v) => v !== null),
      'some draw interpolates',
    );
  }
});

test('an image and an identical copy with the other label never separate', () => {
  const imgs = randomImages(3, 'dup');
  const X = Float32Array.from([...imgs[0], ...imgs[1], ...imgs[0]]);
  const r = convolutionalThresholds(X, s, [Int32Array.of(0, 1), Int32Array.of(2)], { kernel: 3, lambda: 1, maxFilters: 10, draws: 3, seed: '1' });
  assert.deepEqual(r, [null, null, null]);
});

test('orbit separation = brute-force minimum over all pairs; a small budget says it is not exact', () => {
  const imgs = randomImages(14, 'sep');
  const X = Float32Array.from(imgs.flat());
  const neg = Int32Array.from({ length: 6 }, (_, i) => i),
    pos = Int32Array.from({ length: 8 }, (_, i) => 6 + i);
  let orbit = Infinity,
    plain = Infinity;
  for (const a of neg)
    for (const b of pos) {
      orbit = Math.min(orbit, orbitDistance(X, s, a, b));
      plain = Math.min(plain, Math.hypot(...Array.from({ length: d }, (_, k) => X[a * d + k] - X[b * d + k])));
    }
  const full = orbitSeparation(X, s, neg, pos, 1000);
  assert.equal(full.orbit, orbit);
  assert.ok(Math.abs(full.plain - plain) < 1e-6);
  assert.deepEqual([full.total, full.exact], [48, true]);
  assert.ok(full.computed <= 48);
  const cut = orbitSeparation(X, s, neg, pos, 2);
  assert.equal(cut.computed, 2);
  assert.equal(cut.exact, false);
  assert.ok(cut.orbit >= orbit && cut.orbit <= cut.plain);
});

test('convolutional study: a translate across the classes has orbit separation 0 and no filter count', () => {
  const imgs = randomImages(4, 'translate');
  const X = Float32Array.from([...imgs[0], ...imgs[1], ...shift(imgs[1], 1, 2), ...imgs[3]]);
  const opts = { kernel: 3, draws: 4, maxFilters: 20, eta: 0.01, seed: '1', maxPairs: 100, orbitWork: 1e7 };
  const r = convolutionalStudy(X, s, [Int32Array.of(0, 1), Int32Array.of(2, 3)], opts);
  assert.ok(r.orbitSeparation < 1e-6 && r.orbitPairs.exact);
  assert.deepEqual([r.thresholds, r.requiredFilters, r.units], [[], null, null]);
  assert.match(r.reason!, /translates/);
});

test('convolutional study on digits 3 vs 8: P(F) from the per-draw thresholds, units F·s², seeded subsample within the cap', () => {
  const input = fixturePoints('digits.csv');
  const cls = (name: string) => Int32Array.from([...input.y.keys()].filter((i) => input.classNames[input.y[i]] === name));
  const classes: [Int32Array, Int32Array] = [cls('8'), cls('3')];
  const opts = { kernel: 3, draws: 6, maxFilters: 200, eta: 0.01, seed: '1', maxPairs: 5000, orbitWork: 5e6 };
  const r = convolutionalStudy(input.X, 8, classes, opts);
  assert.equal(r.side, 8);
  assert.ok(r.sample.minus * r.sample.plus <= 5000);
  assert.deepEqual([r.sample.ofMinus, r.sample.ofPlus], [classes[0].length, classes[1].length]);
  assert.ok(r.orbitSeparation > 0 && r.orbitSeparation <= r.plainSeparation);
  assert.equal(r.thresholds.length, 6);
  const reached = r.thresholds.filter((t): t is number => t !== null);
  assert.equal(reached.length, 6, 'digits 3 vs 8 interpolate within 200 filters in every draw');
  for (const c of r.curve) assert.equal(c.p, reached.filter((t) => t <= c.filters).length / 6);
  assert.equal(r.requiredFilters, Math.max(...reached), 'with 6 draws, P ≥ 0.99 needs every draw');
  assert.equal(r.units, r.requiredFilters! * 64);
  assert.equal(r.parameters, r.requiredFilters! * 10);
  assert.deepEqual(convolutionalStudy(input.X, 8, classes, opts), r, 'seeded');
});

test('the decomposition adds the convolutional variant for image data with a square d only', () => {
  const options = { negative: 1, positive: 'rest' as const, kappa: 0.5, eta: 0.01, widthDraws: 50, seed: '1' };
  const digits = fixturePoints('digits.csv');
  const pair = { ...digits, y: Int32Array.from(digits.y, (c) => (c === 3 ? 0 : c === 8 ? 1 : 2)), classNames: ['3', '8', 'other'] };
  const keep = [...pair.y.keys()].filter((i) => pair.y[i] < 2);
  const sub = {
    X: Float32Array.from(keep.flatMap((i) => Array.from(pair.X.subarray(i * 64, i * 64 + 64)))),
    N: keep.length,
    d: 64,
    y: Int32Array.from(keep, (i) => pair.y[i]),
    classNames: ['3', '8'],
  };
  const r = decompositionStudy(sub, { ...options, positive: 0, image: true });
  assert.equal(r.convolutional?.experimental, true);
  assert.equal(r.convolutional!.side, 8);
  assert.equal(decompositionStudy(sub, { ...options, positive: 0 }).convolutional, undefined, 'not pixel data');
  // iris has d = 4 = 2²: only the pixel flag makes data an image
  const iris = decompositionStudy(fixturePoints('iris.csv'), { ...options, image: false });
  assert.equal(iris.convolutional, undefined);
});

test('the analysis runs the variant for digits.csv marked as images (8 × 8) but not for iris (d = 4 is square, a table); the text report names it', () => {
  const settings = { ...defaultSettings, draws: 10, stages: ['decomposition' as const] };
  const digits = analyze(
    { name: 'digits.csv', bytes: readFixture('digits.csv') },
    { ...settings, classes: ['3', '8'], images: true },
    { inflate: nodeInflate },
  );
  const conv = digits.decomposition!.convolutional!;
  assert.equal(conv.side, 8);
  assert.deepEqual([conv.sample.ofMinus + conv.sample.ofPlus], [digits.dataset.N]);
  const text = formatText(digits);
  assert.ok(text.includes('EXPERIMENTAL orbit separation'), text);
  assert.ok(text.includes(`${conv.requiredFilters} 3×3 filters = ${conv.units} units`), text);
  const iris = analyze({ name: 'iris.csv', bytes: readFixture('iris.csv') }, settings, { inflate: nodeInflate });
  assert.equal(iris.decomposition!.convolutional, undefined);
  assert.ok(!formatText(iris).includes('EXPERIMENTAL'));
});
