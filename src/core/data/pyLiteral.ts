// The .npy header is a Python literal (numpy reads it with ast.literal_eval): a dict of strings,
// booleans, ints and tuples. This reads exactly that subset, so "fortran_order": True in double quotes
// means what numpy takes it to mean, and a shape like (4, 1.5) or (4, abc) is an error, not a guess.

export type PyValue = string | boolean | bigint | PyValue[] | Map<string, PyValue>;

export class PyLiteralError extends Error {}

/** Parses one literal that spans all of `text` (surrounding whitespace allowed). */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const v = p.value();
  p.skipSpace();
  if (p.pos !== text.length) p.fail('unexpected text after the literal');
  return v;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new PyLiteralError(`${what} at character ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  value(): PyValue {
    this.skipSpace();
    const c = this.s[this.pos];
    if (c === '{') return this.dict();
    if (c === '(' || c === '[') return this.sequence(c === '(' ? ')' : ']');
    if (c === "'" || c === '"') return this.string();
    if (c !== undefined && /[-+0-9]/.test(c)) return this.integer();
    for (const [word, v] of [
      ['True', true],
      ['False', false],
    ] as const) {
      if (this.s.startsWith(word, this.pos) && !/\w/.test(this.s[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(c)} (expected a string, True, False, an integer or a tuple)`);
  }

  /** Items separated by commas, a trailing comma allowed; `(x)` without a comma is x itself in Python. */
  private items<T>(close: string, item: () => T): { items: T[]; comma: boolean } {
    const items: T[] = [];
    let comma = false;
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === close) break;
      items.push(item());
      this.skipSpace();
      if (this.s[this.pos] === ',') {
        comma = true;
        this.pos++;
      } else if (this.s[this.pos] !== close) {
        this.fail(`expected , or ${close}`);
      }
    }
    this.pos++;
    return { items, comma };
  }

  private sequence(close: string): PyValue {
    const { items, comma } = this.items(close, () => this.value());
    return close === ')' && items.length === 1 && !comma ? items[0] : items;
  }

  private dict(): Map<string, PyValue> {
    const map = new Map<string, PyValue>();
    this.items('}', () => {
      this.skipSpace();
      const q = this.s[this.pos];
      if (q !== "'" && q !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (this.s[this.pos] !== ':') this.fail('expected :');
      this.pos++;
      map.set(key, this.value());
    });
    return map;
  }

  /** A quoted string; backslash escapes of quotes and backslashes (all numpy's headers need). */
  private string(): string {
    const quote = this.s[this.pos++];
    let out = '';
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined || c === '\n') this.fail('a string never ends');
      if (c === quote) return out;
      if (c === '\\') {
        const e = this.s[this.pos++];
        if (e === '\\' || e === "'" || e === '"') out += e;
        else this.fail(`unsupported escape \\${e ?? ''}`);
      } else {
        out += c;
      }
    }
  }

  private integer(): bigint {
    const m = /^[-+]?(0|[1-9](_?[0-9])*)(?![\w.])/.exec(this.s.slice(this.pos));
    if (!m) this.fail('expected an integer');
    this.pos += m[0].length;
    return BigInt(m[0].replaceAll('_', ''));
  }
}
