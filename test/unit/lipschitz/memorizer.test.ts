import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorizerRobustness, memorizerWidth, reluMemorizer } from '../../../src/core/lipschitz/memorizer';
import { binaryNetwork, rowsByClass, subproblemKey, subproblemRows } from '../../../src/core/memorize/problem';
import { reluStudy } from '../../../src/core/memorize/reluStudy';
import { serial } from '../../../src/core/parallel';
import { defaultLipschitz, lipschitzStudy } from '../../../src/core/lipschitz/study';
import { defaultSearch } from '../../../src/core/lipschitz/estimates';
import { pNorm } from '../../../src/core/lipschitz/norms';
import { preActivations } from '../../../src/core/lipschitz/reluNetwork';
import { createRng } from '../../../src/core/random';
import { fixturePoints } from './fixtures';

const search = { ...defaultSearch, randomPoints: 60, steps: 15 };
const options = (ps: number[]) => ({
  negative: 1,
  lambda: 1,
  draws: 10,
  eta: 0.1,
  maxWidth: 1024,
  ps,
  dataBounds: new Map<number, number | null>(),
  search,
  dataPoints: 100,
  listed: 8,
  seed: 's',
});

test('the ReLU memorizer on two-moons: estimates bracket, radii are ordered and certified radii really certify', () => {
  const moons = fixturePoints('two-moons.csv');
  const ps = [1, 2, Infinity];
  const r = memorizerRobustness(moons, options(ps));
  assert.match(r.threshold, /discontinuous/);
  assert.ok(r.relu, r.reason);
  const relu = r.relu!;
  assert.deepEqual(relu.orientation, { negative: '1', positive: '0' });
  assert.ok(relu.width >= 1 && relu.K >= 1);

  // the same network, rebuilt: it interpolates (f > 0 exactly on X⁻)
  const neg = Int32Array.from({ length: moons.N }, (_, i) => i).filter((i) => moons.y[i] === 1);
  const pos = Int32Array.from({ length: moons.N }, (_, i) => i).filter((i) => moons.y[i] === 0);
  const rows = { neg, pos };
  const t = [...Array(10).keys()].find((t) => reluMemorizer(moons, rows, '1-vs-0', relu.width, t, 1, 's').layer.uncovered === 0)!;
  const { net, layer } = reluMemorizer(moons, rows, '1-vs-0', relu.width, t, 1, 's');
  assert.equal(layer.K, relu.K);
  const z2 = (x: ArrayLike<number>) => preActivations(net, x)[1];
  // "scaled": f = Σ_k ReLU(z_k) times 2 / min over X⁻ of f, so the scaled f is 2 at its smallest on X⁻, 0 on X⁺
  const f = (i: number) => Array.from(z2(moons.X.subarray(2 * i, 2 * i + 2))).reduce((a, z) => a + Math.max(z, 0), 0);
  const smallestOnNeg = Math.min(...Array.from(neg, f));
  // (the study sums float32 activations, this forward pass is float64: agreement to float32 precision)
  assert.ok(Math.abs(relu.scale * smallestOnNeg - 2) < 1e-5, `${relu.scale} × ${smallestOnNeg}`);
  // 0 on X⁺ up to that rounding: points of X⁺ at margin 0 sit exactly on the boundary (SCIENCE.md §2)
  const largestOnPos = Math.max(...Array.from(pos, f));
  assert.ok(largestOnPos < 1e-4 * smallestOnNeg, `${largestOnPos} on X⁺`);
  const rng = createRng('perturb');
  for (const [pi, p] of ps.entries()) {
    const e = relu.estimates[pi];
    assert.ok(e.lower > 0 && e.lower <= e.upper);
    assert.ok(Math.abs(e.scaledLower - relu.scale * e.lower) <= 1e-12 * e.scaledLower);
    assert.ok(Math.abs(e.scaledUpper - relu.scale * e.upper) <= 1e-12 * e.scaledUpper);
    const radii = relu.radii[pi];
    const list = radii.leastRobust;
    for (let k = 1; k < list.length; k++) assert.ok(list[k - 1].certified <= list[k].certified);
    for (const c of list) {
      assert.ok(c.margin >= 0 && c.certified >= 0 && c.certified <= radii.medianCertified);
      if (c.estimated !== null) assert.ok(c.certified <= c.estimated * (1 + 1e-12));
    }
    // perturbations of ℓp length just under the certified radius never change the class
    for (const c of list.filter((c) => c.margin > 0)) {
      const i = moons.sourceRows.indexOf(c.point.row);
      const x = Array.from(moons.X.subarray(2 * i, 2 * i + 2));
      const negative = moons.y[i] === 1;
      for (let s = 0; s < 50; s++) {
        const v = [rng.normal(), rng.normal()];
        const scale = (0.999 * c.certified) / pNorm(v, p);
        const xp = x.map((a, k) => a + scale * v[k]);
        const zs = Array.from(z2(xp));
        if (negative)
          assert.ok(
            zs.some((z) => z > 0),
            `x⁻ row ${i} lost its class within the certified radius`,
          );
        else
          assert.ok(
            zs.every((z) => z <= 0),
            `x⁺ row ${i} lost its class within the certified radius`,
          );
      }
    }
  }
  assert.ok(relu.notes.some((n) => /margin 0/.test(n)));
});

test('more than two classes, and conflicting labels, give a reason instead of numbers', () => {
  const X = Float32Array.from([0, 0, 1, 0, 0, 1, 0.5, 0.5]);
  const three = memorizerRobustness({ X, N: 4, d: 2, y: Int32Array.from([0, 1, 2, 0]), classNames: ['a', 'b', 'c'] }, options([2]));
  assert.equal(three.relu, undefined);
  assert.match(three.reason!, /two classes/);

  const conflict = lipschitzStudy(
    { X: Float32Array.from([0, 0, 0, 0, 1, 1, 0.2, 0.9]), N: 4, d: 2, y: Int32Array.from([0, 1, 0, 1]), classNames: ['a', 'b'] },
    { ...defaultLipschitz, random: { ...defaultLipschitz.random, width: 8, widths: [8], draws: 1, pCurve: [2] }, search },
  );
  assert.ok(conflict.dataBound.every((b) => b.delta === 0 && b.bound === null));
  assert.match(conflict.memorizer.reason!, /δ = 0/);
});

test('the memorizer width search, which leaves a width at its first failing draw, finds the ReLU grid study’s n* and its first interpolating draw', () => {
  const moons = fixturePoints('two-moons.csv');
  const classRows = rowsByClass(moons.y, 2);
  const network = binaryNetwork(1, 0);
  const rows = subproblemRows(network[0], classRows);
  for (const [eta, draws, lambda] of [
    [0.01, 6, 1],
    [0.2, 10, 1],
    [0.5, 7, 0.5],
  ]) {
    const settings = { seed: 'w', lambda, draws, maxWidth: 1024 };
    const [grid] = reluStudy(moons, classRows, [network], eta, settings, false);
    const found = memorizerWidth(moons, rows, subproblemKey(network[0]), { eta, ...settings }, draws);
    assert.ok(!('reason' in found) && grid.requiredWidth !== null);
    assert.equal(found.n, grid.requiredWidth);
    // the first draw that interpolates at n*, whichever width it first did at
    const t = [...Array(draws).keys()].find((t) => reluMemorizer(moons, rows, subproblemKey(network[0]), found.n, t, lambda, 'w').layer.uncovered === 0);
    assert.equal(found.t, t);
    assert.equal(found.built.layer.uncovered, 0);
    // draws tried in chunks of three (as on three threads) give the same width and draw
    const chunked = memorizerWidth(moons, rows, subproblemKey(network[0]), { eta, ...settings }, draws, { parallel: { ...serial, threads: 3 } });
    assert.ok(!('reason' in chunked) && chunked.n === found.n && chunked.t === found.t);
  }
  const none = memorizerWidth(moons, rows, subproblemKey(network[0]), { eta: 0.01, lambda: 1, maxWidth: 16, seed: 'w' }, 4);
  assert.ok('reason' in none && /no width up to 16/.test(none.reason));
});
