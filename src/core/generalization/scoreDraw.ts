// One draw of the held-out check, a task: draw t's first layer up to the widest scored width, the cover
// loop on the train part at every scored width (each a prefix of the same draw, as SCIENCE.md §3 allows), and
// the test part classified by each resulting network. For the threshold activation the layer is the
// kernels' bit layer (one product for all widths, train and test) and a test point is X⁻ iff some neuron
// has ⟨u_k, h(x)⟩ < m_k; ReLU keeps the literal forward pass. Seeds as the memorization study's.
import { throwIfCancelled, type CancelToken } from '../env';
import { kernels } from '../kernels/backend';
import { reluActivations } from '../kernels/layer1';
import { coverLoop, reluScores, type SecondLayer } from '../memorize/coverLoop';
import { FirstLayerDraw } from '../memorize/firstLayer';
import { classify } from '../memorize/forward';
import { subproblemKey, subproblemRows, type Network } from '../memorize/problem';
import { childSeed, createRng } from '../random';
import type { Activation } from '../report';

export interface ScoreDrawTask {
  train: { X: Float32Array; N: number };
  test: { X: Float32Array; N: number };
  d: number;
  /** the train part's point indices of each class */
  classRows: Int32Array[];
  network: Network;
  /** ascending */
  widths: number[];
  t: number;
  seed: string;
  lambda: number;
  activation: Activation;
}

/** [width][subproblem]: 1 where that subnetwork says X⁻ on each test point */
export function scoreDraw(task: ScoreDrawTask, cancel?: CancelToken): Uint8Array[][] {
  const { train, test, d, network, widths, t, seed, lambda } = task;
  const wMax = widths[widths.length - 1];
  const draw = new FirstLayerDraw(seed, t, d, lambda, wMax);
  draw.extendTo(wMax);
  const rows = network.map((sub) => subproblemRows(sub, task.classRows));
  const loops = (scoresAt: (n: number) => Parameters<typeof coverLoop>[0], n: number): SecondLayer[] =>
    network.map((sub, q) => coverLoop(scoresAt(n), rows[q].neg, rows[q].pos, createRng(childSeed(seed, 'cover', t, subproblemKey(sub), n))));
  if (task.activation === 'relu') {
    const act = new Float32Array(train.N * wMax);
    reluActivations(train.X, train.N, d, draw.W, draw.b, 0, wMax, act, wMax);
    return widths.map((n) => {
      throwIfCancelled(cancel);
      return classify(test.X, test.N, d, draw.W, draw.b, 'relu', loops((w) => reluScores(act, wMax, w), n));
    });
  }
  const trainLayer = kernels().thresholdLayer(train.X, train.N, d, wMax, 1);
  trainLayer.compute(draw.W, [draw.b], 0, wMax);
  const testLayer = kernels().thresholdLayer(test.X, test.N, d, wMax, 1);
  testLayer.compute(draw.W, [draw.b], 0, wMax);
  const all = Int32Array.from({ length: test.N }, (_, i) => i);
  const below = new Uint8Array(test.N);
  return widths.map((n) => {
    throwIfCancelled(cancel);
    const layers = loops((w) => trainLayer.scores(0, w), n);
    const scores = testLayer.scores(0, n);
    return layers.map(({ K, nWords, U, m }) => {
      const fired = new Uint8Array(test.N);
      for (let k = 0; k < K; k++) {
        scores.markBelow(all, test.N, U.subarray(k * nWords, (k + 1) * nWords), m[k], below);
        for (let i = 0; i < test.N; i++) fired[i] |= below[i];
      }
      return fired;
    });
  });
}
