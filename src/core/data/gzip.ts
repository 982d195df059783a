// gzip's magic number: .gz files (and gzip data under any name) are unpacked before format detection.
export const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
