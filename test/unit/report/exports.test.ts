// The exports the host builds from a real report (the panel only asks for them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/core/analysis';
import { curvesCsv, reportExport } from '../../../src/core/exports';
import { flaggedRowsCsv } from '../../../src/core/findings/format';
import { defaultSettings } from '../../../src/core/report';
import { formatMarkdown, formatText } from '../../../src/core/summary';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';

const report = analyze(
  { name: 'two moons.csv', bytes: readFixture('two-moons.csv'), siblings: {} },
  { ...defaultSettings, draws: 20, stages: [] },
  { inflate: nodeInflate },
);

test('JSON, curves CSV, Markdown and flagged rows, each named after the dataset (spaces made safe)', () => {
  const json = reportExport('report-json', report)!;
  assert.deepEqual(JSON.parse(json.content), JSON.parse(JSON.stringify(report)));
  assert.equal(json.suggestedName, 'two_moons.geometry.json');
  const csv = reportExport('curves-csv', report)!;
  assert.equal(csv.content, curvesCsv(report));
  assert.equal(csv.suggestedName, 'two_moons.curves.csv');
  assert.equal(reportExport('markdown', report)!.content, formatMarkdown(report));
  assert.equal(reportExport('markdown', report)!.format, 'markdown');
  const flagged = reportExport('flagged-csv', report)!;
  assert.equal(flagged.content, flaggedRowsCsv('two moons.csv', report.findings!));
  assert.equal(flagged.suggestedName, 'two_moons.flagged-rows.csv');
  assert.equal(reportExport('flagged-csv', { ...report, findings: undefined }), undefined, 'no findings, no export');
});

test('the curves CSV has one row per point of every curve, in long format', () => {
  const lines = curvesCsv(report).trim().split('\n');
  assert.equal(lines[0], 'series,x,y,lo,hi');
  const m = report.memorization!;
  const expected =
    m.orientations.reduce((n, o) => n + o.curve.length + o.kCurve.length, 0) +
    (m.lambdaSweep?.grid.length ?? 0) +
    (m.lambdaSweep?.grid ?? []).reduce((n, g) => n + g.curve.length, 0);
  assert.equal(lines.length - 1, expected);
  const p = m.orientations[0].curve.at(-1)!;
  assert.ok(lines.includes(`P(n) X-=${m.orientations[0].negative},${p.n},${p.p},${p.lo},${p.hi}`));
});

test('the text and Markdown reports label every approximated figure, as the JSON lists them', () => {
  // T = 20: K above n* uses the first 5 draws only
  const approximated = report.approximations ?? [];
  assert.ok(approximated.some((a) => a.figure === 'memorization.kCurve'));
  const text = formatText(report),
    markdown = formatMarkdown(report).replace(/\\(.)/g, '$1');
  for (const a of approximated) {
    assert.ok(text.includes(`${a.figure}: ${a.sentence}`), `text: ${a.figure}`);
    assert.ok(markdown.includes(`${a.figure}: ${a.sentence}`), `markdown: ${a.figure}`);
  }
});

test('a label holding a line break (a quoted CSV field) stays on one line of the text and of a Markdown table row', () => {
  const text = 'a,b,"lab\nel"\n1,2,"x\ny"\n3,4,z\n5,6,z\n1.5,2,"x\ny"\n';
  const quoted = analyze(
    { name: 'quoted.csv', bytes: new TextEncoder().encode(text), siblings: {} },
    { ...defaultSettings, draws: 10, stages: [] },
    { inflate: nodeInflate },
  );
  assert.deepEqual(
    quoted.dataset.classes.map((c) => c.name),
    ['x\ny', 'z'],
    'the label keeps its exact text',
  );
  const classesLine = (s: string) => s.split('\n').find((l) => l.includes('classes'))!;
  assert.match(classesLine(formatText(quoted)), /classes +x\\ny \(2\), z \(2\)$/);
  assert.equal(classesLine(formatMarkdown(quoted)), '| classes | x\\\\ny (2), z (2) |  |');
  assert.ok(
    formatMarkdown(quoted)
      .split('\n')
      .every((l) => !l.startsWith('|') || l.endsWith('|')),
    'every table row whole',
  );
});

test('numbers from 10¹⁵ on are written with 4 significant digits (R of features near the float32 limit)', () => {
  const huge = { ...report, dataset: { ...report.dataset, R: 3.0000000054977558e38 } };
  assert.match(formatText(huge), /normalisation +max-norm, R = 3\.000e\+38 \(points divided by R\)/);
});
