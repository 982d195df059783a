// What the panel exports besides the report JSON: the curves as CSV. (The Markdown summary is the
// core's formatMarkdown, the same text the CLI's --markdown prints.)
import { csvCell } from '../src/protocol/reportText';
import type { Report } from '../src/core/report';

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
