// What core needs from its environment, passed in as small interfaces (core never imports node: or
// vscode): decompression for .gz/.npz, progress reporting and cooperative cancellation.

export interface Inflate {
  /** gzip member(s) -> bytes; throws InflateLimitError as soon as the output passes maxOutput bytes */
  gunzip(bytes: Uint8Array, maxOutput: number): Uint8Array;
  /** raw DEFLATE stream (zip entries) -> bytes; the same limit */
  inflateRaw(bytes: Uint8Array, maxOutput: number): Uint8Array;
}

/** Decompression stopped at its output limit (checked while inflating, so a bomb never fills memory). */
export class InflateLimitError extends Error {
  constructor(readonly maxOutput: number) {
    super(`the decompressed data exceed ${maxOutput} bytes`);
    this.name = 'InflateLimitError';
  }
}

/** stage: short machine name; fraction in [0, 1] of that stage; message for people */
export type Progress = (stage: string, fraction: number, message?: string) => void;

export interface CancelToken {
  readonly cancelled: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('The analysis was cancelled.');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(cancel: CancelToken | undefined): void {
  if (cancel?.cancelled) throw new CancelledError();
}

export const noProgress: Progress = () => {};
