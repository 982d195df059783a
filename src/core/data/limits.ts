// The resource limits of loading: decompressed bytes, features d, and the kept matrix. Each is a
// setting; hitting one is an error that names the limit, the value found and how to raise it, so a
// small hostile file (a gzip bomb, a LIBSVM index of 2^32) is refused before anything large is made.
import { DatasetError } from './dataset';

export interface DataLimits {
  /** largest input after decompression, and largest N × d float32 matrix, in bytes */
  maxBytes: number;
  /** largest number of features d */
  maxFeatures: number;
}

/** The setting behind each limit: its key (datasetGeometry.<key> in VS Code) and its CLI flag. */
const SETTING = {
  maxBytes: { key: 'maxBytes', flag: '--max-bytes' },
  maxFeatures: { key: 'maxFeatures', flag: '--max-features' },
  rowLimit: { key: 'rowLimit', flag: '--row-limit' },
} as const;

export function limitError(file: string, limit: keyof typeof SETTING, detail: string, row?: number): DatasetError {
  const { key, flag } = SETTING[limit];
  return new DatasetError(file, `${detail}; to raise the limit, set datasetGeometry.${key} (CLI: ${flag})`, row);
}

const MiB = 1 << 20;
export const formatBytes = (n: number) => (n >= MiB ? `${+(n / MiB).toFixed(1)} MiB` : `${n} bytes`);

/** A file (compressed or not) larger than maxBytes: refused before it is read. */
export function checkFileSize(file: string, size: number, maxBytes: number): void {
  if (size > maxBytes) throw limitError(file, 'maxBytes', `the file has ${formatBytes(size)}, more than the limit of ${formatBytes(maxBytes)}`);
}

export function checkFeatures(file: string, d: number, limits: DataLimits, row?: number): void {
  if (d > limits.maxFeatures) {
    throw limitError(file, 'maxFeatures', `${d} features, more than the limit of ${limits.maxFeatures}`, row);
  }
}

/** Before the N × d float32 matrix of the kept rows is allocated. */
export function checkMatrix(file: string, rows: number, d: number, limits: DataLimits): void {
  checkFeatures(file, d, limits);
  const bytes = rows * d * 4;
  if (bytes > limits.maxBytes) {
    throw limitError(
      file,
      'maxBytes',
      `${rows} rows × ${d} features take ${formatBytes(bytes)} as float32, more than the limit of ${formatBytes(limits.maxBytes)} (a lower row limit also helps)`,
    );
  }
}
