// What a parser receives besides the bytes: the file's name for messages, the user's options, and the
// environment (decompression, progress, cancel). Shared by every format module.
import { CancelToken, Inflate, Progress, noProgress, throwIfCancelled } from '../env';
import type { ImageColor } from '../settings';
import type { DataLimits } from './limits';
import type { RowSampler } from './sample';

export interface DatasetSource {
  /** file name as shown to the user; also used to pick the format and the sibling files; a folder's ends in '/' (formats.ts, FOLDER_FORMATS) */
  name: string;
  bytes: Uint8Array;
  /** sibling files the host read for this one (see siblingNames), by the names siblingNames returned; a folder's files by relative path */
  siblings?: Record<string, Uint8Array>;
}

export interface LoadOptions {
  /** label column: a header name, or a 0-based column index (also for .npy/.npz matrices) */
  label?: string | number;
  /** keep at most this many rows, by seeded stratified sampling while reading */
  rowLimit?: number;
  /** largest input after decompression and largest float32 matrix, in bytes (default: defaultSettings) */
  maxBytes?: number;
  /** largest number of features (default: defaultSettings) */
  maxFeatures?: number;
  /** seed of the sampling; default '1' */
  seed?: string;
  /** image folders: convert to grayscale (default) or keep RGB */
  imageColor?: ImageColor;
  /** names of the feature and label arrays inside an .npz */
  arrays?: { x?: string; y?: string };
}

export interface LoadEnv {
  inflate: Inflate;
  progress?: Progress;
  cancel?: CancelToken;
}

export interface ParseContext {
  file: string;
  options: LoadOptions;
  env: LoadEnv;
  limits: DataLimits;
  /** asked for every row once its label is known: keep it, or write the next row over it */
  sampler: RowSampler;
}

const TICK_BYTES = 4 << 20;

/** Reports ('parse', fraction) and honours cancel every few MB of input, cheaply between ticks. */
export class Ticker {
  next = TICK_BYTES;
  private readonly progress: Progress;
  constructor(
    private readonly total: number,
    private readonly env: LoadEnv,
  ) {
    this.progress = env.progress ?? noProgress;
  }
  /** Call when `pos >= ticker.next`. */
  tick(pos: number): void {
    throwIfCancelled(this.env.cancel);
    this.progress('parse', Math.min(1, pos / Math.max(1, this.total)));
    this.next = pos + TICK_BYTES;
  }
}
