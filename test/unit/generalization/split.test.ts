import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restrictedSplit, stratifiedSplit } from '../../../src/core/generalization/split';
import { accuracy, nearestAmong, nearestByClass } from '../../../src/core/generalization/nearestNeighbour';
import { typescriptKernels, useKernels } from '../../../src/core/kernels/backend';
import { wasmKernels } from '../helpers';
import { createRng } from '../../../src/core/random';
import { serial } from '../../../src/core/parallel';

test('the stratified split partitions the points, keeps each class share, and depends only on the seed', () => {
  const rng = createRng('labels');
  const y = Int32Array.from({ length: 301 }, () => rng.int(3));
  const s = stratifiedSplit(y, 3, 0.25, 'a');
  const all = [...s.train, ...s.test].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 301 }, (_, i) => i),
  );
  for (let c = 0; c < 3; c++) {
    const size = y.filter((v) => v === c).length;
    assert.equal(Array.from(s.test).filter((i) => y[i] === c).length, Math.ceil(0.25 * size));
  }
  assert.deepEqual(stratifiedSplit(y, 3, 0.25, 'a'), s);
  assert.notDeepEqual(stratifiedSplit(y, 3, 0.25, 'b').test, s.test);
  // a class of one point stays in training
  const tiny = stratifiedSplit(Int32Array.from([0, 0, 0, 1]), 2, 0.5, 'a');
  assert.ok(tiny.train.includes(3));
});

test('the split restricted to some points: each chosen point on its side of the whole split, ascending, the others gone', () => {
  const rng = createRng('restrict');
  const y = Int32Array.from({ length: 200 }, () => rng.int(4));
  const whole = stratifiedSplit(y, 4, 0.2, 'r');
  // chosen in no particular order, some twice
  const rows = Int32Array.from({ length: 90 }, () => rng.int(200));
  const r = restrictedSplit(whole, rows, 200);
  const chosen = new Set(rows);
  for (const [part, side] of [
    [r.train, whole.train],
    [r.test, whole.test],
  ] as const) {
    assert.deepEqual(
      Array.from(part),
      Array.from(side).filter((i) => chosen.has(i)),
    );
  }
  assert.equal(r.train.length + r.test.length, chosen.size);
});

test('1-nearest-neighbour, overall and within every class pair, equals a brute-force search, in both kernel backends, ties to the lower index', () => {
  const rng = createRng('nn');
  for (const [N, d, levels] of [
    [120, 5, 0],
    [300, 200, 0],
    [200, 3, 2],
  ]) {
    // levels > 0: coordinates on a small lattice, so equal distances and duplicates occur
    const X = Float32Array.from({ length: N * d }, () => (levels ? rng.int(levels) : rng.normal()));
    const y = Int32Array.from({ length: N }, () => rng.int(3));
    const { train, test: held } = stratifiedSplit(y, 3, 0.3, 'nn');
    const byClass = [0, 1, 2].map((c) => train.filter((j) => y[j] === c));
    const brute = (i: number, classes: number[]) => {
      let best = Infinity,
        arg = -1;
      for (const j of train) {
        if (!classes.includes(y[j])) continue;
        let s = 0;
        for (let k = 0; k < d; k++) s += (X[i * d + k] - X[j * d + k]) ** 2;
        if (s < best || (s === best && j < arg)) [best, arg] = [s, j];
      }
      return arg;
    };
    for (const backend of [typescriptKernels, wasmKernels()]) {
      useKernels(backend);
      // 3 threads' worth of blocks on the serial runner: the blocks must not change the answer
      const near = nearestByClass(X, d, byClass, held, { parallel: { ...serial, threads: 3 } });
      useKernels(undefined);
      held.forEach((i, t) => {
        for (const classes of [
          [0, 1, 2],
          [0, 1],
          [1, 2],
          [0, 2],
        ]) {
          assert.equal(nearestAmong(near, t, classes), brute(i, classes), `${backend.name} N=${N} d=${d} point ${i} classes ${classes}`);
        }
      });
    }
  }
});

test('accuracy counts the right predictions', () => {
  const rng = createRng('acc');
  const y = Int32Array.from({ length: 100 }, () => rng.int(3));
  const { train, test: held } = stratifiedSplit(y, 3, 0.3, 'acc');
  const X = Float32Array.from({ length: 100 * 2 }, () => rng.normal());
  const near = nearestByClass(
    X,
    2,
    [0, 1, 2].map((c) => train.filter((j) => y[j] === c)),
    held,
  );
  const predicted = Int32Array.from(held, (_, t) => y[nearestAmong(near, t, [0, 1, 2])]);
  const acc = accuracy(predicted, y, held);
  assert.equal(acc, Array.from(held).filter((i, t) => predicted[t] === y[i]).length / held.length);
});
