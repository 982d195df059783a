// `npm run vscode`: package the extension, install the .vsix into a private code-server, open a
// sample workspace, and print the address. Ctrl-C stops it (the whole process group).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { prepareTestWorkspace } = require('./workspace.js');
const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT || 8080);
const work = path.join(root, '.vscode-test', 'play');

const tools = Object.fromEntries(
  execFileSync('bash', [path.join(root, 'scripts', 'e2e-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .map((l) => l.split('=')),
);
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
const vsix = readdirSync(root)
  .filter((f) => f.endsWith('.vsix'))
  .sort()
  .pop();

const folder = prepareTestWorkspace(path.join(work, 'workspace'), { withIris: true });
mkdirSync(path.join(work, 'data', 'User'), { recursive: true });
writeFileSync(
  path.join(work, 'data', 'User', 'settings.json'),
  JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none', 'update.mode': 'none', 'extensions.autoUpdate': false }),
);
const base = [tools.CODE_SERVER_ENTRY, '--user-data-dir', path.join(work, 'data'), '--extensions-dir', path.join(work, 'extensions')];
execFileSync(tools.CODE_SERVER_NODE, [...base, '--install-extension', path.join(root, vsix), '--force'], {
  stdio: 'inherit',
  env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
});

const cs = spawn(
  tools.CODE_SERVER_NODE,
  [
    ...base,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    folder,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], detached: true, env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
);
cs.stdout.on('data', (b) => {
  process.stdout.write(b);
  if (/HTTP server listening/.test(b))
    console.log(
      `\nDataset Geometry (${vsix}) is running in code-server: open http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}\nRight-click a .csv in the explorer, or run "Dataset Geometry: Analyze Dataset". Ctrl-C stops it.\n`,
    );
});
const stop = () => {
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {}
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
cs.on('exit', (code) => process.exit(code ?? 0));
