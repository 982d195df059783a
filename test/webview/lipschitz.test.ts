// The Lipschitz and generalization sections in headless Chromium, on reports the core computes with
// those stages on the real datasets: the numbers shown equal the report's (as the panel formats them),
// the charts are drawn, rows open the right source row, and screenshots in the three themes.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultSettings, type AnalysisSettings, type PValue, type Report } from '../../src/core/report';
import type { PanelToHost } from '../../src/protocol/webview';
import { SCALED_DEFINITION } from '../../src/core/lipschitz/scaled';
import { fmt } from '../../webview/dom';
import { analyzeFixture, Harness, initMessage, screensDir, type Theme } from './harness';

// one extra p besides 1, 2 and ∞, as a user would add it (setting extraP)
const settings: AnalysisSettings = { ...defaultSettings, draws: 40, stages: ['lipschitz', 'generalization'], extraP: [3] };
const run = (name: string, s = settings): Report => analyzeFixture(name, s);
const pName = (p: PValue) => (p === 'inf' ? '∞' : String(p));
const pct = (x: number | null) => (x === null ? '—' : `${fmt(100 * x, 3)} %`);
const openedRows = (msgs: PanelToHost[]) => msgs.filter((m): m is Extract<PanelToHost, { type: 'openRow' }> => m.type === 'openRow').map((m) => m.row);

const harness = new Harness();
let twoMoons: Report, iris: Report;

before(async () => {
  twoMoons = run('two-moons.csv');
  // iris is here for the memorizer's reason and the pairwise matrix: one hidden layer keeps it quick
  iris = run('iris.csv', { ...settings, networkDepth: 1 });
  await harness.start();
});
after(() => harness.stop());

const texts = (page: import('playwright-core').Page, selector: string) =>
  page.locator(selector).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));

test('two moons: the data bound, the random-network charts and the memorizer equal the report', async () => {
  const lip = twoMoons.lipschitz!;
  assert.ok(lip && lip.memorizer.relu, 'the two-moons report has a ReLU memorizer analysis');
  const { page, posted, violations } = await harness.open(initMessage(twoMoons));
  assert.deepEqual(
    await texts(page, '#lip-bound tbody tr'),
    lip.dataBound.map((b) => [
      pName(b.p),
      fmt(b.delta, 4),
      `${b.rows[0]}, ${b.rows[1]}`,
      `${b.labels[0]} / ${b.labels[1]}`,
      b.bound === null ? 'none (δ = 0)' : fmt(b.bound, 4),
      b.attained ? 'yes' : 'no',
    ]),
  );
  assert.deepEqual(
    lip.dataBound.map((b) => b.p),
    [1, 2, 3, 'inf'],
    'p = 1, 2, ∞ and the extra p, in order',
  );
  const two = lip.dataBound.find((b) => b.p === 2)!;
  const reading = (await page.locator('#lip-reading').textContent())!;
  assert.ok(reading.includes(`at least 2/δ = ${fmt(two.bound)}`), reading);
  assert.ok(reading.includes(`rows ${two.rows[0]} and ${two.rows[1]}`), reading);
  const relu = lip.memorizer.relu!;
  assert.deepEqual(
    await texts(page, '#lip-memorizer tbody tr'),
    relu.estimates.map((e) => [pName(e.p), fmt(e.dataBound, 4), fmt(e.scaledLower, 4), fmt(e.scaledUpper, 4), fmt(e.lower, 4), fmt(e.upper, 4)]),
  );
  assert.equal(await page.locator('#lip-threshold').first().textContent(), lip.memorizer.threshold);
  // "scaled" is defined where it is shown: the column titles and the footnote, with this network's factor
  assert.deepEqual(await page.locator('#lip-memorizer thead th[title]').evaluateAll((ths) => ths.map((th) => th.getAttribute('title'))), [
    SCALED_DEFINITION,
    SCALED_DEFINITION,
  ]);
  const card = (await page.locator('#section-lipschitz-memorizer').textContent())!;
  assert.ok(card.includes(`${SCALED_DEFINITION} Here the factor is ${fmt(relu.scale)}`), card);
  // the random networks: two estimates, each a mean over the networks with its min–max and the count
  const r = lip.random,
    e2 = r.estimates.find((e) => e.p === 2)!;
  const random = (await page.locator('#lip-random-reading').textContent())!;
  assert.equal(
    random,
    `For p = 2: lower estimate ${fmt(e2.lower.mean)} (min–max ${fmt(e2.lower.min)}–${fmt(e2.lower.max)}), ` +
      `upper estimate ${fmt(e2.upper.mean)} (min–max ${fmt(e2.upper.min)}–${fmt(e2.upper.max)}): each a mean over ${r.draws} seeded networks, ` +
      `of two different estimates (each network's Lip lies between its own lower and upper); reference scale ${fmt(e2.reference)}.`,
  );
  assert.equal(r.draws, 5);
  assert.ok(e2.lower.min < e2.lower.max && e2.upper.min < e2.upper.max, 'the networks differ: the spread is real');
  for (const r of relu.radii) {
    const group = page.locator(`#lip-radii tbody[data-p="${pName(r.p)}"]`);
    assert.equal(await group.locator('tr.open-row').count(), Math.min(5, r.leastRobust.length));
    assert.ok((await group.locator('tr.group-head').textContent())!.endsWith(`median certified radius ${fmt(r.medianCertified)}`));
    assert.deepEqual(
      await group.locator('tr.open-row').evaluateAll((rows) => rows.map((tr) => Number(tr.getAttribute('data-row')))),
      r.leastRobust.slice(0, 5).map((c) => c.point.row),
    );
  }
  for (const id of ['lip-against-p', 'lip-against-width', 'lip-memorizer', 'gen-accuracy']) {
    const box = await page.locator(`#chart-${id}`).boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `chart ${id} is drawn (${JSON.stringify(box)})`);
  }
  const rendered = (await posted()).find((m): m is Extract<PanelToHost, { type: 'rendered' }> => m.type === 'rendered');
  assert.equal(rendered?.charts, await page.locator('canvas').count(), 'every canvas is a live chart');
  assert.deepEqual(await violations(), []);
  await page.close();
});

test('rows of the bound and radius tables open the file at their row', async () => {
  const lip = twoMoons.lipschitz!;
  const { page, posted } = await harness.open(initMessage(twoMoons));
  const inf = lip.dataBound.findIndex((b) => b.p === 'inf');
  await page.locator('#lip-bound tbody tr').nth(inf).locator('td').first().click();
  await page.locator('#lip-bound tbody tr').nth(inf).locator('a.row-link').nth(1).click();
  await page.locator('#lip-bound tbody tr').first().focus();
  await page.keyboard.press('Enter');
  const firstRadius = page.locator('#lip-radii tbody[data-p="2"] tr.open-row').nth(1);
  await firstRadius.locator('td').nth(2).click();
  const radius = lip.memorizer.relu!.radii.find((r) => r.p === 2)!.leastRobust[1].point.row;
  assert.deepEqual(openedRows(await posted()), [lip.dataBound[inf].rows[0], lip.dataBound[inf].rows[1], lip.dataBound[0].rows[0], radius]);
  await page.close();
});

test('two moons: the split, n* against d and the test accuracies beside 1-NN', async () => {
  const g = twoMoons.generalization!;
  const { page } = await harness.open(initMessage(twoMoons));
  const split = (await page.locator('#gen-split').textContent())!;
  assert.ok(split.startsWith(`${fmt(g.train)} training and ${fmt(g.test)} test points`), split);
  assert.equal(await page.locator('#gen-width').textContent(), `n* = ${fmt(g.requiredWidth)}`);
  assert.equal(await page.locator('#gen-d').textContent(), String(twoMoons.dataset.d));
  assert.equal(await page.locator('#gen-yu').textContent(), g.yu.reading);
  assert.deepEqual(await texts(page, '#gen-widths tbody tr'), [
    ...g.widths.map((w) => [fmt(w.n), pct(w.accuracy.mean), `${pct(w.accuracy.min)} – ${pct(w.accuracy.max)}`]),
    ['1-nearest-neighbour', pct(g.nearestNeighbour), ''],
  ]);
  assert.equal(await page.locator('#pairwise-accuracy').count(), 0, 'no pairwise matrix for two classes');
  await page.close();
});

test('iris: no ReLU memorizer (the reason is shown) and the C × C pairwise accuracy matrix', async () => {
  const g = iris.generalization!,
    pw = g.pairwise!;
  const { page, violations } = await harness.open(initMessage(iris));
  assert.equal(await page.locator('#lip-memorizer-reason').textContent(), iris.lipschitz!.memorizer.reason);
  assert.equal(await page.locator('#chart-lip-memorizer').count(), 0);
  const C = pw.classes.length;
  assert.equal(C, 3);
  assert.equal(await page.locator('#pairwise-accuracy tbody tr').count(), C);
  const cells = await texts(page, '#pairwise-accuracy tbody tr');
  assert.deepEqual(
    cells.map((r) => r.length),
    Array(C).fill(C),
  );
  assert.deepEqual(
    cells,
    pw.accuracy.map((row, i) => row.map((a, j) => (i === j ? '' : `${pct(a)}1-NN ${pct(pw.nearestNeighbour[i][j])}`))),
  );
  assert.equal(await page.locator('#pairwise-accuracy tbody td.diagonal').count(), C);
  assert.deepEqual(await violations(), []);
  await page.close();
});

/** The bounding box of the cards `selector` matches, to screenshot one section. */
async function sectionClip(page: import('playwright-core').Page, selector: string) {
  return page.evaluate((sel) => {
    const boxes = [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect());
    const top = Math.min(...boxes.map((b) => b.top)) + window.scrollY,
      bottom = Math.max(...boxes.map((b) => b.bottom)) + window.scrollY;
    return { x: 0, y: Math.max(0, top - 8), width: document.documentElement.clientWidth, height: bottom - top + 16 };
  }, selector);
}

test('screenshots of the Lipschitz and generalization sections in light, dark and high contrast', async () => {
  mkdirSync(screensDir, { recursive: true });
  for (const [report, name] of [
    [twoMoons, 'two-moons'],
    [iris, 'iris'],
  ] as const) {
    const { page, setTheme, violations } = await harness.open(initMessage(report), { width: 900 });
    for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast'] as Theme[]) {
      await setTheme(theme);
      for (const section of ['lipschitz', 'generalization']) {
        const file = path.join(screensDir, `${section}-${name}-${theme.replace('vscode-', '')}.png`);
        await page.screenshot({ path: file, clip: await sectionClip(page, `section.card[id^="section-${section}"]`), fullPage: true });
        console.log(`screenshot ${file}`);
      }
      // the README's (media/screenshots/): the data bound and the random-network charts
      if (name === 'two-moons') {
        await page.screenshot({
          path: path.join(screensDir, `lipschitz-${theme.replace('vscode-', '')}.png`),
          clip: await sectionClip(page, '#section-lipschitz-bound, #section-lipschitz-random'),
          fullPage: true,
        });
      }
    }
    assert.deepEqual(await violations(), []);
    await page.close();
  }
});
