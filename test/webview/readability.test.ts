// Readable for everyone, on every real dataset: wine and breast cancer reach an n* with the default
// settings (auto normalisation), a dataset with no width says why and offers remedies instead of empty
// charts, nothing overflows at 480 px, an axe-core scan finds no serious violation, and every chart
// colour has 3:1 (text 4.5:1) against the background it is drawn on, in light, dark and high contrast.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Report } from '../../src/core/report';
import type { PanelToHost } from '../../src/protocol/webview';
import { analyzeFixture, Harness, initMessage, type Theme } from './harness';

const themes: Theme[] = ['vscode-light', 'vscode-dark', 'vscode-high-contrast'];

const harness = new Harness();
let wine: Report, breastCancer: Report, iris: Report, wineMaxNorm: Report;

before(async () => {
  // the default flow: default settings (auto normalisation, T = 100); the optional stages only where checked
  wine = analyzeFixture('wine.csv', { stages: [] });
  breastCancer = analyzeFixture('breast-cancer.csv', { stages: [] });
  iris = analyzeFixture('iris.csv'); // every stage: the widest tables
  wineMaxNorm = analyzeFixture('wine.csv', { normalize: 'max-norm', draws: 20, stages: [] });
  await harness.start();
});
after(() => harness.stop());

/** WCAG contrast of two rgb()/#hex colours (alpha ignored: the palette's graphics are opaque). */
function contrast(a: string, b: string): number {
  const channels = (c: string) =>
    c.startsWith('#')
      ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16))
      : c
          .slice(c.indexOf('(') + 1, -1)
          .split(',')
          .slice(0, 3)
          .map(Number);
  const lum = (c: string) => {
    const [r, g, bl] = channels(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('wine and breast cancer reach an n* in the default flow, and the header says which normalisation and why', async () => {
  for (const report of [wine, breastCancer]) {
    const net = report.memorization ?? report.multiclass!.oneVsRest!;
    assert.equal(typeof net.requiredWidth, 'number', `${report.dataset.file}: n* reached`);
    const { page } = await harness.open(initMessage(report));
    assert.equal(await page.locator('#required-width').getAttribute('data-value'), String(net.requiredWidth));
    assert.match((await page.locator('#normalization').textContent())!, /^standardize: standardised per feature.* — auto: feature .* spreads/);
    assert.match((await page.locator('#answer').textContent())!, /Two layers of threshold units memorize all/);
    assert.equal(await page.locator('#section-no-width').count(), 0);
    await page.close();
  }
});

test('no width (wine under max-norm): the causes, one-click remedies, and no empty chart frame', async () => {
  const { page, posted } = await harness.open(initMessage(wineMaxNorm));
  assert.equal(await page.locator('#required-width').textContent(), '—');
  const causes = await page.locator('#no-width-causes li').evaluateAll((li) => li.map((l) => l.getAttribute('data-cause')));
  assert.deepEqual(causes.slice(0, 2), ['scale', 'separation']);
  await page.locator('#remedies vscode-button[data-remedy="standardize"]').click();
  await page.locator('#remedies vscode-button[data-remedy="max-width"]').click();
  const reruns = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'rerun' }> => m.type === 'rerun').map((m) => m.settings);
  assert.deepEqual(reruns, [
    { ...wineMaxNorm.settings, normalize: 'standardize' },
    { ...wineMaxNorm.settings, maxWidth: 4 * wineMaxNorm.settings.maxWidth },
  ]);
  // every chart on the page has data in it: no frame without a series
  const empty = await page.locator('canvas').evaluateAll((cs) => cs.filter((c) => (c as HTMLCanvasElement).height === 0).length);
  assert.equal(empty, 0);
  await page.close();
});

test('no horizontal overflow at 480 px (iris with every stage, wine, wine without a width)', async () => {
  for (const report of [iris, wine, wineMaxNorm]) {
    const { page } = await harness.open(initMessage(report), { width: 480 });
    await page.locator('#settings-toggle').click(); // the open form too
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(overflow.scroll <= overflow.client, `${report.dataset.file}: page ${overflow.scroll} px wide in a ${overflow.client} px view`);
    // nothing sticks out of its card either (wide tables scroll inside it)
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll('section.card')].flatMap((card) => {
        const right = card.getBoundingClientRect().right;
        return [...card.querySelectorAll('*')]
          .filter((e) => e.getBoundingClientRect().right > right + 1 && !e.closest('table'))
          .map((e) => `${card.id} ${e.tagName}.${e.className}`);
      }),
    );
    assert.deepEqual(outside, [], report.dataset.file);
    await page.close();
  }
});

test('axe-core finds no serious or critical violation in light, dark and high contrast', async () => {
  for (const report of [iris, wineMaxNorm]) {
    const { page, setTheme } = await harness.open(initMessage(report), { width: 1000 });
    for (const theme of themes) {
      await setTheme(theme);
      const found = await page.evaluate(async () => {
        const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v: any) =>
              `${v.id} (${v.impact}): ${v.nodes
                .slice(0, 3)
                .map((n: any) => n.target.join(' '))
                .join('; ')}`,
          );
      });
      assert.deepEqual(found, [], `${report.dataset.file} in ${theme}`);
    }
    await page.close();
  }
});

test('every chart colour has 3:1 against the chart background, text 4.5:1, in every theme', async () => {
  const { page, posted, setTheme } = await harness.open(initMessage(iris));
  for (const theme of themes) {
    await setTheme(theme);
    const rendered = (await posted()).filter((m): m is Extract<PanelToHost, { type: 'rendered' }> => m.type === 'rendered').at(-1)!;
    const { background, ...colours } = rendered.colours!;
    // the palette's background is the one the cards (and so the charts) are painted with
    assert.equal(contrast(background, await page.evaluate(() => getComputedStyle(document.querySelector('section.card')!).backgroundColor)), 1, theme);
    for (const [role, colour] of Object.entries(colours)) {
      const need = role === 'foreground' || role === 'muted' ? 4.5 : 3;
      assert.ok(contrast(colour, background) >= need, `${theme}: ${role} ${colour} on ${background}: ${contrast(colour, background).toFixed(2)} < ${need}`);
    }
  }
  await page.close();
});
