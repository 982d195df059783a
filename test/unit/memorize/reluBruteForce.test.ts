// The ReLU cover loop against a float64 brute force (SCIENCE.md §2): the algorithm written out plainly,
// full sums in float64 with no early exit, the same seeded candidate picks. Activations are float32
// values whose float64 sums are exact in any order (few units, values within a few binades), so the two
// must agree to the bit: same neurons, same m, same uncovered points, including where a point sits at
// exactly zero margin (s(x⁻) = m is not covered: the rule is strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverLoop, reluScores } from '../../../src/core/memorize/coverLoop';
import { createRng, type Rng } from '../../../src/core/random';

function bruteForce(act: Float32Array, n: number, neg: number[], pos: number[], rng: Rng) {
  const s = (i: number, u: boolean[]) => {
    let sum = 0;
    for (let j = 0; j < n; j++) if (u[j]) sum += act[i * n + j];
    return sum;
  };
  let candidates = [...neg];
  let uncovered = [...neg];
  const neurons: { u: boolean[]; m: number }[] = [];
  while (candidates.length > 0 && uncovered.length > 0) {
    const i = candidates.splice(rng.int(candidates.length), 1)[0];
    const u = Array.from({ length: n }, (_, j) => act[i * n + j] === 0);
    const m = Math.min(...pos.map((p) => s(p, u)));
    if (!(m > 0)) continue;
    neurons.push({ u, m });
    const covered = new Set(uncovered.filter((x) => s(x, u) < m));
    uncovered = uncovered.filter((x) => !covered.has(x));
    candidates = candidates.filter((x) => !covered.has(x));
  }
  return { neurons, uncovered: uncovered.length };
}

function compare(act: Float32Array, n: number, neg: number[], pos: number[], seed: string) {
  const tool = coverLoop(reluScores(act, n, n), Int32Array.from(neg), Int32Array.from(pos), createRng(seed));
  const brute = bruteForce(act, n, neg, pos, createRng(seed));
  assert.equal(tool.uncovered, brute.uncovered, `${seed}: uncovered`);
  if (brute.neurons.length === 0) {
    assert.equal(tool.dummy, true);
    return brute;
  }
  assert.equal(tool.K, brute.neurons.length, `${seed}: K`);
  brute.neurons.forEach((nu, k) => {
    assert.equal(tool.m[k], nu.m, `${seed}: m of neuron ${k}`);
    for (let j = 0; j < n; j++) assert.equal(((tool.U[k * tool.nWords + (j >>> 5)] >>> (j & 31)) & 1) === 1, nu.u[j], `${seed}: u[${k}][${j}]`);
  });
  return brute;
}

test('ReLU cover loop equals a float64 brute force on random small problems (exact float32 activations)', () => {
  const rng = createRng('relu-brute');
  for (let trial = 0; trial < 300; trial++) {
    const N = 4 + rng.int(20),
      n = 1 + rng.int(40);
    // about half the activations are 0 (inactive units); the rest float32 values in [1/64, 4)
    const act = Float32Array.from({ length: N * n }, () => (rng.next() < 0.5 ? 0 : Math.fround(1 / 64 + rng.next() * 3.98)));
    const idx = Array.from({ length: N }, (_, i) => i);
    const split = 1 + rng.int(N - 1);
    compare(act, n, idx.slice(0, split), idx.slice(split), `trial-${trial}`);
  }
});

test('zero margin: an x⁻ whose sum equals m exactly is not covered by that neuron; integer ties agree', () => {
  // 3 units. x⁻ 0 is inactive on units 0 and 1 (u = {0, 1}); x⁺ 2 has s = 1 + 2 = 3 = m;
  // x⁻ 1 has s = 3 exactly (zero margin: not covered), x⁻ 3 has s = 2.5 (covered).
  const n = 3;
  const rows = [
    [0, 0, 5], // x⁻ 0: the candidate
    [1, 2, 0], // x⁻ 1: s = 3 = m
    [1, 2, 1], // x⁺ 2: s = 3
    [0.5, 2, 0], // x⁻ 3: s = 2.5 < m
  ];
  const act = Float32Array.from(rows.flat());
  // every pick order the seeds give agrees with the brute force
  for (let s = 0; s < 20; s++) compare(act, n, [0, 1, 3], [2], `zero-margin-${s}`);
  // picking x⁻ 0 first (int() = 0): its neuron (m = 3) leaves x⁻ 1 at zero margin uncovered, so x⁻ 1 needs
  // a neuron of its own (u = {unit 2}, m = 1): two neurons in both implementations
  const first = { next: () => 0, normal: () => 0, int: () => 0 };
  const withTie = bruteForce(act, n, [0, 1], [2], first);
  assert.deepEqual(
    withTie.neurons.map((nu) => nu.m),
    [3, 1],
  );
  assert.deepEqual(withTie.neurons[1].u, [false, false, true]);
  const tool = coverLoop(reluScores(act, n, n), Int32Array.from([0, 1]), Int32Array.from([2]), first);
  assert.deepEqual(Array.from(tool.m), [3, 1]);
  assert.equal(tool.uncovered, 0);
  // were the rule ≤ instead of <, one neuron would do: the second proves x⁻ 1 was not covered at s = m
  // integer activations: many exact ties between x⁻ sums and m
  const rng = createRng('relu-ties');
  for (let trial = 0; trial < 200; trial++) {
    const N = 4 + rng.int(12),
      n2 = 1 + rng.int(8);
    const ints = Float32Array.from({ length: N * n2 }, () => rng.int(3));
    const idx = Array.from({ length: N }, (_, i) => i);
    const split = 1 + rng.int(N - 1);
    compare(ints, n2, idx.slice(0, split), idx.slice(split), `ties-${trial}`);
  }
});
