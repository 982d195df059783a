// What the panel exports besides the report JSON: the curves as CSV and a Markdown summary.
import type { Report } from '../src/core/report';
import { headlineWidth } from '../src/protocol/headline';

const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

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

const md = (s: string) => s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x));

export function markdownSummary(report: Report): string {
  const ds = report.dataset, m = report.memorization, s = report.sanity, sep = report.separation;
  const lines = [
    `## Dataset Geometry: ${md(ds.file)}`,
    '',
    `- **Required width n\\*** (smallest n with P(n) ≥ 1 − η, SPEC §3): ${num(headlineWidth(report))}`,
    `- Data: ${ds.N} points, d = ${ds.d}, classes ${ds.classes.map((c) => `${md(c.name)} (${c.count})`).join(', ')}; normalisation ${ds.normalization}, R = ${ds.R}`,
  ];
  if (m) {
    lines.push(`- Network: ${m.activation}, λ = ${m.lambda}, T = ${m.draws} draws, η = ${m.eta}; K = ${num(m.K)}, parameters ${num(m.parameters)}; X⁻ = ${md(m.orientation.negative)}`);
    if (m.lambdaSweep) lines.push(`- λ sweep: best λ = ${m.lambdaSweep.best} (${m.lambdaSweep.grid.map((g) => `λ=${g.lambda}: ${num(g.requiredWidth)}`).join(', ')})`);
    if (m.reason) lines.push(`- No width: ${md(m.reason)}`);
  }
  const ovr = report.multiclass?.oneVsRest;
  if (ovr) lines.push(`- One-vs-rest: n* = ${num(ovr.requiredWidth)}, K = ${num(ovr.K)} (${ovr.perClass.map((c) => `${md(c.name)}: ${num(c.K)}`).join(', ')})`);
  if (sep) lines.push(`- Separation δ = ${sep.delta} (rows ${sep.rows[0]} and ${sep.rows[1]})`);
  if (s) lines.push(`- Sanity: ${s.duplicates} duplicate rows, ${s.conflicts.length} conflicting groups`);
  for (const n of report.notes) lines.push(`- ${md(n)}`);
  lines.push('', `Settings: seed ${md(report.settings.seed)}, normalisation ${report.settings.normalize}, mode ${report.settings.mode}.`);
  return lines.join('\n') + '\n';
}
