// Serves the built panel (dist/webview.js, media/panel.css) inside the extension's own HTML and CSP,
// with a stub acquireVsCodeApi that records what the panel posts and answers `ready` with a real
// report, and drives it with playwright-core and the system's Chromium.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze } from '../../src/core/analysis';
import { defaultSettings, type AnalysisSettings, type Report } from '../../src/core/report';
import { nodeInflate } from '../../src/node/inflate';
import type { HostToPanel, PanelState, PanelToHost } from '../../src/protocol/webview';
import { panelHtml } from '../../src/extension/html';
import { readFixture, repoRoot } from '../unit/helpers';

export const screensDir = path.join(repoRoot, '.vscode-test', 'screens');
export type Theme = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';

/** A fixture's report as the core computes it, with these settings over the defaults. */
export function analyzeFixture(name: string, settings: Partial<AnalysisSettings> = {}, bytes: Uint8Array = readFixture(name)): Report {
  return analyze({ name, bytes }, { ...defaultSettings, ...settings }, { inflate: nodeInflate });
}

/** The host's first message to a panel opened on `file` with a finished report. */
export function initMessage(report: Report, file = report.dataset.file): HostToPanel {
  return { type: 'init', uri: `file:///ws/${file}`, file, settings: report.settings, report, running: false };
}

const files: Record<string, [string, string]> = {
  '/dist/webview.js': [path.join(repoRoot, 'dist', 'webview.js'), 'text/javascript'],
  '/media/panel.css': [path.join(repoRoot, 'media', 'panel.css'), 'text/css'],
  '/themes.css': [path.join(repoRoot, 'test', 'webview', 'themes.css'), 'text/css'],
  // the accessibility scanner, loaded by the test page only (never by the product)
  '/axe.js': [path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'text/javascript'],
};

export interface PanelPage {
  page: Page;
  /** everything the panel posted to the "host" so far */
  posted(): Promise<PanelToHost[]>;
  violations(): Promise<string[]>;
  setTheme(theme: Theme): Promise<void>;
}

export class Harness {
  private server?: Server;
  private browser?: Browser;
  private origin = '';
  /** what the next page load gets: the init message and the state getState returns */
  private nextInit?: HostToPanel;
  private nextState?: PanelState;
  private nextTheme: Theme = 'vscode-light';

  async start(): Promise<void> {
    if (!existsSync(files['/dist/webview.js'][0])) throw new Error('dist/webview.js is missing: run `npm run build` first.');
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(this.page());
        return;
      }
      const f = files[url.pathname];
      if (!f) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': f[1] }).end(readFileSync(f[0]));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
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
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise((r) => this.server?.close(r));
  }

  /** Open the panel as VS Code would: it posts `ready`, the stub answers with `init`. */
  async open(init: HostToPanel | undefined, opts: { theme?: Theme; state?: PanelState; width?: number } = {}): Promise<PanelPage> {
    this.nextInit = init;
    this.nextState = opts.state;
    this.nextTheme = opts.theme ?? 'vscode-light';
    const page = await this.browser!.newPage({ viewport: { width: opts.width ?? 1000, height: 900 } });
    page.on('pageerror', (e) => {
      throw e;
    });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(this.origin + '/');
    await page.waitForFunction(() => document.body.dataset.rendered !== undefined || (window as any).__posted.some((m: PanelToHost) => m.type === 'ready'));
    return {
      page,
      posted: () => page.evaluate(() => (window as any).__posted as PanelToHost[]),
      violations: async () => [
        ...errors.filter((e) => /Content Security Policy/i.test(e)),
        ...(await page.evaluate(() => (window as any).__violations as string[])),
      ],
      setTheme: async (theme) => {
        await page.evaluate((t) => {
          document.body.dataset.rendered = '';
          document.body.className = t;
        }, theme);
        await page.waitForFunction(() => document.body.dataset.rendered !== '');
      },
    };
  }

  private page(): string {
    const nonce = randomBytes(16).toString('base64');
    const html = panelHtml({ nonce, cspSource: this.origin, scriptUri: '/dist/webview.js', styleUri: '/media/panel.css', lang: 'en' });
    const json = (v: unknown) => JSON.stringify(v ?? null).replace(/</g, '\\u003c');
    const stub = `<script nonce="${nonce}">
window.__posted = []; window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
document.body.className = ${json(this.nextTheme)};
let state = ${json(this.nextState)};
const init = ${json(this.nextInit)};
window.acquireVsCodeApi = () => ({
  postMessage(m) { window.__posted.push(m); if (m.type === 'ready' && init) setTimeout(() => window.postMessage(init, '*')); },
  getState() { return state ?? undefined; },
  setState(s) { state = s; window.__state = s; },
});
</script>`;
    return html
      .replace('</head>', `<link rel="stylesheet" href="/themes.css">\n</head>`)
      .replace(`<script nonce="${nonce}" src=`, `${stub}\n<script nonce="${nonce}" src="/axe.js"></script>\n<script nonce="${nonce}" src=`);
  }
}
