// Screenshots of the panel in a real VS Code (code-server): each dataset analysed through the command
// palette with the default settings, then shot at 1440 × 900 and with the panel 540 px wide, in the
// light, dark and high-contrast themes (the browser's colour scheme and forced colours, which VS Code follows).
// env: as run-in-code-server.js; DATASETS (comma-separated, default iris,wine,breast-cancer,digits; empty for none),
// FASHION=1 adds Fashion-MNIST's t10k IDX files from /usr/share/datasets/fashion-mnist (copied into
// the test workspace only). Usage: eval "$(bash scripts/e2e-tools.sh | sed 's/^/export /')"; node e2e/screenshots.js
const fs = require('fs'),
  os = require('os'),
  path = require('path');
const { freePort, launchChromium, remote, startCodeServer, stopCodeServer, workbenchUrl } = require('./codeServer');

const env = process.env;
const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.vscode-test', 'shots');
const SCREENS = path.resolve(env.SCREENS || path.join(ROOT, '.vscode-test', 'screens', 'vscode'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-'));
const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern', 'high-contrast': 'Default High Contrast' };
// the theme follows the browser's colour scheme and forced colours (setTheme below)
const themeSettings = {
  'window.autoDetectColorScheme': true,
  'window.autoDetectHighContrast': true,
  'workbench.preferredLightColorTheme': themes.light,
  'workbench.preferredDarkColorTheme': themes.dark,
  'workbench.preferredHighContrastColorTheme': themes['high-contrast'],
};

function workspace() {
  const dir = path.join(WORK, 'workspace');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const names = (env.DATASETS ?? 'iris,wine,breast-cancer,digits')
    .split(',')
    .filter(Boolean)
    .map((n) => `${n}.csv`);
  for (const n of names) fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', n), path.join(dir, n));
  if (env.FASHION === '1') {
    for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'])
      fs.copyFileSync(path.join('/usr/share/datasets/fashion-mnist', f), path.join(dir, f));
    names.push('t10k-images-idx3-ubyte.gz');
  }
  return { dir, names };
}

(async () => {
  let cs, browser;
  try {
    // a fresh profile each run: state a former run left (a theme chosen in the picker, say) would override the settings
    fs.rmSync(WORK, { recursive: true, force: true });
    const { dir, names } = workspace();
    const port = await freePort();
    cs = await startCodeServer({ work: WORK, tmp: TMP, port, settings: themeSettings });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(workbenchUrl(port, dir, [['extensionDevelopmentPath', remote(port, ROOT)]]));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.waitForTimeout(4000);
    const palette = async (command) => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(command);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: command.replace(/^.*: /, '') })
        .first()
        .waitFor({ timeout: 120000 });
      await page.keyboard.press('Enter');
    };
    // the browser's colour scheme and forced colours, which VS Code follows (window.autoDetectColorScheme,
    // window.autoDetectHighContrast): rewriting the user settings was not always picked up
    const setTheme = async (theme) => {
      await page.emulateMedia(theme === 'high-contrast' ? { colorScheme: 'dark', forcedColors: 'active' } : { colorScheme: theme, forcedColors: 'none' });
      const kind = { light: 'vs', dark: 'vs-dark', 'high-contrast': 'hc-black' }[theme];
      await page.waitForFunction((k) => document.querySelector('.monaco-workbench')?.classList.contains(k), kind, { timeout: 20000 });
      await page.waitForTimeout(1500); // the panel takes the theme's colours
    };
    fs.mkdirSync(SCREENS, { recursive: true });
    for (const name of names) {
      await palette('View: Close All Editors');
      await page.waitForTimeout(500);
      await palette('Dataset Geometry: Analyze Dataset');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20000 });
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
      await frame.locator('body[data-rendered]').waitFor({ timeout: Number(env.ANALYSIS_TIMEOUT_MS || 900000) });
      const stem = name.replace(/\.(csv|gz)$/, '').replace(/-idx3-ubyte$/, '');
      // 540: the window narrowed until the panel itself is 540 px wide, as beside an editor (the side
      // bars keep their widths)
      const panelWidth = (await page.locator('iframe.webview.ready').last().boundingBox())?.width ?? 1440;
      for (const [width, label] of [
        [1440, '1440'],
        [Math.round(1440 - (panelWidth - 540)), '540'],
      ]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(800);
        for (const theme of Object.keys(themes)) {
          await setTheme(theme);
          const file = path.join(SCREENS, `${stem}-${label}-${theme}.png`);
          await page.screenshot({ path: file });
          console.log(`screenshot ${file}`);
        }
      }
      await setTheme('light');
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
    await browser
      ?.contexts()[0]
      ?.pages()[0]
      ?.screenshot({ path: path.join(WORK, 'failure.png') })
      .catch(() => {});
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (cs) await stopCodeServer(cs);
    fs.rmSync(TMP, { recursive: true, force: true });
  }
})();
