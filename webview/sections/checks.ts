// The model-free data checks (SCIENCE.md §9), the second half of the Data findings card (sanity.ts): the
// dataset-level findings, then one group per kind of per-row finding, worst first, with its count,
// reason and every flagged row (the first few shown, the rest one click away), then the threshold
// network's bottleneck rows and what removing them does to n*; a row opens the file at that line, and
// the flagged rows export as CSV.
import { bottleneckNetwork, bySeverity, severityCounts, whatIfEffect } from '../../src/protocol/reportText';
import type { BottleneckReport, FindingRows, FlaggedRow, Report } from '../../src/core/report';
import { el, fmt, footnote, thead } from '../dom';
import { collapsibleBodies, openRowProps, rowLink, type RenderContext } from './section';

/** rows of one kind shown before "Show all" */
const shownPerKind = 5;

function rowTr(f: FindingRows, r: FlaggedRow, ctx: RenderContext): HTMLElement {
  const partner = r.partner
    ? f.partnerFile
      ? `${f.partnerFile} row ${r.partner.row} (${r.partner.label})`
      : el('span', {}, rowLink(r.partner.row, ctx), ` (${r.partner.label})`)
    : r.suggested !== undefined
      ? el('span', {}, 'suggested ', el('span', { class: 'class-name' }, r.suggested))
      : r.distance !== undefined && r.typical !== undefined
        ? `${fmt(r.distance, 3)} (class median ${fmt(r.typical, 3)})`
        : '';
  return el(
    'tr',
    openRowProps(r.row, ctx, `finding ${f.severity}`),
    el('td', {}, rowLink(r.row, ctx)),
    el('td', {}, el('span', { class: 'class-name' }, r.label)),
    el('td', {}, partner),
    el('td', { class: 'num' }, fmt(r.score, 3)),
  );
}

function group(f: FindingRows, ctx: RenderContext): HTMLElement {
  const trs = f.rows.map((r) => rowTr(f, r, ctx));
  const { bodies, toggle } = collapsibleBodies(trs.slice(0, shownPerKind), trs.slice(shownPerKind), 'rows', `check-more-${f.kind}`);
  return el(
    'div',
    { class: `check-group ${f.severity}`, attrs: { 'data-kind': f.kind } },
    el('h3', {}, el('span', { class: 'severity' }, f.severity), ` ${f.kind} `, el('span', { class: 'count' }, `(${fmt(f.rows.length)})`)),
    el('p', {}, f.reason, '. Score: ', f.score, '.'),
    el(
      'table',
      { class: 'findings checks' },
      thead('Row', 'Label', f.partnerFile ? `In ${f.partnerFile}` : f.kind === 'outliers' ? 'Same-class distance' : 'Partner / suggested', { num: 'Score' }),
      ...bodies,
    ),
    toggle,
  );
}

function bottleneckGroup(b: BottleneckReport, ctx: RenderContext): HTMLElement {
  const trs = b.rows.map((r) =>
    el(
      'tr',
      openRowProps(r.row, ctx, r.alsoFlagged ? 'finding warning' : 'finding info'),
      el('td', {}, rowLink(r.row, ctx)),
      el('td', {}, el('span', { class: 'class-name' }, r.label)),
      el('td', { class: 'num' }, `${fmt(r.draws)} of ${fmt(b.draws)}`),
      el('td', { class: 'num' }, fmt(r.lateness, 3)),
      el('td', {}, (r.alsoFlagged ?? []).join(', ')),
    ),
  );
  const { bodies, toggle } = collapsibleBodies(trs.slice(0, shownPerKind), trs.slice(shownPerKind), 'rows', 'check-more-bottleneck');
  const width = (n: number | null) => (n === null ? 'none within the maximal width' : fmt(n));
  return el(
    'div',
    { class: 'check-group info', id: 'bottleneck', attrs: { 'data-kind': 'bottleneck' } },
    el('h3', {}, el('span', { class: 'severity' }, 'info'), ' bottleneck rows ', el('span', { class: 'count' }, `(${fmt(b.rows.length)})`)),
    el(
      'p',
      {},
      `Rows in a pair (${bottleneckNetwork(b)}) that only a draw's last unit separates, so they set n*(draw); ranked by how often over ${fmt(b.draws)} draws, then how late their pairs are separated.`,
    ),
    el('table', { class: 'findings checks' }, thead('Row', 'Label', { num: 'Draws' }, { num: 'Lateness' }, 'Also flagged'), ...bodies),
    toggle,
    el(
      'ul',
      { class: 'summary what-if' },
      ...b.whatIf.map((w) =>
        el(
          'li',
          { attrs: { 'data-k': String(w.k) } },
          `Removing the top ${fmt(w.k)} row${w.k === 1 ? '' : 's'} (`,
          ...w.rows.slice(0, 10).flatMap((r, i) => [i ? ', ' : '', rowLink(r, ctx)]),
          w.rows.length > 10 ? ', …' : '',
          `) ${whatIfEffect(w, width)}.`,
        ),
      ),
    ),
    footnote(
      `What-if: the exact n* on ${fmt(b.whatIfDraws)} draws, the rows left renormalised (${b.normalization}), as a direct analysis of the reduced file. SCIENCE.md §9.`,
    ),
  );
}

/** The checks' part of the Data findings card: counts, dataset findings, one group per kind, the bottleneck rows, the CSV export. */
export function checksParts(report: Report, ctx: RenderContext): (HTMLElement | null)[] {
  const f = report.findings;
  if (!f) return [];
  const counts = severityCounts(f);
  const flagged = f.rows.reduce((n, r) => n + r.rows.length, 0);
  const exportCsv = flagged
    ? el(
        'vscode-button',
        {
          id: 'export-flagged',
          attrs: { secondary: '' },
          on: { click: () => ctx.post({ type: 'export', kind: 'flagged-csv' }) },
        },
        `Export ${fmt(flagged)} flagged rows as CSV`,
      )
    : null;
  const summary = el(
    'ul',
    { class: 'summary', id: 'check-counts' },
    el(
      'li',
      {},
      `Checks: ${fmt(counts.error)} error${counts.error === 1 ? '' : 's'}, ${fmt(counts.warning)} warning${counts.warning === 1 ? '' : 's'}, ${fmt(counts.info)} info`,
    ),
    f.against ? el('li', {}, `Compared with ${f.against.file} (${fmt(f.against.N)} rows).`) : null,
    ...bySeverity(f.dataset).map((d) =>
      el('li', { class: `dataset-finding ${d.severity}`, attrs: { 'data-kind': d.kind } }, el('span', { class: 'severity' }, d.severity), ` ${d.reason}`),
    ),
  );
  const groups = bySeverity(f.rows).map((r) => group(r, ctx));
  return [
    el(
      'div',
      { id: 'checks' },
      summary,
      ...(groups.length ? groups : [el('p', {}, 'No row is flagged.')]),
      f.bottleneck ? bottleneckGroup(f.bottleneck, ctx) : null,
      exportCsv,
    ),
    footnote(
      `Model-free checks on the exact ${f.k} nearest neighbours of every point, after normalisation; near means closer than ${fmt(f.nearDuplicateDistance, 3)} (0.05 × the median nearest-neighbour distance ${fmt(f.medianNearest, 3)}). Every rule and score: SCIENCE.md §9. A row opens the file at that line.`,
    ),
  ];
}
