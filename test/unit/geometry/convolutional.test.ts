import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convolutionalThresholds, imageSide, orbitDistance } from '../../../src/core/geometry/convolutional';
import { createRng, childSeed } from '../../../src/core/random';

const s = 5, d = s * s;
const shift = (img: number[], u: number, v: number) =>
  Array.from({ length: d }, (_, p) => img[((Math.floor(p / s) + u) % s) * s + (((p % s) + v) % s)]);
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
      for (let u = 0; u < s; u++) for (let v = 0; v < s; v++) {
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
        for (let u = 0; u < s; u++) for (let v = 0; v < s; v++) {
          let z = bias;
          for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) z += w[a * k + b] * Math.fround(img[((u + a) % s) * s + ((v + b) % s)]);
          units[p].push(z > 0);
        }
      });
      const all = neg.every((m) => pos.every((q) => units[q].some((on, j) => on && !units[m][j])));
      if (all) { result = f; break; }
    }
    out.push(result);
  }
  return out;
}

test('per-draw filter thresholds agree with a literal unit-by-unit check', () => {
  const imgs = randomImages(10, 'conv-data').map((img) => img.map((x) => x - 0.5));
  const X = Float32Array.from(imgs.flat());
  const neg = [0, 1, 2, 3, 4], pos = [5, 6, 7, 8, 9];
  for (const [k, lambda] of [[2, 0.5], [3, 1]]) {
    const opts = { kernel: k, lambda, maxFilters: 30, draws: 6, seed: `c${k}` };
    const fast = convolutionalThresholds(X, s, [Int32Array.from(neg), Int32Array.from(pos)], opts);
    assert.deepEqual(fast, bruteThresholds(imgs, neg, pos, k, lambda, 30, 6, `c${k}`));
    assert.ok(fast.some((v) => v !== null), 'some draw interpolates');
  }
});

test('an image and an identical copy with the other label never separate', () => {
  const imgs = randomImages(3, 'dup');
  const X = Float32Array.from([...imgs[0], ...imgs[1], ...imgs[0]]);
  const r = convolutionalThresholds(X, s, [Int32Array.of(0, 1), Int32Array.of(2)], { kernel: 3, lambda: 1, maxFilters: 10, draws: 3, seed: '1' });
  assert.deepEqual(r, [null, null, null]);
});
