// A JSON reader (RFC 8259) for the dataset formats, instead of JSON.parse, for two reasons: a syntax
// error gets its exact position (V8's messages often have none), and a number too long for a double
// keeps its text, so integer labels beyond 2^53 do not merge.

/** A number token with more than 15 digits: its value as a double, and its exact text. */
export class LongNumber {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

export type JsonValue = null | boolean | number | string | LongNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    /** offset into the text, 1-based line and column */
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${detail} at line ${line}, column ${column}`);
  }
}

const WS = new Uint8Array(128);
for (const c of [9, 10, 13, 32]) WS[c] = 1;

export function parseJsonText(text: string): JsonValue {
  const r = new Reader(text);
  r.space();
  const v = r.value(0);
  r.space();
  if (r.pos < text.length) r.fail('unexpected text after the JSON value');
  return v;
}

const MAX_DEPTH = 512;

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(detail: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = this.s.indexOf('\n'); i >= 0 && i < at; i = this.s.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new JsonSyntaxError(detail, at, line, at - lineStart + 1);
  }

  space(): void {
    const s = this.s;
    let c: number;
    while ((c = s.charCodeAt(this.pos)) < 128 && WS[c]) this.pos++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    const s = this.s;
    const c = s[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of the JSON text' : `unexpected ${JSON.stringify(c)}: expected a value`);
  }

  private array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.space();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value(depth + 1));
      this.space();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',')
        this.fail(
          c === undefined ? 'unexpected end: an array never closes' : `expected , or ] after an array element, found ${JSON.stringify(c)}`,
          this.pos - 1,
        );
    }
  }

  private object(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.space();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.space();
      if (this.s[this.pos] !== ':') this.fail('expected : after a property name');
      this.pos++;
      this.space();
      const v = this.value(depth + 1);
      // a key named __proto__ must be a plain property, as JSON.parse makes it
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.space();
      const c = this.s[this.pos++];
      if (c === '}') return out;
      if (c !== ',')
        this.fail(c === undefined ? 'unexpected end: an object never closes' : `expected , or } after a property, found ${JSON.stringify(c)}`, this.pos - 1);
    }
  }

  private string(): string {
    const s = this.s;
    const start = this.pos;
    let escaped = false;
    for (let i = start + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34 /* " */) {
        this.pos = i + 1;
        if (!escaped) return s.slice(start + 1, i);
        try {
          return JSON.parse(s.slice(start, i + 1)) as string;
        } catch {
          return this.fail('invalid escape in a string', start);
        }
      }
      if (c === 92 /* \ */) {
        escaped = true;
        i++;
      } else if (c < 32) {
        this.fail('a control character inside a string (a string never ends?)', i);
      }
    }
    return this.fail('a string never ends', start);
  }

  private number(): number | LongNumber {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.s);
    if (!found) return this.fail('invalid number');
    const text = found[0];
    const start = this.pos;
    this.pos += text.length;
    const c = this.s[this.pos];
    if (c !== undefined && /[\w.+-]/.test(c)) this.fail('invalid number', start);
    const value = Number(text);
    const digits = found[1].length + (found[2]?.length ?? 1) - 1;
    return digits > 15 ? new LongNumber(text, value) : value;
  }
}
