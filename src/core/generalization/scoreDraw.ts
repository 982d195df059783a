// One draw of the held-out check, a task: draw t's first layer up to the widest width any scored network
// needs, computed once on the whole train part and the whole test part; then for each network (the lead
// one at its widths, every class pair at its n*) the cover loop on its train rows at every width (each a
// prefix of the same draw, as SCIENCE.md §3 allows) and its test rows classified. A network's rows are
// indices into the shared parts, in ascending order, so the loop meets them in the same order as on a
// copy holding those rows alone. For the threshold activation the layer is the kernels' bit layer and a
// test point is X⁻ iff some neuron has ⟨u_k, h(x)⟩ < m_k; ReLU keeps the literal forward pass. Seeds as
// the memorization study's.
import { throwIfCancelled, type CancelToken } from '../env';
import { kernels } from '../kernels/backend';
import { reluActivations } from '../kernels/layer1';
import { coverLoop, reluScores, type SecondLayer } from '../memorize/coverLoop';
import { FirstLayerDraw } from '../memorize/firstLayer';
import { classify } from '../memorize/forward';
import { subproblemKey, subproblemRows, type Network } from '../memorize/problem';
import { childSeed, createRng } from '../random';
import type { Activation } from '../report';
import { task } from '../parallel';

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

export interface ScoreDrawTask {
  train: { X: Float32Array; N: number };
  test: { X: Float32Array; N: number };
  d: number;
  networks: ScoredNetwork[];
  t: number;
  seed: string;
  lambda: number;
  activation: Activation;
}

/** [network][width][subproblem]: 1 where that subnetwork says X⁻, on each of the network's test rows */
export function scoreDraw(task: ScoreDrawTask, cancel?: CancelToken): Uint8Array[][][] {
  const { train, test, d, networks, t, seed, lambda } = task;
  const wMax = Math.max(...networks.map((s) => s.widths[s.widths.length - 1]));
  const draw = new FirstLayerDraw(seed, t, d, lambda, wMax);
  draw.extendTo(wMax);
  const rows = networks.map((s) => s.network.map((sub) => subproblemRows(sub, s.classRows)));
  const loops = (q: number, scoresAt: (n: number) => Parameters<typeof coverLoop>[0], n: number): SecondLayer[] =>
    networks[q].network.map((sub, p) => coverLoop(scoresAt(n), rows[q][p].neg, rows[q][p].pos, createRng(childSeed(seed, 'cover', t, subproblemKey(sub), n))));
  if (task.activation === 'relu') {
    const act = new Float32Array(train.N * wMax);
    reluActivations(train.X, train.N, d, draw.W, draw.b, 0, wMax, act, wMax);
    return networks.map((s, q) =>
      s.widths.map((n) => {
        throwIfCancelled(cancel);
        const fired = classify(
          test.X,
          test.N,
          d,
          draw.W,
          draw.b,
          'relu',
          loops(q, (w) => reluScores(act, wMax, w), n),
          s.testRows,
        );
        return fired.map((f) => Uint8Array.from(s.testRows, (i) => f[i]));
      }),
    );
  }
  const trainLayer = kernels().thresholdLayer(train.X, train.N, d, wMax, 1);
  trainLayer.compute(draw.W, [draw.b], 0, wMax);
  const testLayer = kernels().thresholdLayer(test.X, test.N, d, wMax, 1);
  testLayer.compute(draw.W, [draw.b], 0, wMax);
  return networks.map((s, q) => {
    const count = s.testRows.length;
    const below = new Uint8Array(count);
    return s.widths.map((n) => {
      throwIfCancelled(cancel);
      const layers = loops(q, (w) => trainLayer.scores(0, w), n);
      const scores = testLayer.scores(0, n);
      return layers.map(({ K, nWords, U, m }) => {
        const fired = new Uint8Array(count);
        // a row that fired stays fired, so later neurons are asked only about the rows still silent
        const open = s.testRows.slice(),
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
      });
    });
  });
}

export const scoreDrawTask = task('scoreDraw', scoreDraw);
