// The Node adapter for core's Inflate: gzip members and raw DEFLATE streams via node:zlib, with the
// output bounded while inflating (maxOutputLength), so a gzip bomb stops at the limit.
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { InflateLimitError, type Inflate } from '../core/env';

const asBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function bounded(inflate: typeof gunzipSync, bytes: Uint8Array, maxOutput: number): Uint8Array {
  try {
    return asBytes(inflate(bytes, { maxOutputLength: Math.max(1, maxOutput) }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateLimitError(maxOutput);
    throw e;
  }
}

export const nodeInflate: Inflate = {
  gunzip: (bytes, maxOutput) => bounded(gunzipSync, bytes, maxOutput),
  inflateRaw: (bytes, maxOutput) => bounded(inflateRawSync, bytes, maxOutput),
};
