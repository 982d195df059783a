// Messages between the extension host and the dataset panel (webview). The panel starts with `ready`;
// the host posts nothing before it (a message sent before the page listens is lost).
import type { AnalysisSettings, Report } from '../core/report';
import type { ExportKind } from '../core/exports';

export const panelViewType = 'datasetGeometry.panel';

/** What the panel persists with setState, and what the serializer gets back after a reload. */
export interface PanelState {
  /** the dataset's URI as a string */
  uri: string;
  file: string;
  settings?: AnalysisSettings;
  report?: Report;
  /** the file's classes under a label column, from the last run on all of them: the Classes field
   * offers every pair even while the report shown is restricted to two */
  classes?: FileClasses;
}

export interface FileClasses {
  labelColumn?: string;
  names: string[];
}

export type HostToPanel =
  /** running: an analysis of this file is under way (the page may have reloaded in the middle of it);
   * report: the last finished one; partial: the running analysis's latest partial report, shown in its place */
  | { type: 'init'; uri: string; file: string; settings: AnalysisSettings; report?: Report; partial?: Report; running: boolean }
  | { type: 'running'; settings: AnalysisSettings }
  | { type: 'progress'; stage: string; fraction: number; message?: string }
  | { type: 'report'; report: Report; final: boolean }
  /** row: a bad value's row, so the panel can offer Open File at it (1 when the file has no row to name);
   * openable: the file opens as text (a binary file or a folder has no line to show); retryable: the
   * worker crashed, so the same run may succeed (its message asks to choose Retry) */
  | { type: 'failed'; message: string; cancelled: boolean; openable: boolean; retryable: boolean; row?: number };

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'rerun'; settings: AnalysisSettings }
  | { type: 'cancel' }
  /** the source row (1-based line for text files, 0-based record for binary ones) */
  | { type: 'openRow'; row: number }
  /** the host builds the export from the last finished report it holds (flagged rows: the latest shown) */
  | { type: 'export'; kind: ExportKind }
  /** a chart the panel rendered, as a data: URL */
  | { type: 'savePng'; content: string; suggestedName: string }
  /** open docs/SCIENCE.md at this section (a number of scienceSections) in the Markdown preview */
  | { type: 'openScience'; section: number }
  | { type: 'showLogs' }
  /** what the panel shows after rendering a report: lets tests compare DOM and report (colours: every
   * chart colour by its role, and the background they are drawn on) */
  | { type: 'rendered'; requiredWidth: string; sanityRows: number; charts: number; colours?: Record<string, string> }
  /** the run's headline (sanity, δ, n*) is on screen for the first time: the time the user waits for */
  | { type: 'headlineShown'; requiredWidth: string };
