// Runs the extension-host tests (dist/test/extension/index.js) in code-server's real Node extension
// host, driven by headless Chromium (playwright-core); then (UI_CHECK=1) runs "Dataset Geometry:
// Analyze Dataset" from the command palette, picks two-moons.csv in the quick pick, and reads the
// panel's DOM. Prints "N passed, N failed" for both together.
// env: CODE_SERVER_NODE, CODE_SERVER_ENTRY, CHROMIUM (from scripts/e2e-tools.sh); optional WORK,
// UI_CHECK (default 1), VERBOSE, TEST_TIMEOUT_MS, SCREENS (where screenshots go)
const { spawn } = require('child_process');
const fs = require('fs'),
  os = require('os'),
  path = require('path'),
  net = require('net'),
  util = require('util');
const { chromium } = require('playwright-core');
const { prepareTestWorkspace } = require('./workspace');

const env = process.env;
const ROOT = path.resolve(__dirname, '..');
const WORK = path.resolve(env.WORK || path.join(ROOT, '.vscode-test', 'run'));
const TESTS = path.join(ROOT, 'dist', 'test', 'extension', 'index.js');
const SCREENS = path.resolve(env.SCREENS || path.join(ROOT, '.vscode-test', 'screens'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-')); // short: code-server puts unix sockets in TMPDIR
const NOISE =
  /^\s*(INFO|TRACE|DEBUG|WARN|ERR)\b|^\[(lifecycle|AgentHost|AccountPolicyGate|reconnection-grace-time|Service Worker)|^(Creating a socket|Resolv|Updating additional|Ignoring fetching|Unable to read file .*Canceled|Timed out waiting for authentication provider)/;
let summary = null;
const timeout = (p, ms, what) => {
  let t;
  return Promise.race([
    p,
    new Promise((_, j) => {
      t = setTimeout(() => j(new Error(`timeout: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
};
const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

const prepareWorkspace = () => prepareTestWorkspace(path.join(WORK, 'workspace'));

async function startCodeServer(port) {
  for (const d of ['data/User', 'extensions']) fs.mkdirSync(path.join(WORK, d), { recursive: true });
  fs.writeFileSync(path.join(WORK, 'config.yaml'), 'auth: none\ncert: false\n');
  fs.writeFileSync(
    path.join(WORK, 'data/User/settings.json'),
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'workbench.colorTheme': env.THEME || 'Default Dark Modern',
    }),
  );
  const cs = spawn(
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
    ], // built VS Code ignores the URL's extensionTestsPath without it
    {
      env: { ...env, TMPDIR: TMP, XDG_CONFIG_HOME: `${WORK}/xdg`, XDG_DATA_HOME: `${WORK}/xdg`, EXTENSIONS_GALLERY: '{}' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  ); // own process group, killed as a whole
  const log = fs.createWriteStream(`${WORK}/code-server.log`);
  cs.stdout.pipe(log);
  cs.stderr.pipe(log);
  await timeout(
    new Promise((res, rej) => {
      cs.stdout.on('data', (b) => /HTTP server listening/.test(b) && res());
      cs.once('exit', (c) => rej(new Error(`code-server exited (${c}), see ${WORK}/code-server.log`)));
    }),
    60000,
    'code-server start',
  );
  return cs;
}
// The web workbench reads ?folder= and ?payload=[[key,value],...] (keys as the desktop CLI flags).
const url = (port, folder, payload) => `http://127.0.0.1:${port}/?` + new URLSearchParams({ folder, payload: JSON.stringify(payload) });
const remote = (port, p) => `vscode-remote://127.0.0.1:${port}${p}`;

async function runTests(browser, port, folder) {
  // the workbench's clipboard is the browser's: let the tests write and read it
  const page = await browser.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  let done;
  const exited = new Promise((r) => {
    done = r;
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // workbench + extension host console
    const a = [].concat(args);
    if (String(a[0]).startsWith('%c')) {
      a[0] = a[0].slice(2);
      a.splice(1, 1);
    }
    const line = util.format(...a);
    if (/^\d+ passed, \d+ failed/.test(line)) summary = line;
    if (env.VERBOSE || !NOISE.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code)); // called when the test run() settles
  await page.goto(
    url(port, folder, [
      ['extensionDevelopmentPath', remote(port, ROOT)],
      ['extensionTestsPath', remote(port, TESTS)],
    ]),
  );
  const code = await timeout(exited, Number(env.TEST_TIMEOUT_MS || 300000), 'extension tests').catch(async (e) => {
    await page.screenshot({ path: `${WORK}/timeout.png` }).catch(() => {});
    throw e;
  });
  await page.close();
  return code;
}

/** The palette path a person takes: command, quick pick of the workspace's datasets, the panel. */
async function uiCheck(browser, port, folder) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url(port, folder, [['extensionDevelopmentPath', remote(port, ROOT)]]));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.waitForTimeout(3000); // let the extension host register its commands
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type('Dataset Geometry: Analyze Dataset');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Analyze Dataset' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'two-moons.csv' }).first().waitFor({ timeout: 20000 });
  await page.keyboard.type('two-moons');
  await page.keyboard.press('Enter');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('body[data-rendered]').waitFor({ timeout: 120000 });
  const shown = await frame.locator('#required-width').textContent();
  const expected = await frame.locator('body').getAttribute('data-rendered');
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, 'code-server.png') });
  console.log(`UI check: panel shows n* = ${JSON.stringify(shown)} (report: ${expected}); screenshot ${path.join(SCREENS, 'code-server.png')}`);
  return shown.replace(/,/g, '') === expected;
}

(async () => {
  let cs,
    browser,
    code = 1,
    ui = null;
  try {
    const folder = prepareWorkspace();
    const port = await freePort();
    cs = await startCodeServer(port);
    browser = await chromium.launch({
      executablePath: env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
    code = await runTests(browser, port, folder);
    console.log(`extension tests exit code: ${code}`);
    if ((env.UI_CHECK ?? '1') === '1') {
      ui = await uiCheck(browser, port, prepareWorkspace()).catch((e) => {
        console.error('UI check failed:', e);
        return false;
      });
      if (!ui) code = code || 1;
    }
  } catch (e) {
    console.error(e);
    code = 1;
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
  // closing line: extension-host tests + the UI check
  let [p, f] = summary ? /^(\d+) passed, (\d+) failed/.exec(summary).slice(1).map(Number) : [0, 1];
  if (ui !== null) ui ? p++ : f++;
  console.log(`${p} passed, ${f} failed`);
  process.exit(code);
})();
