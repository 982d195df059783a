// The panel's app: handshake with the host, keep state (restored after reloads), render the report
// progressively as stages arrive, and re-render on theme changes.
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { AnalysisSettings, Approximation, Report } from '../src/core/report';
import { hasHeadline, headlineWidth } from '../src/protocol/headline';
import type { FileClasses, HostToPanel, PanelState, PanelToHost } from '../src/protocol/webview';
import { fileStem } from '../src/protocol/reportText';
import { applyTheme, ChartRegistry } from './charts';
import { reconcile, SectionCache } from './sectionCache';
import { renderControls } from './controls';
import { el } from './dom';
import { formatDuration, overallProgress } from './progress';
import { sections } from './sections/index';
import { readPalette, onThemeChange, type Palette } from './theme';

interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const charts = new ChartRegistry();
const sectionCache = new SectionCache(charts);

interface View {
  uri?: string;
  file?: string;
  settings?: AnalysisSettings;
  report?: Report;
  /** the report is a finished one (not a stage's partial report of a run that may still fail) */
  complete: boolean;
  running: boolean;
  /** the last run was cancelled: what is shown is the last finished report, if any */
  cancelled: boolean;
  startedAt?: number;
  /** this run's headline has been on screen (headlineShown posted); undefined before the panel's first run */
  headlineShown?: boolean;
  progress?: { stage: string; fraction: number; message?: string };
  /** openable: the file opens as text, so Open File can show it */
  failure?: { message: string; openable: boolean; retryable: boolean; row?: number };
  settingsOpen: boolean;
}

const saved = vscode.getState();
const view: View = {
  uri: saved?.uri,
  file: saved?.file,
  settings: saved?.settings,
  report: saved?.report,
  complete: saved?.report !== undefined,
  running: false,
  cancelled: false,
  settingsOpen: false,
};

const post = (m: PanelToHost) => vscode.postMessage(m);

let lastComplete: Report | undefined = saved?.report;
let fileClasses: FileClasses | undefined = saved?.classes;

/** Keep the last finished report: a reload must not present a partial one as the result. */
function persist(): void {
  if (view.complete) lastComplete = view.report;
  const r = view.report;
  if (r && !r.settings.classes) fileClasses = { labelColumn: r.dataset.labelColumn, names: r.dataset.classes.map((c) => c.name) };
  if (view.uri && view.file) vscode.setState({ uri: view.uri, file: view.file, settings: view.settings, report: lastComplete, classes: fileClasses });
}

/** The classes the Classes field offers pairs of: the file's, known from a run on all of them under
 * the same label column; else the report's own (a report restricted to two knows only those). */
function classNames(report: Report | undefined): string[] {
  if (!report) return [];
  if (fileClasses && fileClasses.labelColumn === report.dataset.labelColumn) return fileClasses.names;
  return report.dataset.classes.map((c) => c.name);
}

function safeName(): string {
  return fileStem(view.file ?? 'dataset');
}

function renderStatus(): HTMLElement | null {
  if (view.failure) {
    const row = view.failure.row;
    return el(
      'div',
      { class: 'status failed', id: 'status', attrs: { role: 'alert' } },
      el('span', {}, view.failure.message),
      el(
        'span',
        { class: 'buttons' },
        // the crash message asks to choose Retry: the panel offers it too (the notification's may be gone)
        view.failure.retryable && view.settings
          ? el('vscode-button', { id: 'retry', on: { click: () => view.settings && post({ type: 'rerun', settings: view.settings }) } }, 'Retry')
          : null,
        view.failure.openable
          ? el(
              'vscode-button',
              { id: 'open-file', attrs: { secondary: '' }, on: { click: () => post({ type: 'openRow', row: row ?? 1 }) } },
              row !== undefined ? `Open File at row ${row}` : 'Open File',
            )
          : null,
        el('vscode-button', { id: 'show-logs', attrs: { secondary: '' }, on: { click: () => post({ type: 'showLogs' }) } }, 'Show Logs'),
      ),
    );
  }
  if (view.cancelled) {
    return el(
      'div',
      { class: 'status cancelled', id: 'status', attrs: { role: 'status' } },
      lastComplete ? 'Cancelled. The results below are from the last finished run.' : 'Cancelled. Choose Run to start again.',
    );
  }
  if (!view.running) return null;
  const p = view.progress;
  const bar = el('vscode-progress-bar', { attrs: { 'aria-label': 'analysis progress' } }) as HTMLElement & { value?: number; max?: number };
  let text = 'Starting…';
  if (p && view.settings) {
    const elapsed = (Date.now() - (view.startedAt ?? Date.now())) / 1000;
    const o = overallProgress(view.settings, p.stage, p.fraction, elapsed);
    bar.max = 1;
    bar.value = o.fraction;
    const left = o.secondsLeft === undefined ? '' : ` · about ${formatDuration(o.secondsLeft)} left (estimated from the time so far)`;
    text = `${Math.round(100 * o.fraction)} % overall · stage ${o.step} of ${o.steps}: ${p.stage}, ${p.message ?? `${Math.round(p.fraction * 100)} %`}${left}`;
  }
  return el('div', { class: 'status', id: 'status', attrs: { role: 'status' } }, el('span', { id: 'status-text' }, text), bar);
}

/** the report parts shown inside another section's card: the data findings card (sanity) holds the separation's and the checks' figures */
const SHOWN_IN: Record<string, string> = { separation: 'sanity', findings: 'sanity', dataset: 'header' };

/** Which section a figure path belongs to ('lipschitz.random' → lipschitz, 'findings.bottleneck' → sanity). */
const sectionOf = (figure: string) => {
  const head = figure.split('.')[0];
  return SHOWN_IN[head] ?? head;
};

/** A section's approximated figures (already picked from the report), each with its sentence, shown above it. */
function approximations(list: Approximation[], section: string): HTMLElement | null {
  if (!list.length) return null;
  return el(
    'ul',
    { class: 'approximations', attrs: { 'data-section': section } },
    ...list.map((a) =>
      el(
        'li',
        { attrs: { 'data-figure': a.figure, 'data-kind': a.kind } },
        el('strong', {}, `${a.kind === 'subsample' ? 'Subsample' : a.kind === 'budget' ? 'Budget' : 'Fewer draws'}: `),
        a.sentence,
      ),
    ),
  );
}

function colours(p: Palette): Record<string, string> {
  const out: Record<string, string> = {
    background: p.background,
    foreground: p.foreground,
    muted: p.muted,
    primary: p.primary,
    mark: p.mark,
    secondary: p.secondary,
  };
  p.series.forEach((c, i) => {
    out[`series${i}`] = c;
  });
  return out;
}

function render(): void {
  const palette = readPalette();
  applyTheme(palette);
  const ctx = { palette, charts, post, running: view.running, fileStem: safeName(), rerun: (settings: AnalysisSettings) => post({ type: 'rerun', settings }) };
  const children: (Node | null)[] = [];
  if (view.settings) {
    children.push(
      renderControls(view.settings, classNames(view.report), view.running, view.settingsOpen, lastComplete !== undefined, {
        rerun: ctx.rerun,
        cancel: () => post({ type: 'cancel' }),
        // exports take the last finished report, never a running analysis's partial one
        exportJson: () => lastComplete && post({ type: 'export', kind: 'report-json' }),
        exportCsv: () => lastComplete && post({ type: 'export', kind: 'curves-csv' }),
        copyMarkdown: () => lastComplete && post({ type: 'export', kind: 'markdown' }),
        toggle: (open) => {
          view.settingsOpen = open;
        },
      }),
    );
  }
  children.push(renderStatus());
  // a cancelled run shows the last finished report, not the partial one it left behind
  const report = view.cancelled ? lastComplete : view.report;
  if (report) {
    // what a section is given besides the report: it is rendered again when any of it changes
    const given = JSON.stringify([palette, view.running, ctx.fileStem]);
    for (const s of sections) {
      const notes = (report.approximations ?? []).filter((a) => sectionOf(a.figure) === s.id);
      children.push(
        sectionCache.render(s.id, report, given + JSON.stringify(notes), (r) => {
          const out = s.render(r, ctx);
          const list = out && approximations(notes, s.id);
          return list ? el('div', { class: 'group' }, list, out) : out;
        }),
      );
    }
  } else {
    sectionCache.clear();
    if (!view.running && !view.failure) children.push(el('p', { class: 'empty' }, 'No report yet: choose Run.'));
  }
  reconcile(
    app,
    children.filter((c): c is Node => c !== null),
  );
  app.setAttribute('aria-busy', String(view.running));
  // the first render of this run's headline, complete or partial: the moment the user has the answer
  const width = document.getElementById('required-width')?.textContent ?? '';
  if (view.headlineShown === false && report && report === view.report && hasHeadline(report) && width !== '') {
    view.headlineShown = true;
    post({ type: 'headlineShown', requiredWidth: width });
  }
  // tell the host what a finished report looks like on screen, after chart.js has built its canvases
  queueMicrotask(() => {
    if (!view.report || !view.complete || view.running) return;
    post({
      type: 'rendered',
      requiredWidth: document.getElementById('required-width')?.textContent ?? '',
      sanityRows: document.querySelectorAll('#findings tbody tr').length,
      charts: charts.size,
      colours: colours(palette),
    });
    document.body.dataset.rendered = String(headlineWidth(view.report) ?? 'none');
  });
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      view.uri = m.uri;
      view.file = m.file;
      view.settings = m.settings;
      view.running = m.running;
      if (m.running) view.startedAt = Date.now();
      if (m.report) {
        view.report = m.report;
        view.complete = true;
      }
      if (m.partial) {
        // shown while the run goes on; the finished report stays the one a cancel returns to
        lastComplete = m.report ?? lastComplete;
        view.report = m.partial;
        view.complete = false;
      }
      break;
    case 'running':
      view.running = true;
      view.settings = m.settings;
      view.progress = undefined;
      view.failure = undefined;
      view.cancelled = false;
      view.startedAt = Date.now();
      view.headlineShown = false;
      break;
    case 'progress':
      view.progress = { stage: m.stage, fraction: m.fraction, message: m.message };
      if (updateProgressOnly()) return;
      break;
    case 'report':
      view.report = m.report;
      view.complete = m.final;
      if (m.final) {
        view.running = false;
        view.progress = undefined;
      }
      break;
    case 'failed':
      view.running = false;
      view.progress = undefined;
      view.cancelled = m.cancelled;
      view.failure = m.cancelled ? undefined : { message: m.message, openable: m.openable, retryable: m.retryable, row: m.row };
      if (m.cancelled || !view.complete) {
        view.report = lastComplete;
        view.complete = lastComplete !== undefined;
      }
      break;
  }
  persist();
  render();
});

/** Progress ticks often: update the bar in place instead of rebuilding charts. */
function updateProgressOnly(): boolean {
  const status = document.getElementById('status');
  if (!status || !view.progress) return false;
  status.replaceWith(renderStatus()!);
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
