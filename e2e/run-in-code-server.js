// Runs the extension-host tests (dist/test/extension/index.js) in code-server's real Node extension
// host, driven by headless Chromium (playwright-core); then (UI_CHECK=1) runs "Dataset Geometry:
// Analyze Dataset" from the command palette, picks two-moons.csv in the quick pick, and reads the
// panel's DOM. Prints "N passed, N failed" for both together.
// env: CODE_SERVER_NODE, CODE_SERVER_ENTRY, CHROMIUM (from scripts/e2e-tools.sh); optional WORK,
// UI_CHECK (default 1), VERBOSE, TEST_TIMEOUT_MS, SCREENS (where screenshots go)
const fs = require('fs'),
  os = require('os'),
  path = require('path'),
  util = require('util');
const { prepareTestWorkspace } = require('./workspace');
const { freePort, launchChromium, remote, startCodeServer, stopCodeServer, timeout, workbenchUrl: url } = require('./codeServer');

const env = process.env;
const ROOT = path.resolve(__dirname, '..');
const WORK = path.resolve(env.WORK || path.join(ROOT, '.vscode-test', 'run'));
const TESTS = path.join(ROOT, 'dist', 'test', 'extension', 'index.js');
const SCREENS = path.resolve(env.SCREENS || path.join(ROOT, '.vscode-test', 'screens'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-')); // short: code-server puts unix sockets in TMPDIR
const NOISE =
  /^\s*(INFO|TRACE|DEBUG|WARN|ERR)\b|^\[(lifecycle|AgentHost|AccountPolicyGate|reconnection-grace-time|Service Worker)|^(Creating a socket|Resolv|Updating additional|Ignoring fetching|Unable to read file .*Canceled|Timed out waiting for authentication provider)/;
let summary = null;
const prepareWorkspace = () => prepareTestWorkspace(path.join(WORK, 'workspace'));

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
  // the workspace's datasets fill more rows than the list shows: filter first, as a person would
  await page.locator('.quick-input-list .monaco-list-row', { hasText: '.csv' }).first().waitFor({ timeout: 20000 });
  await page.keyboard.type('two-moons');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'two-moons.csv' }).first().waitFor({ timeout: 20000 });
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
    cs = await startCodeServer({ work: WORK, tmp: TMP, port, settings: { 'workbench.colorTheme': env.THEME || 'Default Dark Modern' } });
    browser = await launchChromium();
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
    if (cs) await stopCodeServer(cs);
    fs.rmSync(TMP, { recursive: true, force: true });
  }
  // closing line: extension-host tests + the UI check
  let [p, f] = summary ? /^(\d+) passed, (\d+) failed/.exec(summary).slice(1).map(Number) : [0, 1];
  if (ui !== null) ui ? p++ : f++;
  console.log(`${p} passed, ${f} failed`);
  process.exit(code);
})();
