// The findings' sweep over one coordinate (neighbours.ts: sweptNeighbours, used in a few dimensions)
// returns the reference's lists bit for bit (kernels/kNearest.ts, itself checked against brute force;
// the other-label list where the label errors read it, and empty elsewhere):
// on two moons and iris as the findings see them, and on random and lattice data (ties, duplicate
// points, a constant coordinate) for d from 1 to SWEEP_MAX_D.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SWEEP_MAX_D, mostlyOther, sweptNeighbours } from '../../../src/core/findings/neighbours';
import { kNearest, type KNearest } from '../../../src/core/kernels/kNearest';
import { loadDataset } from '../../../src/core/data';
import { normalize } from '../../../src/core/data/normalize';
import { createRng } from '../../../src/core/random';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';

function assertReference(X: Float32Array, N: number, d: number, y: Int32Array, k: number, what: string) {
  const got = sweptNeighbours({ X, N, d, y }, k);
  const everyone = Int32Array.from({ length: N }, (_, i) => i);
  const check = (i: number, list: KNearest, partners: Int32Array, name: string) => {
    const want = kNearest(X, d, Int32Array.of(i), partners, k).rows;
    assert.deepEqual([...list.index.subarray(i * k, (i + 1) * k)], [...want.index], `${what} ${name} ${i}`);
    assert.deepEqual([...list.squared.subarray(i * k, (i + 1) * k)], [...want.squared], `${what} ${name} ${i}`);
  };
  for (let i = 0; i < N; i++) {
    check(
      i,
      got.same,
      everyone.filter((j) => y[j] === y[i]),
      'same',
    );
    check(i, got.all, everyone, 'all');
    if (mostlyOther(got.all, y, i))
      check(
        i,
        got.other,
        everyone.filter((j) => y[j] !== y[i]),
        'other',
      );
    else
      assert.ok(
        got.other.index.subarray(i * k, (i + 1) * k).every((j) => j === -1),
        `${what} other ${i} is empty`,
      );
  }
}

test('sweep: two moons and iris, normalised as the findings see them, equal the reference', () => {
  for (const name of ['two-moons.csv', 'iris.csv']) {
    const ds = loadDataset({ name, bytes: readFixture(name) }, {}, { inflate: nodeInflate });
    assert.ok(ds.d <= SWEEP_MAX_D);
    const X = normalize(ds, 'max-norm').X;
    assertReference(X, ds.N, ds.d, ds.y, 10, name);
  }
});

test('sweep: random and lattice points (ties, duplicates, a constant coordinate), d from 1 to SWEEP_MAX_D, equal the reference', () => {
  for (const d of [1, 2, 3, SWEEP_MAX_D]) {
    for (const lattice of [false, true]) {
      const rng = createRng(`sweep-${d}-${lattice}`);
      const N = 300;
      // lattice: 3 values per coordinate, many equal distances and repeated points; coordinate 0 constant when d > 1
      const X = Float32Array.from({ length: N * d }, (_, e) => (lattice ? (d > 1 && e % d === 0 ? 5 : rng.int(3)) : rng.normal() * 3 + 100));
      const y = Int32Array.from({ length: N }, () => rng.int(3));
      for (const k of [1, 7]) assertReference(X, N, d, y, k, `d=${d} lattice=${lattice} k=${k}`);
    }
  }
});
