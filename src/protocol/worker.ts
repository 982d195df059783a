// Messages between the extension host and an analysis worker (worker_threads). The dataset's bytes
// travel as transferred ArrayBuffers (moved, not copied); cancellation is a shared Int32Array flag,
// because the core's loops are synchronous and never yield to read a message.
import type { AnalysisSettings, Report } from '../core/report';
import type { Failure } from './failure';

/** A dataset file as read from disk: its bytes and those of its sibling files (IDX labels, a dataset folder's shards). */
export interface DatasetBytes<B> {
  /** the file name as shown to the user (the parsers pick the format from its extension) */
  name: string;
  bytes: B;
  siblings: Record<string, B>;
}

/** What an analysis is asked: the host holds views (B = Uint8Array), the worker receives moved buffers (ArrayBuffer). */
export interface AnalysisRequest<B> extends DatasetBytes<B> {
  /** Compare with…: the second file (and its siblings) to check for leaks against */
  against?: DatasetBytes<B>;
  settings: AnalysisSettings;
  /** threads the analysis spreads its stages over, the worker's own included */
  threads: number;
}

export interface AnalyzeJob extends AnalysisRequest<ArrayBuffer> {
  type: 'analyze';
  id: number;
  /** the thread budget every running analysis shares (src/worker/budget.ts); its own thread is already counted */
  budget?: SharedArrayBuffer;
  /** Int32Array(1): the budget's permits this job's task threads hold now, given back by the pool if its worker dies */
  held: SharedArrayBuffer;
  /** Int32Array(1) over it carrying a JobSignal (see cancelFlag.ts) */
  signal: SharedArrayBuffer;
}

export type ToWorker = AnalyzeJob;

export type FromWorker =
  | { type: 'progress'; id: number; stage: string; fraction: number; message?: string }
  | { type: 'partial'; id: number; report: Report }
  | { type: 'done'; id: number; report: Report }
  | { type: 'error'; id: number; failure: Failure };
