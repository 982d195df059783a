// The model-free data checks (SCIENCE.md §9): the dataset-level findings, then one group per kind of
// per-row finding, worst first, with its count, reason and every flagged row (the first few shown, the
// rest one click away); a row opens the file at that line, and the flagged rows export as CSV.
import { bySeverity, severityCounts } from '../../src/protocol/reportText';
import type { FindingRows, FlaggedRow, Report } from '../../src/core/report';
import { el, fmt, footnote } from '../dom';
import { card, collapsibleBodies, openRowProps, rowLink, type RenderContext, type Section } from './section';

/** rows of one kind shown before "Show all" */
const shownPerKind = 5;

function rowTr(f: FindingRows, r: FlaggedRow, ctx: RenderContext): HTMLElement {
  const partner = r.partner
    ? f.partnerFile ? `${f.partnerFile} row ${r.partner.row} (${r.partner.label})` : el('span', {}, rowLink(r.partner.row, ctx), ` (${r.partner.label})`)
    : r.suggested !== undefined ? el('span', {}, 'suggested ', el('span', { class: 'class-name' }, r.suggested)) : '';
  return el('tr', openRowProps(r.row, ctx, `finding ${f.severity}`),
    el('td', {}, rowLink(r.row, ctx)),
    el('td', {}, el('span', { class: 'class-name' }, r.label)),
    el('td', {}, partner),
    el('td', { class: 'num' }, fmt(r.score, 3)));
}

function group(f: FindingRows, ctx: RenderContext): HTMLElement {
  const trs = f.rows.map((r) => rowTr(f, r, ctx));
  const { bodies, toggle } = collapsibleBodies(trs.slice(0, shownPerKind), trs.slice(shownPerKind), 'rows', `check-more-${f.kind}`);
  return el('div', { class: `check-group ${f.severity}`, attrs: { 'data-kind': f.kind } },
    el('h3', {}, el('span', { class: 'severity' }, f.severity), ` ${f.kind} `, el('span', { class: 'count' }, `(${fmt(f.rows.length)})`)),
    el('p', {}, f.reason, '. Score: ', f.score, '.'),
    el('table', { class: 'findings checks' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Row'), el('th', {}, 'Label'), el('th', {}, f.partnerFile ? `In ${f.partnerFile}` : 'Partner / suggested'), el('th', { class: 'num' }, 'Score'))),
      ...bodies),
    toggle);
}

export const checks: Section = {
  id: 'checks',
  render(report: Report, ctx: RenderContext) {
    const f = report.findings;
    if (!f) return null;
    const counts = severityCounts(f);
    const flagged = f.rows.reduce((n, r) => n + r.rows.length, 0);
    const exportCsv = flagged
      ? el('vscode-button', {
          id: 'export-flagged', attrs: { secondary: '' },
          on: { click: () => ctx.post({ type: 'export', kind: 'flagged-csv' }) },
        }, `Export ${fmt(flagged)} flagged rows as CSV`)
      : null;
    const summary = el('ul', { class: 'summary', id: 'check-counts' },
      el('li', {}, `${fmt(counts.error)} error${counts.error === 1 ? '' : 's'}, ${fmt(counts.warning)} warning${counts.warning === 1 ? '' : 's'}, ${fmt(counts.info)} info`),
      f.against ? el('li', {}, `Compared with ${f.against.file} (${fmt(f.against.N)} rows).`) : null,
      ...bySeverity(f.dataset).map((d) => el('li', { class: `dataset-finding ${d.severity}`, attrs: { 'data-kind': d.kind } }, el('span', { class: 'severity' }, d.severity), ` ${d.reason}`)),
    );
    const groups = bySeverity(f.rows).map((r) => group(r, ctx));
    return card('checks', 'Data checks', ctx, undefined, summary, ...(groups.length ? groups : [el('p', {}, 'No row is flagged.')]), exportCsv,
      footnote(`Model-free checks on the exact ${f.k} nearest neighbours of every point, after normalisation; near means closer than ${fmt(f.nearDuplicateDistance, 3)} (0.05 × the median nearest-neighbour distance ${fmt(f.medianNearest, 3)}). Every rule and score: SCIENCE.md §9. A row opens the file at that line.`));
  },
};
