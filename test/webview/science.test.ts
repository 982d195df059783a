// The footnotes' citations in the real panel: each "SCIENCE.md §n" is a link (no inline handler, the
// CSP holds) whose click asks the host to open that section of the shipped document.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Report } from '../../src/core/report';
import { citedSections, scienceSection } from '../../src/core/science';
import type { PanelToHost } from '../../src/protocol/webview';
import { analyzeFixture, Harness, initMessage } from './harness';

const harness = new Harness();
let report: Report;

before(async () => {
  report = analyzeFixture('two-moons.csv', { draws: 40, stages: [] });
  await harness.start();
});
after(() => harness.stop());

test('every footnote citation is a link to a listed section, and a click posts openScience for it', async () => {
  const { page, posted, violations } = await harness.open(initMessage(report));
  const footnotes = await page.locator('.footnote').allTextContents();
  const cited = footnotes.flatMap((t) => citedSections(t));
  assert.ok(cited.length >= 4, `the footnotes cite sections (${cited.length})`);
  const links = page.locator('.footnote a.science-link');
  const sections = (await links.evaluateAll((as) => as.map((a) => [a.getAttribute('data-science-section'), a.getAttribute('href'), a.textContent]))).map(
    ([n, href, text]) => ({ n: Number(n), href, text }),
  );
  assert.equal(sections.length, footnotes.flatMap((t) => t.match(/§\d+/g) ?? []).length, 'every § of a footnote is a link');
  for (const s of sections) {
    assert.equal(s.href, `#${scienceSection(s.n)!.anchor}`);
    assert.equal(s.text!.match(/§(\d+)/)![1], String(s.n));
  }
  await links.first().click();
  await links.last().click();
  const opened = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'openScience' }> => m.type === 'openScience').map((m) => m.section);
  assert.deepEqual(opened, [sections[0].n, sections[sections.length - 1].n]);
  assert.equal(new URL(page.url()).hash, '', 'the click stays in the panel');
  assert.deepEqual(await violations(), []);
  await page.close();
});
