// The Data checks section in headless Chromium, on digits with 3 % of its labels flipped (written as a
// CSV file and analysed by the core): one group per kind with the report's count and every row in the
// DOM, rows open the file at their line, the flagged rows export as the core's CSV, leaks name the
// other file, no CSP violation, and screenshots in light, dark and high contrast.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { analyze } from '../../src/core/analysis';
import type { DatasetSource } from '../../src/core/data';
import { whatIfEffect } from '../../src/core/findings/format';
import { defaultSettings, severities, type Report } from '../../src/core/report';
import { nodeInflate } from '../../src/node/inflate';
import type { PanelToHost } from '../../src/protocol/webview';
import { fmt } from '../../webview/dom';
import { createRng, csvTable, otherClass, pick } from '../unit/findings/faults';
import { Harness, initMessage, screensDir, type Theme } from './harness';

const checks = (source: DatasetSource, against?: DatasetSource): Report =>
  analyze(source, defaultSettings, { inflate: nodeInflate, findingsOnly: true, against });
const openedRows = (msgs: PanelToHost[]) => msgs.filter((m): m is Extract<PanelToHost, { type: 'openRow' }> => m.type === 'openRow').map((m) => m.row);

const harness = new Harness();
let flipped: Report, leaky: Report, irisPair: Report;

before(async () => {
  const t = csvTable('digits.csv');
  const rng = createRng('panel-flips');
  const labels = t.labels.slice();
  for (const i of pick(rng, t.X.length, 54)) labels[i] = otherClass(rng, t.classes, labels[i]);
  flipped = checks(t.write('digits-flipped.csv', t.X, labels));
  const even = [...t.X.keys()].filter((i) => i % 2 === 0),
    odd = [...t.X.keys()].filter((i) => i % 2 === 1);
  leaky = checks(
    t.write(
      'train.csv',
      [...even, odd[3]].map((i) => t.X[i]),
      [...even, odd[3]].map((i) => t.labels[i]),
    ),
    t.write(
      'test.csv',
      odd.map((i) => t.X[i]),
      odd.map((i) => t.labels[i]),
    ),
  );
  const iris = csvTable('iris.csv');
  irisPair = analyze(iris.write('iris.csv', iris.X, iris.labels), { ...defaultSettings, classes: ['1', '2'], stages: [] }, { inflate: nodeInflate });
  await harness.start();
});
after(() => harness.stop());

test("digits with flipped labels: one group per kind, worst first, with the report's counts and every row", async () => {
  const f = flipped.findings!;
  assert.ok(f.rows.find((r) => r.kind === 'label-errors')!.rows.length > 40);
  const { page, violations } = await harness.open(initMessage(flipped));
  const groups = page.locator('#checks .check-group');
  const kinds = await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-kind')));
  const worstFirst = f.rows.slice().sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
  assert.deepEqual(
    kinds,
    worstFirst.map((r) => r.kind),
  );
  for (const r of f.rows) {
    const g = page.locator(`#checks .check-group[data-kind="${r.kind}"]`);
    assert.equal(await g.locator('h3 .count').textContent(), `(${fmt(r.rows.length)})`);
    assert.deepEqual(
      await g.locator('tr.open-row').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row')))),
      r.rows.map((x) => x.row),
    );
    assert.equal(await g.locator('tbody:not(.more) tr.open-row').count(), Math.min(5, r.rows.length), 'the first five shown, the rest one click away');
  }
  const labelErrors = f.rows.find((r) => r.kind === 'label-errors')!;
  const first = page.locator('.check-group[data-kind="label-errors"] tr.open-row').first();
  assert.deepEqual(await first.locator('td').allTextContents(), [
    String(labelErrors.rows[0].row),
    labelErrors.rows[0].label,
    `suggested ${labelErrors.rows[0].suggested}`,
    fmt(labelErrors.rows[0].score, 3),
  ]);
  assert.deepEqual(
    await page.locator('#checks .dataset-finding').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind'))),
    f.dataset
      .map((d) => d.kind)
      .sort((a, b) => severities.indexOf(f.dataset.find((d) => d.kind === a)!.severity) - severities.indexOf(f.dataset.find((d) => d.kind === b)!.severity)),
  );
  await page.locator('.check-group[data-kind="label-errors"] vscode-button').click();
  assert.equal(await page.locator('.check-group[data-kind="label-errors"] tbody.more').getAttribute('hidden'), null);
  assert.deepEqual(await violations(), []);
  await page.close();
});

test("outliers: the third column is each row's distance to its class against the class median, whose ratio is the score", async () => {
  const outliers = flipped.findings!.rows.find((r) => r.kind === 'outliers')!;
  assert.ok(outliers.rows.length > 0, 'digits has outliers');
  for (const r of outliers.rows) assert.ok(Math.abs(r.distance! / r.typical! - r.score) <= 1e-12 * r.score, `row ${r.row}: score = distance / class median`);
  const { page } = await harness.open(initMessage(flipped));
  const g = page.locator('.check-group[data-kind="outliers"]');
  assert.deepEqual(await g.locator('thead th').allTextContents(), ['Row', 'Label', 'Same-class distance', 'Score']);
  const cells = await g.locator('tr.open-row').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2].textContent));
  assert.deepEqual(
    cells,
    outliers.rows.map((r) => `${fmt(r.distance!, 3)} (class median ${fmt(r.typical!, 3)})`),
  );
  await page.close();
});

test('a row opens the file at its line (click or Enter), and Export asks the host for the CSV of every flagged row', async () => {
  const f = flipped.findings!;
  const { page, posted } = await harness.open(initMessage(flipped));
  const rows = page.locator('.check-group[data-kind="label-errors"] tr.open-row');
  await rows.nth(1).locator('td').nth(3).click();
  await rows.nth(2).focus();
  await page.keyboard.press('Enter');
  const errors = f.rows.find((r) => r.kind === 'label-errors')!.rows;
  await page.locator('#export-flagged').click();
  const msgs = await posted();
  assert.deepEqual(openedRows(msgs), [errors[1].row, errors[2].row]);
  assert.ok(
    msgs.some((m) => m.type === 'export' && m.kind === 'flagged-csv'),
    'the host builds the flagged rows CSV (test/unit/report/exports.test.ts)',
  );
  await page.close();
});

test('leaks name the other file and its row', async () => {
  const f = leaky.findings!;
  const leak = f.rows.find((r) => r.kind === 'leak-exact')!;
  assert.equal(leak.rows.length, 1);
  const { page } = await harness.open(initMessage(leaky));
  assert.equal(await page.locator('#check-counts li').nth(1).textContent(), `Compared with test.csv (${fmt(f.against!.N)} rows).`);
  const tr = page.locator('.check-group[data-kind="leak-exact"] tr.open-row');
  assert.equal(await tr.locator('td').nth(2).textContent(), `test.csv row ${leak.rows[0].partner!.row} (${leak.rows[0].partner!.label})`);
  await page.close();
});

test("bottleneck rows: every listed row, clickable, and one what-if sentence per k with the report's n*", async () => {
  const b = irisPair.findings!.bottleneck!;
  assert.ok(b.rows.length > 0 && b.whatIf.length > 0);
  const { page, posted, violations } = await harness.open(initMessage(irisPair));
  const rows = page.locator('#bottleneck tr.open-row');
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row')))),
    b.rows.map((r) => r.row),
  );
  const whatIf = await page.locator('#bottleneck .what-if li').allTextContents();
  assert.equal(whatIf.length, b.whatIf.length);
  b.whatIf.forEach((w, q) => assert.ok(whatIf[q].endsWith(`) ${whatIfEffect(w, (n) => (n === null ? 'none within the maximal width' : fmt(n)))}.`), whatIf[q]));
  await rows.first().locator('td').nth(2).click();
  assert.deepEqual(openedRows(await posted()), [b.rows[0].row]);
  assert.deepEqual(await violations(), []);
  await page.close();
});

test('screenshots of the Data findings in light, dark and high contrast', async () => {
  mkdirSync(screensDir, { recursive: true });
  const { page, setTheme, violations } = await harness.open(initMessage(flipped), { width: 900 });
  for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast'] as Theme[]) {
    await setTheme(theme);
    const box = (await page.locator('#section-sanity').boundingBox())!;
    const file = path.join(screensDir, `checks-${theme.replace('vscode-', '')}.png`);
    await page.screenshot({ path: file, clip: { x: 0, y: box.y, width: 900, height: Math.min(box.height, 1400) }, fullPage: true });
    console.log(`screenshot ${file}`);
  }
  assert.deepEqual(await violations(), []);
  await page.close();
});
