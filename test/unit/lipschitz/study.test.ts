import { test } from 'node:test';
import assert from 'node:assert/strict';
import { separation } from '../../../src/core/geometry/separation';
import { dataBoundEntries } from '../../../src/core/lipschitz/dataBoundStudy';
import { defaultRandomStudy, randomNetworkStudy } from '../../../src/core/lipschitz/randomStudy';
import { defaultLipschitz, lipschitzStudy } from '../../../src/core/lipschitz/study';
import { bruteSeparation, fixturePoints } from './fixtures';

test('data-bound entries on two-moons: δ_p as brute force, source rows, 2/δ_p attained', () => {
  const moons = fixturePoints('two-moons.csv');
  const entries = dataBoundEntries(moons, [1, 2, Infinity]);
  assert.deepEqual(
    entries.map((e) => e.p),
    [1, 2, 'inf'],
  );
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
  // the analysis hands over the separation stage's nearest opposite points instead of recomputing δ₂
  assert.deepEqual(dataBoundEntries({ ...moons, nearest: separation(moons).nearest }, [1, 2, Infinity]), entries);
});

test('random-network study: spreads are ordered, lower ≤ upper per draw, and the run is reproducible', () => {
  const moons = fixturePoints('two-moons.csv');
  const points = Array.from({ length: 40 }, (_, i) => Float64Array.from(moons.X.subarray(2 * i * 25, 2 * i * 25 + 2)));
  const options = {
    ...defaultRandomStudy,
    width: 16,
    widths: [8, 16],
    draws: 3,
    pCurve: [1, 1.5, 4, Infinity],
    search: { ...defaultRandomStudy.search, randomPoints: 40, steps: 10 },
  };
  const study = randomNetworkStudy(2, points, 1, options);
  assert.equal(study.estimates.length, 3);
  assert.deepEqual(
    study.againstP.map((e) => e.p),
    [1, 1.5, 4, 'inf'],
  );
  assert.deepEqual(
    study.againstWidth.map((w) => w.N),
    [8, 16],
  );
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

test('lipschitzStudy on two-moons: JSON-safe, reproducible, and every part present', () => {
  const moons = fixturePoints('two-moons.csv');
  const options = {
    ...defaultLipschitz,
    random: { ...defaultLipschitz.random, width: 16, widths: [16], draws: 2, pCurve: [1, 2, Infinity] },
    memorizer: { ...defaultLipschitz.memorizer, draws: 5, eta: 0.2, maxWidth: 512 },
    search: { ...defaultLipschitz.search, randomPoints: 30, steps: 8 },
    dataPoints: 50,
  };
  const stages: number[] = [];
  const r = lipschitzStudy(moons, options, { progress: (stage, f) => (assert.equal(stage, 'lipschitz'), stages.push(f)) });
  // JSON has no Infinity or NaN: a round trip must give the same object back
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  assert.deepEqual(
    r.dataBound.map((b) => b.p),
    [1, 2, 'inf'],
  );
  assert.equal(r.random.d, 2);
  assert.ok(r.memorizer.relu, r.memorizer.reason);
  assert.deepEqual(
    r.memorizer.relu!.estimates.map((e) => e.dataBound),
    r.dataBound.map((b) => b.bound),
  );
  assert.ok(stages.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= stages[i - 1])));
  assert.equal(stages[stages.length - 1], 1);
  assert.deepEqual(lipschitzStudy(moons, options), r);
});
