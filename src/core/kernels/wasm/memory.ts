// One WebAssembly instance's linear memory, shared by the kernels' wrappers (wasmKernels.ts, wasmDense.ts).
export interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Byte offsets of named regions, each 16-byte aligned, and one memory grown to hold them all; `end`: the first byte past them. */
export function layout<K extends string>(exports: { memory: Memory }, sizes: Record<K, number>): Record<K, number> & { end: number } {
  const at = {} as Record<K, number>;
  let top = 16; // keep 0 unused: a null offset would be a silent bug
  for (const k of Object.keys(sizes) as K[]) {
    at[k] = top;
    top += Math.ceil(sizes[k] / 16) * 16;
  }
  const need = Math.ceil(top / 65536) - exports.memory.buffer.byteLength / 65536;
  if (need > 0 && exports.memory.grow(need) < 0) throw new RangeError(`WebAssembly memory of ${top} bytes is not available`);
  return Object.assign(at, { end: top });
}

/** points per layer-1 block, as POINTS in assembly/kernels.ts */
export const POINTS = 64;
/** bytes of a block of POINTS points as packPoints (assembly/kernels.ts) leaves them: their kept vectors, their runs, and how many */
export const packedBytes = (d: number) => POINTS * (6 * d + 1);
