// The memorization results: P(n) with its pointwise Wilson band and n* marked, K against n, and the λ sweep.
import type { CurveMethod, CurvePoint, KPoint, LambdaSweepPoint, Report } from '../../src/core/report';
import { axes, baseOptions, line, verticalRule, type XY } from '../charts';
import { el, fmt, footnote } from '../dom';
import { card, type RenderContext, type Section } from './section';

/** P(n) with its band, the 1 − η level and n* marked; shared by the two-class and one-vs-rest views. */
export function curveChart(id: string, curve: CurvePoint[], requiredWidth: number | null, eta: number, maxWidth: number, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const xs = curve.map((c) => c.n);
  // the curve is listed where it jumps, plus maxWidth: show up to a little past where it levels off
  const top = Math.max(...curve.map((c) => c.p));
  const levelled = curve.find((c) => c.p === top)?.n ?? maxWidth;
  const xMax = Math.min(maxWidth, Math.ceil(1.5 * Math.max(levelled, requiredWidth ?? 0)) || maxWidth);
  // P(n) is right-continuous: it keeps its value until the next jump. chart.js's 'before' draws exactly
  // that (horizontal to the next point, then vertical); 'after' would jump at the previous point.
  const step = { stepped: 'before' as const };
  const datasets = [
    line(
      'pointwise 95 % Wilson upper',
      curve.map((c) => ({ x: c.n, y: c.hi })),
      p.band,
      { ...step, borderWidth: 0, fill: false },
    ),
    line(
      'pointwise 95 % Wilson band',
      curve.map((c) => ({ x: c.n, y: c.lo })),
      p.band,
      { ...step, borderWidth: 0, fill: '-1', backgroundColor: p.band },
    ),
    line(
      'P(n)',
      curve.map((c) => ({ x: c.n, y: c.p })),
      p.primary,
      step,
    ),
    line(
      `1 − η = ${fmt(1 - eta)}`,
      [
        { x: xs[0] ?? 0, y: 1 - eta },
        { x: xMax, y: 1 - eta },
      ],
      p.muted,
      { borderDash: [2, 3], borderWidth: 1 },
    ),
  ];
  if (requiredWidth !== null) datasets.push(verticalRule(`n* = ${requiredWidth}`, requiredWidth, 0, 1, p.mark));
  return ctx.charts.create(id, 'Interpolation probability P(n) against width n', {
    type: 'line',
    data: { datasets },
    options: {
      ...baseOptions(p),
      scales: axes(p, { title: 'first-layer width n', min: 0, max: xMax }, { title: 'P(n)', min: 0, max: 1 }),
      plugins: {
        ...baseOptions(p).plugins,
        legend: { labels: { color: p.foreground, boxWidth: 12, filter: (item) => !item.text.startsWith('pointwise 95 % Wilson upper') } },
      },
    },
  });
}

function kChart(kCurve: KPoint[], ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  return ctx.charts.create('k-curve', 'Second-layer neurons K against width n', {
    type: 'line',
    data: {
      datasets: [
        line(
          'max K',
          kCurve.map((k) => ({ x: k.n, y: k.max })),
          p.band,
          { borderWidth: 0 },
        ),
        line(
          'min–max over draws',
          kCurve.map((k) => ({ x: k.n, y: k.min })),
          p.band,
          { borderWidth: 0, fill: '-1', backgroundColor: p.band },
        ),
        line(
          'mean K',
          kCurve.map((k) => ({ x: k.n, y: k.K })),
          p.secondary,
          { pointRadius: 2 },
        ),
      ],
    },
    options: {
      ...baseOptions(p),
      scales: axes(p, { title: 'first-layer width n' }, { title: 'K (second-layer neurons)', min: 0 }),
      plugins: { ...baseOptions(p).plugins, legend: { labels: { color: p.foreground, boxWidth: 12, filter: (item) => item.text !== 'max K' } } },
    },
  });
}

/** n*(λ) over the sweep's grid, the best λ marked; shared by two-class and multi-class reports. When no λ
 * reaches P ≥ 1 − η the chart shows P(maxWidth) against λ instead (never an empty frame). */
export function lambdaSweepCard(sweep: { grid: LambdaSweepPoint[]; best: number }, used: number, maxWidth: number, ctx: RenderContext): HTMLElement {
  const reached = sweep.grid.some((g) => g.requiredWidth !== null);
  const bestWidth = sweep.grid.find((g) => g.lambda === sweep.best)?.requiredWidth ?? null;
  const which = !reached
    ? `No λ of the grid reaches P ≥ 1 − η within ${fmt(maxWidth)}: the chart shows P(${fmt(maxWidth)}) for each λ.`
    : sweep.best === used
      ? `The headline uses the best λ = ${fmt(used)}.`
      : `The best λ = ${fmt(sweep.best)} needs n* = ${fmt(bestWidth)}; the headline uses λ = ${fmt(used)} (set λ to auto to use the best).`;
  return card(
    'lambda-sweep',
    'λ sweep: n* at other maximal biases',
    ctx,
    'lambda-sweep',
    el('p', {}, which),
    reached ? lambdaChart(sweep.grid, sweep.best, ctx) : pAtMaxChart(sweep.grid, maxWidth, ctx),
    footnote(
      'n*(λ): required width for each maximal bias λ of the first layer (biases Uniform[−λ, λ]), on the same draws; the best λ has the smallest n* — SCIENCE.md §3. Missing points: no width up to the maximum reaches P ≥ 1 − η.',
    ),
  );
}

function pAtMaxChart(grid: LambdaSweepPoint[], maxWidth: number, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  return ctx.charts.create('lambda-sweep', `Interpolation probability at width ${maxWidth} against the maximal bias λ`, {
    type: 'line',
    data: {
      datasets: [
        line(
          `P(${maxWidth})`,
          grid.map((g) => ({ x: g.lambda, y: g.pAtMax })),
          p.primary,
          { pointRadius: 4 },
        ),
      ],
    },
    options: { ...baseOptions(p), scales: axes(p, { title: 'maximal bias λ' }, { title: `P(n) at n = ${maxWidth}`, min: 0, max: 1 }) },
  });
}

/** How the curve was measured, as SCIENCE.md §3 words it. */
export function methodNote(method: CurveMethod): string {
  return method === 'exact'
    ? 'P(n): fraction of T seeded draws whose width-n prefix interpolates (exact per-draw thresholds), with a pointwise 95 % Wilson score band (each P(n) on its own, not the whole curve at once); n* is the smallest n with P(n) ≥ 1 − η — SCIENCE.md §3.'
    : 'P(n): fraction of T seeded draws that interpolate at each width of a grid (ReLU: the cover loop run on prefixes of each draw), with a pointwise 95 % Wilson score band (each P(n) on its own, not the whole curve at once); n* is the smallest n with P(n) ≥ 1 − η — SCIENCE.md §3.';
}

function lambdaChart(grid: LambdaSweepPoint[], best: number, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const widths: XY[] = grid.map((g) => ({ x: g.lambda, y: g.requiredWidth }));
  const bestPoint = grid.find((g) => g.lambda === best);
  return ctx.charts.create('lambda-sweep', 'Required width against the maximal bias λ', {
    type: 'line',
    data: {
      datasets: [
        line('n*(λ)', widths, p.primary, { pointRadius: 4, spanGaps: false }),
        ...(bestPoint?.requiredWidth != null
          ? [line(`best λ = ${fmt(best)}`, [{ x: best, y: bestPoint.requiredWidth }], p.mark, { pointRadius: 7, pointStyle: 'rectRot', showLine: false })]
          : []),
      ],
    },
    options: { ...baseOptions(p), scales: axes(p, { title: 'maximal bias λ' }, { title: 'required width n*', min: 0 }) },
  });
}

export const memorization: Section = {
  id: 'memorization',
  render(report: Report, ctx: RenderContext) {
    const m = report.memorization;
    if (!m) return null;
    const orientations =
      m.orientations.length > 1
        ? el(
            'table',
            { class: 'orientations' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                el('th', {}, 'X⁻ (covered)'),
                el('th', {}, 'X⁺'),
                el('th', { class: 'num', title: 'n* with this class as X⁻; the headline is the bold row' }, 'n* (this orientation)'),
                el('th', { class: 'num' }, 'K'),
                el('th', {}, 'verified'),
              ),
            ),
            el(
              'tbody',
              {},
              ...m.orientations.map((o) =>
                el(
                  'tr',
                  { class: o.negative === m.orientation.negative ? 'chosen' : '' },
                  el('td', {}, el('span', { class: 'class-name' }, o.negative)),
                  el('td', {}, el('span', { class: 'class-name' }, o.positive)),
                  el('td', { class: 'num' }, fmt(o.requiredWidth)),
                  el('td', { class: 'num' }, fmt(o.K)),
                  el('td', {}, o.verified ? 'yes' : 'no'),
                ),
              ),
            ),
          )
        : null;
    const smaller =
      m.smallerNegative === null
        ? 'Both orientations need the same width.'
        : m.smallerNegative === m.orientation.negative
          ? 'The orientation shown needs the smaller width.'
          : `With ${m.smallerNegative} as X⁻ the width is smaller.`;
    const pieces: (Node | null)[] = [
      el(
        'p',
        {},
        `${m.activation} activation, λ = ${fmt(m.lambda)}, T = ${m.draws} draws, η = ${fmt(m.eta)}, widths up to ${fmt(m.maxWidth)}; X⁻ = `,
        el('span', { class: 'class-name' }, m.orientation.negative),
        ', X⁺ = ',
        el('span', { class: 'class-name' }, m.orientation.positive),
        m.verified ? '. A forward pass of one network at n* classified every point correctly.' : '.',
      ),
      curveChart('p-curve', m.curve, m.requiredWidth, m.eta, m.maxWidth, ctx),
      footnote(methodNote(m.method)),
      orientations,
      orientations
        ? footnote(
            `Which class is X⁻ matters: the bound is linear in the number of X⁻ components — SCIENCE.md §2. The main orientation follows the authors (the second class as X⁻). ${smaller}`,
          )
        : null,
    ];
    const main = card('memorization', 'Interpolation probability P(n)', ctx, 'p-curve', ...pieces);
    const out = el('div', { class: 'group' }, main);
    if (m.kCurve.length) {
      out.append(
        card(
          'k-curve',
          'Second-layer neurons K',
          ctx,
          'k-curve',
          kChart(m.kCurve, ctx),
          footnote('K: neurons the randomized cover loop adds (the pruned second-layer width), mean and range over the draws at each width — SCIENCE.md §2.'),
        ),
      );
    }
    if (m.lambdaSweep) out.append(lambdaSweepCard(m.lambdaSweep, m.lambda, m.maxWidth, ctx));
    return out;
  },
};
