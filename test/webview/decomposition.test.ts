// The decomposition section in headless Chromium, on reports the core computed with the decomposition
// stage: the counts, the component table, the orientations and the sentence must equal the report, the
// charts must be drawn, nothing may break the CSP, and it must read in light, dark and high contrast.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultSettings, type AnalysisSettings, type Report } from '../../src/core/report';
import { oneVsRestMeaning, oneVsRestNote } from '../../src/core/summary';
import { fmt } from '../../webview/dom';
import { analyzeFixture, Harness, initMessage, screensDir, type Theme } from './harness';

const settings: AnalysisSettings = { ...defaultSettings, draws: 40, stages: ['decomposition'] };
const run = (name: string, s = settings): Report => analyzeFixture(name, s);

const harness = new Harness();
let twoMoons: Report, iris: Report, digits: Report;

before(async () => {
  twoMoons = run('two-moons.csv', { ...settings, lambda: 'auto' }); // with the λ sweep: measured n* per λ
  iris = run('iris.csv');
  digits = run('digits.csv', { ...settings, draws: 10, classes: ['3', '8'], images: true }); // marked as images, 8 × 8: the convolutional variant
  await harness.start();
});
after(() => harness.stop());

const charts = ['radius-distance', 'projection', 'bound-terms', 'worst-case'];

async function assertSection(report: Report) {
  const dec = report.decomposition!;
  const { page, violations } = await harness.open(initMessage(report), { width: 1000 });
  const section = page.locator('#section-decomposition');
  assert.equal(await page.locator('#decomposition-mminus').getAttribute('data-value'), String(dec.Mminus));
  assert.equal(await page.locator('#decomposition-mplus').getAttribute('data-value'), String(dec.Mplus));
  assert.equal(await page.locator('#decomposition-sentence').textContent(), dec.sentence);
  assert.ok(await page.locator('#decomposition-sentence').isVisible());
  assert.equal(await page.locator('#components tbody tr').count(), dec.components.length);
  const firstRow = await page.locator('#components tbody tr').first().locator('td').allTextContents();
  const c0 = dec.components[0];
  assert.equal(firstRow[2], c0.size.toLocaleString('en-US'));
  assert.equal(firstRow[5], c0.admissible ? 'yes' : 'no');
  // the paper's width (used in ω) and the one-sided width beside it, as the panel formats them
  assert.equal(firstRow[6], `${fmt(c0.width, 3)} ± ${fmt(c0.widthSE, 2)}`);
  assert.equal(firstRow[7], `${fmt(c0.oneSidedWidth, 3)} ± ${fmt(c0.oneSidedWidthSE, 2)}`);
  assert.equal(firstRow[9], fmt(c0.complexityJournal, 3));
  assert.ok(Math.abs(c0.complexityJournal! - c0.width ** 2 / c0.distance ** 3) <= 1e-12 * c0.complexityJournal!, "ω uses the paper's width");
  assert.equal(await page.locator('#components tbody tr', { hasText: /no$/ }).count(), dec.components.filter((c) => !c.admissible).length);
  assert.equal(await page.locator('#decomposition-orientations tbody tr').count(), dec.orientations.length);
  const orientationCells = await page
    .locator('#decomposition-orientations tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)));
  assert.deepEqual(
    orientationCells,
    dec.orientations.map((o) => [o.negative, o.positive, String(o.Mminus), String(o.Mplus)]),
  );
  for (const id of charts) {
    const box = await page.locator(`#chart-${id}`).boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `chart ${id} is drawn (${JSON.stringify(box)})`);
  }
  assert.equal(await section.count(), 1);
  assert.deepEqual(await violations(), []);
  return page;
}

test('two moons: counts, components, orientations, per-λ constants, charts and the sentence equal the report', async () => {
  const dec = twoMoons.decomposition!;
  assert.equal(dec.projection.method, 'raw');
  const page = await assertSection(twoMoons);
  assert.match((await page.locator('#section-projection').textContent())!, /raw plane/);
  assert.equal(await page.locator('#measured tbody tr').count(), dec.measured.length);
  assert.ok(dec.measured.length > 1, 'the λ sweep gives one measured n* per λ');
  assert.equal(await page.locator('#measured-width').textContent(), dec.measuredWidth!.toLocaleString('en-US'));
  assert.equal(await page.locator('#empirical-constant').textContent(), String(Number(dec.ratio!.toPrecision(2))));
  await page.close();
});

test('iris (one-vs-rest, d = 4): PCA view with its explained variance; hidden components one click away', async () => {
  const dec = iris.decomposition!;
  assert.equal(dec.projection.method, 'pca');
  const page = await assertSection(iris);
  const text = (await page.locator('#section-projection').textContent())!;
  assert.ok(text.includes(`explain ${String(Number((100 * dec.projection.explainedVariance).toPrecision(3)))} %`), text);
  assert.ok(dec.components.length > 12, 'iris needs more components than the table shows up front');
  assert.equal(await page.locator('#components tbody tr:visible').count(), 12);
  await page.locator('#components-more').click();
  assert.equal(await page.locator('#components tbody tr:visible').count(), dec.components.length);
  await page.close();
});

test('iris (3 classes): the worst case is for 3-class labellings, and the headline says what the shared n* is', async () => {
  const dec = iris.decomposition!;
  const [baum, , , counting] = dec.worstCase.references;
  // ⌈150/4⌉ = 38 hidden + 1 output per one-vs-rest output, three of them
  assert.deepEqual([baum.neurons, baum.parameters], [3 * 39, 3 * (38 * 5 + 38 + 1)]);
  assert.match(counting.formula, /N log₂ 3/);
  const { page } = await harness.open(initMessage(iris), { width: 1000 });
  assert.match((await page.locator('#decomposition-sentence').textContent())!, /3 of Baum's one-hidden-layer networks, one per one-vs-rest output/);
  // the one line under the headline, its citation a link to SCIENCE.md §2, and the full reading in the one-vs-rest card
  const note = page.locator('#multiclass-note');
  assert.equal(await note.textContent(), oneVsRestNote(3));
  assert.equal(await note.locator('a.science-link').getAttribute('data-science-section'), '2');
  assert.deepEqual(await page.locator('#ovr-meaning p').allTextContents(), oneVsRestMeaning(3));
  assert.match(oneVsRestMeaning(3)[0], /at least every class's own n\*/);
  // what it says holds on this report: the shared n* is at least every class's own n*
  const ovr = iris.multiclass!.oneVsRest!;
  for (const c of ovr.perClass) assert.ok(ovr.requiredWidth! >= c.requiredWidth!, `${c.name}: ${c.requiredWidth} > ${ovr.requiredWidth}`);
  assert.equal(await page.locator('#ovr-width').textContent(), fmt(ovr.requiredWidth));
  await page.close();
});

test('two classes: no multi-class note', async () => {
  const { page } = await harness.open(initMessage(twoMoons), { width: 1000 });
  assert.equal(await page.locator('#multiclass-note').count(), 0);
  assert.equal(await page.locator('#ovr-meaning').count(), 0);
  await page.close();
});

test("digits 3 vs 8: the experimental convolutional card shows the report's orbit separation and filter count", async () => {
  const conv = digits.decomposition!.convolutional!;
  assert.equal(conv.experimental, true);
  assert.equal(twoMoons.decomposition!.convolutional, undefined, 'not image data');
  const page = await assertSection(digits);
  assert.equal(await page.locator('#section-convolutional .badge').textContent(), 'Experimental');
  assert.equal(await page.locator('#orbit-separation').textContent(), String(Number(conv.orbitSeparation.toPrecision(4))));
  assert.equal(await page.locator('#required-filters').textContent(), String(conv.requiredFilters));
  assert.match((await page.locator('#section-convolutional .footnote').textContent())!, /EXPERIMENTAL.*SCIENCE.md §4, convolutional variant/);
  const box = await page.locator('#chart-conv-curve').boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100);
  await page.setViewportSize({ width: 900, height: 900 });
  await page.evaluate(() => {
    document.body.dataset.rendered = '';
    document.body.className = 'vscode-dark';
  });
  await page.waitForFunction(() => document.body.dataset.rendered !== '');
  mkdirSync(screensDir, { recursive: true });
  await page.locator('#section-convolutional').screenshot({ path: path.join(screensDir, 'decomposition-convolutional-dark.png') });
  await page.close();
});

test('screenshots of the decomposition section in light, dark and high contrast', async () => {
  mkdirSync(screensDir, { recursive: true });
  const { page, setTheme } = await harness.open(initMessage(twoMoons), { width: 900 });
  const pageBox = async (id: string) => {
    const box = (await page.locator(`#section-${id}`).boundingBox())!;
    return { ...box, y: box.y + (await page.evaluate(() => window.scrollY)) };
  };
  for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast'] as Theme[]) {
    await setTheme(theme);
    const file = path.join(screensDir, `decomposition-${theme.replace('vscode-', '')}.png`);
    const top = await pageBox('decomposition'),
      view = await pageBox('projection'),
      last = await pageBox('worst-case');
    // the README's: the reading, the components and the 2-D view; then the whole section
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top.y - 4, width: 900, height: view.y + view.height - top.y + 8 } });
    await page.screenshot({
      path: file.replace('.png', '-full.png'),
      fullPage: true,
      clip: { x: 0, y: top.y - 4, width: 900, height: last.y + last.height - top.y + 8 },
    });
    console.log(`screenshot ${file}`);
  }
  await page.close();
});
