// Multi-class data: one-vs-rest (shared first layer, K summed over classes) with its P(n) and per-class
// K, and the pairwise required widths as a heat map.
import type { Report } from '../../src/core/report';
import { axes, baseOptions } from '../charts';
import { oneVsRestMeaning } from '../../src/protocol/reportText';
import { el, fmt, footnote } from '../dom';
import { heatMap } from '../heatmap';
import { curveChart, lambdaSweepCard, methodNote } from './memorization';
import { card, type RenderContext, type Section } from './section';

function perClassChart(perClass: { name: string; K: number | null }[], ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  return ctx.charts.create('per-class-k', 'Second-layer neurons K per class, one-vs-rest', {
    type: 'bar',
    data: {
      labels: perClass.map((c) => c.name),
      datasets: [{ label: 'K (class as X⁻)', data: perClass.map((c) => c.K ?? 0), backgroundColor: p.secondary, borderColor: p.secondary }],
    },
    options: {
      ...baseOptions(p),
      parsing: undefined,
      scales: axes(p, { title: 'class', type: 'category' }, { title: 'K', min: 0 }),
    },
  });
}

/** Stronger with log(width), so 30 and 3000 both read. */
const logStrength = (w: number, lo: number, hi: number) => (hi > lo ? (Math.log(w) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 1);

export const multiclass: Section = {
  id: 'multiclass',
  render(report: Report, ctx: RenderContext) {
    const mc = report.multiclass;
    if (!mc) return null;
    const out = el('div', { class: 'group' });
    const ovr = mc.oneVsRest;
    if (ovr) {
      const { eta, maxWidth } = mc;
      out.append(
        card(
          'one-vs-rest',
          'One-vs-rest',
          ctx,
          'ovr-curve',
          el(
            'p',
            {},
            `${mc.activation} activation, λ = ${fmt(mc.lambda)}, T = ${mc.draws} draws, η = ${fmt(mc.eta)}. Shared first layer: n* = `,
            el('strong', { id: 'ovr-width' }, fmt(ovr.requiredWidth)),
            `, K summed over classes = ${fmt(ovr.K)}, ${fmt(ovr.parameters)} parameters.`,
          ),
          ovr.reason ? el('p', { class: 'warning' }, ovr.reason) : null,
          curveChart('ovr-curve', ovr.curve, ovr.requiredWidth, eta, maxWidth, ctx),
          footnote(
            `One-vs-rest: class c is X⁻, all others X⁺, one shared first layer per draw, K summed over classes — SCIENCE.md §1. ${methodNote(mc.method)}`,
          ),
          el('div', { id: 'ovr-meaning' }, ...oneVsRestMeaning(report.dataset.classes.length).map(footnote)),
          perClassChart(ovr.perClass, ctx),
          el(
            'table',
            { class: 'per-class' },
            el('thead', {}, el('tr', {}, el('th', {}, 'class (X⁻)'), el('th', { class: 'num' }, 'n*'), el('th', { class: 'num' }, 'K'))),
            el(
              'tbody',
              {},
              ...ovr.perClass.map((c) =>
                el('tr', {}, el('td', { class: 'class-name' }, c.name), el('td', { class: 'num' }, fmt(c.requiredWidth)), el('td', { class: 'num' }, fmt(c.K))),
              ),
            ),
          ),
          footnote("Per class: n* of that class as X⁻ against the rest alone, and its K in the shared network at the network's n* — SCIENCE.md §2."),
        ),
      );
    }
    if (mc.pairwise) {
      out.append(
        card(
          'pairwise',
          'Pairwise required width',
          ctx,
          undefined,
          heatMap({
            id: 'pairwise',
            classes: mc.pairwise.classes,
            values: mc.pairwise.width,
            corner: 'X⁻ \\ X⁺',
            cornerTitle: 'row class is X⁻, column class is X⁺',
            text: (w) => fmt(w),
            cellTitle: (i, j) => `n* with ${mc.pairwise!.classes[i]} as X⁻ and ${mc.pairwise!.classes[j]} as X⁺`,
            strength: logStrength,
          }),
          footnote(
            'Cell (row, column): required width n* with the row class as X⁻ and the column class as X⁺ (not symmetric: the algorithm is not), all pairs on the same draws; stronger colour = wider, — = no width reaches P ≥ 1 − η — SCIENCE.md §1, §3.',
          ),
        ),
      );
    }
    if (mc.lambdaSweep) out.append(lambdaSweepCard(mc.lambdaSweep, mc.lambda, mc.maxWidth, ctx));
    return out;
  },
};
