// What the panel's export buttons produce, built by the extension host from the report it holds (the
// panel only sends which export; PNG is the one it renders itself). The Markdown summary is the
// CLI's --markdown text.
import type { Report } from './report';
import { csvCell, flaggedRowsCsv } from './findings/format';
import { formatMarkdown } from './summary';

export type ExportKind = 'report-json' | 'curves-csv' | 'markdown' | 'flagged-csv';

export interface ExportContent {
  /** json and csv are saved to a file (the name suggested from the dataset's); markdown goes to the clipboard */
  format: 'json' | 'csv' | 'markdown';
  content: string;
  suggestedName: string;
  /** what it is, for "… copied to the clipboard" and the log */
  what: string;
}

/** A dataset's file name without extension, safe in a file name: every export (and the panel's PNGs) starts with it. */
export function fileStem(file: string): string {
  return file.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'dataset';
}

/** The export of `kind` from `report`, or undefined when the report has nothing of that kind (no findings). */
export function reportExport(kind: ExportKind, report: Report): ExportContent | undefined {
  const stem = fileStem(report.dataset.file);
  switch (kind) {
    case 'report-json':
      return { format: 'json', content: JSON.stringify(report, null, 2), suggestedName: `${stem}.geometry.json`, what: 'the report as JSON' };
    case 'curves-csv':
      return { format: 'csv', content: curvesCsv(report), suggestedName: `${stem}.curves.csv`, what: 'the curves as CSV' };
    case 'markdown':
      return { format: 'markdown', content: formatMarkdown(report), suggestedName: `${stem}.md`, what: 'Markdown summary' };
    case 'flagged-csv':
      return (
        report.findings && {
          format: 'csv',
          content: flaggedRowsCsv(report.dataset.file, report.findings),
          suggestedName: `${stem}.flagged-rows.csv`,
          what: 'the flagged rows as CSV',
        }
      );
  }
}

/** Long format, one row per point of every curve: series,x,y,lo,hi. */
export function curvesCsv(report: Report): string {
  const rows: (string | number | null)[][] = [['series', 'x', 'y', 'lo', 'hi']];
  const m = report.memorization;
  for (const o of m?.orientations ?? []) {
    for (const c of o.curve) rows.push([`P(n) X-=${o.negative}`, c.n, c.p, c.lo, c.hi]);
    for (const k of o.kCurve) rows.push([`K(n) X-=${o.negative}`, k.n, k.K, k.min, k.max]);
  }
  const sweep = m?.lambdaSweep ?? report.multiclass?.lambdaSweep;
  for (const g of sweep?.grid ?? []) rows.push(['n*(lambda)', g.lambda, g.requiredWidth, null, null]);
  for (const g of sweep?.grid ?? []) for (const c of g.curve) rows.push([`P(n) lambda=${g.lambda}`, c.n, c.p, c.lo, c.hi]);
  for (const c of report.multiclass?.oneVsRest?.curve ?? []) rows.push(['P(n) one-vs-rest', c.n, c.p, c.lo, c.hi]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
