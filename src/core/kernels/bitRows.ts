// Bit rows (N rows of packed words, `stride` words apart) moved between layouts.

/** The first `words` words of each of N rows, from rows srcStride apart to rows stride apart. */
export function copyWords(dst: Uint32Array, stride: number, src: Uint32Array, srcStride: number, words: number, N: number): void {
  // rows packed alike are one block; else word by word: a subarray per row cost more than the copy on short rows (GC)
  if (words === stride && words === srcStride) {
    dst.set(src.subarray(0, N * words));
    return;
  }
  for (let i = 0; i < N; i++) {
    const from = i * srcStride,
      to = i * stride;
    for (let w = 0; w < words; w++) dst[to + w] = src[from + w];
  }
}
