// Data findings, one card: conflicts, duplicates, the closest opposite-class pairs and the worst points
// as one table (as soon as the separation is done), then the data checks of checks.ts (once they are);
// a row opens the source file at its first row, each row number opens that row.
import type { Report } from '../../src/core/report';
import { el, fmt, footnote } from '../dom';
import { checksParts } from './checks';
import { card, collapsibleBodies, openRowProps, rowLink, type RenderContext, type Section } from './section';

interface Finding {
  kind: string;
  rows: number[];
  labels: string[];
  distance?: number;
  severity: 'error' | 'warning' | 'info';
}

/** Findings of one kind shown before "Show all"; the rest are in the table, hidden. */
const shownPerKind = 5;

function findings(report: Report): Finding[] {
  const out: Finding[] = [];
  for (const c of report.sanity?.conflicts ?? []) out.push({ kind: 'Conflicting labels', rows: c.rows, labels: c.labels, distance: 0, severity: 'error' });
  for (const g of report.sanity?.duplicateGroups ?? []) out.push({ kind: 'Duplicate rows', rows: g.rows, labels: [g.label], severity: 'warning' });
  for (const p of report.separation?.closestPairs ?? [])
    out.push({ kind: 'Close opposite-class pair', rows: [p.a.row, p.b.row], labels: [p.a.label, p.b.label], distance: p.distance, severity: 'info' });
  for (const w of report.separation?.worstPoints ?? [])
    out.push({
      kind: 'Point near the other class',
      rows: [w.point.row, w.neighbor.row],
      labels: [w.point.label, w.neighbor.label],
      distance: w.distance,
      severity: 'info',
    });
  return out;
}

/** Rows of the findings table: the summary at the top counts them. */
export function findingCount(report: Report): number {
  return findings(report).length;
}

export const sanity: Section = {
  id: 'sanity',
  render(report: Report, ctx: RenderContext) {
    if (!report.sanity && !report.separation && !report.findings) return null;
    const s = report.sanity,
      sep = report.separation;
    const summary = el(
      'ul',
      { class: 'summary' },
      s
        ? el(
            'li',
            {},
            `${fmt(s.duplicates)} duplicate row${s.duplicates === 1 ? '' : 's'}, ${fmt(s.conflicts.length)} conflicting group${s.conflicts.length === 1 ? '' : 's'}`,
          )
        : null,
      sep
        ? el(
            'li',
            { title: 'δ = min over opposite-class pairs of ‖x⁻ − x⁺‖ after normalisation — SCIENCE.md §1' },
            'Separation δ = ',
            el('strong', { id: 'delta' }, fmt(sep.delta, 4)),
            ` (rows ${sep.rows[0]} and ${sep.rows[1]}, labels `,
            el('span', { class: 'class-name' }, sep.labels[0]),
            ' and ',
            el('span', { class: 'class-name' }, sep.labels[1]),
            ')',
          )
        : null,
      ...(s?.warnings ?? []).map((w) => el('li', { class: 'warning' }, w)),
    );
    const rows = findings(report);
    const rank = new Map<string, number>();
    const tr = (f: Finding) =>
      el(
        'tr',
        openRowProps(f.rows[0], ctx, `finding ${f.severity}`),
        el('td', {}, f.kind),
        el('td', {}, ...f.rows.slice(0, 8).flatMap((r, i) => [i ? ', ' : '', rowLink(r, ctx)]), f.rows.length > 8 ? ` … (${f.rows.length})` : ''),
        el('td', {}, ...f.labels.flatMap((l, i) => [i ? ' / ' : '', el('span', { class: 'class-name' }, l)])),
        el('td', { class: 'num' }, f.distance === undefined ? '' : fmt(f.distance, 4)),
      );
    // the first few of each kind up front, the rest one click away (all are in the DOM)
    const first: HTMLElement[] = [],
      rest: HTMLElement[] = [];
    for (const f of rows) {
      const k = (rank.get(f.kind) ?? 0) + 1;
      rank.set(f.kind, k);
      (k <= shownPerKind ? first : rest).push(tr(f));
    }
    const { bodies, toggle } = collapsibleBodies(first, rest, 'findings', 'findings-more');
    const table = rows.length
      ? el(
          'table',
          { class: 'findings', id: 'findings' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Finding'), el('th', {}, 'Rows'), el('th', {}, 'Labels'), el('th', { class: 'num' }, 'Distance'))),
          ...bodies,
        )
      : el('p', {}, 'No duplicate rows, conflicting labels or close opposite-class pairs to list; the checks follow.');
    return card(
      'sanity',
      'Data findings',
      ctx,
      undefined,
      summary,
      table,
      toggle,
      footnote(
        'Conflicting labels: identical feature vectors with different labels — no function can memorize them (δ = 0, SCIENCE.md §1). Distances are Euclidean, after normalisation. Rows are lines of the file (records, 0-based, for binary formats).',
      ),
      ...checksParts(report, ctx),
    );
  },
};
