// Lipschitz estimates (SCIENCE.md §5): the data's own bound 2/δ_p with the pair attaining it, random ReLU
// networks at initialisation against p and against their width, and how steep the memorizing network
// is beside the bound, with its least robust training points.
import type { DataBoundEntry, LipschitzEstimate, LipschitzReport, MemorizerRobustness, PValue, Report } from '../../src/core/report';
import { axes, baseOptions, line } from '../charts';
import { randomEstimateText, SCALED_DEFINITION } from '../../src/protocol/reportText';
import { el, fmt, footnote } from '../dom';
import { withAlpha } from '../theme';
import { card, openRowProps, rowLink, type RenderContext, type Section } from './section';

const pName = (p: PValue) => (p === 'inf' ? '∞' : String(p));

/** Least robust points listed per p (the report keeps a few more). */
const shownPoints = 5;

/** The reading of the p = 2 figures (else the first p) in one or two plain sentences. */
function reading(lip: LipschitzReport): string {
  const e = lip.dataBound.find((b) => b.p === 2) ?? lip.dataBound[0];
  if (!e) return '';
  const norm = `ℓ${pName(e.p)}`;
  if (e.bound === null) return `Rows ${e.rows[0]} and ${e.rows[1]} have different labels at ${norm} distance 0: no function can give them different values.`;
  const first = `Any function that is −1 on one class and +1 on the other must change by 2 over the ${norm} distance δ = ${fmt(e.delta, 4)} between rows ${e.rows[0]} and ${e.rows[1]}: its ${norm} Lipschitz constant is at least 2/δ = ${fmt(e.bound)}.`;
  const m = lip.memorizer.relu?.estimates.find((x) => x.p === e.p);
  if (!m) return first;
  const ratio = m.scaledLower / e.bound;
  const steep =
    ratio >= 2
      ? `far steeper: at least ${fmt(m.scaledLower)}, ${fmt(ratio, 2)} times the bound`
      : `at least ${fmt(m.scaledLower)} against the bound's ${fmt(e.bound)}`;
  return `${first} The memorizing ReLU network, rescaled to the same gap of 2, is ${steep} (at most ${fmt(m.scaledUpper)}).`;
}

function boundTable(bounds: DataBoundEntry[], ctx: RenderContext): HTMLElement {
  const attained = (a: boolean | null) => (a === null ? 'not checked (too large)' : a ? 'yes' : 'no');
  return el(
    'table',
    { class: 'lip-bound', id: 'lip-bound' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'p'),
        el('th', { class: 'num' }, 'δₚ'),
        el('th', {}, 'attained by rows'),
        el('th', {}, 'labels'),
        el('th', { class: 'num', title: 'the smallest Lipₚ any interpolator of the labels (−1 / +1) can have' }, '2/δₚ'),
        el('th', { title: 'the McShane extension with L = 2/δₚ interpolates every point' }, 'attained (McShane extension)'),
      ),
    ),
    el(
      'tbody',
      {},
      ...bounds.map((b) =>
        el(
          'tr',
          openRowProps(b.rows[0], ctx, 'bound'),
          el('td', {}, pName(b.p)),
          el('td', { class: 'num' }, fmt(b.delta, 4)),
          el('td', {}, rowLink(b.rows[0], ctx), ', ', rowLink(b.rows[1], ctx)),
          el('td', {}, el('span', { class: 'class-name' }, b.labels[0]), ' / ', el('span', { class: 'class-name' }, b.labels[1])),
          el('td', { class: 'num' }, b.bound === null ? 'none (δ = 0)' : fmt(b.bound, 4)),
          el('td', {}, attained(b.attained)),
        ),
      ),
    ),
  );
}

/** Mean line with its min–max band over the draws, the i-th estimate at x = i (a category axis). */
function spreadLines(name: string, estimates: LipschitzEstimate[], which: 'lower' | 'upper', color: string, alpha: number) {
  const s = estimates.map((e, i) => ({ x: i, ...e[which] }));
  return [
    line(
      `${name} max`,
      s.map((v) => ({ x: v.x, y: v.max })),
      color,
      { borderWidth: 0 },
    ),
    line(
      `${name}: min–max over draws`,
      s.map((v) => ({ x: v.x, y: v.min })),
      withAlpha(color, alpha),
      { borderWidth: 0, fill: '-1', backgroundColor: withAlpha(color, alpha) },
    ),
    line(
      `${name} (mean)`,
      s.map((v) => ({ x: v.x, y: v.mean })),
      color,
      { pointRadius: 3 },
    ),
  ];
}

/** The power of ten below the smallest value: the lowest curve then has a labelled tick under it. */
function powerOfTenBelow(datasets: { data: { y: number | null }[] }[]): number | undefined {
  const ys = datasets.flatMap((d) => d.data.map((v) => v.y)).filter((y): y is number => y !== null && y > 0);
  return ys.length ? 10 ** Math.floor(Math.log10(Math.min(...ys))) : undefined;
}

function againstPChart(lip: LipschitzReport, ctx: RenderContext): HTMLElement {
  const p = ctx.palette,
    est = lip.random.againstP;
  const alpha = p.highContrast ? 0.45 : 0.25;
  const datasets = [
    ...spreadLines('upper estimate', est, 'upper', p.secondary, alpha),
    ...spreadLines('lower estimate', est, 'lower', p.primary, alpha),
    line(
      'reference E‖g‖ₚ′ (p ≥ 2), E‖g‖₂ (p < 2)',
      est.map((e, i) => ({ x: i, y: e.reference })),
      p.series[2] ?? p.foreground,
      { borderDash: [6, 4], pointRadius: 3 },
    ),
  ];
  return ctx.charts.create('lip-against-p', 'Lipschitz estimates of random ReLU networks against p', {
    type: 'line',
    data: { labels: est.map((e) => pName(e.p)), datasets },
    options: {
      ...baseOptions(p),
      scales: axes(
        p,
        { title: 'p (norm of the input space)', type: 'category' },
        { title: 'Lipₚ (log scale)', type: 'logarithmic', min: powerOfTenBelow(datasets) },
      ),
      plugins: { ...baseOptions(p).plugins, legend: { labels: { color: p.foreground, boxWidth: 12, filter: (item) => !item.text.endsWith(' max') } } },
    },
  });
}

function againstWidthChart(lip: LipschitzReport, ctx: RenderContext): HTMLElement {
  const p = ctx.palette,
    grid = lip.random.againstWidth;
  const ps = grid[0]?.estimates.map((e) => e.p) ?? [];
  const datasets = ps.flatMap((pv, k) => {
    const color = p.series[k % p.series.length];
    const at = (which: 'lower' | 'upper') => grid.map((g) => ({ x: g.N, y: g.estimates.find((e) => e.p === pv)?.[which].mean ?? null }));
    return [
      line(`lower, p = ${pName(pv)}`, at('lower'), color, { pointRadius: 4, pointStyle: 'circle' }),
      line(`upper, p = ${pName(pv)}`, at('upper'), color, { pointRadius: 5, borderDash: [6, 4], pointStyle: 'rectRot' }),
    ];
  });
  return ctx.charts.create('lip-against-width', 'Lipschitz estimates of random ReLU networks against the hidden width N', {
    type: 'line',
    data: { datasets },
    options: {
      ...baseOptions(p),
      scales: axes(
        p,
        { title: 'hidden width N (log scale)', type: 'logarithmic', ticksAt: grid.map((g) => g.N) },
        { title: 'Lipₚ, mean over draws (log scale)', type: 'logarithmic', min: powerOfTenBelow(datasets) },
      ),
      // the point shapes tell lower (circle) from upper (diamond) in the legend, which draws no dashes
      plugins: { ...baseOptions(p).plugins, legend: { labels: { color: p.foreground, usePointStyle: true, boxWidth: 8, boxHeight: 8 } } },
    },
  });
}

function randomCard(lip: LipschitzReport, ctx: RenderContext): HTMLElement {
  const r = lip.random;
  const two = r.estimates.find((e) => e.p === 2) ?? r.estimates[0];
  return card(
    'lipschitz-random',
    'Random ReLU networks at initialisation',
    ctx,
    'lip-against-p',
    el(
      'p',
      {},
      `L = ${r.L} hidden layers of width N = ${fmt(r.N)}, input dimension d = ${r.d}, hidden weights N(0, 2/N), output weights N(0, 1), biases ${r.bias}; ${r.draws} draws.`,
    ),
    two
      ? el(
          'p',
          { id: 'lip-random-reading' },
          `For p = ${pName(two.p)}: ${randomEstimateText(two, r.draws, (x) => fmt(x))}; reference scale ${fmt(two.reference)}.`,
        )
      : null,
    againstPChart(lip, ctx),
    footnote(
      "Lipₚ(f) = sup ‖∇f(x)‖ₚ′ with 1/p + 1/p′ = 1. Lower estimate: the largest gradient norm found at the data, random points and a local search; upper: the product of the layers' operator norms (exact for p = 1, 2, ∞, Riesz–Thorin between them). The true value is like the reference E‖g‖ₚ′ (p ≥ 2) or E‖g‖₂ (p < 2), g ~ N(0, I_d), up to constants and factors logarithmic in N and linear in L — SCIENCE.md §5.",
    ),
    r.againstWidth.length > 1 ? againstWidthChart(lip, ctx) : null,
    r.againstWidth.length > 1
      ? footnote(
          'The same estimates (mean over draws) at each hidden width N, for the p values above; solid with circles: lower, dashed with diamonds: upper. Upper curves that coincide overlap: an upper bound carried over from another p by norm equivalence — SCIENCE.md §5.',
        )
      : null,
  );
}

function memorizerChart(relu: NonNullable<MemorizerRobustness['relu']>, ctx: RenderContext): HTMLElement {
  const p = ctx.palette,
    est = relu.estimates;
  const bar = (label: string, values: (number | null)[], color: string) => ({ label, data: values, backgroundColor: color, borderColor: color });
  return ctx.charts.create('lip-memorizer', 'Lipschitz constant of the memorizing ReLU network beside the data bound', {
    type: 'bar',
    data: {
      labels: est.map((e) => `p = ${pName(e.p)}`),
      datasets: [
        bar(
          'data bound 2/δₚ',
          est.map((e) => e.dataBound),
          p.series[2] ?? p.foreground,
        ),
        bar(
          'memorizer, lower estimate (scaled)',
          est.map((e) => e.scaledLower),
          p.primary,
        ),
        bar(
          'memorizer, upper estimate (scaled)',
          est.map((e) => e.scaledUpper),
          p.secondary,
        ),
      ],
    },
    options: {
      ...baseOptions(p),
      parsing: undefined,
      interaction: { mode: 'index', intersect: false },
      scales: axes(p, { title: 'norm of the input space', type: 'category' }, { title: 'Lipₚ (log scale)', type: 'logarithmic' }),
    },
  });
}

function memorizerCard(m: MemorizerRobustness, ctx: RenderContext): HTMLElement {
  const relu = m.relu;
  if (!relu) {
    return card(
      'lipschitz-memorizer',
      "The memorizing network's robustness",
      ctx,
      undefined,
      el('p', { id: 'lip-threshold' }, m.threshold),
      m.reason ? el('p', { class: 'warning', id: 'lip-memorizer-reason' }, m.reason) : null,
      footnote('Threshold networks are discontinuous: no Lipschitz constant is shown for them — SCIENCE.md §5.'),
    );
  }
  const estimates = el(
    'table',
    { id: 'lip-memorizer' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'p'),
        el('th', { class: 'num' }, '2/δₚ'),
        el('th', { class: 'num', title: SCALED_DEFINITION }, 'lower (scaled)'),
        el('th', { class: 'num', title: SCALED_DEFINITION }, 'upper (scaled)'),
        el('th', { class: 'num' }, 'lower'),
        el('th', { class: 'num' }, 'upper'),
      ),
    ),
    el(
      'tbody',
      {},
      ...relu.estimates.map((e) =>
        el(
          'tr',
          {},
          el('td', {}, pName(e.p)),
          el('td', { class: 'num' }, fmt(e.dataBound, 4)),
          el('td', { class: 'num' }, fmt(e.scaledLower, 4)),
          el('td', { class: 'num' }, fmt(e.scaledUpper, 4)),
          el('td', { class: 'num' }, fmt(e.lower, 4)),
          el('td', { class: 'num' }, fmt(e.upper, 4)),
        ),
      ),
    ),
  );
  const radii = el(
    'table',
    { class: 'radii', id: 'lip-radii' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'row'),
        el('th', {}, 'label'),
        el('th', { class: 'num' }, 'margin'),
        el('th', { class: 'num', title: 'margin / Lipschitz upper bound: no ℓp perturbation shorter than this changes the class' }, 'certified radius'),
        el('th', { class: 'num', title: 'margin / gradient norm at the point: the first-order distance to the boundary' }, 'first-order radius'),
      ),
    ),
    ...relu.radii.map((r) =>
      el(
        'tbody',
        { attrs: { 'data-p': pName(r.p) } },
        el('tr', { class: 'group-head' }, el('th', { attrs: { colspan: '5' } }, `p = ${pName(r.p)}: median certified radius ${fmt(r.medianCertified)}`)),
        ...r.leastRobust
          .slice(0, shownPoints)
          .map((c) =>
            el(
              'tr',
              openRowProps(c.point.row, ctx, 'radius'),
              el('td', {}, rowLink(c.point.row, ctx)),
              el('td', {}, el('span', { class: 'class-name' }, c.point.label)),
              el('td', { class: 'num' }, fmt(c.margin)),
              el('td', { class: 'num' }, fmt(c.certified)),
              el('td', { class: 'num' }, fmt(c.estimated)),
            ),
          ),
      ),
    ),
  );
  return card(
    'lipschitz-memorizer',
    "The memorizing network's robustness",
    ctx,
    'lip-memorizer',
    el('p', { id: 'lip-threshold' }, m.threshold),
    el(
      'p',
      {},
      `ReLU variant at its required width n = ${fmt(relu.width)} (K = ${fmt(relu.K)}, λ = ${fmt(relu.lambda)}, one interpolating draw of ${relu.draws}); X⁻ = `,
      el('span', { class: 'class-name' }, relu.orientation.negative),
      ', X⁺ = ',
      el('span', { class: 'class-name' }, relu.orientation.positive),
      '.',
    ),
    memorizerChart(relu, ctx),
    estimates,
    footnote(
      `Lipₚ of f = Σ_k ReLU(m_k − ⟨u_k, h(x)⟩) (X⁻ where f > 0), lower and upper estimates as for random networks, of this one network. ${SCALED_DEFINITION} Here the factor is ${fmt(relu.scale)} — SCIENCE.md §5.`,
    ),
    ...relu.notes.map((n) => el('p', { class: 'footnote' }, n)),
    radii,
    footnote(
      `The ${shownPoints} least robust training points per p: certified radius = margin / Lipschitz upper bound (no ℓp perturbation shorter than it changes the class); first-order radius = margin / gradient norm at the point. Rows open the file — SCIENCE.md §5.`,
    ),
  );
}

export const lipschitz: Section = {
  id: 'lipschitz',
  render(report: Report, ctx: RenderContext) {
    const lip = report.lipschitz;
    if (!lip) return null;
    return el(
      'div',
      { class: 'group', id: 'section-lipschitz' },
      card(
        'lipschitz-bound',
        "Lipschitz: the data's own bound",
        ctx,
        undefined,
        el('p', { class: 'reading', id: 'lip-reading' }, reading(lip)),
        boundTable(lip.dataBound, ctx),
        footnote(
          "δₚ: the smallest ℓp distance between points with different labels, after normalisation; any f with f = −1 on X⁻ and +1 on X⁺ has Lipₚ(f) ≥ 2/δₚ, and the McShane extension attains it — SCIENCE.md §5. Rows open the file at the pair's first row.",
        ),
      ),
      randomCard(lip, ctx),
      memorizerCard(lip.memorizer, ctx),
    );
  },
};
