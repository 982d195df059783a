// drawCoverLoops runs the loops of one draw and width as one task on one copy of the bits: the layers
// must be the ones each loop gives alone on bits computed directly from the draw, in the order asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawCoverLoops, type LoopSpec } from '../../../src/core/memorize/drawCoverLoops';
import { coverLoop, thresholdScores, type SecondLayer } from '../../../src/core/memorize/coverLoop';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import { rowsByClass, oneVsRestNetwork, subproblemRows } from '../../../src/core/memorize/problem';
import { thresholdBits } from '../../../src/core/kernels/layer1';
import { copyWords } from '../../../src/core/kernels/bitRows';
import { createRng } from '../../../src/core/random';
import { typescriptKernels, useKernels } from '../../../src/core/kernels/backend';
import { wasmKernels } from '../helpers';
import { randomProblem } from './fixtures';

for (const [name, backend] of [
  ['TypeScript', () => typescriptKernels],
  ['WebAssembly', wasmKernels],
] as const) {
  test(`cover loops grouped by draw and width equal each loop run alone on its draw (${name} kernels)`, () => {
    useKernels(backend());
    const { X, N, d, y } = randomProblem('draw-cover-loops', 90, 3, 3);
    const classRows = rowsByClass(y, 3);
    const subs = oneVsRestNetwork(3).map((sub) => subproblemRows(sub, classRows));
    const lambda = 0.7,
      draws = 4,
      units = 200;
    // two widths on the first draws, one on the others, every subproblem at each: the interleaving the K measurement asks for
    const loopsFor = (t: number): LoopSpec[] =>
      (t < 2 ? [70, 37, 200] : [37]).flatMap((n) => subs.map((s, q) => ({ n, neg: s.neg, pos: s.pos, seed: `loop ${t} ${q} ${n}` })));
    const got: SecondLayer[][] = [];
    drawCoverLoops({ X, N, d }, { seed: 's', lambda, draws, maxWidth: units }, units, [], loopsFor, (t, layers) => (got[t] = layers));
    for (let t = 0; t < draws; t++) {
      const draw = new FirstLayerDraw('s', t, d, lambda, units);
      draw.extendTo(units);
      const stride = (units + 31) >>> 5;
      const bits = new Uint32Array(N * stride);
      thresholdBits(X, N, d, draw.W, [draw.b], 0, units, [bits], stride);
      const want = loopsFor(t).map((l) => coverLoop(thresholdScores(bits, stride, l.n), l.neg, l.pos, createRng(l.seed)));
      assert.deepEqual(got[t], want, `draw ${t}`);
    }
    useKernels(undefined);
  });
}

test('copyWords copies the first words of every row, packed alike or not', () => {
  const rng = createRng('copy words');
  const N = 7;
  // stride, source stride, words: packed alike (one block), wider and narrower rows, a prefix of equal strides
  const cases = ['5 5 5', '5 3 3', '3 5 2', '4 4 2'].map((c) => c.split(' ').map(Number));
  for (const [stride, srcStride, words] of cases) {
    const src = Uint32Array.from({ length: N * srcStride }, () => rng.int(2 ** 31));
    const dst = Uint32Array.from({ length: N * stride }, () => 12345);
    copyWords(dst, stride, src, srcStride, words, N);
    for (let i = 0; i < N; i++) {
      for (let w = 0; w < stride; w++)
        assert.equal(dst[i * stride + w], w < words ? src[i * srcStride + w] : 12345, `${stride}/${srcStride}/${words} row ${i} word ${w}`);
    }
  }
});
