// A Report as a short human summary: plain text for the terminal, Markdown for the clipboard and the
// CLI's --markdown. Both render the same sections, so they can never disagree.
import { formatInterval } from './geometry/measurement';
import { explainNoWidth, type Remedy } from './noWidth';
import { SCALED_DEFINITION } from './lipschitz/scaled';
import type { LipschitzEstimate, MemorizationSetup, NetworkFigures, Report, Spread, WidthInterval } from './report';
import { scienceDocument } from './science';
import { findingsRows } from './findings/format';
import { drawsForUpperEnd } from './memorize/quantileInterval';

/** One titled block of the text and Markdown summaries (the panel's cards are webview/sections, a different thing). */
export interface SummaryBlock {
  title: string;
  /** label, value and where the value's definition lives */
  rows: [label: string, value: string, source?: string][];
  /** sentences shown under the rows */
  notes?: string[];
}

/** Where the reports' "SCIENCE.md §n" citations point. */
const definitionsNote = `SCIENCE.md §n: section n of ${scienceDocument.join('/')}, the definitions behind every figure (in the extension's folder and the repository).`;

// large values in plain digits (5588, not 5.59e+3): toPrecision switches to exponents once the integer part has more digits than asked for
// from 10¹⁵ on, significant digits: String and toFixed wrote R = 3e38 as '3.0000000054977558e+38'
const fmt = (x: number, digits = 4) =>
  Math.abs(x) >= 1e15 ? x.toPrecision(digits) : Number.isInteger(x) ? String(x) : Math.abs(x) >= 10 ** (digits - 1) ? x.toFixed(0) : x.toPrecision(digits);
const widthWithInterval = (n: number | null, i: WidthInterval | undefined, maxWidth: number) =>
  (n === null ? `none within ${maxWidth}` : String(n)) + (i ? ` (${formatInterval(i, String)})` : '');
const rowsOf = (rows: number[]) => (rows.length > 6 ? `${rows.slice(0, 6).join(', ')}, … (${rows.length})` : rows.join(', '));

const count = (x: number) => x.toLocaleString('en-US');

/** n*'s confidence interval, which the report gains with the science work (read when present). */
type WithInterval = { requiredWidthInterval?: { lower: number | null; upper: number | null; level: number; method: string } };

/**
 * One p's estimates for the random networks in words. Lower and upper are two different estimates (a
 * gradient search and a product of norms), each averaged over the networks, so the means are not an
 * interval for one network: each network lies between its own two. `num` formats a figure.
 */
export function randomEstimateText(e: LipschitzEstimate, networks: number, num: (x: number) => string): string {
  const spread = (s: Spread) => `${num(s.mean)} (min–max ${num(s.min)}–${num(s.max)})`;
  return (
    `lower estimate ${spread(e.lower)}, upper estimate ${spread(e.upper)}: each a mean over ${networks} seeded networks, ` +
    "of two different estimates (each network's Lip lies between its own lower and upper)"
  );
}

/** The one line under a multi-class headline: what its n* is and how it counts success (SCIENCE.md §1–2). */
export function oneVsRestNote(classes: number): string {
  return (
    `Multi-class: n* is the width of one first layer shared by the ${classes} one-vs-rest subnetworks, counted ` +
    "only when every subnetwork interpolates (stricter than the authors' classifier) — SCIENCE.md §2."
  );
}

/** What the one-vs-rest n* means, and the difference from the authors' success count (SCIENCE.md §2). */
export function oneVsRestMeaning(classes: number): string[] {
  return [
    `The headline n* is the width of one random first layer shared by all ${classes} one-vs-rest subnetworks (class c as X⁻ ` +
      'against the rest, each with its own second-layer units): the smallest width at which, with probability ≥ 1 − η, ' +
      'every subnetwork interpolates on the same draw. A draw counts at the largest of its per-class thresholds, so n* is ' +
      "at least every class's own n* in the per-class table; K is summed over the subnetworks.",
    "The authors' OneVsRestClassifier sends a point on which no subnetwork fires to the last class, so that class's " +
      'failures never count and their success rate is higher (iris, n = 1000, λ = 1, 200 restarts: 176 successes for ' +
      "their classifier, 151 with every subnetwork interpolating, 145 for the tool on its own draws). Read the paper's " +
      'MNIST tables with that in mind — SCIENCE.md §2.',
  ];
}

/** The headline network: the two-class one, else the shared one-vs-rest network. */
export function headlineNetwork(report: Report): (NetworkFigures & { reason?: string }) | undefined {
  return report.memorization ?? report.multiclass?.oneVsRest;
}

/**
 * The answer in plain sentences, one per figure: what was built at n*, how sure that is, and what it
 * means for the user's own networks. Empty until the memorization stage has run.
 */
export function headlineSentences(report: Report): string[] {
  const net = headlineNetwork(report);
  const setup = report.memorization ?? report.multiclass;
  if (!net || !setup) return [];
  const { N } = report.dataset;
  const units = setup.activation === 'threshold' ? 'threshold units' : 'ReLU units';
  const n = net.requiredWidth;
  if (n === null) {
    const reached = Math.round((net.curve.find((c) => c.n === setup.maxWidth)?.p ?? 0) * setup.draws);
    return [
      `No first-layer width up to ${count(setup.maxWidth)} memorizes all ${count(N)} points with probability ≥ 1 − η = ${1 - setup.eta}: ${reached} of ${setup.draws} seeded draws interpolate there.`,
    ];
  }
  const classes = report.dataset.classes.length;
  // K's work budget gives it fewer draws than n* (20 of the default 100): the approximation says how many
  const kDraws = report.approximations?.find((a) => a.figure === `${report.memorization ? 'memorization' : 'multiclass.oneVsRest'}.K`)?.used;
  const mean = `a mean over ${kDraws === undefined ? `the ${setup.draws}` : `the first ${kDraws} of the ${setup.draws}`} draws, so it may be fractional`;
  const second = report.memorization
    ? `K = ${fmt(net.K ?? NaN, 3)} second-layer units (the cover loop's pruned layer; ${mean})`
    : `K = ${fmt(net.K ?? NaN, 3)} second-layer units summed over the ${classes} one-vs-rest subnetworks (${mean})`;
  const built =
    `Two layers of ${units} memorize all ${count(N)} points: a random first layer of n* = ${count(n)} units ` +
    `(Gaussian weights, biases uniform in [−${setup.lambda}, ${setup.lambda}]${report.multiclass ? ', shared by the classes' : ''}), then ${second}; ${net.parameters === null ? '' : `${count(net.parameters)} parameters in all`}.`;
  const at = net.curve.find((c) => c.n === n);
  const interval = (net as WithInterval).requiredWidthInterval;
  const confidence =
    (at
      ? `At n* = ${count(n)}, ${Math.round(at.p * setup.draws)} of ${setup.draws} seeded draws interpolate (P(n*) = ${fmt(at.p, 3)}, 95 % Wilson interval ${fmt(at.lo, 3)}–${fmt(at.hi, 3)}); n* is the smallest width with P ≥ 1 − η = ${1 - setup.eta}.`
      : '') + (interval ? ` ${intervalSentence(interval, setup)}` : '');
  const meaning =
    'This is an upper bound for one construction whose first layer is random and never trained: a trained network may need far fewer units. It shows the data can be memorized at this size, not that such a network generalizes (see the held-out check).';
  return [built, confidence, meaning].filter((x) => x !== '');
}

/** n*'s confidence interval in words; an upper end T draws cannot give is said to be missing, not placed beyond the widths measured (SCIENCE.md §3). */
function intervalSentence(interval: NonNullable<WithInterval['requiredWidthInterval']>, setup: Pick<MemorizationSetup, 'draws' | 'eta' | 'maxWidth'>): string {
  const level = `${Math.round(100 * interval.level)} % confidence (${interval.method})`;
  const lower = interval.lower === null ? '?' : count(interval.lower);
  if (interval.upper !== null) return `n* itself lies in ${lower}–${count(interval.upper)} with ${level}.`;
  const needed = drawsForUpperEnd(setup.eta, interval.level);
  if (setup.draws < needed)
    return `n* itself is at least ${lower} with ${level}; ${setup.draws} draws give it no upper end (at η = ${setup.eta} that needs T ≥ ${needed} draws).`;
  return `n* itself lies in ${lower}–beyond ${count(setup.maxWidth)} with ${level}.`;
}

/** A remedy as the CLI flag that applies it. */
function remedyFlag(r: Remedy): string {
  const c = r.change;
  if (c.normalize) return `--normalize ${c.normalize}`;
  if (c.maxWidth) return `--max-width ${c.maxWidth}`;
  if (c.classes) return `--classes ${c.classes.join(',')}`;
  return `--lambda ${c.lambda}`;
}

export function summarize(report: Report): SummaryBlock[] {
  const { dataset: ds } = report;
  const sections: SummaryBlock[] = [];
  const answer = headlineSentences(report);
  if (answer.length) sections.push({ title: 'Answer', rows: [], notes: answer });
  const why = explainNoWidth(report);
  if (why && why.causes.length) {
    sections.push({ title: 'Why no width', rows: why.remedies.map((r) => [`try: ${r.label}`, remedyFlag(r)]), notes: why.causes.map((c) => c.sentence) });
  }
  sections.push({
    title: `Dataset ${ds.file}`,
    rows: [
      ['points × features', `${ds.N} × ${ds.d}`],
      ['classes', ds.classes.map((c) => `${c.name} (${c.count})`).join(', ')],
      ['label column', ds.labelColumn],
      ...(ds.header ? [['header', ds.header] as [string, string]] : []),
      ...(ds.split ? [['split', ds.split] as [string, string]] : []),
      [
        'normalisation',
        `${ds.pixelScaled ? 'pixels / 255, then ' : ''}${ds.normalization}` +
          (ds.normalization === 'none' ? `, largest norm R = ${fmt(ds.R)}` : `, R = ${fmt(ds.R)} (points divided by R)`),
        'SCIENCE.md §1',
      ],
      ['images?', ds.images, 'SCIENCE.md §1'],
    ],
    notes: [...(ds.normalizationReason ? [`Normalisation ${ds.normalizationReason}.`] : []), ...report.notes],
  });

  if (report.sanity) {
    const s = report.sanity;
    sections.push({
      title: 'Sanity',
      rows: [
        ['duplicate rows', String(s.duplicates)],
        [
          'conflicting labels',
          s.conflicts.length ? s.conflicts.map((c) => `rows ${rowsOf(c.rows)} (${[...new Set(c.labels)].join(' vs ')})`).join('; ') : 'none',
        ],
      ],
      notes: s.warnings,
    });
  }

  if (report.findings) sections.push({ title: 'Findings', rows: findingsRows(report.findings) });

  if (report.separation) {
    const sep = report.separation;
    const worst = sep.worstPoints.slice(0, 3).map((w) => `row ${w.point.row} (${w.point.label}) ↔ row ${w.neighbor.row}: ${fmt(w.distance)}`);
    sections.push({
      title: 'Separation',
      rows: [
        [
          'δ (closest opposite-class pair)',
          `${fmt(sep.delta)} between rows ${sep.rows[0]} (${sep.labels[0]}) and ${sep.rows[1]} (${sep.labels[1]})`,
          'SCIENCE.md §1',
        ],
        ['nearest opposite-class distance, median', fmt(sep.nearestOppositeQuantiles.find((q) => q.q === 0.5)?.distance ?? NaN)],
        ['closest points', worst.join('; ')],
      ],
    });
  }

  const m = report.memorization;
  if (m) {
    const rows: SummaryBlock['rows'] = [
      ['activation, λ, draws, η', `${m.activation}, λ = ${m.lambda}, T = ${m.draws}, η = ${m.eta}`, 'SCIENCE.md §2–3'],
      ['X⁻ / X⁺', `${m.orientation.negative} / ${m.orientation.positive}`, 'SCIENCE.md §2'],
      [
        'required width n*',
        m.requiredWidth === null
          ? `none within ${m.maxWidth}${m.reason ? ` (${m.reason})` : ''}`
          : `${widthWithInterval(m.requiredWidth, m.requiredWidthInterval, m.maxWidth)}; smallest n with P(n) ≥ 1 − η = ${1 - m.eta}`,
        'SCIENCE.md §3',
      ],
    ];
    if (m.K !== null) rows.push(['second-layer neurons K at n*', fmt(m.K, 3), 'SCIENCE.md §2']);
    if (m.parameters !== null) rows.push(['parameters', String(m.parameters), 'SCIENCE.md §2']);
    if (m.requiredWidth !== null) rows.push(['verified by a forward pass', m.verified ? 'yes, every point classified correctly' : 'NO']);
    for (const o of m.orientations) {
      rows.push([`n* with X⁻ = ${o.negative}`, widthWithInterval(o.requiredWidth, o.requiredWidthInterval, m.maxWidth), 'SCIENCE.md §2']);
    }
    if (m.lambdaSweep) rows.push(lambdaSweepRow(m.lambdaSweep, m.maxWidth));
    sections.push({ title: 'Memorization', rows, notes: m.intervalWarning ? [m.intervalWarning] : [] });
  }

  const mc = report.multiclass;
  if (mc?.oneVsRest) {
    const o = mc.oneVsRest;
    sections.push({
      title: 'One-vs-rest (shared first layer)',
      rows: [
        ['required width n*', widthWithInterval(o.requiredWidth, o.requiredWidthInterval, mc.maxWidth), 'SCIENCE.md §1, §3'],
        ['K summed over classes', o.K === null ? '—' : fmt(o.K, 3), 'SCIENCE.md §2'],
        ['per class (n*, K)', o.perClass.map((c) => `${c.name}: ${c.requiredWidth ?? '—'}, ${c.K === null ? '—' : fmt(c.K, 3)}`).join('; ')],
        ...(mc.lambdaSweep ? [lambdaSweepRow(mc.lambdaSweep, mc.maxWidth)] : []),
      ],
      notes: [...oneVsRestMeaning(ds.classes.length), ...(mc.intervalWarning ? [mc.intervalWarning] : [])],
    });
  }
  if (mc?.pairwise) {
    const p = mc.pairwise;
    const cells: string[] = [];
    p.classes.forEach((a, i) =>
      p.classes.forEach((b, j) => {
        if (i < j) cells.push(`${a}/${b}: ${p.width[i][j] ?? '—'}`);
      }),
    );
    sections.push({ title: 'Pairwise required widths (row class as X⁻)', rows: [['pairs', cells.join(', '), 'SCIENCE.md §1, §3']] });
  }

  const dec = report.decomposition;
  if (dec) {
    const rows: SummaryBlock['rows'] = [
      ['components M⁻ / M⁺', `${dec.Mminus} / ${dec.Mplus} (κ = ${dec.kappa}, ${dec.splits} splits)`, 'SCIENCE.md §4'],
      ['center separation δ_c', fmt(dec.deltaC), 'SCIENCE.md §4'],
      ['ω⁻ / ω⁺ (w²/d³)', `${fmt(dec.omega.minus)} / ${fmt(dec.omega.plus)}`, 'SCIENCE.md §4'],
    ];
    if (dec.bound) {
      const t = dec.bound.terms;
      rows.push(
        ['bound terms δ_c⁻¹log(M⁻M⁺/η), ω⁻, ω⁺', `${fmt(t.separation)}, ${fmt(t.omegaMinus)}, ${fmt(t.omegaPlus)}`, 'SCIENCE.md §4'],
        ['predicted width (up to a constant C)', fmt(dec.bound.predictedWidth), 'SCIENCE.md §4'],
        ['predicted neurons, K ≤ M⁻', `${fmt(dec.bound.predictedNeurons)}, K ≤ ${dec.bound.Kbound}`, 'SCIENCE.md §4'],
      );
    }
    if (dec.measuredWidth !== null && dec.ratio !== null) {
      const ci = dec.ratioInterval ? ` (${formatInterval(dec.ratioInterval, (x) => fmt(x, 3))})` : '';
      rows.push(['measured n* / predicted (C)', `${dec.measuredWidth} / ${fmt(dec.predictedWidth ?? NaN)} = ${fmt(dec.ratio, 3)}${ci}`, 'SCIENCE.md §3–4']);
    }
    if (dec.measuredK !== null) rows.push(['measured K, bound M⁻', `${fmt(dec.measuredK, 3)}, ${dec.Mminus}`, 'SCIENCE.md §2, §4']);
    const wc = dec.worstCase;
    if (wc.measured)
      rows.push(['measured network (n* + K + outputs)', `${wc.measured.neurons} neurons, ${wc.measured.parameters} parameters`, 'SCIENCE.md §2']);
    for (const r of wc.references)
      rows.push([`worst case, ${r.name}${r.exact ? '' : ' (Õ, constants and logs set to 1)'}`, `${r.formula}: ${r.text}`, 'SCIENCE.md §4']);
    const conv = dec.convolutional;
    if (conv) {
      rows.push(
        [
          'EXPERIMENTAL orbit separation (cyclic translations)',
          `${fmt(conv.orbitSeparation)} (plain ${fmt(conv.plainSeparation)}; ${conv.sample.minus} + ${conv.sample.plus} sampled points${conv.orbitPairs.exact ? '' : ', work cap reached: an upper bound'})`,
          'SCIENCE.md §4',
        ],
        [
          'EXPERIMENTAL random filters needed F*',
          conv.requiredFilters === null
            ? (conv.reason ?? `not within ${conv.maxFilters}`)
            : `${conv.requiredFilters} ${conv.kernel}×${conv.kernel} filters = ${conv.units} units, ${conv.parameters} weights (per draw: ${conv.thresholds.join(', ')})`,
          'SCIENCE.md §4',
        ],
      );
    }
    sections.push({ title: 'Cluster/radius decomposition', rows, notes: [dec.sentence] });
  }

  const lip = report.lipschitz;
  if (lip) {
    const pName = (p: number | 'inf') => (p === 'inf' ? '∞' : String(p));
    const rows: SummaryBlock['rows'] = lip.dataBound.map((e) => [
      `2/δ_${pName(e.p)} (any interpolator's Lip_${pName(e.p)} ≥)`,
      e.bound === null ? 'none: δ = 0' : `${fmt(e.bound)} (δ_${pName(e.p)} = ${fmt(e.delta)}, rows ${e.rows[0]} and ${e.rows[1]})`,
      'SCIENCE.md §5',
    ]);
    const r = lip.random;
    for (const e of r.estimates) {
      rows.push([
        `random ReLU net L=${r.L}, N=${r.N}: Lip_${pName(e.p)}`,
        `${randomEstimateText(e, r.draws, fmt)}; reference scale ${fmt(e.reference)}`,
        'SCIENCE.md §5',
      ]);
    }
    const relu = lip.memorizer.relu;
    if (relu) {
      for (const e of relu.estimates) {
        rows.push([
          `ReLU memorizer (n = ${relu.width}): Lip_${pName(e.p)}, scaled (× ${fmt(relu.scale)})`,
          `${fmt(e.scaledLower)} … ${fmt(e.scaledUpper)} against the data bound ${e.dataBound === null ? '—' : fmt(e.dataBound)}`,
          'SCIENCE.md §5',
        ]);
      }
    }
    sections.push({
      title: 'Lipschitz',
      rows,
      notes: [lip.memorizer.threshold, ...(relu ? [SCALED_DEFINITION] : []), ...(lip.memorizer.reason ? [lip.memorizer.reason] : [])],
    });
  }

  const gen = report.generalization;
  if (gen) {
    sections.push({
      title: 'Generalization (held-out check)',
      rows: [
        ['split', `${gen.train} train / ${gen.test} test (${gen.testFraction} held out per class, seed "${gen.seed}")`, 'SCIENCE.md §6'],
        ['n* on the train split', `${gen.requiredWidth === null ? 'not reached' : String(gen.requiredWidth)} (T = ${gen.draws})`, 'SCIENCE.md §3'],
        [
          'memorizer test accuracy',
          `${gen.widths.map((w) => `n = ${w.n}: ${fmt(w.accuracy.mean, 3)}`).join(', ')} (mean over ${gen.scoreDraws} draws)`,
          'SCIENCE.md §6',
        ],
        ['1-nearest-neighbour test accuracy', fmt(gen.nearestNeighbour, 3), 'SCIENCE.md §6'],
      ],
      notes: [gen.yu.reading],
    });
  }

  // the panel shows each beside its figure; here they are one section, so none is lost where a figure has no row
  const approximated = report.approximations ?? [];
  if (approximated.length) sections.push({ title: 'Approximations', rows: [], notes: approximated.map((a) => `${a.figure}: ${a.sentence}`) });

  const total = Object.values(report.timings).reduce((a, b) => a + b, 0);
  sections.push({
    title: 'Timings',
    rows: [
      [
        'ms',
        `${Object.entries(report.timings)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; total ${total}`,
      ],
    ],
  });
  return sections;
}

function lambdaSweepRow(sweep: NonNullable<MemorizationSetup['lambdaSweep']>, maxWidth: number): SummaryBlock['rows'][number] {
  const bounds = (i: WidthInterval | undefined) => (i ? ` [${i.lower ?? `> ${maxWidth}`}, ${i.upper === null ? '∞)' : `${i.upper}]`}` : '');
  const tied = sweep.indistinguishable?.length ? ` (not distinguishable from λ = ${sweep.indistinguishable.join(', ')}: their n* intervals overlap)` : '';
  return [
    'λ sweep (λ: n* [95 % interval])',
    sweep.grid.map((g) => `${g.lambda}: ${g.requiredWidth ?? '—'}${bounds(g.requiredWidthInterval)}`).join(', ') + `; best λ = ${sweep.best}${tied}`,
    'SCIENCE.md §3',
  ];
}

/** Control characters written as escapes (\n, \r, \t, \xNN, as labels show invalid UTF-8): a label or column
 * name read from a quoted CSV field may hold a line break, which would split a row of the text or a Markdown table. */
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const visible = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function formatText(report: Report): string {
  const out: string[] = [];
  for (const s of summarize(report)) {
    const title = visible(s.title);
    out.push(title, '-'.repeat(title.length));
    const width = Math.max(...s.rows.map((r) => visible(r[0]).length));
    for (const [label, value, source] of s.rows) out.push(`  ${visible(label).padEnd(width)}  ${visible(value)}${source ? `  (${source})` : ''}`);
    for (const n of s.notes ?? []) out.push(`  ! ${visible(n)}`);
    out.push('');
  }
  out.push(definitionsNote, '');
  return out.join('\n');
}

const mdEscape = (s: string) => visible(s).replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

export function formatMarkdown(report: Report): string {
  const out: string[] = [`# Dataset Geometry: ${mdEscape(report.dataset.file)}`, ''];
  for (const s of summarize(report)) {
    out.push(`## ${mdEscape(s.title)}`, '');
    if (s.rows.length) out.push('| | | |', '|---|---|---|');
    for (const [label, value, source] of s.rows) out.push(`| ${mdEscape(label)} | ${mdEscape(value)} | ${source ?? ''} |`);
    if (s.rows.length) out.push('');
    for (const n of s.notes ?? []) out.push(`> ${mdEscape(n)}`, '');
  }
  out.push(definitionsNote, '');
  return out.join('\n');
}
