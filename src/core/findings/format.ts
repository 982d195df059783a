// The findings as text: the summary section of `analyze`, the short list of `check`, and the CSV of
// flagged rows the panel exports. One formatting of a flagged row serves all three.
import type { BottleneckReport, DatasetFacts, DatasetFinding, FindingRows, FindingsReport, FlaggedRow, Severity } from '../report';
import { severities } from '../report';

const number = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(3));

export function severityCounts(f: FindingsReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of f.rows) counts[r.severity] += r.rows.length;
  for (const d of f.dataset) counts[d.severity] += 1;
  return counts;
}

/** Whether a CI run with --fail-on `level` fails: some finding at that severity or a worse one. */
export function failsAt(f: FindingsReport, level: Severity): boolean {
  const counts = severityCounts(f);
  return severities.slice(0, severities.indexOf(level) + 1).some((s) => counts[s] > 0);
}

/** every finding, worst first (its rows keep their own order: most suspicious first) */
export function bySeverity<T extends { severity: Severity }>(list: T[]): T[] {
  return list.slice().sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
}

/** "row 7 (3)", with the partner or the suggested label when the finding has one */
export function describeRow(r: FlaggedRow, partnerFile?: string): string {
  const partner = r.partner ? ` ↔ ${partnerFile ? `${partnerFile} ` : ''}row ${r.partner.row} (${r.partner.label})` : '';
  const suggested = r.suggested !== undefined ? ` → ${r.suggested}?` : '';
  return `row ${r.row} (${r.label}${suggested})${partner}, score ${number(r.score)}`;
}

/** The `analyze` summary's section: each finding's count and reason. */
export function findingsRows(f: FindingsReport): [string, string, string][] {
  const rows: [string, string, string][] = bySeverity<DatasetFinding | FindingRows>([...f.dataset, ...f.rows]).map((x) => [
    `${x.severity}: ${x.kind}`,
    'rows' in x ? `${x.rows.length} row${x.rows.length === 1 ? '' : 's'}: ${x.reason}` : x.reason,
    'SCIENCE.md §9',
  ]);
  if (rows.length === 0) rows.push(['findings', 'none', 'SCIENCE.md §9']);
  if (f.bottleneck) rows.push(...bottleneckRows(f.bottleneck));
  return rows;
}

/** "lowers n* from A to B", "raises …" or "leaves n* at A" */
export function whatIfEffect(w: { before: number | null; after: number | null }, width: (n: number | null) => string): string {
  if (w.before === w.after) return `leaves n* at ${width(w.before)}`;
  const lower = w.before === null || (w.after !== null && w.after < w.before);
  return `${lower ? 'lowers' : 'raises'} n* from ${width(w.before)} to ${width(w.after)}`;
}

/** the network the bottleneck rows are of, in words */
export function bottleneckNetwork(b: BottleneckReport): string {
  return b.network.kind === 'binary' ? `X⁻ = ${b.network.negative}` : 'one-vs-rest: each class as X⁻ against the others';
}

/** The bottleneck rows in the summary: the ranking's head, and each what-if as a sentence. */
export function bottleneckRows(b: BottleneckReport, shown = 5): [string, string, string][] {
  const head = b.rows
    .slice(0, shown)
    .map((r) => `row ${r.row} (${r.label}) in ${r.draws} of ${b.draws} draws${r.alsoFlagged ? `, also ${r.alsoFlagged.join(', ')}` : ''}`);
  const width = (n: number | null) => (n === null ? 'none within the maximal width' : String(n));
  return [
    ['bottleneck rows', head.length ? head.join('; ') : 'none', `SCIENCE.md §9 (${bottleneckNetwork(b)}, ${b.draws} draws)`],
    ...b.whatIf.map((w): [string, string, string] => [
      `without the top ${w.k}`,
      `removing ${w.k === 1 ? 'this row' : 'these rows'} (${w.rows.slice(0, 10).join(', ')}${w.rows.length > 10 ? ', …' : ''}) ` + whatIfEffect(w, width),
      `exact, ${b.whatIfDraws} draws, renormalised (${b.normalization})`,
    ]),
  ];
}

/**
 * `check`'s text: a count line, a line per file the row limit sampled (a CI check must not pass over
 * rows unsaid), then each finding with up to `shown` of its rows.
 */
export function formatCheck(file: string, f: FindingsReport, sampling?: DatasetFacts['sampling'], shown = 10): string {
  const c = severityCounts(f);
  const out = [
    `${file}: ${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info (k = ${f.k}; definitions: SCIENCE.md §9)`,
  ];
  for (const [name, s] of [
    [file, sampling],
    [f.against?.file, f.against?.sampling],
  ] as const) {
    if (name !== undefined && s)
      out.push(
        `sampled ${name}: only ${s.keptRows} of its ${s.totalRows} rows are checked (stratified, seed "${s.seed}"); --row-limit ${s.totalRows} checks every row`,
      );
  }
  for (const x of bySeverity<DatasetFinding | FindingRows>([...f.dataset, ...f.rows])) {
    if (!('rows' in x)) {
      out.push(`${x.severity.padEnd(7)} ${x.kind}: ${x.reason}`);
      continue;
    }
    out.push(`${x.severity.padEnd(7)} ${x.kind}: ${x.rows.length} row${x.rows.length === 1 ? '' : 's'}, ${x.reason} (score: ${x.score})`);
    for (const r of x.rows.slice(0, shown)) out.push(`        ${describeRow(r, x.partnerFile)}`);
    if (x.rows.length > shown) out.push(`        … and ${x.rows.length - shown} more (--json lists every row)`);
  }
  return out.join('\n') + '\n';
}

/** one CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180) */
export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every flagged row of every per-row finding, one line each, for a spreadsheet. */
export function flaggedRowsCsv(file: string, f: FindingsReport): string {
  const lines = ['file,row,label,kind,severity,score,suggested_label,partner_file,partner_row,partner_label'];
  for (const x of bySeverity(f.rows)) {
    for (const r of x.rows) {
      lines.push(
        [
          file,
          String(r.row),
          r.label,
          x.kind,
          x.severity,
          String(r.score),
          r.suggested ?? '',
          r.partner ? (x.partnerFile ?? file) : '',
          r.partner ? String(r.partner.row) : '',
          r.partner?.label ?? '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
