// Messages between the extension host and an analysis worker (worker_threads). The dataset's bytes
// travel as transferred ArrayBuffers (moved, not copied); cancellation is a shared Int32Array flag,
// because the core's loops are synchronous and never yield to read a message.
import type { AnalysisSettings, Report } from '../core/report';
import type { Failure } from './failure';

export interface AnalyzeJob {
  type: 'analyze';
  id: number;
  /** the file name as shown to the user (the parsers pick the format from its extension) */
  name: string;
  bytes: ArrayBuffer;
  siblings: Record<string, ArrayBuffer>;
  /** Compare with…: the second file (and its siblings) to check for leaks against */
  against?: { name: string; bytes: ArrayBuffer; siblings: Record<string, ArrayBuffer> };
  settings: AnalysisSettings;
  /** threads the analysis spreads its stages over, the worker's own included */
  threads: number;
  /** the thread budget every running analysis shares (src/worker/budget.ts); its own thread is already counted */
  budget?: SharedArrayBuffer;
  /** Int32Array(1) over it carrying a JobSignal (see cancelFlag.ts) */
  signal: SharedArrayBuffer;
}

export type ToWorker = AnalyzeJob;

export type FromWorker =
  | { type: 'progress'; id: number; stage: string; fraction: number; message?: string }
  | { type: 'partial'; id: number; report: Report }
  | { type: 'done'; id: number; report: Report }
  | { type: 'error'; id: number; failure: Failure };
