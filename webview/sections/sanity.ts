// Data findings: conflicts, duplicates, the closest opposite-class pairs and the worst points, as one
// table; a row opens the source file at its first row, each row number opens that row.
import type { Report } from '../../src/core/report';
import { el, fmt, footnote } from '../dom';
import { card, rowLink, type RenderContext, type Section } from './section';

interface Finding {
  kind: string;
  rows: number[];
  labels: string[];
  distance?: number;
  severity: 'error' | 'warning' | 'info';
}

export function findings(report: Report): Finding[] {
  const out: Finding[] = [];
  for (const c of report.sanity?.conflicts ?? []) out.push({ kind: 'Conflicting labels', rows: c.rows, labels: c.labels, distance: 0, severity: 'error' });
  for (const g of report.sanity?.duplicateGroups ?? []) out.push({ kind: 'Duplicate rows', rows: g.rows, labels: [g.label], severity: 'warning' });
  for (const p of report.separation?.closestPairs ?? []) out.push({ kind: 'Close opposite-class pair', rows: [p.a.row, p.b.row], labels: [p.a.label, p.b.label], distance: p.distance, severity: 'info' });
  for (const w of report.separation?.worstPoints ?? []) out.push({ kind: 'Point near the other class', rows: [w.point.row, w.neighbor.row], labels: [w.point.label, w.neighbor.label], distance: w.distance, severity: 'info' });
  return out;
}

export const sanity: Section = {
  id: 'sanity',
  render(report: Report, ctx: RenderContext) {
    if (!report.sanity && !report.separation) return null;
    const s = report.sanity, sep = report.separation;
    const summary = el('ul', { class: 'summary' },
      s ? el('li', {}, `${fmt(s.duplicates)} duplicate row${s.duplicates === 1 ? '' : 's'}, ${fmt(s.conflicts.length)} conflicting group${s.conflicts.length === 1 ? '' : 's'}`) : null,
      sep ? el('li', { title: 'δ = min over opposite-class pairs of ‖x⁻ − x⁺‖ after normalisation — SPEC §1' },
        'Separation δ = ', el('strong', { id: 'delta' }, fmt(sep.delta, 4)), ` (rows ${sep.rows[0]} and ${sep.rows[1]}, labels `,
        el('span', { class: 'class-name' }, sep.labels[0]), ' and ', el('span', { class: 'class-name' }, sep.labels[1]), ')') : null,
      ...(s?.warnings ?? []).map((w) => el('li', { class: 'warning' }, w)),
    );
    const rows = findings(report);
    const table = rows.length
      ? el('table', { class: 'findings', id: 'findings' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Finding'), el('th', {}, 'Rows'), el('th', {}, 'Labels'), el('th', { class: 'num' }, 'Distance'))),
          el('tbody', {}, ...rows.map((f) => el('tr', {
            class: `finding ${f.severity}`,
            title: `Open the file at row ${f.rows[0]}`,
            attrs: { tabindex: '0' },
            on: {
              click: () => ctx.post({ type: 'openRow', row: f.rows[0] }),
              keydown: (e) => { if ((e as KeyboardEvent).key === 'Enter') ctx.post({ type: 'openRow', row: f.rows[0] }); },
            },
          },
          el('td', {}, f.kind),
          el('td', {}, ...f.rows.slice(0, 8).flatMap((r, i) => [i ? ', ' : '', rowLink(r, ctx)]), f.rows.length > 8 ? ` … (${f.rows.length})` : ''),
          el('td', {}, ...f.labels.flatMap((l, i) => [i ? ' / ' : '', el('span', { class: 'class-name' }, l)])),
          el('td', { class: 'num' }, f.distance === undefined ? '' : fmt(f.distance, 4)),
          ))))
      : el('p', {}, 'No duplicates, conflicts or near collisions found.');
    return card('sanity', 'Data findings', ctx, undefined, summary, table,
      footnote('Conflicting labels: identical feature vectors with different labels — no function can memorize them (δ = 0, SPEC §1). Distances are Euclidean, after normalisation. Rows are lines of the file (records, 0-based, for binary formats).'));
  },
};
