// Multi-class data: one-vs-rest (shared first layer, K summed over classes) with its P(n) and per-class
// K, and the pairwise required widths as a heat map.
import type { Report } from '../../src/core/report';
import { axes, baseOptions } from '../charts';
import { el, fmt, footnote } from '../dom';
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
      scales: { ...axes(p, { title: 'class' }, { title: 'K', min: 0 }), x: { ...axes(p, { title: 'class' }, { title: 'K' }).x, type: 'category' } },
    },
  });
}

/** Heat-map colour: the chart colour at an opacity growing with log(width), so 30 and 3000 both read. */
function heat(width: number | null, lo: number, hi: number): string {
  if (width === null) return '';
  const t = hi > lo ? (Math.log(width) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 1;
  return `color-mix(in srgb, var(--vscode-charts-blue) ${Math.round(15 + 70 * t)}%, transparent)`;
}

function heatMap(classes: string[], width: (number | null)[][]): HTMLElement {
  const values = width.flat().filter((w): w is number => w !== null && w > 0);
  const lo = Math.min(...values), hi = Math.max(...values);
  return el('table', { class: 'heatmap', id: 'pairwise' },
    el('thead', {}, el('tr', {}, el('th', { title: 'row class is X⁻, column class is X⁺' }, 'X⁻ \\ X⁺'), ...classes.map((c) => el('th', { class: 'class-name' }, c)))),
    el('tbody', {}, ...classes.map((rowClass, i) => el('tr', {},
      el('th', { class: 'class-name' }, rowClass),
      ...classes.map((colClass, j) => {
        const w = width[i]?.[j] ?? null;
        const cell = el('td', { class: i === j ? 'num diagonal' : 'num', title: i === j ? '' : `n* with ${rowClass} as X⁻ and ${colClass} as X⁺` }, i === j ? '' : fmt(w));
        const bg = i === j ? '' : heat(w, lo, hi);
        if (bg) cell.style.background = bg; // CSSOM, allowed by the CSP (no inline style attribute)
        return cell;
      })))));
}

export const multiclass: Section = {
  id: 'multiclass',
  render(report: Report, ctx: RenderContext) {
    const mc = report.multiclass;
    if (!mc) return null;
    const out = el('div', { class: 'group' });
    const ovr = mc.oneVsRest;
    if (ovr) {
      const { eta, maxWidth } = mc;
      out.append(card('one-vs-rest', 'One-vs-rest', ctx, 'ovr-curve',
        el('p', {}, `${mc.activation} activation, λ = ${fmt(mc.lambda)}, T = ${mc.draws} draws, η = ${fmt(mc.eta)}. Shared first layer: n* = `,
          el('strong', { id: 'ovr-width' }, fmt(ovr.requiredWidth)), `, K summed over classes = ${fmt(ovr.K)}, ${fmt(ovr.parameters)} parameters.`),
        ovr.reason ? el('p', { class: 'warning' }, ovr.reason) : null,
        curveChart('ovr-curve', ovr.curve, ovr.requiredWidth, eta, maxWidth, ctx),
        footnote(`One-vs-rest: class c is X⁻, all others X⁺, one shared first layer per draw, K summed over classes — SPEC §1. ${methodNote(mc.method)}`),
        perClassChart(ovr.perClass, ctx),
        el('table', { class: 'per-class' },
          el('thead', {}, el('tr', {}, el('th', {}, 'class (X⁻)'), el('th', { class: 'num' }, 'n*'), el('th', { class: 'num' }, 'K'))),
          el('tbody', {}, ...ovr.perClass.map((c) => el('tr', {}, el('td', { class: 'class-name' }, c.name), el('td', { class: 'num' }, fmt(c.requiredWidth)), el('td', { class: 'num' }, fmt(c.K)))))),
        footnote('Per class: n* of that class as X⁻ against the rest alone, and its K in the shared network at the network\'s n* — SPEC §2.'),
      ));
    }
    if (mc.pairwise) {
      out.append(card('pairwise', 'Pairwise required width', ctx, undefined,
        heatMap(mc.pairwise.classes, mc.pairwise.width),
        footnote('Cell (row, column): required width n* with the row class as X⁻ and the column class as X⁺ (not symmetric: the algorithm is not), all pairs on the same draws; stronger colour = wider, — = no width reaches P ≥ 1 − η — SPEC §1, §3.')));
    }
    if (mc.lambdaSweep) out.append(lambdaSweepCard(mc.lambdaSweep, ctx));
    return out;
  },
};
