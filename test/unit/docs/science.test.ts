// The footnotes' citations against the shipped science document: every "SCIENCE.md §n" in the code,
// the panel and the settings' descriptions names a listed section, and every listed section is a
// heading of docs/SCIENCE.md with the anchor the Markdown preview gives it, so no link lands nowhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../src/core/analysis';
import { defaultSettings } from '../../../src/core/report';
import { citedSections, scienceDocument, scienceSections, splitCitations } from '../../../src/core/science';
import { formatMarkdown, formatText } from '../../../src/core/summary';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { headings, slug } from './markdown';

const root = path.resolve(import.meta.dirname, '../../..');
const document = readFileSync(path.join(root, ...scienceDocument), 'utf8');

const sectionHeadings = headings(document);

/** Tracked files that can show or state a citation: the core, the host, the panel, the manifest's texts. */
const sources = execFileSync('git', ['ls-files', 'src', 'webview', 'package.nls.json'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|json)$/.test(f) && !f.includes('/wasm/'));

test("every listed section is a numbered heading of docs/SCIENCE.md, with the preview's anchor", () => {
  for (const s of scienceSections) {
    const heading = `${s.number}. ${s.title}`;
    assert.ok(sectionHeadings.includes(heading), `docs/SCIENCE.md has "## ${heading}" (headings: ${sectionHeadings.join(' | ')})`);
    assert.equal(slug(heading), s.anchor);
  }
  const numbered = sectionHeadings.filter((h) => /^\d+\. /.test(h)).map((h) => Number(h.split('.')[0]));
  assert.deepEqual(
    numbered,
    scienceSections.map((s) => s.number),
    'the list and the document have the same numbered sections, in order',
  );
});

test('every citation in the code, the panel and the settings names a listed section', () => {
  const listed = new Set(scienceSections.map((s) => s.number));
  let citations = 0;
  for (const file of sources) {
    const text = readFileSync(path.join(root, file), 'utf8');
    assert.doesNotMatch(text, /SPEC §/, `${file} cites the team's notes instead of SCIENCE.md`);
    for (const n of citedSections(text)) {
      assert.ok(listed.has(n), `${file} cites SCIENCE.md §${n}, which the document lacks`);
      citations++;
    }
  }
  assert.ok(citations >= 100, `the footnotes cite the document (${citations} citations found)`);
  for (const n of [1, 2, 3, 4, 5, 6, 7]) {
    assert.ok(
      sources.some((f) => citedSections(readFileSync(path.join(root, f), 'utf8')).includes(n)),
      `some figure cites §${n}`,
    );
  }
});

test('citations split into linked sections without losing or reordering any text', () => {
  const text = 'up to constants — SCIENCE.md §4, §3. Also SCIENCE.md §2–3 and §5 alone and SCIENCE.md §1';
  const parts = splitCitations(text);
  assert.equal(parts.map((p) => p.text).join(''), text);
  assert.deepEqual(
    parts.filter((p) => p.section !== undefined).map((p) => [p.text, p.section]),
    [
      ['§4', 4],
      ['§3', 3],
      ['§2–3', 2],
      ['§1', 1],
    ],
  );
  assert.deepEqual(citedSections(text), [4, 3, 2, 3, 1]);
  assert.deepEqual(splitCitations('no citation here, not even SPEC §3'), [{ text: 'no citation here, not even SPEC §3' }]);
});

test('the text and Markdown reports cite listed sections and say where the document is', () => {
  const report = analyze({ name: 'iris.csv', bytes: readFixture('iris.csv') }, { ...defaultSettings, draws: 10, stages: [] }, { inflate: nodeInflate });
  const listed = new Set(scienceSections.map((s) => s.number));
  for (const text of [formatText(report), formatMarkdown(report)]) {
    const cited = citedSections(text);
    assert.ok(cited.length >= 5, `the report cites its definitions (${cited.length})`);
    assert.ok(
      cited.every((n) => listed.has(n)),
      `cited: ${cited.join(', ')}`,
    );
    assert.match(text, /SCIENCE\.md §n: section n of docs\/SCIENCE\.md/);
  }
  assert.match(formatText(report), /required width n\*\s+\d+ .*\(SCIENCE\.md §1, §3\)/);
});
