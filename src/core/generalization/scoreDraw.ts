// Scoring the networks of the held-out check on the test part (SCIENCE.md §6). Each scored draw's first
// layer reaches the widest width any scored network needs; every network (the lead one at its widths,
// every class pair at its n*) runs the cover loop on its train rows at each width (each a prefix of the
// same draw, as SCIENCE.md §3 allows), and its test rows are classified. A network's rows are indices
// into the shared parts, in ascending order, so the loop meets them in the same order as on a copy
// holding those rows alone. Seeds as the memorization study's.
//
// The threshold activation runs in two kinds of task: every draw's bits of both parts in row blocks, one per
// thread (the memorization study's drawBits), then the cover loops of each draw in groups of about equal
// work, a group a task that also classifies the test rows (X⁻ iff some neuron has ⟨u_k, h(x)⟩ < m_k). So
// one scored draw (all Fashion 0-vs-6 can afford) spreads over every core, and a group binds each part's
// bits once (a bound layer costs more than a small loop). ReLU keeps the literal forward pass, one task
// per draw.
import { throwIfCancelled, type CancelToken } from '../env';
import { bitLayer, type BitScores } from '../kernels/backend';
import { reluActivations } from '../kernels/layer1';
import { coverLoop, reluScores, type SecondLayer } from '../memorize/coverLoop';
import { drawBitsTask, type DrawBitsTask } from '../memorize/drawCoverLoops';
import { FirstLayerDraw } from '../memorize/firstLayer';
import { classify } from '../memorize/forward';
import { subproblemKey, subproblemRows, type Network, type Points } from '../memorize/problem';
import { partRange, sharedUint32, type Parallel, serial, task } from '../parallel';
import { childSeed, createRng } from '../random';

/** One network scored in a draw. */
export interface ScoredNetwork {
  /** subproblems over the classes of classRows */
  network: Network;
  /** the train part's point indices of each class the network knows, ascending */
  classRows: Int32Array[];
  /** the test part's point indices it is scored on, ascending */
  testRows: Int32Array;
  /** ascending */
  widths: number[];
}

/** What every draw shares: the parts, the networks and the draws' seed and λ. */
export interface ScoreSetting {
  train: Points;
  test: Points;
  networks: ScoredNetwork[];
  seed: string;
  lambda: number;
}

/** [draw][network][width][subproblem]: 1 where that subnetwork says X⁻, on each of the network's test rows */
export type Firing = Uint8Array[][][][];

const widest = (networks: ScoredNetwork[]) => Math.max(...networks.map((s) => s.widths[s.widths.length - 1]));

/** The threshold networks' firing on draws 0 … draws − 1; the same for any number of threads. */
export function scoreThreshold(
  setting: ScoreSetting,
  /** the train part's rows then the test part's, in one buffer (train.X and test.X are views of it) */
  both: Points,
  draws: number,
  env: { cancel?: CancelToken; parallel?: Parallel; onProgress?: (fraction: number) => void },
): Firing {
  const { train, test, networks, seed, lambda } = setting;
  const parallel = env.parallel ?? serial;
  const wMax = widest(networks);
  const stride = (wMax + 31) >>> 5;
  // every draw's bits of both parts at once, in row blocks, one per thread
  const bits = Array.from({ length: draws }, () => sharedUint32(both.N * stride));
  const each = bits.map((out, t) => ({ t, fromUnit: 0, toUnit: wMax, out }));
  parallel.map(
    drawBitsTask,
    Array.from({ length: parallel.threads }, (_, k): DrawBitsTask => {
      const [rowStart, rowEnd] = partRange(both.N, parallel.threads, k);
      return { X: both.X, d: both.d, rowStart, rowEnd, seed, lambda, units: wMax, draws: each };
    }),
    env.cancel,
  );
  const trainBits = bits.map((b) => b.subarray(0, train.N * stride)),
    testBits = bits.map((b) => b.subarray(train.N * stride));
  // then each draw's (network, width) jobs in groups of about equal work, a group a task
  const jobs = networks.flatMap((s, q) => s.widths.map((n, wi) => ({ q, wi, n })));
  const work = jobs.map(({ q, n }) => n * (networks[q].classRows.reduce((sum, r) => sum + r.length, 0) + networks[q].testRows.length));
  const groups = balancedGroups(work, Math.min(jobs.length, parallel.threads));
  const subs = networks.map((s) => s.network.map((sub) => ({ ...subproblemRows(sub, s.classRows), key: subproblemKey(sub) })));
  const tasks = Array.from({ length: draws }, (_, t) =>
    groups.map((group): ScoreLoopsTask => ({
      train: trainBits[t],
      trainN: train.N,
      test: testBits[t],
      testN: test.N,
      stride,
      t,
      seed,
      jobs: group.map((j) => ({ n: jobs[j].n, subs: subs[jobs[j].q], testRows: networks[jobs[j].q].testRows })),
    })),
  ).flat();
  const out = parallel.map(scoreLoopsTask, tasks, env.cancel, (k) => env.onProgress?.(k / tasks.length));
  const fired: Firing = Array.from({ length: draws }, () => networks.map((s) => s.widths.map((): Uint8Array[] => [])));
  out.forEach((part, k) => {
    const t = Math.floor(k / groups.length);
    groups[k % groups.length].forEach((j, r) => (fired[t][jobs[j].q][jobs[j].wi] = part[r]));
  });
  return fired;
}

/** Indices of the items in `count` groups of about equal total weight: the heaviest first, each to the lightest group. */
function balancedGroups(weights: number[], count: number): number[][] {
  const groups: number[][] = Array.from({ length: count }, () => []);
  const load = new Float64Array(count);
  const order = weights.map((_, j) => j).sort((a, b) => weights[b] - weights[a] || a - b);
  for (const j of order) {
    let g = 0;
    for (let h = 1; h < count; h++) if (load[h] < load[g]) g = h;
    groups[g].push(j);
    load[g] += weights[j];
  }
  return groups;
}

/** Some cover loops of one draw and their firing on the test part, from the draw's bits of both parts, a task. */
export interface ScoreLoopsTask {
  train: Uint32Array;
  trainN: number;
  test: Uint32Array;
  testN: number;
  stride: number;
  t: number;
  seed: string;
  /** a network at one width: its subproblems' train rows and seed keys, and the test rows it is scored on */
  jobs: { n: number; subs: { neg: Int32Array; pos: Int32Array; key: string }[]; testRows: Int32Array }[];
}

/** [job][subproblem]: 1 where that subnetwork says X⁻, on each of the job's test rows */
export function scoreLoops(task: ScoreLoopsTask, cancel?: CancelToken): Uint8Array[][] {
  const { t, seed } = task;
  const trainLayer = bitLayer(task.train, task.trainN, task.stride),
    testLayer = bitLayer(task.test, task.testN, task.stride);
  const out = task.jobs.map(({ n, subs, testRows }) => {
    throwIfCancelled(cancel);
    return subs.map(({ neg, pos, key }) => {
      const second = coverLoop(trainLayer.scores(0, n), neg, pos, createRng(childSeed(seed, 'cover', t, key, n)));
      return firing(testLayer.scores(0, n), testRows, second);
    });
  });
  trainLayer.release?.();
  testLayer.release?.();
  return out;
}

/** 1 for each of the rows some neuron of the second layer fires on (⟨u_k, h(x)⟩ < m_k), that is X⁻. */
function firing(scores: BitScores, testRows: Int32Array, { K, nWords, U, m }: SecondLayer): Uint8Array {
  const count = testRows.length;
  const fired = new Uint8Array(count),
    below = new Uint8Array(count);
  // a row that fired stays fired, so later neurons are asked only about the rows still silent
  const open = testRows.slice(),
    at = Int32Array.from({ length: count }, (_, r) => r);
  let left = count;
  for (let k = 0; k < K && left > 0; k++) {
    scores.markBelow(open, left, U.subarray(k * nWords, (k + 1) * nWords), m[k], below);
    let kept = 0;
    for (let r = 0; r < left; r++) {
      if (below[r]) {
        fired[at[r]] = 1;
      } else {
        open[kept] = open[r];
        at[kept++] = at[r];
      }
    }
    left = kept;
  }
  return fired;
}

/** One draw of the ReLU networks, a task. */
export interface ReluDrawTask extends ScoreSetting {
  t: number;
}

/** [network][width][subproblem] of one ReLU draw: the literal forward pass on the test rows. */
export function scoreReluDraw(task: ReluDrawTask, cancel?: CancelToken): Uint8Array[][][] {
  const { train, test, networks, t, seed, lambda } = task;
  const d = train.d;
  const wMax = widest(networks);
  const draw = new FirstLayerDraw(seed, t, d, lambda, wMax);
  draw.extendTo(wMax);
  const rows = networks.map((s) => s.network.map((sub) => subproblemRows(sub, s.classRows)));
  const act = new Float32Array(train.N * wMax);
  reluActivations(train.X, train.N, d, draw.W, draw.b, 0, wMax, act, wMax);
  return networks.map((s, q) =>
    s.widths.map((n) => {
      throwIfCancelled(cancel);
      const loops = s.network.map((sub, p) =>
        coverLoop(reluScores(act, wMax, n), rows[q][p].neg, rows[q][p].pos, createRng(childSeed(seed, 'cover', t, subproblemKey(sub), n))),
      );
      const fired = classify(test.X, test.N, d, draw.W, draw.b, 'relu', loops, s.testRows);
      return fired.map((f) => Uint8Array.from(s.testRows, (i) => f[i]));
    }),
  );
}

export const scoreReluDrawTask = task('scoreReluDraw', scoreReluDraw);
export const scoreLoopsTask = task('scoreLoops', scoreLoops);
