// The buffer codecs of compressed Arrow IPC bodies (BodyCompression: LZ4_FRAME or ZSTD, each buffer
// prefixed by its uncompressed length as an int64), registered with apache-arrow, which reads
// compressed batches only through codecs registered from outside. ZSTD is fzstd (hyparquet-compressors'
// zstd). LZ4 frames are decoded here: the LZ4 decoders on npm read single blocks, but Arrow C++ writes
// frames of 64 KB blocks, each one's matches reaching back into the blocks before it.
import { CompressionType, compressionRegistry } from 'apache-arrow';
import { decompress as zstd } from 'fzstd';

/**
 * The uncompressed length the body stores in the 8 bytes before a buffer: apache-arrow passes decode
 * the buffer after them (ipc/reader.js, _decompressBuffers), as a view of the body. arrow.ts checked
 * every such length against the byte limit before apache-arrow was called.
 */
function expectedLength(bytes: Uint8Array): number {
  if (bytes.byteOffset < 8) throw new Error('a compressed buffer without its length');
  return Number(new DataView(bytes.buffer, bytes.byteOffset - 8, 8).getBigInt64(0, true));
}

const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK_SIZES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

/** An LZ4 frame (lz4_Frame_format.md) into exactly `length` bytes; anything out of place throws. */
export function lz4Frame(input: Uint8Array, length: number): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const fail = (what: string): never => {
    throw new Error(`damaged LZ4 frame: ${what}`);
  };
  if (input.length < 7 || view.getUint32(0, true) !== LZ4_MAGIC) fail('no LZ4 frame magic');
  const flags = input[4];
  if (flags >> 6 !== 1) fail(`frame version ${flags >> 6}`);
  if (flags & 0x01) fail('a dictionary, which Arrow never uses');
  const blockMax = LZ4_BLOCK_SIZES[(input[5] >> 4) & 7] ?? fail('an unknown block size');
  const blockChecksums = (flags & 0x10) !== 0;
  let at = 4 + 2 + (flags & 0x08 ? 8 : 0) + 1; // FLG, BD, the content size when present, the header checksum
  const output = new Uint8Array(length);
  let written = 0;
  for (;;) {
    if (at + 4 > input.length) fail('truncated');
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (size > blockMax || at + size > input.length) fail(`a block of ${size} bytes`);
    const block = input.subarray(at, at + size);
    if (word >>> 31) {
      if (written + size > length) fail('more data than the buffer holds');
      output.set(block, written);
      written += size;
    } else {
      const end = lz4Block(block, output, written);
      if (end - written > blockMax) fail('a block that unpacks past its size');
      written = end;
    }
    at += size + (blockChecksums ? 4 : 0);
  }
  if (written !== length) fail(`${written} bytes where the buffer holds ${length}`);
  return output;
}

/**
 * One LZ4 block's sequences into output from `start`, matches reaching back into what is there before
 * (the frame's earlier blocks); returns the end. Every length and offset is checked against the output.
 */
function lz4Block(input: Uint8Array, output: Uint8Array, start: number): number {
  let o = start;
  let i = 0;
  const fail = (): never => {
    throw new Error('damaged LZ4 block: a length or offset outside the data');
  };
  const extra = (n: number) => {
    for (let b = 255; b === 255; n += b) {
      if (i >= input.length) fail();
      b = input[i++];
    }
    return n;
  };
  while (i < input.length) {
    const token = input[i++];
    let literals = token >> 4;
    if (literals === 15) literals = extra(literals);
    if (i + literals > input.length || o + literals > output.length) fail();
    output.set(input.subarray(i, i + literals), o);
    i += literals;
    o += literals;
    if (i === input.length) break; // the last sequence has literals only
    if (i + 2 > input.length) fail();
    const offset = input[i] | (input[i + 1] << 8);
    i += 2;
    let match = token & 15;
    if (match === 15) match = extra(match);
    match += 4;
    if (offset === 0 || offset > o || o + match > output.length) fail();
    // byte by byte: a match may overlap what it writes (a run)
    for (let from = o - offset, end = o + match; o < end;) output[o++] = output[from++];
  }
  return o;
}

compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (bytes: Uint8Array) => lz4Frame(bytes, expectedLength(bytes)) });
compressionRegistry.set(CompressionType.ZSTD, {
  decode: (bytes: Uint8Array) => {
    const length = expectedLength(bytes);
    const out = zstd(bytes, new Uint8Array(length));
    if (out.length !== length) throw new Error(`damaged ZSTD data: ${out.length} bytes where the buffer holds ${length}`);
    return out;
  },
});
