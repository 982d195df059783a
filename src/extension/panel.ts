// One webview panel per dataset: HTML with a strict CSP and a nonce, the ready handshake, the
// messages from the panel (re-run, cancel, open a row, export), and restore after a reload.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AnalysisSettings, Report } from '../core/report';
import { reportExport, scienceDocument, scienceSection, type ExportKind } from '../protocol/reportText';
import { panelViewType, type HostToPanel, type PanelState, type PanelToHost } from '../protocol/webview';
import type { Ctx } from './ctx';
import { basename, opensAsText } from './datasetFiles';
import { reportFailure, revealRow } from './errors';
import { panelHtml } from './html';
import { pickLabelColumn, pickTwoClasses } from './labelPick';
import { JobFailure } from '../worker/pool';
import { hasHeadline } from '../protocol/headline';

type Rendered = Extract<PanelToHost, { type: 'rendered' }>;

export class DatasetPanel {
  private static readonly open = new Map<string, DatasetPanel>();
  private ready = false;
  private readonly outbox: HostToPanel[] = [];
  private settings: AnalysisSettings;
  private report?: Report;
  /** the report the panel shows now: a running analysis's partial one, else the last finished */
  private shown?: Report;
  /** Compare with…: the file this one is checked against for leaks (re-runs keep it) */
  private against?: vscode.Uri;
  /** counts runs, so a superseded run (cancelled by the next one) no longer talks to the page */
  private runs = 0;
  /** what the webview last said it rendered (tests compare it with the report) */
  lastRendered?: Rendered;
  /** when (Date.now()) the webview last first showed a run's headline, the n* it showed, and the run's milestones until then */
  headlineShown?: { at: number; requiredWidth: string; milestones: string };
  /** the latest run's milestones, ms after its command: where the wait for the headline goes (issue 11) */
  private milestones: { what: string; ms: number }[] = [];
  private runStarted = 0;

  static get(uri: vscode.Uri): DatasetPanel | undefined {
    return DatasetPanel.open.get(uri.toString());
  }

  /** The dataset's panel, created (with these settings, else the configured ones) or revealed. */
  static show(ctx: Ctx, uri: vscode.Uri, settings?: AnalysisSettings): DatasetPanel {
    const existing = DatasetPanel.get(uri);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      panelViewType,
      title(uri),
      { viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: true },
      webviewOptions(ctx),
    );
    return new DatasetPanel(ctx, panel, uri, settings);
  }

  /** The dataset's panel as the user left it: revealed, or reopened on its last report with that
   * report's settings; it runs only when the file has no report yet. */
  static reopen(ctx: Ctx, uri: vscode.Uri): void {
    if (DatasetPanel.get(uri)) {
      DatasetPanel.show(ctx, uri);
      return;
    }
    const last = ctx.lastReports.get(uri.toString());
    const panel = DatasetPanel.show(ctx, uri, last?.settings);
    if (!last) void panel.run();
  }

  static serializer(ctx: Ctx): vscode.WebviewPanelSerializer<PanelState> {
    return {
      async deserializeWebviewPanel(panel, state) {
        if (!state?.uri) {
          panel.dispose();
          return;
        }
        panel.webview.options = webviewOptions(ctx);
        new DatasetPanel(ctx, panel, vscode.Uri.parse(state.uri), state.settings, state.report);
      },
    };
  }

  private constructor(
    private readonly ctx: Ctx,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    settings?: AnalysisSettings,
    report?: Report,
  ) {
    // settings saved by an older version may lack newer fields: the current defaults fill them in
    this.settings = { ...ctx.config.analysis, ...settings };
    this.report = report ?? ctx.lastReports.get(uri.toString());
    DatasetPanel.open.set(uri.toString(), this);
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'icon.svg');
    panel.webview.html = html(ctx, panel.webview);
    panel.webview.onDidReceiveMessage((m: PanelToHost) => this.onMessage(m));
    panel.onDidDispose(() => {
      DatasetPanel.open.delete(uri.toString());
      ctx.cancel(uri);
    });
  }

  /** Run the analysis with these settings, showing progress and partial results here. */
  async run(settings: AnalysisSettings = this.settings, against: vscode.Uri | undefined = this.against): Promise<Report | undefined> {
    this.settings = settings;
    this.against = against;
    const run = ++this.runs;
    const current = () => run === this.runs;
    this.runStarted = Date.now();
    this.milestones = [];
    try {
      const report = await this.ctx.analyze(this.uri, {
        settings,
        against,
        listener: {
          onStart: (s) => {
            if (!current()) return;
            this.milestone('read');
            this.post({ type: 'running', settings: s });
          },
          onProgress: (s, fraction, message) => {
            if (!current()) return;
            this.milestone(s);
            this.post({ type: 'progress', stage: s, fraction, message });
          },
          onPartial: (p) => {
            if (!current()) return;
            if (hasHeadline(p)) this.milestone('headline report');
            this.shown = p;
            this.post({ type: 'report', report: p, final: false });
          },
        },
      });
      if (!current()) return report;
      this.report = this.shown = report;
      this.post({ type: 'report', report, final: true });
      return report;
    } catch (e) {
      if (!current()) return undefined; // superseded: the newer run reports
      this.shown = this.report; // the panel goes back to the last finished report
      const failure = e instanceof JobFailure ? e.failure : undefined;
      if (failure?.code === 'label-column') {
        const label = await pickLabelColumn(this.ctx.ask, failure.candidates, failure.message);
        if (label !== undefined) return this.run({ ...settings, label });
      }
      if (failure?.code === 'two-classes' && !settings.classes) {
        const classes = await pickTwoClasses(this.ctx.ask, failure.classes);
        if (classes) return this.run({ ...settings, classes });
      }
      const shown = reportFailure(this.ctx, this.uri, e, () => void this.run(settings));
      this.post({
        type: 'failed',
        message: shown.message,
        cancelled: shown.kind === 'cancelled',
        openable: shown.openable === true,
        retryable: shown.retryable === true,
        ...(shown.row !== undefined ? { row: shown.row } : {}),
      });
      return undefined;
    }
  }

  /** The first time this run reached `what`. */
  private milestone(what: string): void {
    if (!this.milestones.some((m) => m.what === what)) this.milestones.push({ what, ms: Date.now() - this.runStarted });
  }

  private post(message: HostToPanel): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else if (message.type !== 'progress') this.outbox.push(message);
  }

  /** Handle a message from the page (public so tests can act as the page). */
  async onMessage(m: PanelToHost): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // the page (re)loaded: it starts from init, then anything posted before it listened
        this.ready = true;
        this.milestone('page ready');
        const running = this.ctx.running.has(this.uri.toString());
        // a page hidden and shown again reloads: a run's partial results posted before must come back too
        const partial = running && this.shown !== this.report ? this.shown : undefined;
        const init: HostToPanel = {
          type: 'init',
          uri: this.uri.toString(),
          file: basename(this.uri),
          settings: this.settings,
          report: this.report,
          ...(partial ? { partial } : {}),
          running,
        };
        void this.panel.webview.postMessage(init);
        for (const queued of this.outbox.splice(0)) void this.panel.webview.postMessage(queued);
        break;
      }
      case 'rerun':
        await this.run(m.settings);
        break;
      case 'cancel':
        this.ctx.cancel(this.uri);
        break;
      case 'openRow':
        if (!opensAsText(this.uri)) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} is a binary file: point {1} is record {1} of it.', basename(this.uri), m.row));
        } else {
          await revealRow(this.uri, m.row, true);
        }
        break;
      case 'export':
        await this.export(m.kind);
        break;
      case 'savePng':
        await this.save('png', Buffer.from(m.content.slice(m.content.indexOf(',') + 1), 'base64'), m.suggestedName);
        break;
      case 'openScience':
        await openScience(this.ctx, m.section);
        break;
      case 'showLogs':
        this.ctx.log.show();
        break;
      case 'rendered':
        this.lastRendered = m;
        break;
      case 'headlineShown': {
        this.milestone('headline shown');
        const milestones = this.milestones.map((s) => `${s.what} ${(s.ms / 1000).toFixed(2)} s`).join(', ');
        this.headlineShown = { at: Date.now(), requiredWidth: m.requiredWidth, milestones };
        this.ctx.log.info(`${basename(this.uri)}: n* = ${m.requiredWidth} on screen; after the command: ${milestones}`);
        break;
      }
    }
  }

  /** The exports of the report this host holds: flagged rows from the one shown, the rest from the last finished. */
  private async export(kind: ExportKind): Promise<void> {
    const report = kind === 'flagged-csv' ? (this.shown ?? this.report) : this.report;
    const out = report && reportExport(kind, report);
    if (!out) return;
    if (out.format === 'markdown') {
      await vscode.env.clipboard.writeText(out.content);
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} copied to the clipboard.', out.what));
      return;
    }
    await this.save(out.format, new TextEncoder().encode(out.content), out.suggestedName);
  }

  private async save(kind: 'json' | 'csv' | 'png', bytes: Uint8Array, suggestedName: string): Promise<void> {
    const filters: Record<string, Record<string, string[]>> = { json: { JSON: ['json'] }, csv: { CSV: ['csv'] }, png: { PNG: ['png'] } };
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(this.uri, '..', suggestedName), filters: filters[kind] });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.ctx.log.info(`Saved ${target.toString()}`);
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', basename(target)), open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.open', target, { viewColumn: vscode.ViewColumn.Beside });
    });
  }
}

/** The shipped science document at a section, in VS Code's Markdown preview beside the panel (the
 * preview scrolls to a URI's fragment); as text if the built-in Markdown extension is disabled. */
async function openScience(ctx: Ctx, number: number): Promise<void> {
  const section = scienceSection(number);
  if (!section) return;
  const doc = vscode.Uri.joinPath(ctx.extension.extensionUri, ...scienceDocument).with({ fragment: section.anchor });
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
  } catch (e) {
    ctx.log.warn(`Markdown preview unavailable (${e instanceof Error ? e.message : String(e)}): opening ${scienceDocument.join('/')} as text`);
    await vscode.window.showTextDocument(doc.with({ fragment: '' }), { viewColumn: vscode.ViewColumn.Beside });
  }
}

function title(uri: vscode.Uri): string {
  return vscode.l10n.t('Geometry: {0}', basename(uri));
}

function webviewOptions(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  const root = ctx.extension.extensionUri;
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
  };
}

function html(ctx: Ctx, webview: vscode.Webview): string {
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(ctx.extension.extensionUri, ...p)).toString();
  return panelHtml({
    nonce: randomBytes(18).toString('base64'),
    cspSource: webview.cspSource,
    scriptUri: asset('dist', 'webview.js'),
    styleUri: asset('media', 'panel.css'),
    lang: vscode.env.language,
  });
}
