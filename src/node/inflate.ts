// The Node adapter for core's Inflate: gzip members and raw DEFLATE streams via node:zlib.
import { gunzipSync, inflateRawSync } from 'node:zlib';
import type { Inflate } from '../core/env';

const asBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export const nodeInflate: Inflate = {
  gunzip: (bytes) => asBytes(gunzipSync(bytes)),
  inflateRaw: (bytes) => asBytes(inflateRawSync(bytes)),
};
