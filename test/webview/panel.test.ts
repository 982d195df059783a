// The panel in headless Chromium, on real reports produced by the core: what it shows must equal the
// report, its rows and buttons must post the right messages, nothing may break the CSP, and it must
// be readable in light, dark and high-contrast themes (screenshots in .vscode-test/screens/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultSettings, type AnalysisSettings, type Report } from '../../src/core/report';
import { headlineWidth } from '../../src/protocol/headline';
import type { HostToPanel, PanelToHost } from '../../src/protocol/webview';
import { fixturePath, readFixture, repoRoot } from '../unit/helpers';
import { analyzeFixture, Harness, initMessage, screensDir, type Theme } from './harness';

// the optional stages are left out for speed: lipschitz.test.ts renders their sections
const settings: AnalysisSettings = { ...defaultSettings, draws: 40, stages: [] };
const run = (name: string, bytes: Uint8Array, s = settings): Report => analyzeFixture(name, s, bytes);

const harness = new Harness();
let twoMoons: Report, iris: Report;

before(async () => {
  twoMoons = run('two-moons.csv', readFixture('two-moons.csv'), { ...settings, lambda: 'auto' }); // with the λ sweep
  iris = run('iris.csv', readFixture('iris.csv'));
  await harness.start();
});
after(() => harness.stop());

const findingCount = (r: Report) =>
  (r.sanity?.conflicts.length ?? 0) +
  (r.sanity?.duplicateGroups.length ?? 0) +
  (r.separation?.closestPairs.length ?? 0) +
  (r.separation?.worstPoints.length ?? 0);

test('two moons: the required width, the findings table and the charts match the report', async () => {
  const { page, posted, violations } = await harness.open(initMessage(twoMoons));
  const width = headlineWidth(twoMoons);
  assert.equal(typeof width, 'number');
  assert.equal(await page.locator('#required-width').getAttribute('data-value'), String(width));
  assert.equal((await page.locator('#required-width').textContent())!.replace(/,/g, ''), String(width));
  assert.equal(await page.locator('#findings tbody tr').count(), findingCount(twoMoons));
  assert.ok(findingCount(twoMoons) > 0, 'two moons has close opposite-class pairs');
  const visible = () => page.locator('#findings tbody tr:visible').count();
  if (findingCount(twoMoons) > 10) {
    assert.equal(await visible(), 10, 'the first 5 pairs and the first 5 worst points up front');
    await page.locator('#findings-more').click();
    assert.equal(await visible(), findingCount(twoMoons));
  }
  for (const id of ['p-curve', 'k-curve', 'lambda-sweep']) {
    const box = await page.locator(`#chart-${id}`).boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `chart ${id} is drawn (${JSON.stringify(box)})`);
  }
  const rendered = (await posted()).find((m) => m.type === 'rendered');
  assert.deepEqual(rendered && { ...rendered, requiredWidth: rendered.requiredWidth.replace(/,/g, ''), colours: undefined }, {
    type: 'rendered',
    requiredWidth: String(width),
    sanityRows: findingCount(twoMoons),
    charts: 3,
    colours: undefined,
  });
  assert.deepEqual(await violations(), []);
  await page.close();
});

test('rows and buttons post what the host acts on', async () => {
  const { page, posted } = await harness.open(initMessage(twoMoons));
  const pair = twoMoons.separation!.closestPairs[0];
  await page.locator('#findings tbody tr').first().locator('td').first().click();
  await page.locator('#findings a.row-link').nth(1).click();
  await page.locator('#export-csv').click();
  await page.locator('#copy-md').click();
  await page.locator('#export-json').click();
  await page.locator('section#section-memorization vscode-button.png').click();
  const msgs = await posted();
  const opens = msgs.filter((m): m is Extract<PanelToHost, { type: 'openRow' }> => m.type === 'openRow').map((m) => m.row);
  const firstFindingRows = twoMoons.sanity!.conflicts[0]?.rows ?? twoMoons.sanity!.duplicateGroups[0]?.rows ?? [pair.a.row, pair.b.row];
  assert.deepEqual(opens, [firstFindingRows[0], firstFindingRows[1]]);
  // the host builds every export but the PNG from the report it holds (test/unit/report/exports.test.ts)
  const exports = msgs.filter((m): m is Extract<PanelToHost, { type: 'export' }> => m.type === 'export');
  assert.deepEqual(
    exports.map((m) => m.kind),
    ['curves-csv', 'markdown', 'report-json'],
  );
  const png = msgs.find((m): m is Extract<PanelToHost, { type: 'savePng' }> => m.type === 'savePng')!;
  assert.match(png.content, /^data:image\/png;base64,/);
  assert.equal(png.suggestedName, 'two-moons.p-curve.png', 'the chart is named after the dataset');
  await page.close();
});

test('a partial report re-renders only the sections it changes: the others keep their nodes and charts', async () => {
  const { page } = await harness.open(initMessage(twoMoons));
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: twoMoons.settings });
  // the report as it stands before the data checks: no findings yet
  const { findings, ...early } = twoMoons;
  assert.ok(findings, 'two moons has a findings section to add');
  await send({ type: 'report', report: early as Report, final: false });
  await page.locator('#section-memorization').waitFor();
  await page.locator('#chart-p-curve').evaluate((c: any) => {
    c.dataset.mark = 'kept';
  });
  await page.locator('#section-memorization').evaluate((c: any) => {
    c.dataset.mark = 'kept';
  });
  await send({ type: 'report', report: twoMoons, final: false });
  await page.locator('#check-counts').waitFor();
  assert.equal(await page.locator('#section-memorization').getAttribute('data-mark'), 'kept', 'the memorization card was not rebuilt');
  assert.equal(await page.locator('#chart-p-curve').getAttribute('data-mark'), 'kept', 'nor its chart');
  const box = await page.locator('#chart-p-curve').boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, `the kept chart is still drawn (${JSON.stringify(box)})`);
  // a changed memorization section is built afresh
  const refined = { ...twoMoons, memorization: { ...twoMoons.memorization!, draws: twoMoons.memorization!.draws + 1 } };
  await send({ type: 'report', report: refined, final: true });
  await page.waitForFunction(() => (document.querySelector('#section-memorization') as HTMLElement | null)?.dataset.mark !== 'kept');
  assert.equal(await page.locator('#chart-p-curve').getAttribute('data-mark'), null);
  await page.close();
});

test('controls re-run with the edited settings', async () => {
  const { page, posted } = await harness.open(initMessage(twoMoons));
  await page.locator('#settings-toggle').click();
  await page.locator('#ctl-draws').evaluate((e: any) => {
    e.value = '25';
  });
  await page.locator('#ctl-seed').evaluate((e: any) => {
    e.value = 'seven';
  });
  await page.locator('#run').click();
  const rerun = (await posted()).find((m): m is Extract<PanelToHost, { type: 'rerun' }> => m.type === 'rerun');
  assert.deepEqual(rerun?.settings, { ...twoMoons.settings, draws: 25, seed: 'seven' });
  await page.close();
});

test('a run in progress: stage and bar, partial results, Cancel, then a failure shown in the panel', async () => {
  const { page, posted } = await harness.open(initMessage(twoMoons));
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: twoMoons.settings });
  await send({ type: 'progress', stage: 'separation', fraction: 0.5, message: 'nearest opposite-class neighbours' });
  await page.locator('#status', { hasText: 'stage 4 of 7: separation, nearest opposite-class neighbours' }).waitFor();
  assert.equal(await page.locator('#status vscode-progress-bar').count(), 1);
  const { memorization: _m, ...partial } = twoMoons;
  await send({ type: 'report', report: partial, final: false });
  assert.equal(await page.locator('#required-width').textContent(), '…', 'no width before the memorization stage');
  assert.equal(await page.locator('#section-memorization').count(), 0);
  assert.ok(await page.locator('#findings').isVisible(), 'findings render as soon as their stage is done');
  await page.locator('#cancel').click();
  assert.ok((await posted()).some((m) => m.type === 'cancel'));
  await send({ type: 'failed', message: 'digits.csv, row 7, column px3: expected a number', cancelled: false, openable: true, retryable: false, row: 7 });
  await page.locator('#open-file').click();
  assert.deepEqual(
    (await posted()).filter((m) => m.type === 'openRow'),
    [{ type: 'openRow', row: 7 }],
    'the error panel opens the file at the bad row',
  );
  assert.equal(await page.locator('#status.failed > span').first().textContent(), 'digits.csv, row 7, column px3: expected a number');
  // the failed run leaves the last finished report on screen (rendered again); the partial one never counts
  const rendered = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'rendered' }> => m.type === 'rendered');
  assert.ok(
    rendered.length >= 1 && rendered.every((m) => m.requiredWidth.replace(/,/g, '') === String(headlineWidth(twoMoons))),
    JSON.stringify(rendered.map((m) => m.requiredWidth)),
  );
  await page.close();
});

test('a damaged binary file: the error is shown with Show Logs and no Open File (no line an editor could show)', async () => {
  const file = 'iris.parquet';
  const { page, posted } = await harness.open({ type: 'init', uri: `file:///ws/${file}`, file, settings: twoMoons.settings, running: true });
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  const message = 'iris.parquet: truncated: a Parquet file ends with its footer and the magic bytes PAR1, found 2000 bytes without them';
  await send({ type: 'failed', message, cancelled: false, openable: false, retryable: false });
  assert.equal(await page.locator('#status.failed > span').first().textContent(), message);
  assert.equal(await page.locator('#open-file').count(), 0);
  await page.locator('#show-logs').click();
  assert.ok((await posted()).some((m) => m.type === 'showLogs'));
  await page.close();
});

test('every stage the core reports moves the bar forward and is counted (the bottleneck rows after the findings)', async () => {
  const { page } = await harness.open(initMessage(twoMoons));
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: twoMoons.settings });
  // the order core/analysis.ts reports them in, without the optional stages (settings.stages is empty)
  const stages = ['parse', 'normalize', 'sanity', 'separation', 'memorization', 'findings', 'bottleneck'];
  let last = -1;
  for (const [i, stage] of stages.entries()) {
    await send({ type: 'progress', stage, fraction: 0.5 });
    // waits until the page has shown this stage (it renders messages on its own schedule)
    await page.locator('#status-text', { hasText: `stage ${i + 1} of ${stages.length}: ${stage}, 50 %` }).waitFor();
    const value = await page.locator('#status vscode-progress-bar').evaluate((b: any) => b.value as number);
    assert.ok(value > last, `${stage}: the bar at ${value} after ${last}`);
    last = value;
  }
  await page.close();
});

test('a page reloaded mid-run (hidden, then shown again) shows the partial report of the run, and a cancel the last finished one', async () => {
  const partial = run('two-moons.csv', readFixture('two-moons.csv'), { ...settings, lambda: 0.25 });
  assert.notEqual(headlineWidth(partial), headlineWidth(twoMoons), 'two reports the panel can tell apart');
  const uri = 'file:///ws/two-moons.csv';
  const { page } = await harness.open(
    { type: 'init', uri, file: 'two-moons.csv', settings: partial.settings, report: twoMoons, partial, running: true },
    { state: { uri, file: 'two-moons.csv', settings: twoMoons.settings, report: twoMoons } },
  );
  const shown = () => page.locator('#required-width').getAttribute('data-value');
  await page.waitForFunction((w) => document.getElementById('required-width')?.getAttribute('data-value') === w, String(headlineWidth(partial)));
  assert.ok(await page.locator('#status vscode-progress-bar').isVisible(), 'still running');
  await page.evaluate(() => window.postMessage({ type: 'failed', message: 'cancelled', cancelled: true, openable: false, retryable: false }, '*'));
  assert.equal(await shown(), String(headlineWidth(twoMoons)));
  await page.close();
});

test('a crashed worker: the message asks to choose Retry, and the panel has the Retry it names', async () => {
  const { page, posted } = await harness.open(initMessage(twoMoons));
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: twoMoons.settings });
  const message = 'two-moons.csv: The analysis worker stopped unexpectedly (exit code 70). A new worker will be started; choose Retry to run it again.';
  await send({ type: 'failed', message, cancelled: false, openable: false, retryable: true });
  await page.locator('#status.failed #retry').click();
  assert.deepEqual(
    (await posted()).filter((m) => m.type === 'rerun'),
    [{ type: 'rerun', settings: twoMoons.settings }],
  );
  // other failures have no Retry: the same run would fail the same way
  await send({ type: 'failed', message: 'digits.csv, row 7, column px3: expected a number', cancelled: false, openable: true, retryable: false, row: 7 });
  // the page renders the message on its own schedule: wait for this failure before counting
  await page.locator('#status.failed', { hasText: 'row 7, column px3' }).waitFor();
  assert.equal(await page.locator('#retry').count(), 0);
  await page.close();
});

test('a cancelled run says so, stops the "…", and shows the last finished report with working exports', async () => {
  const { page, posted } = await harness.open(initMessage(twoMoons));
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: twoMoons.settings });
  await send({ type: 'progress', stage: 'memorization', fraction: 0.5 });
  assert.match((await page.locator('#status-text').textContent())!, /^\d+ % overall · stage 5 of 7: memorization, 50 %/);
  const { memorization: _m, ...partial } = twoMoons;
  await send({ type: 'report', report: partial, final: false });
  await send({ type: 'failed', message: 'The analysis of two-moons.csv was cancelled.', cancelled: true, openable: false, retryable: false });
  assert.match((await page.locator('#status.cancelled').textContent())!, /^Cancelled\. The results below are from the last finished run\./);
  assert.equal(await page.locator('#required-width').getAttribute('data-value'), String(headlineWidth(twoMoons)));
  assert.equal(await page.locator('#run').getAttribute('disabled'), null, 'Run is available again');
  await page.locator('#export-json').click();
  // the host exports its last finished report (it never holds a cancelled run's partial one as such)
  assert.ok(
    (await posted()).some((m) => m.type === 'export' && m.kind === 'report-json'),
    'Export JSON still works after a cancel',
  );
  await page.close();
});

test('during the first run the exports stay disabled until a run has finished (a partial report has nothing to export)', async () => {
  const uri = 'file:///ws/two-moons.csv';
  const { page } = await harness.open({ type: 'init', uri, file: 'two-moons.csv', settings: twoMoons.settings, running: true });
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: twoMoons.settings });
  const { memorization: _m, ...partial } = twoMoons;
  await send({ type: 'report', report: partial, final: false });
  await page.locator('#findings').waitFor();
  const disabled = () => page.locator('.exports vscode-button').evaluateAll((bs) => bs.map((b) => `${b.id} ${b.hasAttribute('disabled')}`));
  assert.deepEqual(await disabled(), ['export-json true', 'export-csv true', 'copy-md true'], 'the host holds no finished report to export yet');
  await send({ type: 'report', report: twoMoons, final: true });
  assert.deepEqual(await disabled(), ['export-json false', 'export-csv false', 'copy-md false']);
  await page.close();
});

test('after a run on two classes, the Classes field still offers every pair of the file (also after a reload)', async () => {
  const pair = run('iris.csv', readFixture('iris.csv'), { ...settings, classes: ['0', '1'] });
  const { page } = await harness.open(initMessage(iris));
  const send = (m: HostToPanel) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await send({ type: 'running', settings: pair.settings });
  await send({ type: 'report', report: pair, final: true });
  const options = (p: typeof page) => p.locator('#ctl-classes vscode-option').evaluateAll((os) => os.map((o) => o.textContent));
  const every = ['all (one-vs-rest + pairwise)', '0 vs 1', '0 vs 2', '1 vs 2'];
  assert.deepEqual(await options(page), every);
  assert.equal(await page.locator('#ctl-classes').evaluate((e: any) => e.value), JSON.stringify(['0', '1']), 'the pair of the run is selected');
  const state = await page.evaluate(() => (window as any).__state);
  await page.close();
  const reloaded = await harness.open(undefined, { state });
  assert.deepEqual(await options(reloaded.page), every);
  await reloaded.page.close();
});

test('inputs are checked as they are typed: an invalid λ says why and disables Run; ids and labels are unique', async () => {
  const { page, posted } = await harness.open(initMessage(twoMoons));
  await page.locator('#settings-toggle').click();
  // the page's own ids (the components' shadow roots scope theirs)
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    'no duplicate ids',
  );
  const fors = await page.locator('vscode-label[for]').evaluateAll((es) => es.map((e) => e.getAttribute('for')!));
  for (const id of fors) assert.equal(await page.locator(`#${id}`).count(), 1, `label for ${id}`);
  await page.locator('#ctl-lambda').evaluate((e: any) => {
    e.value = 'abc';
    e.dispatchEvent(new Event('input'));
  });
  assert.equal(await page.locator('#ctl-lambda-error').textContent(), 'Expected a number ≥ 0, or auto.');
  assert.equal(await page.locator('#run').getAttribute('disabled'), '');
  await page.locator('#run').click({ force: true });
  assert.equal((await posted()).filter((m) => m.type === 'rerun').length, 0);
  await page.locator('#ctl-lambda').evaluate((e: any) => {
    e.value = 'auto';
    e.dispatchEvent(new Event('input'));
  });
  assert.equal(await page.locator('#ctl-lambda-error').textContent(), '');
  await page.locator('#run').click();
  assert.equal((await posted()).filter((m): m is Extract<PanelToHost, { type: 'rerun' }> => m.type === 'rerun')[0].settings.lambda, 'auto');
  await page.close();
});

test('multi-class iris: one-vs-rest width, per-class K and the pairwise heat map', async () => {
  const { page, violations } = await harness.open(initMessage(iris));
  const ovr = iris.multiclass!.oneVsRest!,
    pw = iris.multiclass!.pairwise!;
  assert.equal(await page.locator('#required-width').getAttribute('data-value'), String(ovr.requiredWidth));
  assert.equal(await page.locator('#pairwise tbody tr').count(), pw.classes.length);
  const cells = await page.locator('#pairwise tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(
    cells,
    pw.width.map((row, i) => row.map((w, j) => (i === j || w === null ? (i === j ? '' : '—') : w.toLocaleString('en-US')))),
  );
  assert.ok(await page.locator('#chart-per-class-k').isVisible());
  assert.deepEqual(await violations(), []);
  await page.close();
});

test('every figure on a budget, a subsample or fewer draws says so in the card that shows it (digits, every stage at its default)', async () => {
  // the CLI bundle (WebAssembly kernels) computes the whole default report in seconds; core under tsx runs the TypeScript kernels
  const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'analyze', fixturePath('digits.csv'), '--json', '--quiet'], {
    encoding: 'utf8',
  });
  assert.equal(cli.status, 0, cli.stderr);
  const digits = JSON.parse(cli.stdout) as Report;
  const approximations = digits.approximations ?? [];
  // one of each kind, from the data checks, the multi-class study, the Lipschitz search and the held-out check
  for (const figure of ['findings.bottleneck', 'multiclass.lambdaSweep', 'lipschitz.random', 'generalization.widths'])
    assert.ok(
      approximations.some((a) => a.figure === figure),
      `${figure} in ${JSON.stringify(approximations.map((a) => a.figure))}`,
    );
  const { page, violations } = await harness.open(initMessage(digits));
  const label = { subsample: 'Subsample', budget: 'Budget', draws: 'Fewer draws' };
  for (const a of approximations) {
    const item = page.locator(`li[data-figure="${a.figure}"]`);
    assert.equal(await item.count(), 1, a.figure);
    assert.ok(await item.isVisible(), `${a.figure} is visible`);
    assert.equal((await item.textContent())?.trim(), `${label[a.kind]}: ${a.sentence}`);
  }
  // the bottleneck rows' draws beside the data checks they belong to
  assert.equal(
    await page
      .locator('.group', { has: page.locator('#findings') })
      .locator('li[data-figure="findings.bottleneck"]')
      .count(),
    1,
  );
  assert.deepEqual(await violations(), []);
  await page.close();
});

test('strings from the file are shown as text, never as markup', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const csv = `x0,x1,label\n0,0,${JSON.stringify(hostile).replace(/\\"/g, '""')}\n1,0,b\n0,1,b\n1,1,${JSON.stringify(hostile).replace(/\\"/g, '""')}\n`;
  const report = run('evil<b>.csv', new TextEncoder().encode(csv));
  const { page } = await harness.open(initMessage(report));
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
  assert.ok((await page.locator('.facts').textContent())!.includes(hostile));
  await page.close();
});

test('after a reload the panel restores its report from getState before the host answers', async () => {
  const first = await harness.open(initMessage(twoMoons));
  const state = await first.page.evaluate(() => (window as any).__state);
  await first.page.close();
  assert.equal(state.report.memorization.requiredWidth, twoMoons.memorization!.requiredWidth);
  const { page } = await harness.open(undefined, { state });
  assert.equal(await page.locator('#required-width').getAttribute('data-value'), String(headlineWidth(twoMoons)));
  await page.close();
});

test('screenshots in light, dark and high contrast (re-coloured on theme change)', async () => {
  mkdirSync(screensDir, { recursive: true });
  const { page, setTheme, violations } = await harness.open(initMessage(twoMoons), { width: 900 });
  const colours: string[] = [];
  for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast'] as Theme[]) {
    await setTheme(theme);
    colours.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    const file = path.join(screensDir, `panel-${theme.replace('vscode-', '')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // the README's: the panel's first screen
    await page.screenshot({ path: file.replace('.png', '-top.png'), clip: { x: 0, y: 0, width: 900, height: 1100 } });
    console.log(`screenshot ${file}`);
  }
  assert.equal(new Set(colours).size, 3, `three different backgrounds: ${colours}`);
  const { page: irisPage, setTheme: irisTheme } = await harness.open(initMessage(iris), { width: 900 });
  await irisTheme('vscode-dark');
  await irisPage.screenshot({ path: path.join(screensDir, 'panel-iris-dark.png'), fullPage: true });
  assert.deepEqual(await violations(), []);
  await page.close();
  await irisPage.close();
});
