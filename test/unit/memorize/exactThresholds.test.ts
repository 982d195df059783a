import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdBits } from '../../../src/core/kernels/layer1';
import { coverLoop, thresholdScores } from '../../../src/core/memorize/coverLoop';
import { classPairThresholds, lambdaPairThresholds, maxThresholds } from '../../../src/core/memorize/exactThresholds';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import { classify, interpolates } from '../../../src/core/memorize/forward';
import { oneVsRestNetwork, rowsByClass, subproblemRows } from '../../../src/core/memorize/problem';
import { networkThresholds } from '../../../src/core/memorize/thresholdStudy';
import { childSeed, createRng } from '../../../src/core/random';
import { randomProblem } from './fixtures';
import { typescriptKernels, useKernels } from '../../../src/core/kernels/backend';
import { serial, type Parallel } from '../../../src/core/parallel';
import { readFixture, wasmKernels } from '../helpers';

/** one draw t of the first layer on the points X, for the pair of classes (neg, pos) */
interface Draw {
  X: Float32Array;
  N: number;
  d: number;
  neg: Int32Array;
  pos: Int32Array;
  seed: string;
  t: number;
  lambda: number;
  maxWidth: number;
}

/** For every width 1..maxWidth, build the actual network (draw prefix, cover loop, literal forward pass). */
function bruteForceInterpolation({ X, N, d, neg, pos, seed, t, lambda, maxWidth }: Draw): boolean[] {
  const f = new FirstLayerDraw(seed, t, d, lambda, maxWidth);
  f.extendTo(maxWidth);
  const stride = (maxWidth + 31) >>> 5;
  const bits = new Uint32Array(N * stride);
  thresholdBits(X, N, d, f.W, [f.b], 0, maxWidth, [bits], stride);
  return Array.from({ length: maxWidth }, (_, q) => {
    const n = q + 1;
    const layer = coverLoop(thresholdScores(bits, stride, n), neg, pos, createRng(childSeed('brute', t, n)));
    return interpolates(classify(X, N, d, f.W, f.b, 'threshold', [layer])[0], neg, pos);
  });
}

test('the exact per-draw threshold equals the smallest width whose actual network interpolates', () => {
  let reached = 0,
    unreached = 0;
  for (let p = 0; p < 4; p++) {
    const { X, N, d, y } = randomProblem(`exact-${p}`, 18, 2 + (p % 2), 2);
    const classRows = rowsByClass(y, 2);
    const maxWidth = 70;
    const draws = 12,
      seed = `exact-${p}`,
      lambda = 0.6;
    const th = classPairThresholds(
      { X, N, d },
      classRows,
      [
        [1, 0],
        [0, 1],
      ],
      { seed, lambda, draws, maxWidth },
    );
    [
      [1, 0],
      [0, 1],
    ].forEach(([a, b], q) => {
      for (let t = 0; t < draws; t++) {
        const ok = bruteForceInterpolation({ X, N, d, neg: classRows[a], pos: classRows[b], seed, t, lambda, maxWidth });
        const first = ok.indexOf(true);
        assert.equal(th[q][t], first < 0 ? null : first + 1, `problem ${p}, X⁻ = class ${a}, draw ${t}`);
        // Monotone, as the pair condition is: every wider prefix interpolates too.
        if (first >= 0) assert.ok(ok.slice(first).every(Boolean));
        first < 0 ? unreached++ : reached++;
      }
    });
  }
  assert.ok(reached > 10 && unreached > 3, `both outcomes occur (${reached} reached, ${unreached} not)`);
});

test('the adaptive extension gives the same thresholds as scanning the full width at once', () => {
  const { X, N, d, y } = randomProblem('extend', 60, 2, 2);
  const classRows = rowsByClass(y, 2);
  const s = { seed: 'extend', lambda: 0.3, draws: 15, maxWidth: 1500 };
  const adaptive = classPairThresholds({ X, N, d }, classRows, [[1, 0]], s)[0];
  const full = adaptive.map((_, t) =>
    bruteForceFirst({ X, N, d, neg: classRows[1], pos: classRows[0], seed: s.seed, t, lambda: s.lambda, maxWidth: s.maxWidth }),
  );
  assert.deepEqual(adaptive, full);
  assert.ok(
    adaptive.some((v) => v !== null && v > 256),
    'some draw needed more than the starting width',
  );
});

test('with more pairs left after the first units than are listed, the extension over every point gives the same thresholds', () => {
  // 1,100 copies of a point x⁻ and 1,000 of a nearby x⁺: 1.1 M pairs, all the same pair, so more than the
  // 2^20 the finish on their own points lists, and every point is extended; the answer is the one pair's
  const N = 2100,
    d = 2;
  const X = Float32Array.from({ length: N * d }, (_, q) => (q % 2 === 0 ? 0.5 : Math.floor(q / 2) < 1100 ? 0.3 : 0.31));
  const y = Int32Array.from({ length: N }, (_, i) => (i < 1100 ? 1 : 0));
  const classRows = rowsByClass(y, 2);
  const s = { seed: 'crowded', lambda: 1, draws: 4, maxWidth: 2048 };
  const adaptive = classPairThresholds({ X, N, d }, classRows, [[1, 0]], s)[0];
  const pair = Float32Array.of(0.5, 0.3, 0.5, 0.31);
  const one = adaptive.map((_, t) =>
    bruteForceFirst({ X: pair, N: 2, d, neg: Int32Array.of(0), pos: Int32Array.of(1), seed: s.seed, t, lambda: s.lambda, maxWidth: s.maxWidth }),
  );
  assert.deepEqual(adaptive, one);
  assert.ok(
    adaptive.some((v) => v !== null && v > 128),
    `some draw needed more than the starting width (${adaptive.join(', ')})`,
  );
});

test('in many dimensions a draw starts narrower and is finished on the pending points, with the thresholds of the definition', () => {
  const { X, N, d, y } = randomProblem('wide', 40, 300, 2);
  const classRows = rowsByClass(y, 2);
  const s = { seed: 'wide', lambda: 3, draws: 6, maxWidth: 1024 };
  const got = classPairThresholds({ X, N, d }, classRows, [[1, 0]], s)[0];
  const want = got.map((_, t) => bruteForceFirst({ X, N, d, neg: classRows[1], pos: classRows[0], seed: s.seed, t, lambda: s.lambda, maxWidth: s.maxWidth }));
  assert.deepEqual(got, want);
  assert.ok(
    want.some((v) => v !== null && v > 128),
    `some draw needed more than the starting width (${want.join(', ')})`,
  );
});

test('finishing on the pending points: real digits (4 vs 9) with ties, either backend and any number of threads, give the thresholds of the definition', () => {
  // 80 images of each class from the scikit-learn digits, scaled to [0, 1] (norms about 4); λ = 40 (most units constant)
  // leaves pairs past the first 256 units; a copy of a 4 as a third class makes an x⁻ equal to an x⁺
  // (ties in every unit): that pair of classes is never separated
  const rows = new TextDecoder()
    .decode(readFixture('digits.csv'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const picked = [...rows.filter((r) => r[64] === 4).slice(0, 80), ...rows.filter((r) => r[64] === 9).slice(0, 80)];
  picked.push([...picked[0].slice(0, 64), -1]);
  const N = picked.length,
    d = 64;
  const X = Float32Array.from(picked.flatMap((r) => r.slice(0, 64).map((v) => v / 16)));
  const y = Int32Array.from(picked, (r) => (r[64] === 4 ? 0 : r[64] === 9 ? 1 : 2));
  const classRows = rowsByClass(y, 3);
  const s = { seed: 'digits-4-9', lambda: 40, draws: 8, maxWidth: 1024 };
  const pairs: [number, number][] = [
    [1, 0],
    [0, 1],
    [2, 0],
  ];
  const want = pairs.map(([a, b]) =>
    Array.from({ length: s.draws }, (_, t) =>
      bruteForceFirst({ X, N, d, neg: classRows[a], pos: classRows[b], seed: s.seed, t, lambda: s.lambda, maxWidth: s.maxWidth }),
    ),
  );
  const manyThreads: Parallel = { threads: 3, map: (task, inputs, cancel) => inputs.map((input) => task.run(input, cancel)) };
  for (const backend of [typescriptKernels, wasmKernels()]) {
    useKernels(backend);
    try {
      for (const parallel of [serial, manyThreads]) {
        const got = classPairThresholds({ X, N, d }, classRows, pairs, { ...s, parallel });
        assert.deepEqual(got, want, `${backend.name}, ${parallel.threads} threads`);
      }
    } finally {
      useKernels(undefined);
    }
  }
  assert.ok(
    want[0].some((v) => v !== null && v > 256),
    `some draw needed more than the starting width (${want[0].join(', ')})`,
  );
  assert.ok(want[2].every((v) => v === null));
});

test('several λ in one pass, two of them equal (one on a subset of the rows), give each job the thresholds of the definition', () => {
  // λ = 0 separates slowly in two dimensions: its pairs are left for the few-point finish while the other
  // λ are done, and the job on every other row shares the first job's bias set
  const { X, N, d, y } = randomProblem('lambdas', 60, 2, 2);
  const classRows = rowsByClass(y, 2);
  const half = classRows.map((rows) => rows.filter((_, k) => k % 2 === 0));
  const s = { seed: 'lambdas', lambda: NaN, draws: 6, maxWidth: 1500 };
  const jobs = [
    { lambda: 0.3, pairs: [[1, 0]] as [number, number][] },
    { lambda: 0, pairs: [[1, 0]] as [number, number][] },
    { lambda: 0.3, pairs: [[0, 1]] as [number, number][], classRows: half },
    { lambda: 1, pairs: [[1, 0]] as [number, number][] },
  ];
  const got = lambdaPairThresholds({ X, N, d }, classRows, jobs, s);
  jobs.forEach((job, l) => {
    const rows = job.classRows ?? classRows;
    const [a, b] = job.pairs[0];
    const want = got[l][0].map((_, t) => bruteForceFirst({ X, N, d, neg: rows[a], pos: rows[b], seed: s.seed, t, lambda: job.lambda, maxWidth: s.maxWidth }));
    assert.deepEqual(got[l][0], want, `λ = ${job.lambda}, job ${l}`);
  });
  assert.ok(
    got[1][0].some((v) => v === null || v > 256),
    'λ = 0 needed more than the starting width',
  );
});

/** first separating width from the definition over the full-width pattern */
function bruteForceFirst({ X, N, d, neg, pos, seed, t, lambda, maxWidth }: Draw): number | null {
  const f = new FirstLayerDraw(seed, t, d, lambda, maxWidth);
  f.extendTo(maxWidth);
  const stride = (maxWidth + 31) >>> 5;
  const bits = new Uint32Array(N * stride);
  thresholdBits(X, N, d, f.W, [f.b], 0, maxWidth, [bits], stride);
  const on = (i: number, j: number) => (bits[i * stride + (j >>> 5)] >>> (j & 31)) & 1;
  let max = 0;
  for (const a of neg) {
    for (const c of pos) {
      let j = 0;
      while (j < maxWidth && !(on(c, j) && !on(a, j))) j++;
      if (j === maxWidth) return null;
      max = Math.max(max, j + 1);
    }
  }
  return max;
}

test('one-vs-rest: n*(draw) is the max over classes, each class the max over its ordered pairs', () => {
  const { X, N, d, y } = randomProblem('ovr', 30, 3, 3);
  const classRows = rowsByClass(y, 3);
  const s = { seed: 'ovr', lambda: 0.8, draws: 10, maxWidth: 2000 };
  const ovr = oneVsRestNetwork(3);
  const [net, ...perClass] = networkThresholds({ X, N, d }, classRows, [ovr, ...ovr.map((sub) => [sub])], s);
  const pairs: [number, number][] = [
    [0, 1],
    [0, 2],
    [1, 0],
    [1, 2],
    [2, 0],
    [2, 1],
  ];
  const perPair = classPairThresholds({ X, N, d }, classRows, pairs, s);
  for (let c = 0; c < 3; c++) {
    assert.deepEqual(perClass[c], maxThresholds(pairs.map((p, q) => (p[0] === c ? perPair[q] : null)).filter((r) => r !== null)));
    // and against the definition on the class-vs-rest subproblem
    const { neg, pos } = subproblemRows(ovr[c], classRows);
    perClass[c].forEach((v, t) => assert.equal(v, bruteForceFirst({ X, N, d, neg, pos, seed: s.seed, t, lambda: s.lambda, maxWidth: s.maxWidth })));
  }
  assert.deepEqual(net, maxThresholds(perClass));
});
