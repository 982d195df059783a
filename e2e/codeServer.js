// What the extension-host run (run-in-code-server.js) and the screenshots (screenshots.js) share: a
// private code-server started from its own profile folder, and the system's Chromium driven by
// playwright-core. env: CODE_SERVER_NODE, CODE_SERVER_ENTRY, CHROMIUM (from scripts/e2e-tools.sh).
const { spawn } = require('child_process');
const fs = require('fs'),
  net = require('net'),
  path = require('path');
const { chromium } = require('playwright-core');

const env = process.env;

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

/** User settings every run starts from: nothing phones home, nothing updates, no welcome page. */
const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

/**
 * code-server on 127.0.0.1:port with the profile in `work` (config, user data, extensions) and
 * `tmp` as TMPDIR (short: it puts unix sockets there); resolves once it listens. Its own process
 * group, so stopCodeServer kills it as a whole.
 */
async function startCodeServer({ work, tmp, port, settings }) {
  for (const d of ['data/User', 'extensions']) fs.mkdirSync(path.join(work, d), { recursive: true });
  fs.writeFileSync(path.join(work, 'config.yaml'), 'auth: none\ncert: false\n');
  fs.writeFileSync(path.join(work, 'data/User/settings.json'), JSON.stringify({ ...quietSettings, ...settings }));
  const cs = spawn(
    env.CODE_SERVER_NODE,
    [
      env.CODE_SERVER_ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--config',
      `${work}/config.yaml`,
      '--user-data-dir',
      `${work}/data`,
      '--extensions-dir',
      `${work}/extensions`,
      '--ignore-last-opened',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
    ], // built VS Code ignores the URL's extensionDevelopmentPath and extensionTestsPath without it
    {
      env: { ...env, TMPDIR: tmp, XDG_CONFIG_HOME: `${work}/xdg`, XDG_DATA_HOME: `${work}/xdg`, EXTENSIONS_GALLERY: '{}' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const log = fs.createWriteStream(`${work}/code-server.log`);
  cs.stdout.pipe(log);
  cs.stderr.pipe(log);
  await timeout(
    new Promise((res, rej) => {
      cs.stdout.on('data', (b) => /HTTP server listening/.test(b) && res());
      cs.once('exit', (c) => rej(new Error(`code-server exited (${c}), see ${work}/code-server.log`)));
    }),
    60000,
    'code-server start',
  );
  return cs;
}

async function stopCodeServer(cs) {
  for (const sig of ['SIGTERM', 'SIGKILL']) {
    try {
      process.kill(-cs.pid, sig);
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const launchChromium = () =>
  chromium.launch({
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

// The web workbench reads ?folder= and ?payload=[[key,value],...] (keys as the desktop CLI flags).
const workbenchUrl = (port, folder, payload) => `http://127.0.0.1:${port}/?` + new URLSearchParams({ folder, payload: JSON.stringify(payload) });
const remote = (port, p) => `vscode-remote://127.0.0.1:${port}${p}`;

module.exports = { timeout, freePort, startCodeServer, stopCodeServer, launchChromium, workbenchUrl, remote };
