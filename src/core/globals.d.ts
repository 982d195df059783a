// The few runtime globals core relies on. Node and browsers both provide them; declaring them here
// keeps core free of DOM and Node type libraries, so an accidental `node:` or DOM import fails to build.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare const performance: { now(): number };
