// The bottleneck rows (memorize/bottleneck.ts) on real data: each scanned draw's bottleneck pairs equal a
// brute force written here from the definition (plain float64 activations, every pair's first
// separating unit), and the what-if n* equals a direct analysis of the file without those rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analysis';
import { bottleneckCounts, drawLayers, partnersOf, scanDraws } from '../../../src/core/memorize/bottleneck';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import { binaryNetwork, rowsByClass } from '../../../src/core/memorize/problem';
import { defaultSettings, type AnalysisSettings, type Report } from '../../../src/core/report';
import { normalize } from '../../../src/core/data/normalize';
import { loadDataset } from '../../../src/core/data';
import { nodeInflate } from '../../../src/node/inflate';
import { csvTable } from './faults';
import { useKernels } from '../../../src/core/kernels/backend';
import { wasmKernels } from '../helpers';

// versicolor against virginica: the iris pair that is not linearly separable
const settings: AnalysisSettings = { ...defaultSettings, classes: ['1', '2'], stages: [] };
const run = (name: string, bytes: Uint8Array, s: AnalysisSettings): Report => analyze({ name, bytes }, s, { inflate: nodeInflate });

test("bottleneck pairs equal brute force: the pairs first separated by the draw's last unit", () => {
  const t = csvTable('iris.csv');
  const keep = t.labels.map((l, i) => (l === '0' ? -1 : i)).filter((i) => i >= 0);
  const file = t.write(
    'iris-12.csv',
    keep.map((i) => t.X[i]),
    keep.map((i) => t.labels[i]),
  );
  const report = run(file.name, file.bytes, settings);
  const m = report.memorization!;
  const ds = loadDataset(file, {}, { inflate: nodeInflate });
  const X = normalize(ds, report.dataset.normalization).X;
  const { N, d } = ds;
  const [negative, positive] = [ds.classNames.indexOf(m.orientation.negative), ds.classNames.indexOf(m.orientation.positive)];
  const [neg, pos] = [negative, positive].map((c) => rowsByClass(ds.y, 2)[c]);
  const draws = [0, 1, 2, 3, 4].filter((t) => m.thresholds[t] !== null);
  const sets = [{ neg, pos }];
  const layers = drawLayers({ X, N, d }, draws, m.thresholds, { seed: settings.seed, lambda: m.lambda, maxWidth: m.maxWidth });
  const scans = scanDraws(layers, ds.y, partnersOf(binaryNetwork(negative, positive), rowsByClass(ds.y, 2)));
  const counts = bottleneckCounts(layers, scans, sets, N);
  draws.forEach((draw, q) => {
    const n = m.thresholds[draw]!;
    const layer = new FirstLayerDraw(settings.seed, draw, d, m.lambda, n);
    layer.extendTo(n);
    const active = (i: number, j: number) => {
      let z = 0;
      for (let k = 0; k < d; k++) z += layer.W[j * d + k] * X[i * d + k];
      return z + layer.b[j] > 0;
    };
    const first = (a: number, c: number) => {
      for (let j = 0; j < n; j++) if (active(c, j) && !active(a, j)) return j;
      return -1;
    };
    const want: [number, number][] = [];
    let max = -1;
    for (const a of neg)
      for (const c of pos) {
        const j = first(a, c);
        max = Math.max(max, j);
        if (j === n - 1) want.push([a, c]);
      }
    assert.equal(max + 1, n, `draw ${draw}: the brute force's threshold is the study's`);
    assert.deepEqual(counts.pairs[q], want, `draw ${draw}`);
  });
  // every point counted is in some draw's pairs, as often as there are draws with it in
  for (let i = 0; i < N; i++) {
    const inDraws = counts.pairs.filter((ps) => ps.some(([a, c]) => a === i || c === i)).length;
    assert.equal(counts.often[i], inDraws, `point ${i}`);
  }
});

// max-norm: removed rows below the largest norm leave the others' points as they were (the what-ifs
// share one threshold pass); standardize: every removal moves the mean (a pass per what-if)
for (const normalization of ['max-norm', 'standardize'] as const)
  test(`what-if (${normalization}): n* without the top bottleneck rows equals a direct analysis of the reduced file`, () => {
    const t = csvTable('iris.csv');
    const file = t.write('iris.csv', t.X, t.labels);
    const report = run(file.name, file.bytes, { ...settings, normalize: normalization });
    const b = report.findings!.bottleneck!;
    assert.ok(b.rows.length > 0 && b.whatIf.length >= 2, 'a ranking and what-ifs');
    assert.equal(b.whatIfDraws, settings.draws, 'iris fits the budget: all draws');
    assert.equal(b.normalization, report.dataset.normalization);
    for (const w of b.whatIf) {
      assert.equal(w.before, report.memorization!.requiredWidth);
      const gone = new Set(w.rows);
      const keep = t.X.map((_, i) => i).filter((i) => !gone.has(t.rowOf(i)));
      assert.equal(keep.length, t.X.length - w.k);
      const reduced = t.write(
        'iris-reduced.csv',
        keep.map((i) => t.X[i]),
        keep.map((i) => t.labels[i]),
      );
      const direct = run(reduced.name, reduced.bytes, { ...settings, normalize: b.normalization });
      assert.equal(w.after, direct.memorization!.requiredWidth, `k = ${w.k}`);
    }
  });

// more than two classes: the one-vs-rest network (each class as X⁻ against the others), on the
// WebAssembly kernels as the extension runs them
test('what-if (one-vs-rest, iris, WebAssembly): n* without the top bottleneck rows equals a direct analysis of the reduced file', () => {
  useKernels(wasmKernels());
  try {
    const t = csvTable('iris.csv');
    const file = t.write('iris.csv', t.X, t.labels);
    const all: AnalysisSettings = { ...settings, classes: undefined };
    const report = run(file.name, file.bytes, all);
    const b = report.findings!.bottleneck!;
    assert.deepEqual(b.network, { kind: 'one-vs-rest' });
    assert.ok(b.rows.length > 0 && b.whatIf.length >= 2, 'a ranking and what-ifs');
    assert.equal(b.whatIfDraws, all.draws, 'iris fits the budget: all draws');
    const ovr = report.multiclass!.oneVsRest!;
    // every counted draw's bottleneck pairs are separated by its last unit, whose threshold is the network's
    for (const p of b.perDraw) assert.equal(p.width, ovr.thresholds[p.draw]);
    for (const w of b.whatIf) {
      assert.equal(w.before, ovr.requiredWidth);
      const gone = new Set(w.rows);
      const keep = t.X.map((_, i) => i).filter((i) => !gone.has(t.rowOf(i)));
      const reduced = t.write(
        'iris-reduced.csv',
        keep.map((i) => t.X[i]),
        keep.map((i) => t.labels[i]),
      );
      const direct = run(reduced.name, reduced.bytes, { ...all, normalize: b.normalization });
      assert.equal(w.after, direct.multiclass!.oneVsRest!.requiredWidth, `k = ${w.k}`);
    }
  } finally {
    useKernels(undefined);
  }
});
