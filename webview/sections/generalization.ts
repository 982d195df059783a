// The held-out check (SCIENCE.md §6): the split, n* on the train split against the data dimension d (Yu et
// al.'s condition), the memorizing network's test accuracy at n* and wider beside 1-nearest-neighbour,
// and for multi-class data the pairwise test accuracies as a heat map.
import type { GeneralizationReport, Report } from '../../src/core/report';
import { axes, baseOptions, line } from '../charts';
import { el, fmt, footnote } from '../dom';
import { heatMap } from '../heatmap';
import { withAlpha } from '../theme';
import { card, type RenderContext, type Section } from './section';

const pct = (x: number | null) => (x === null ? '—' : `${fmt(100 * x, 3)} %`);

function accuracyChart(g: GeneralizationReport, ctx: RenderContext): HTMLElement {
  const p = ctx.palette,
    ws = g.widths;
  const ns = ws.map((w) => w.n);
  const xs = [Math.min(...ns), Math.max(...ns)];
  const band = p.highContrast ? 0.45 : 0.25;
  // at least 90 % to 100 %, so a spread of half a point does not fill the chart
  const lowest = Math.min(g.nearestNeighbour, ...ws.map((w) => w.accuracy.min));
  const yMin = Math.min(90, 10 * Math.floor(10 * lowest));
  return ctx.charts.create('gen-accuracy', 'Test accuracy of the memorizing network against its width, beside 1-nearest-neighbour', {
    type: 'line',
    data: {
      datasets: [
        line(
          'accuracy max',
          ws.map((w) => ({ x: w.n, y: 100 * w.accuracy.max })),
          p.primary,
          { borderWidth: 0 },
        ),
        line(
          'min–max over draws',
          ws.map((w) => ({ x: w.n, y: 100 * w.accuracy.min })),
          withAlpha(p.primary, band),
          { borderWidth: 0, fill: '-1', backgroundColor: withAlpha(p.primary, band) },
        ),
        line(
          'memorizing network (mean)',
          ws.map((w) => ({ x: w.n, y: 100 * w.accuracy.mean })),
          p.primary,
          { pointRadius: 4 },
        ),
        line(
          `1-nearest-neighbour: ${pct(g.nearestNeighbour)}`,
          xs.map((x) => ({ x, y: 100 * g.nearestNeighbour })),
          p.secondary,
          { borderDash: [6, 4] },
        ),
      ],
    },
    options: {
      ...baseOptions(p),
      scales: axes(p, { title: 'first-layer width n (log scale)', type: 'logarithmic', ticksAt: ns }, { title: 'test accuracy (%)', min: yMin, max: 100 }),
      plugins: { ...baseOptions(p).plugins, legend: { labels: { color: p.foreground, boxWidth: 12, filter: (item) => item.text !== 'accuracy max' } } },
    },
  });
}

function pairwiseCard(pw: NonNullable<GeneralizationReport['pairwise']>, ctx: RenderContext): HTMLElement {
  const { classes } = pw;
  return card(
    'generalization-pairwise',
    'Pairwise test accuracy',
    ctx,
    undefined,
    heatMap({
      id: 'pairwise-accuracy',
      classes,
      values: pw.accuracy,
      corner: 'X⁻ \\ X⁺',
      cornerTitle: 'row class is X⁻, column class is X⁺',
      text: (a, i, j) => [pct(a), el('span', { class: 'cell-aux' }, `1-NN ${pct(pw.nearestNeighbour[i]?.[j] ?? null)}`)],
      cellTitle: (i, j) =>
        `${classes[i]} as X⁻, ${classes[j]} as X⁺: network at n* = ${fmt(pw.requiredWidth[i]?.[j] ?? null)}, 1-nearest-neighbour ${pct(pw.nearestNeighbour[i]?.[j] ?? null)}`,
      // the weakest pairs stand out
      strength: (a, lo, hi) => (hi > lo ? (hi - a) / (hi - lo) : 0),
    }),
    footnote(
      "Cell (row, column): test accuracy of the memorizing network for that pair alone (row class X⁻, column class X⁺) at the pair's n* on the train split, mean over the draws, with 1-nearest-neighbour on the same points below it; stronger colour = less accurate — SCIENCE.md §6.",
    ),
  );
}

export const generalization: Section = {
  id: 'generalization',
  render(report: Report, ctx: RenderContext) {
    const g = report.generalization;
    if (!g) return null;
    const table = g.widths.length
      ? el(
          'table',
          { id: 'gen-widths' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { class: 'num' }, 'width n'),
              el('th', { class: 'num' }, 'test accuracy (mean)'),
              el('th', { class: 'num' }, 'min – max over draws'),
            ),
          ),
          el(
            'tbody',
            {},
            ...g.widths.map((w) =>
              el(
                'tr',
                { class: w.n === g.requiredWidth ? 'chosen' : '' },
                el('td', { class: 'num' }, fmt(w.n)),
                el('td', { class: 'num' }, pct(w.accuracy.mean)),
                el('td', { class: 'num' }, `${pct(w.accuracy.min)} – ${pct(w.accuracy.max)}`),
              ),
            ),
            el('tr', { id: 'gen-nn' }, el('td', {}, '1-nearest-neighbour'), el('td', { class: 'num' }, pct(g.nearestNeighbour)), el('td', {})),
          ),
        )
      : null;
    const nStar = g.requiredWidth === null ? 'no width up to the maximum reaches P ≥ 1 − η' : `n* = ${fmt(g.requiredWidth)}`;
    const main = card(
      'generalization',
      'Generalization (held-out check)',
      ctx,
      g.widths.length ? 'gen-accuracy' : undefined,
      el(
        'p',
        { id: 'gen-split' },
        `${fmt(g.train)} training and ${fmt(g.test)} test points: ${fmt(100 * g.testFraction)} % of each class held out (seeded, stratified, seed ${g.seed}). Memorizing network: ${g.activation} activation, λ = ${fmt(g.lambda)}; n* from T = ${g.draws} draws (as the memorization study's), test accuracy over the first ${g.scoreDraws}`,
        ...(g.orientation
          ? ['; X⁻ = ', el('span', { class: 'class-name' }, g.orientation.negative), ', X⁺ = ', el('span', { class: 'class-name' }, g.orientation.positive)]
          : []),
        '.',
      ),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, 'Required width on the train split'),
        el('dd', { id: 'gen-width' }, nStar),
        el('dt', {}, 'Data dimension d'),
        el('dd', { id: 'gen-d' }, fmt(g.yu.d)),
      ),
      el('p', { class: 'reading', id: 'gen-yu' }, g.yu.reading),
      g.widths.length ? accuracyChart(g, ctx) : null,
      table,
      footnote(
        'Test accuracy: the memorizing network built on the train split (at n* and wider), scored on the held-out points, mean and range over the draws; for more classes one-vs-rest, counting a point wrong when no or several classes fire. 1-nearest-neighbour: Euclidean, on the normalised data, same split. Yu et al.: memorization networks narrower than d cannot generalize for some distributions — SCIENCE.md §6.',
      ),
    );
    if (!g.pairwise) return main;
    return el('div', { class: 'group' }, main, pairwiseCard(g.pairwise, ctx));
  },
};
