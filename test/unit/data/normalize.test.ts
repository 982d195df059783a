import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dataset } from '../../../src/core/data/dataset';
import { AUTO_STANDARDIZE_RATIO, featureScales, normalize, resolveNormalization } from '../../../src/core/data/normalize';
import { readFixture } from '../helpers';
import { load } from './writers';

const norms = (X: Float32Array, N: number, d: number) => Array.from({ length: N }, (_, i) => Math.hypot(...X.subarray(i * d, (i + 1) * d)));
const column = (X: Float32Array, N: number, d: number, j: number) => Array.from({ length: N }, (_, i) => X[i * d + j]);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

test('max-norm: the largest norm becomes 1 and R is the largest norm of the data as read', () => {
  for (const name of ['two-moons.csv', 'iris.csv']) {
    const ds = load(name, readFixture(name));
    const { X, R, pixelScaled } = normalize(ds, 'max-norm');
    assert.equal(pixelScaled, false);
    assert.ok(Math.abs(R - Math.max(...norms(ds.X, ds.N, ds.d))) < 1e-9 * R);
    assert.ok(Math.abs(Math.max(...norms(X, ds.N, ds.d)) - 1) < 1e-6);
    // a pure rescaling: every coordinate is the original divided by R
    for (let k = 0; k < X.length; k++) assert.equal(X[k], Math.fround(ds.X[k] / R));
  }
});

test('pixels (digits.csv marked as images, grey levels 0..16) are divided by 255 first: R is in those units', () => {
  const ds = { ...load('digits.csv', readFixture('digits.csv')), pixel: true };
  const { X, R, pixelScaled } = normalize(ds, 'max-norm');
  assert.equal(pixelScaled, true);
  const rawMax = Math.max(...norms(ds.X, ds.N, ds.d));
  assert.ok(Math.abs(R - rawMax / 255) < 1e-9);
  assert.ok(Math.abs(Math.max(...norms(X, ds.N, ds.d)) - 1) < 1e-6);
});

test('center: mean ≈ 0 and max norm 1; standardize: per-feature std 1 before the common rescale', () => {
  const ds = load('iris.csv', readFixture('iris.csv'));
  const centred = normalize(ds, 'center');
  for (let j = 0; j < ds.d; j++) assert.ok(Math.abs(mean(column(centred.X, ds.N, ds.d, j))) < 1e-6);
  assert.ok(Math.abs(Math.max(...norms(centred.X, ds.N, ds.d)) - 1) < 1e-6);

  const z = normalize(ds, 'standardize');
  for (let j = 0; j < ds.d; j++) {
    const v = column(z.X, ds.N, ds.d, j).map((x) => x * z.R); // undo the max-norm division
    const m = mean(v);
    const std = Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
    assert.ok(Math.abs(m) < 1e-5, `feature ${j} mean ${m}`);
    assert.ok(Math.abs(std - 1) < 1e-5, `feature ${j} std ${std}`);
  }
  assert.ok(Math.abs(Math.max(...norms(z.X, ds.N, ds.d)) - 1) < 1e-6);
});

test('standardize: constant features become 0, also when /255 leaves a rounding residue', () => {
  const ds = load('digits.csv', readFixture('digits.csv'));
  const constant = Array.from({ length: ds.d }, (_, j) => j).filter((j) => new Set(column(ds.X, ds.N, ds.d, j)).size === 1);
  assert.ok(constant.length > 0, 'digits has blank corner pixels');
  const { X } = normalize(ds, 'standardize');
  for (const j of constant)
    assert.ok(
      column(X, ds.N, ds.d, j).every((v) => v === 0),
      `feature ${j}`,
    );
  // 0.7/255 summed 1000 times and divided by 1000 is not exactly 0.7/255: the residue must not survive
  const values = Array.from({ length: 2000 }, (_, k) => (k % 2 === 0 ? 0.7 : k % 5));
  const residue = normalize(dataset(values, 1000, 2, true), 'standardize');
  assert.ok(column(residue.X, 1000, 2, 0).every((v) => v === 0));
  assert.ok(Math.abs(Math.max(...norms(residue.X, 1000, 2)) - 1) < 1e-6);
});

test("'none' leaves the data as read (no /255 either) and reports R without applying it", () => {
  const ds = load('digits.csv', readFixture('digits.csv'));
  const { X, R, pixelScaled } = normalize(ds, 'none');
  assert.deepEqual(X, ds.X);
  assert.notEqual(X, ds.X);
  assert.equal(pixelScaled, false);
  assert.ok(Math.abs(R - Math.max(...norms(ds.X, ds.N, ds.d))) < 1e-9 * R);
});

test('all-zero data (R = 0) is returned as zeros, not NaN', () => {
  for (const mode of ['max-norm', 'center', 'standardize', 'none'] as const) {
    const { X, R } = normalize(dataset([0, 0, 0, 0], 2, 2, false), mode);
    assert.equal(R, 0);
    assert.deepEqual(Array.from(X), [0, 0, 0, 0]);
  }
  const same = normalize(dataset([3, 4, 3, 4], 2, 2, false), 'center');
  assert.deepEqual(Array.from(same.X), [0, 0, 0, 0]);
});

function dataset(values: number[], N: number, d: number, pixel: boolean): Dataset {
  return {
    file: 'inline',
    format: 'csv',
    N,
    d,
    X: Float32Array.from(values),
    y: Int32Array.from({ length: N }, (_, i) => i % 2),
    classNames: ['0', '1'],
    featureNames: [],
    labelColumn: 'label',
    sourceRows: new Int32Array(N),
    pixel,
  };
}

test("featureScales: the widest feature's std against the median one's, by brute force", () => {
  for (const name of ['iris.csv', 'wine.csv', 'breast-cancer.csv']) {
    const ds = load(name, readFixture(name));
    const stds = Array.from({ length: ds.d }, (_, j) => {
      const v = column(ds.X, ds.N, ds.d, j),
        m = mean(v);
      return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
    });
    const sorted = stds.filter((s) => s > 0).sort((a, b) => a - b);
    const s = featureScales(ds)!;
    assert.ok(Math.abs(s.widestStd - sorted.at(-1)!) < 1e-9 * s.widestStd, name);
    assert.ok(Math.abs(s.medianStd - sorted[Math.floor(sorted.length / 2)]) < 1e-9 * s.medianStd, name);
    assert.equal(s.widest, ds.featureNames[stds.indexOf(sorted.at(-1)!)]);
    assert.ok(Math.abs(s.ratio - s.widestStd / s.medianStd) < 1e-12 * s.ratio);
  }
  assert.equal(featureScales(dataset([2, 2, 2, 2], 2, 2, false)), null, 'no feature varies');
});

test('auto standardises wine and breast cancer (spreads 100-fold apart), keeps max-norm for iris, two moons and pixels', () => {
  const chosen = (name: string) => {
    const ds = load(name, readFixture(name));
    return { ...resolveNormalization(ds, 'auto', featureScales(ds)), ratio: featureScales(ds)!.ratio };
  };
  for (const name of ['wine.csv', 'breast-cancer.csv']) {
    const c = chosen(name);
    assert.equal(c.mode, 'standardize', name);
    assert.ok(c.ratio >= AUTO_STANDARDIZE_RATIO);
    assert.match(c.reason!, /^auto: feature .* spreads [\d.,]+× more than the median feature/);
  }
  assert.match(chosen('wine.csv').reason!, /feature proline spreads/i);
  for (const name of ['iris.csv', 'two-moons.csv']) {
    const c = chosen(name);
    assert.equal(c.mode, 'max-norm', name);
    assert.ok(c.ratio < 10, `${name}: ${c.ratio}`);
    assert.match(c.reason!, /max-norm as in the reference code/);
  }
  // digits: integer grey levels count as pixels, whose features share one scale by construction
  assert.equal(chosen('digits.csv').mode, 'max-norm');
  // an explicit choice is kept, without a reason
  const wine = load('wine.csv', readFixture('wine.csv'));
  assert.deepEqual(resolveNormalization(wine, 'max-norm', featureScales(wine)), { mode: 'max-norm' });
});
