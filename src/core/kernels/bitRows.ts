// Bit rows (N rows of packed words, `stride` words apart) moved between layouts.

/** The first `words` words of each of N rows, from rows srcStride apart to rows stride apart. */
export function copyWords(dst: Uint32Array, stride: number, src: Uint32Array, srcStride: number, words: number, N: number): void {
  for (let i = 0; i < N; i++) dst.set(src.subarray(i * srcStride, i * srcStride + words), i * stride);
}
