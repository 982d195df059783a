// Screenshots of the panel in a real VS Code (code-server): each dataset analysed through the command
// palette with the default settings, then shot at 1440 × 900 and with the panel 540 px wide, in the
// light, dark and high-contrast themes (the browser's colour scheme and forced colours, which VS Code follows).
// env: as run-in-code-server.js; DATASETS (comma-separated, default iris,wine,breast-cancer,digits; empty for none),
// FASHION=1 adds Fashion-MNIST's t10k IDX files from /usr/share/datasets/fashion-mnist (copied into
// the test workspace only). Usage: eval "$(bash scripts/e2e-tools.sh | sed 's/^/export /')"; node e2e/screenshots.js
const fs = require('fs'),
  os = require('os'),
  path = require('path'),
  net = require('net');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const env = process.env;
const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.vscode-test', 'shots');
const SCREENS = path.resolve(env.SCREENS || path.join(ROOT, '.vscode-test', 'screens', 'vscode'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-'));
const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern', 'high-contrast': 'Default High Contrast' };
const settingsFile = path.join(WORK, 'data/User/settings.json');
const writeSettings = () =>
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'window.autoDetectColorScheme': true,
      'window.autoDetectHighContrast': true,
      'workbench.preferredLightColorTheme': themes.light,
      'workbench.preferredDarkColorTheme': themes.dark,
      'workbench.preferredHighContrastColorTheme': themes['high-contrast'],
    }),
  );
const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

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
    for (const d of ['data/User', 'extensions']) fs.mkdirSync(path.join(WORK, d), { recursive: true });
    fs.writeFileSync(path.join(WORK, 'config.yaml'), 'auth: none\ncert: false\n');
    writeSettings();
    const { dir, names } = workspace();
    const port = await freePort();
    cs = spawn(
      env.CODE_SERVER_NODE,
      [
        env.CODE_SERVER_ENTRY,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--config',
        `${WORK}/config.yaml`,
        '--user-data-dir',
        `${WORK}/data`,
        '--extensions-dir',
        `${WORK}/extensions`,
        '--ignore-last-opened',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--vscode-option',
        'enable-smoke-test-driver',
      ], // built VS Code ignores the URL's extensionDevelopmentPath without it
      {
        env: { ...env, TMPDIR: TMP, XDG_CONFIG_HOME: `${WORK}/xdg`, XDG_DATA_HOME: `${WORK}/xdg`, EXTENSIONS_GALLERY: '{}' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    await new Promise((res, rej) => {
      cs.stdout.on('data', (b) => /HTTP server listening/.test(b) && res());
      cs.once('exit', (c) => rej(new Error(`code-server exited ${c}`)));
    });
    browser = await chromium.launch({
      executablePath: env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`]]);
    await page.goto(`http://127.0.0.1:${port}/?` + new URLSearchParams({ folder: dir, payload }));
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
    if (cs)
      for (const sig of ['SIGTERM', 'SIGKILL']) {
        try {
          process.kill(-cs.pid, sig);
        } catch {}
        await new Promise((r) => setTimeout(r, 1000));
      }
    fs.rmSync(TMP, { recursive: true, force: true });
  }
})();
