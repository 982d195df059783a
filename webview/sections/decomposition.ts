// The cluster/radius decomposition (SCIENCE.md §4): the one-sentence reading, the covering's components, the
// 2-D view with the balls, radius against distance with the admissibility line, the bound's terms
// beside the measured n*, both orientations, the worst case against this instance, and for images the
// experimental convolutional variant.
import type { Plugin } from 'chart.js';
import type { ConvolutionalDecomposition, DecompositionBound, DecompositionReport, Report } from '../../src/core/report';
import { axes, baseOptions, line, type XY } from '../charts';
import { el, fmt, footnote } from '../dom';
import { withAlpha } from '../theme';
import { card, collapsibleBodies, type RenderContext, type Section } from './section';

/** Components listed before "Show all" (digits one-vs-rest has hundreds; all are in the DOM). */
const shownComponents = 12;

const sideLabel = (dec: DecompositionReport, side: 'minus' | 'plus') =>
  `${side === 'minus' ? 'X⁻' : 'X⁺'} = ${dec.components.find((c) => c.side === side)?.className ?? ''}`;

function componentTable(dec: DecompositionReport): HTMLElement[] {
  const row = (c: DecompositionReport['components'][number], j: number) =>
    el(
      'tr',
      { class: c.admissible ? '' : 'inadmissible' },
      el('td', { class: 'num' }, String(j + 1)),
      el('td', {}, c.side === 'minus' ? 'X⁻ ' : 'X⁺ ', el('span', { class: 'class-name' }, c.className)),
      el('td', { class: 'num' }, fmt(c.size)),
      el('td', { class: 'num' }, fmt(c.radius, 3)),
      el('td', { class: 'num' }, fmt(c.distance, 3)),
      el('td', {}, c.admissible ? 'yes' : 'no'),
      el('td', { class: 'num' }, `${fmt(c.width, 3)} ± ${fmt(c.widthSE, 2)}`),
      el('td', { class: 'num' }, `${fmt(c.oneSidedWidth, 3)} ± ${fmt(c.oneSidedWidthSE, 2)}`),
      el('td', { class: 'num' }, fmt(c.complexitySlide, 3)),
      el('td', { class: 'num' }, fmt(c.complexityJournal, 3)),
    );
  const rows = dec.components.map(row);
  const { bodies, toggle } = collapsibleBodies(rows.slice(0, shownComponents), rows.slice(shownComponents), 'components', 'components-more');
  const th = (text: string, title: string, num = true) => el('th', { class: num ? 'num' : '', title }, text);
  const table = el(
    'table',
    { class: 'components', id: 'components' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        th('#', 'component'),
        th('class', 'side of the first orientation and class name', false),
        th('size', 'points in the component'),
        th('radius r', 'largest distance from the center to a member'),
        th('d(c, C_other)', 'distance from the center to the nearest center of the other class'),
        th('admissible', `r ≤ κ · d(c, C_other), κ = ${dec.kappa}`, false),
        th('w ± SE', `w: the paper's Gaussian mean width E sup |⟨g, x − c_j⟩| (used in ω), ${dec.widthDraws} Monte Carlo draws`),
        th('w⁺ ± SE', 'w⁺: the one-sided mean width E sup ⟨g, x − c_j⟩ from the same draws, for comparison (not used in ω)'),
        th('w²/r³', 'slide form of the complexity (— when r = 0)'),
        th('w²/d³', 'journal form of the complexity, used in ω'),
      ),
    ),
    ...bodies,
  );
  return toggle ? [table, toggle] : [table];
}

/** Log-axis labels at 1, 2 and 5 times a power of ten only, formatted like the tables. */
const logTicks = (value: number | string) => {
  const v = Number(value),
    m = v / 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-9) ? fmt(v) : '';
};

/** No extra tick at an axis's computed min and max (it crowds the neighbouring round tick). */
function withoutBoundTicks<A extends ReturnType<typeof axes>>(a: A) {
  return { x: { ...a.x, ticks: { ...a.x.ticks, includeBounds: false } }, y: { ...a.y, ticks: { ...a.y.ticks, includeBounds: false } } };
}

function radiusChart(dec: DecompositionReport, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const pts = (side: 'minus' | 'plus', admissible: boolean): XY[] =>
    dec.components.filter((c) => c.side === side && c.admissible === admissible).map((c) => ({ x: c.distance, y: c.radius }));
  const dMax = Math.max(...dec.components.map((c) => c.distance), 1e-9) * 1.05;
  const dot = { showLine: false, pointRadius: 4 };
  const inadmissible = [...pts('minus', false), ...pts('plus', false)];
  return ctx.charts.create('radius-distance', 'Component radius against distance to the other class', {
    type: 'line',
    data: {
      datasets: [
        line(sideLabel(dec, 'minus'), pts('minus', true), p.series[0], dot),
        line(sideLabel(dec, 'plus'), pts('plus', true), p.series[1], { ...dot, pointStyle: 'rect' }),
        ...(inadmissible.length ? [line('inadmissible', inadmissible, p.mark, { ...dot, pointStyle: 'crossRot', pointRadius: 6 })] : []),
        line(
          `r = κ·d (κ = ${fmt(dec.kappa)})`,
          [
            { x: 0, y: 0 },
            { x: dMax, y: dec.kappa * dMax },
          ],
          p.muted,
          { borderDash: [6, 4], borderWidth: 1.5 },
        ),
      ],
    },
    options: {
      ...baseOptions(p),
      interaction: { mode: 'nearest', intersect: true },
      scales: withoutBoundTicks(
        axes(p, { title: 'distance d(c, C_other) to the nearest other-class center', min: 0, max: dMax }, { title: 'radius r', min: 0 }),
      ),
    },
  });
}

/**
 * Draws each component's ball in data coordinates, and widens the x or the y range once the chart area
 * is known so that one unit is as long on both axes: the balls are then drawn as circles.
 */
function ballsPlugin(balls: { x: number; y: number; radius: number; color: string }[], highContrast: boolean): Plugin<'line'> {
  // widening can change the tick labels and so the chart area: the update it triggers renders again,
  // and must not adjust again from inside itself (that recursed until the stack overflowed)
  let adjusting = false;
  return {
    id: 'componentBalls',
    afterRender(chart) {
      if (adjusting) return;
      const {
        chartArea: area,
        scales: { x, y },
      } = chart;
      const perPixel = [(x.max - x.min) / area.width, (y.max - y.min) / area.height];
      if (Math.abs(perPixel[0] / perPixel[1] - 1) < 0.01) return;
      const unit = Math.max(...perPixel);
      const widen = (scale: typeof x, pixels: number) => {
        const mid = (scale.max + scale.min) / 2;
        return { min: mid - (unit * pixels) / 2, max: mid + (unit * pixels) / 2 };
      };
      Object.assign(chart.options.scales!.x!, widen(x, area.width));
      Object.assign(chart.options.scales!.y!, widen(y, area.height));
      adjusting = true;
      chart.update('none');
      adjusting = false;
    },
    beforeDatasetsDraw(chart) {
      const {
        ctx: g,
        chartArea: area,
        scales: { x, y },
      } = chart;
      g.save();
      g.beginPath();
      g.rect(area.left, area.top, area.width, area.height);
      g.clip();
      g.lineWidth = highContrast ? 2 : 1.25;
      for (const b of balls) {
        const cx = x.getPixelForValue(b.x),
          cy = y.getPixelForValue(b.y);
        const rx = Math.abs(x.getPixelForValue(b.x + b.radius) - cx),
          ry = Math.abs(y.getPixelForValue(b.y + b.radius) - cy);
        g.strokeStyle = b.color;
        g.beginPath();
        g.ellipse(cx, cy, rx, ry, 0, 0, 2 * Math.PI);
        g.stroke();
      }
      g.restore();
    },
  };
}

function projectionChart(dec: DecompositionReport, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const { points, centers } = dec.projection;
  const colors = [p.series[0], p.series[1]];
  // hundreds of overlapping balls (digits one-vs-rest) would hide the points: fainter the more there are
  const alpha = Math.min(p.highContrast ? 0.9 : 0.7, Math.max(0.15, 4 / Math.sqrt(centers.length)));
  const balls = centers.map((c, j) => ({ ...c, color: withAlpha(colors[dec.components[j].side === 'minus' ? 0 : 1], alpha) }));
  // equal spans on both axes to start with; ballsPlugin then equalises the units per pixel
  const xs = [...points.map((q) => q.x), ...centers.map((c) => c.x)],
    ys = [...points.map((q) => q.y), ...centers.map((c) => c.y)];
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const half = (Math.max(x1 - x0, y1 - y0) / 2) * 1.08 || 1;
  const [mx, my] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const dots = (side: 0 | 1): XY[] => points.filter((q) => q.side === side).map((q) => ({ x: q.x, y: q.y }));
  const dot = { showLine: false, pointRadius: 2, pointHoverRadius: 3 };
  const method = dec.projection.method === 'raw' ? 'raw coordinates' : 'principal axis';
  const box = ctx.charts.create('projection', 'The data in two dimensions with the component balls', {
    type: 'line',
    data: {
      datasets: [
        line(sideLabel(dec, 'minus'), dots(0), withAlpha(colors[0], 0.8), dot),
        line(sideLabel(dec, 'plus'), dots(1), withAlpha(colors[1], 0.8), { ...dot, pointStyle: 'rect' }),
      ],
    },
    options: {
      ...baseOptions(p),
      interaction: { mode: 'nearest', intersect: true },
      scales: withoutBoundTicks(axes(p, { title: `${method} 1`, min: mx - half, max: mx + half }, { title: `${method} 2`, min: my - half, max: my + half })),
    },
    plugins: [ballsPlugin(balls, p.highContrast)],
  });
  box.classList.add('square');
  return box;
}

function boundChart(dec: DecompositionReport, b: DecompositionBound, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const bars: [string, number | null, string][] = [
    ['R δ_c⁻¹ log(M⁻M⁺/η)', b.terms.separation, p.primary],
    ['R ω⁻', b.terms.omegaMinus, p.primary],
    ['R ω⁺', b.terms.omegaPlus, p.primary],
    ['predicted width', b.predictedWidth, p.secondary],
    ['measured n*', dec.measuredWidth, p.mark],
  ];
  const shown = bars.filter(([, v]) => v !== null && v > 0) as [string, number, string][];
  const base = axes(p, { title: 'term' }, { title: 'width (log scale)' });
  return ctx.charts.create('bound-terms', "The bound's terms beside the measured required width", {
    type: 'bar',
    data: {
      labels: shown.map(([label]) => label),
      datasets: [{ label: 'width', data: shown.map(([, v]) => v), backgroundColor: shown.map(([, , c]) => c), borderColor: shown.map(([, , c]) => c) }],
    },
    options: {
      ...baseOptions(p),
      parsing: undefined,
      plugins: { ...baseOptions(p).plugins, legend: { display: false } },
      scales: { x: { ...base.x, type: 'category' }, y: { ...base.y, type: 'logarithmic', min: undefined, ticks: { ...base.y.ticks, callback: logTicks } } },
    },
  });
}

function measuredTable(dec: DecompositionReport): HTMLElement | null {
  if (!dec.measured.length) return null;
  const best = dec.measured.find((m) => m.requiredWidth === dec.measuredWidth);
  return el(
    'table',
    { class: 'measured', id: 'measured' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { class: 'num' }, 'λ'),
        el('th', { class: 'num' }, 'measured n*'),
        el('th', { class: 'num', title: 'measured n* / predicted width' }, 'C = n* / predicted'),
        el('th', { class: 'num' }, 'measured K'),
      ),
    ),
    el(
      'tbody',
      {},
      ...dec.measured.map((m) =>
        el(
          'tr',
          { class: m === best ? 'chosen' : '' },
          el('td', { class: 'num' }, fmt(m.lambda)),
          el('td', { class: 'num' }, fmt(m.requiredWidth)),
          el('td', { class: 'num' }, fmt(m.ratio, 2)),
          el('td', { class: 'num' }, fmt(m.measuredK)),
        ),
      ),
    ),
  );
}

function orientationTable(dec: DecompositionReport): HTMLElement {
  const num = (x: number | null, digits = 3) => el('td', { class: 'num' }, fmt(x, digits));
  return el(
    'table',
    { class: 'orientations', id: 'decomposition-orientations' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'X⁻'),
        el('th', {}, 'X⁺'),
        el('th', { class: 'num' }, 'M⁻'),
        el('th', { class: 'num' }, 'M⁺'),
        el('th', { class: 'num' }, 'ω⁻'),
        el('th', { class: 'num' }, 'ω⁺'),
        el('th', { class: 'num', title: 'R δ_c⁻¹ log(M⁻M⁺/η)' }, 'separation term'),
        el('th', { class: 'num' }, 'predicted width'),
        el('th', { class: 'num', title: 'M⁻ + R δ_c⁻¹ log(2M⁻M⁺) + R ω' }, 'predicted neurons'),
        el('th', { class: 'num' }, 'K ≤ M⁻'),
      ),
    ),
    el(
      'tbody',
      {},
      ...dec.orientations.map((o, i) =>
        el(
          'tr',
          { class: i === dec.smallerOrientation ? 'chosen' : '' },
          el('td', {}, el('span', { class: 'class-name' }, o.negative)),
          el('td', {}, el('span', { class: 'class-name' }, o.positive)),
          num(o.Mminus),
          num(o.Mplus),
          num(o.omegaMinus),
          num(o.omegaPlus),
          num(o.terms.separation),
          num(o.predictedWidth),
          num(o.predictedNeurons),
          num(o.Kbound),
        ),
      ),
    ),
  );
}

function worstCaseChart(dec: DecompositionReport, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const s = dec.worstCase.series;
  const base = axes(p, { title: 'number of points N (log scale)', type: 'logarithmic' }, { title: 'neurons (log scale)' });
  const instance = s.filter((q) => q.instanceNeurons !== null).map((q) => ({ x: q.N, y: q.instanceNeurons }));
  const lowest = Math.min(...s.map((q) => Math.min(q.worstCaseNeurons, q.instanceNeurons ?? Infinity)));
  const highest = Math.max(...s.map((q) => Math.max(q.worstCaseNeurons, q.instanceNeurons ?? 0)));
  return ctx.charts.create('worst-case', "Worst-case neurons against this dataset's predicted neurons, over N", {
    type: 'line',
    data: {
      datasets: [
        line(
          `Baum 1988: any labelling of N points in general position (${dec.worstCase.references[0].formula})`,
          s.map((q) => ({ x: q.N, y: q.worstCaseNeurons })),
          p.mark,
          { pointRadius: 3 },
        ),
        ...(instance.length ? [line('this dataset: predicted neurons (constant in N)', instance, p.primary, { pointRadius: 3, borderDash: [6, 3] })] : []),
        line(
          `this dataset's N = ${fmt(dec.N)}`,
          [
            { x: dec.N, y: lowest },
            { x: dec.N, y: highest },
          ],
          p.muted,
          { borderDash: [2, 3], borderWidth: 1 },
        ),
      ],
    },
    options: {
      ...baseOptions(p),
      scales: {
        x: { ...base.x, ticks: { ...base.x.ticks, callback: logTicks, autoSkip: false, maxRotation: 0 } },
        // a margin below the lowest series, so a flat instance line does not sit on the axis
        y: { ...base.y, type: 'logarithmic', min: lowest / 2, max: highest * 1.5, ticks: { ...base.y.ticks, callback: logTicks, autoSkip: false } },
      },
    },
  });
}

function filterCurveChart(conv: ConvolutionalDecomposition, eta: number, ctx: RenderContext): HTMLElement {
  const p = ctx.palette;
  const top = Math.max(conv.requiredFilters ?? 0, ...conv.curve.map((c) => c.filters), 1);
  const xMax = Math.ceil(top * 1.5) + 1;
  // P(F) is 0 before the first draw interpolates and keeps its value until the next jump ('before': see curveChart)
  const steps: XY[] = [{ x: 0, y: 0 }, ...conv.curve.map((c) => ({ x: c.filters, y: c.p })), { x: xMax, y: conv.curve.at(-1)?.p ?? 0 }];
  return ctx.charts.create('conv-curve', 'Interpolation probability against the number of random filters', {
    type: 'line',
    data: {
      datasets: [
        line('P(F)', steps, p.primary, { stepped: 'before' }),
        line(
          `1 − η = ${fmt(1 - eta)}`,
          [
            { x: 0, y: 1 - eta },
            { x: xMax, y: 1 - eta },
          ],
          p.muted,
          { borderDash: [2, 3], borderWidth: 1 },
        ),
        ...(conv.requiredFilters !== null
          ? [
              line(
                `F* = ${conv.requiredFilters}`,
                [
                  { x: conv.requiredFilters, y: 0 },
                  { x: conv.requiredFilters, y: 1 },
                ],
                p.mark,
                { borderDash: [6, 4] },
              ),
            ]
          : []),
      ],
    },
    options: {
      ...baseOptions(p),
      scales: axes(
        p,
        { title: `random ${conv.kernel} × ${conv.kernel} filters F (each with all ${conv.side * conv.side} translates)`, min: 0, max: xMax },
        { title: 'P(F)', min: 0, max: 1 },
      ),
    },
  });
}

function convolutionalCard(dec: DecompositionReport, conv: ConvolutionalDecomposition, ctx: RenderContext): HTMLElement {
  const { sample, orbitPairs } = conv;
  const subsampled = sample.minus < sample.ofMinus || sample.plus < sample.ofPlus;
  const sampleText = subsampled
    ? `a seeded subsample of ${fmt(sample.minus)} of ${fmt(sample.ofMinus)} X⁻ and ${fmt(sample.plus)} of ${fmt(sample.ofPlus)} X⁺ points (to bound the cost)`
    : `all ${fmt(sample.minus)} X⁻ and ${fmt(sample.plus)} X⁺ points`;
  const orbitText = orbitPairs.exact
    ? `exact over the ${fmt(orbitPairs.total)} pairs (${fmt(orbitPairs.computed)} computed, the rest ruled out by a lower bound)`
    : `an upper bound: ${fmt(orbitPairs.computed)} of ${fmt(orbitPairs.total)} pairs computed before the work cap`;
  const out = card(
    'convolutional',
    'Convolutional variant',
    ctx,
    conv.curve.length ? 'conv-curve' : undefined,
    el('p', {}, `${conv.side} × ${conv.side} images, ${conv.kernel} × ${conv.kernel} random filters, computed on ${sampleText}.`),
    el(
      'p',
      {},
      'Orbit separation min ‖x⁻ − τx⁺‖ = ',
      el('strong', { id: 'orbit-separation' }, fmt(conv.orbitSeparation, 4)),
      ` against the plain separation ${fmt(conv.plainSeparation, 4)} of the same pairs (${orbitText}).`,
    ),
    conv.reason ? el('p', { class: 'warning' }, conv.reason) : null,
    conv.reason
      ? null
      : el(
          'p',
          {},
          'Filters needed F* = ',
          el('strong', { id: 'required-filters' }, fmt(conv.requiredFilters)),
          conv.requiredFilters !== null
            ? ` (${fmt(conv.units)} first-layer units, ${fmt(conv.parameters)} first-layer weights and biases), per draw ${conv.thresholds.map((t) => fmt(t)).join(', ')}; the fully connected first layer measured n* = ${fmt(dec.measuredWidth)} units with ${fmt(dec.measuredWidth === null ? null : dec.measuredWidth * (dec.d + 1))} weights and biases.`
            : ` — not reached within ${fmt(conv.maxFilters)} filters in ${conv.draws} draws.`,
        ),
    conv.curve.length ? filterCurveChart(conv, dec.eta, ctx) : null,
    footnote(
      `EXPERIMENTAL, not yet verified against the thesis on image data — SCIENCE.md §4, convolutional variant. Orbit distance: min over the ${conv.side * conv.side} cyclic 2-D translations τ of ‖x − τy‖. A convolutional first layer: F filters with N(0, 1) weights and one bias ~ Uniform[−λ, λ] each (λ = ${fmt(conv.lambda, 3)}, the largest ${conv.kernel} × ${conv.kernel} patch norm, as λ ≈ R for a dense layer), every cyclic translate a threshold unit; P(F) is the fraction of ${conv.draws} seeded draws whose first F filters interpolate (exact per-draw thresholds, SCIENCE.md §3), F* the smallest F with P(F) ≥ 1 − η.${subsampled ? ' On a subsample, F* is a lower estimate for the whole data.' : ''}`,
    ),
  );
  out
    .querySelector('h2')!
    .append(el('span', { class: 'badge', title: 'Not yet verified on image data (SCIENCE.md §4, convolutional variant)' }, 'Experimental'));
  return out;
}

export const decomposition: Section = {
  id: 'decomposition',
  render(report: Report, ctx: RenderContext) {
    const dec = report.decomposition;
    if (!dec) return null;
    const b = dec.bound;
    const sentence = el('p', { class: 'reading', id: 'decomposition-sentence' }, dec.sentence);
    const counts = el(
      'p',
      {},
      el('strong', { id: 'decomposition-mminus', attrs: { 'data-value': String(dec.Mminus) } }, `M⁻ = ${dec.Mminus}`),
      ', ',
      el('strong', { id: 'decomposition-mplus', attrs: { 'data-value': String(dec.Mplus) } }, `M⁺ = ${dec.Mplus}`),
      ` components (${sideLabel(dec, 'minus')}, ${sideLabel(dec, 'plus')}) for N = ${fmt(dec.N)} points in d = ${fmt(dec.d)}, after ${fmt(dec.splits)} splits; κ = ${fmt(dec.kappa)}, δ_c = ${fmt(dec.deltaC, 4)}, R = ${fmt(dec.R, 4)}.`,
    );
    const conflicts = dec.conflicts.length
      ? el('p', { class: 'warning' }, `${dec.conflicts.length} group(s) of identical points carry opposite labels: no admissible covering and no bound exist.`)
      : null;
    const out = el('div', { class: 'group' });
    out.append(
      card(
        'decomposition',
        'Cluster/radius decomposition',
        ctx,
        undefined,
        sentence,
        counts,
        conflicts,
        ...componentTable(dec),
        footnote(
          `A mutual covering: each class split into balls with center c and radius r, admissible when r ≤ κ · d(c, C_other), d(c, C_other) the distance to the nearest center of the other class; w = the paper's Gaussian mean width w(X_j − c_j) = E sup |⟨g, x − c_j⟩| by Monte Carlo (${dec.widthDraws} draws) ± its standard error, and beside it the one-sided w⁺ = E sup ⟨g, x − c_j⟩ from the same draws (equal for a set symmetric about c_j, never larger than w; not used in ω); complexity w²/r³ (slide form) and w²/d³ (journal form, ω± = its maximum per class) — SCIENCE.md §4. Centers: ${dec.centerRule}.`,
        ),
      ),
    );
    const pr = dec.projection;
    out.append(
      card(
        'projection',
        'The data in two dimensions',
        ctx,
        'projection',
        el(
          'p',
          {},
          pr.method === 'raw'
            ? 'The raw plane (d = 2): distances are true.'
            : `PCA projection onto the first two principal axes, which explain ${fmt(100 * pr.explainedVariance, 3)} % of the variance; ${fmt(pr.points.length)} points shown.`,
        ),
        projectionChart(dec, ctx),
        footnote(
          pr.method === 'raw'
            ? "Points and component balls (center c, radius r) in the data's own coordinates, after normalisation — SCIENCE.md §4."
            : 'Points and component balls (center c, radius r) projected onto the first two principal axes of a seeded subsample: the projection shrinks distances, so points crowd towards the centers and balls that look overlapping may be apart in R^d; the balls are indicative — SCIENCE.md §4.',
        ),
      ),
    );
    out.append(
      card(
        'radius-distance',
        'Radius against distance to the other class',
        ctx,
        'radius-distance',
        radiusChart(dec, ctx),
        footnote('One point per component: its radius r against d(c, C_other); components on or below the dashed line r = κ·d are admissible — SCIENCE.md §4.'),
      ),
    );
    if (b) {
      out.append(
        card(
          'bound',
          'The bound against measurement',
          ctx,
          'bound-terms',
          el(
            'p',
            {},
            'First-layer width predicted by the bound (up to an absolute constant) ',
            el('strong', { id: 'predicted-width' }, fmt(b.predictedWidth)),
            ...(dec.measuredWidth !== null
              ? [
                  `, measured n* = `,
                  el('strong', { id: 'measured-width' }, fmt(dec.measuredWidth)),
                  dec.measured.length > 1
                    ? ` (the smallest over the λ sweep, at λ = ${fmt(dec.measured.find((m) => m.requiredWidth === dec.measuredWidth)?.lambda ?? null)})`
                    : '',
                  ', empirical constant C = ',
                  el('strong', { id: 'empirical-constant' }, fmt(dec.ratio, 2)),
                ]
              : []),
            `; K ≤ M⁻ = ${b.Kbound}${dec.measuredK !== null ? `, measured K = ${fmt(dec.measuredK)}` : ''}.`,
          ),
          boundChart(dec, b, ctx),
          footnote(
            'The theorem interpolates once n ≳ δ_c⁻¹ log(M⁻M⁺/η), n ≳ ω⁻ and n ≳ ω⁺ (each multiplied by R, the largest norm), up to absolute constants; the predicted width is the largest term, and the measured n* over it is the empirical constant C — SCIENCE.md §4, §3.',
          ),
          measuredTable(dec),
          dec.measured.length
            ? footnote(
                'Per λ of the sweep: measured n* and C = n* / predicted width; the bold row has the smallest n*. K is measured at the λ the memorization study used — SCIENCE.md §3, §4.',
              )
            : null,
          orientationTable(dec),
          footnote(
            'Both orientations share the covering; only the roles of the classes swap. Predicted neurons M⁻ + R δ_c⁻¹ log(2M⁻M⁺) + R max(ω⁻, ω⁺) and K ≤ M⁻, up to absolute constants; the bold row has fewer predicted neurons — SCIENCE.md §4.',
          ),
        ),
      );
    }
    out.append(
      card(
        'worst-case',
        'Worst case against this dataset',
        ctx,
        'worst-case',
        worstCaseChart(dec, ctx),
        footnote(`${dec.worstCase.reference} — SCIENCE.md §4.`),
      ),
    );
    if (dec.convolutional) out.append(convolutionalCard(dec, dec.convolutional, ctx));
    return out;
  },
};
