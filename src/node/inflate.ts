// The Node adapter for core's Inflate: gzip members and raw DEFLATE streams via node:zlib, with the
// output bounded while inflating (maxOutputLength), so a gzip bomb stops at the limit.
import { gunzipSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import { InflateLimitError, type Inflate } from '../core/env';

const asBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** DEFLATE's largest expansion (258 bytes from about 2 bits, RFC 1951): no honest stream unpacks beyond it. */
const MAX_RATIO = 1032;

/**
 * zlib's output chunk for a gzip file: its trailer's ISIZE (the last member's size mod 2^32), so a
 * single-member file up to 4 GiB unpacks into one buffer instead of 16 KiB chunks joined at the end
 * (Fashion-MNIST's 47 MB of images in 0.6–0.7× the time). The size is the file's claim, capped by the
 * limit and by what DEFLATE can expand to, so a forged trailer allocates no more than the output may
 * take (zlib then rejects the trailer as it would anyway); several members' only cost further chunks.
 */
function gzipChunk(bytes: Uint8Array, maxOutput: number): ZlibOptions {
  if (bytes.length < 18) return {};
  const n = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
  const size = Math.min(n, maxOutput, bytes.length * MAX_RATIO);
  // zlib's smallest chunk is 64 bytes; one byte more than the claim lets it see the end without another chunk
  return size > 16384 ? { chunkSize: size + 1 } : {};
}

function bounded(inflate: typeof gunzipSync, bytes: Uint8Array, maxOutput: number, options: ZlibOptions = {}): Uint8Array {
  try {
    return asBytes(inflate(bytes, { ...options, maxOutputLength: Math.max(1, maxOutput) }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateLimitError(maxOutput);
    throw e;
  }
}

export const nodeInflate: Inflate = {
  gunzip: (bytes, maxOutput) => bounded(gunzipSync, bytes, maxOutput, gzipChunk(bytes, maxOutput)),
  inflateRaw: (bytes, maxOutput) => bounded(inflateRawSync, bytes, maxOutput),
};
