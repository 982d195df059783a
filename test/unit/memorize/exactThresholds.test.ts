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

test('with many pairs left after the first units, the extension over every point gives the same thresholds', () => {
  // two tight clusters of 120 points each, on top of each other: most of the 14,400 pairs need more than
  // 256 units, too many to finish on their own points, so every point is extended
  const rng = createRng('crowded');
  const N = 240,
    d = 2;
  const X = Float32Array.from({ length: N * d }, () => 0.5 + 0.01 * (rng.next() - 0.5));
  const y = Int32Array.from({ length: N }, (_, i) => i % 2);
  const classRows = rowsByClass(y, 2);
  const s = { seed: 'crowded', lambda: 1, draws: 3, maxWidth: 2048 };
  const adaptive = classPairThresholds({ X, N, d }, classRows, [[1, 0]], s)[0];
  const full = adaptive.map((_, t) =>
    bruteForceFirst({ X, N, d, neg: classRows[1], pos: classRows[0], seed: s.seed, t, lambda: s.lambda, maxWidth: s.maxWidth }),
  );
  assert.deepEqual(adaptive, full);
  // the premise: more than 8192 pairs (the limit for finishing on their own points) left at 256 units
  const f = new FirstLayerDraw(s.seed, 0, d, s.lambda, 256);
  f.extendTo(256);
  const bits = new Uint32Array(N * 8);
  thresholdBits(X, N, d, f.W, [f.b], 0, 256, [bits], 8);
  let left = 0;
  for (const a of classRows[1]) for (const c of classRows[0]) if ([...Array(8).keys()].every((w) => (bits[c * 8 + w] & ~bits[a * 8 + w]) === 0)) left++;
  assert.ok(left > 8192, `${left} pairs left`);
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
