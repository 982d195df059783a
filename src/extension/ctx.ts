// The context every command factory closes over: the log, the worker pool, the report cache, the
// panels and the status bar, and the one place an analysis is started, reported and recorded.
import * as vscode from 'vscode';
import type { AnalysisSettings, Report } from '../core/report';
import type { FailureCode } from '../protocol/failure';
import { headlineWidth } from '../protocol/headline';
import { readConfig, type Config } from './config';
import { basename } from './datasetFiles';
import { pickSplit, quickPick, type Ask } from './labelPick';
import { ThreadBudget } from '../worker/budget';
import { WorkerPool, type JobHandle } from '../worker/pool';
import { cacheKey, LruCache, readDataset } from './source';

export interface AnalysisListener {
  onStart?(settings: AnalysisSettings): void;
  onProgress?(stage: string, fraction: number, message?: string): void;
  onPartial?(report: Report): void;
}

export interface RunOptions {
  settings?: AnalysisSettings;
  /** Compare with…: a second dataset file to check for leaks against */
  against?: vscode.Uri;
  /** shown in the panel as it arrives */
  listener?: AnalysisListener;
}

/** What the last failure looked like to the user (tests read it through an internal command). */
export interface ShownError {
  uri: string;
  kind: FailureCode | 'read';
  message: string;
  row?: number;
  column?: string;
  /** offered Open File: the failure is in the file's content and the file opens as text */
  openable?: boolean;
  /** offered Retry: the worker crashed, so the same run may succeed */
  retryable?: boolean;
}

export class Ctx implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel('Dataset Geometry', { log: true });
  config: Config = this.readConfig();
  readonly pool: WorkerPool;
  private readonly cache = new LruCache<Report>(50);
  /** the split picked for each DatasetDict folder (by URI) */
  private readonly splits = new Map<string, string>();
  /** the latest finished report per dataset URI */
  readonly lastReports = new Map<string, Report>();
  readonly running = new Map<string, JobHandle>();
  lastError?: ShownError;
  /** how the label-column, class and dataset-file questions are asked (the tests script the answers) */
  ask: Ask = quickPick;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** fires when a dataset's latest report changes */
  readonly onDidChangeReport = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.log, this.changed];

  constructor(readonly extension: vscode.ExtensionContext) {
    const script = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'worker.js').fsPath;
    this.pool = new WorkerPool(script, () => this.config.workers, this.log, undefined, undefined, new ThreadBudget(this.config.threads));
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('datasetGeometry')) return;
        this.config = this.readConfig();
        this.pool.budget.resize(this.config.threads);
      }),
    );
  }

  /** The settings, with a warning for each out-of-bounds value (replaced by its default). */
  private readConfig(): Config {
    const config = readConfig();
    for (const problem of config.problems) {
      this.log.warn(problem);
      void vscode.window.showWarningMessage(`Dataset Geometry: ${problem}.`);
    }
    return config;
  }

  push(...d: vscode.Disposable[]): void {
    this.disposables.push(...d);
  }

  /**
   * Analyse one dataset. Resolves with the report, or rejects with a JobFailure (cancelled, bad data,
   * crashed worker) or a file-system error. A cached report for the same bytes and settings is reused.
   */
  async analyze(uri: vscode.Uri, options: RunOptions = {}): Promise<Report> {
    const settings = options.settings ?? this.config.analysis;
    const key = uri.toString();
    this.running.get(key)?.cancel(); // a new run of the same file supersedes the old one
    this.pool.warm();
    const data = await readDataset(uri, settings.maxBytes, (splits) => this.pickSplit(key, splits));
    const against = options.against && (await readDataset(options.against, settings.maxBytes));
    const cacheId = cacheKey(data.contentHash + (against ? `+${against.contentHash}` : ''), settings);
    const cached = this.cache.get(cacheId);
    options.listener?.onStart?.(settings);
    if (cached) {
      this.log.info(`${data.name}: report from cache (${data.contentHash.slice(0, 12)})`);
      this.record(uri, cached);
      return cached;
    }
    const started = performance.now();
    this.log.info(`${data.name}: analysing ${data.bytes.byteLength} bytes with ${JSON.stringify(settings)}`);
    const run = (progress: vscode.Progress<{ message?: string }>) => {
      const job = this.pool.run(
        { name: data.name, bytes: data.bytes, siblings: data.siblings, against, settings, threads: this.config.threads },
        {
          onProgress: (stage, fraction, message) => {
            options.listener?.onProgress?.(stage, fraction, message);
            // the stages have no common scale, so the notification names the stage and its share done
            progress.report({ message: `${message ?? stage} (${Math.round(fraction * 100)} %)` });
          },
          onPartial: (report) => options.listener?.onPartial?.(report),
        },
      );
      this.running.set(key, job);
      return job;
    };
    let job: JobHandle | undefined;
    try {
      const report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Analysing {0}', basename(uri)),
          cancellable: true,
        },
        (progress, token) => {
          job = run(progress);
          token.onCancellationRequested(() => job?.cancel());
          return job.result;
        },
      );
      this.log.info(`${data.name}: done in ${Math.round(performance.now() - started)} ms, required width ${headlineWidth(report) ?? '—'}`);
      this.cache.set(cacheId, report);
      this.record(uri, report);
      return report;
    } finally {
      if (job && this.running.get(key) === job) this.running.delete(key);
    }
  }

  /** A DatasetDict folder's split: asked once per folder, then the same on every rerun. */
  private async pickSplit(key: string, splits: string[]): Promise<string | undefined> {
    const known = this.splits.get(key);
    if (known !== undefined && splits.includes(known)) return known;
    const picked = await pickSplit(this.ask, splits);
    if (picked !== undefined) this.splits.set(key, picked);
    return picked;
  }

  cancel(uri: vscode.Uri): boolean {
    const job = this.running.get(uri.toString());
    job?.cancel();
    return job !== undefined;
  }

  private record(uri: vscode.Uri, report: Report): void {
    this.lastReports.set(uri.toString(), report);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.pool.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
