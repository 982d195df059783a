// The panel's app: handshake with the host, keep state (restored after reloads), render the report
// progressively as stages arrive, and re-render on theme changes.
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { AnalysisSettings, Report } from '../src/core/report';
import { headlineWidth } from '../src/protocol/headline';
import type { HostToPanel, PanelState, PanelToHost } from '../src/protocol/webview';
import { applyTheme, ChartRegistry } from './charts';
import { renderControls } from './controls';
import { el } from './dom';
import { formatMarkdown } from '../src/core/summary';
import { curvesCsv } from './exports';
import { sections } from './sections/index';
import { readPalette, onThemeChange } from './theme';

interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const charts = new ChartRegistry();

interface View {
  uri?: string;
  file?: string;
  settings?: AnalysisSettings;
  report?: Report;
  /** the report is a finished one (not a stage's partial report of a run that may still fail) */
  complete: boolean;
  running: boolean;
  progress?: { stage: string; fraction: number; message?: string };
  failure?: string;
}

const saved = vscode.getState();
const view: View = { uri: saved?.uri, file: saved?.file, settings: saved?.settings, report: saved?.report, complete: saved?.report !== undefined, running: false };

const post = (m: PanelToHost) => vscode.postMessage(m);

let lastComplete: Report | undefined = saved?.report;

/** Keep the last finished report: a reload must not present a partial one as the result. */
function persist(): void {
  if (view.complete) lastComplete = view.report;
  if (view.uri && view.file) vscode.setState({ uri: view.uri, file: view.file, settings: view.settings, report: lastComplete });
}

function safeName(): string {
  return (view.file ?? 'dataset').replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_');
}

function renderProgress(): HTMLElement | null {
  if (!view.running && !view.failure) return null;
  if (view.failure) return el('div', { class: 'status failed', id: 'status', attrs: { role: 'alert' } }, view.failure);
  const p = view.progress;
  const bar = el('vscode-progress-bar', { attrs: { 'aria-label': 'analysis progress' } }) as HTMLElement & { value?: number; max?: number };
  if (p) { bar.max = 1; bar.value = p.fraction; }
  return el('div', { class: 'status', id: 'status', attrs: { role: 'status' } },
    el('span', {}, p ? `${p.stage}: ${p.message ?? `${Math.round(p.fraction * 100)} %`}` : 'Starting…'), bar);
}

function render(): void {
  charts.destroyAll();
  const palette = readPalette();
  applyTheme(palette);
  const ctx = { palette, charts, post };
  const children: (Node | null)[] = [];
  if (view.settings) {
    children.push(renderControls(view.settings, view.report, view.running, {
      rerun: (settings) => post({ type: 'rerun', settings }),
      cancel: () => post({ type: 'cancel' }),
      // exports take the last finished report, never a running analysis's partial one
      exportJson: () => lastComplete && post({ type: 'save', kind: 'json', content: JSON.stringify(lastComplete, null, 2), suggestedName: `${safeName()}.geometry.json` }),
      exportCsv: () => lastComplete && post({ type: 'save', kind: 'csv', content: curvesCsv(lastComplete), suggestedName: `${safeName()}.curves.csv` }),
      copyMarkdown: () => lastComplete && post({ type: 'copy', text: formatMarkdown(lastComplete), what: 'Markdown summary' }),
    }));
  }
  children.push(renderProgress());
  if (view.report) for (const s of sections) children.push(s.render(view.report, ctx));
  else if (!view.running) children.push(el('p', { class: 'empty' }, 'No report yet: choose Run.'));
  app.replaceChildren(...children.filter((c): c is Node => c !== null));
  app.setAttribute('aria-busy', String(view.running));
  // tell the host what a finished report looks like on screen, after chart.js has built its canvases
  queueMicrotask(() => {
    if (!view.report || !view.complete || view.running) return;
    post({
      type: 'rendered',
      requiredWidth: document.getElementById('required-width')?.textContent ?? '',
      sanityRows: document.querySelectorAll('#findings tbody tr').length,
      charts: charts.size,
    });
    document.body.dataset.rendered = String(headlineWidth(view.report) ?? 'none');
  });
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      view.uri = m.uri; view.file = m.file; view.settings = m.settings; view.running = m.running;
      if (m.report) { view.report = m.report; view.complete = true; }
      break;
    case 'running':
      view.running = true; view.settings = m.settings; view.progress = undefined; view.failure = undefined;
      break;
    case 'progress':
      view.progress = { stage: m.stage, fraction: m.fraction, message: m.message };
      if (updateProgressOnly()) return;
      break;
    case 'report':
      view.report = m.report;
      view.complete = m.final;
      if (m.final) { view.running = false; view.progress = undefined; }
      break;
    case 'failed':
      view.running = false; view.progress = undefined;
      view.failure = m.cancelled ? undefined : m.message;
      break;
  }
  persist();
  render();
});

/** Progress ticks often: update the bar in place instead of rebuilding charts. */
function updateProgressOnly(): boolean {
  const status = document.getElementById('status');
  if (!status || !view.progress) return false;
  status.replaceWith(renderProgress()!);
  return true;
}

// Footnote citations (dom.ts) are links without handlers of their own: one listener opens them all.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-science-section]');
  if (!link) return;
  event.preventDefault();
  post({ type: 'openScience', section: Number(link.getAttribute('data-science-section')) });
});

onThemeChange(render);
render();
post({ type: 'ready' });
