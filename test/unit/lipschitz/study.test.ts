import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataBoundEntries } from '../../../src/core/lipschitz/dataBoundStudy';
import { defaultRandomStudy, randomNetworkStudy } from '../../../src/core/lipschitz/randomStudy';
import { bruteSeparation, sharedPoints } from './fixtures';

test('data-bound entries on two-moons: δ_p as brute force, source rows, 2/δ_p attained', () => {
  const moons = sharedPoints('two-moons.csv');
  const entries = dataBoundEntries(moons, [1, 2, Infinity]);
  assert.deepEqual(entries.map((e) => e.p), [1, 2, 'inf']);
  for (const e of entries) {
    const p = e.p === 'inf' ? Infinity : e.p;
    assert.ok(Math.abs(e.delta - bruteSeparation(moons.X, moons.N, 2, moons.y, p)) <= 1e-12 * e.delta);
    assert.equal(e.bound, 2 / e.delta);
    assert.equal(e.attained, true);
    assert.deepEqual([...e.labels].sort(), ['0', '1']);
    assert.ok(e.rows.every((r) => r >= 2 && r <= moons.N + 1));
  }
  // ‖·‖_∞ ≤ ‖·‖_2 ≤ ‖·‖_1 between the same pair, so the separations are ordered the same way
  assert.ok(entries[2].delta <= entries[1].delta && entries[1].delta <= entries[0].delta);
});

test('random-network study: spreads are ordered, lower ≤ upper per draw, and the run is reproducible', () => {
  const moons = sharedPoints('two-moons.csv');
  const points = Array.from({ length: 40 }, (_, i) => Float64Array.from(moons.X.subarray(2 * i * 25, 2 * i * 25 + 2)));
  const options = { ...defaultRandomStudy, width: 16, widths: [8, 16], draws: 3, pCurve: [1, 1.5, 4, Infinity], search: { ...defaultRandomStudy.search, randomPoints: 40, steps: 10 } };
  const study = randomNetworkStudy(2, points, 1, options);
  assert.equal(study.estimates.length, 3);
  assert.deepEqual(study.againstP.map((e) => e.p), [1, 1.5, 4, 'inf']);
  assert.deepEqual(study.againstWidth.map((w) => w.N), [8, 16]);
  for (const e of [...study.estimates, ...study.againstP, ...study.againstWidth.flatMap((w) => w.estimates)]) {
    for (const s of [e.lower, e.upper]) assert.ok(s.min <= s.mean && s.mean <= s.max);
    // per draw lower ≤ upper, so the largest lower is below the largest upper and the smallest likewise
    assert.ok(e.lower.max <= e.upper.max && e.lower.min <= e.upper.min);
    assert.ok(e.reference > 0);
  }
  // the width-16 row of the series is the main table itself
  assert.deepEqual(study.againstWidth[1].estimates, study.estimates);
  assert.deepEqual(randomNetworkStudy(2, points, 1, options), study);
});
