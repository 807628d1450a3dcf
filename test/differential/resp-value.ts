// The canonical reply tree of the differential harness, and the RESP2/RESP3 decoder that builds
// it. Real redis's bytes and embedis's encoded replies go through this same decoder, so a
// difference in the tree is a difference on the wire.
//
// The tree is plain JSON, which is how transcripts store it: bulk strings are byte strings
// (latin1, one char per byte), so binary data survives JSON unchanged. Common shapes stay bare
// (string, number, null, array); the rest carry a one-key tag so they read well in transcripts.

export type Value =
  | string // bulk string ($), as a byte string
  | number // integer (:) within the JS safe range
  | null // null bulk ($-1) or RESP3 null (_)
  | Value[] // array (*)
  | { status: string } // simple string (+)
  | { error: string } // error (- or RESP3 blob error !)
  | { int: string } // integer outside the JS safe range
  | { nullArray: true } // RESP2 null array (*-1)
  | { double: string } // RESP3 double (,), as sent
  | { bool: boolean } // RESP3 boolean (#)
  | { bignum: string } // RESP3 big number (()
  | { verbatim: string; format: string } // RESP3 verbatim string (=)
  | { map: [Value, Value][] } // RESP3 map (%)
  | { set: Value[] } // RESP3 set (~)
  | { push: Value[] } // RESP3 push (>)
  | { shape: string } // harness-made: the kind of a reply whose content is not compared
  | { rel: number }; // harness-made: a timestamp reply minus the side's own clock

const INCOMPLETE: unique symbol = Symbol('incomplete');
type Parsed = Value | typeof INCOMPLETE;

/**
 * An incremental RESP2/RESP3 decoder: `push` bytes as they arrive, `next` returns one complete
 * reply or `undefined` when more bytes are needed. Attributes (`|`) are read and dropped.
 */
export class RespDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  push(chunk: Buffer): void {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
  }

  /** Bytes received but not consumed by a complete reply. */
  get pending(): number {
    return this.buf.length - this.pos;
  }

  next(): Value | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const start = this.pos;
    const v = this.parse();
    if (v === INCOMPLETE) {
      this.pos = start;
      return undefined;
    }
    return v;
  }

  private line(): string | typeof INCOMPLETE {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) return INCOMPLETE;
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 2;
    return s;
  }

  private blob(len: number): string | typeof INCOMPLETE {
    if (this.buf.length < this.pos + len + 2) return INCOMPLETE;
    const s = this.buf.toString('latin1', this.pos, this.pos + len);
    if (this.buf[this.pos + len] !== 13 || this.buf[this.pos + len + 1] !== 10) {
      throw new Error(`RESP protocol error: blob of ${len} bytes not followed by CRLF`);
    }
    this.pos += len + 2;
    return s;
  }

  private items(n: number): Value[] | typeof INCOMPLETE {
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      const v = this.parse();
      if (v === INCOMPLETE) return INCOMPLETE;
      out.push(v);
    }
    return out;
  }

  private parse(): Parsed {
    if (this.pos >= this.buf.length) return INCOMPLETE;
    const type = String.fromCharCode(this.buf[this.pos]!);
    this.pos++;
    const head = this.line();
    if (head === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case '+':
        return { status: head };
      case '-':
        return { error: head };
      case ':':
        return integer(head);
      case '$':
      case '!':
      case '=': {
        const len = length(head, type);
        if (len < 0) return null;
        const s = this.blob(len);
        if (s === INCOMPLETE) return INCOMPLETE;
        if (type === '$') return s;
        if (type === '!') return { error: s };
        return { verbatim: s.slice(4), format: s.slice(0, 3) };
      }
      case '*':
      case '~':
      case '>': {
        const n = length(head, type);
        if (n < 0) return { nullArray: true };
        const xs = this.items(n);
        if (xs === INCOMPLETE) return INCOMPLETE;
        return type === '*' ? xs : type === '~' ? { set: xs } : { push: xs };
      }
      case '%':
      case '|': {
        const xs = this.items(2 * length(head, type));
        if (xs === INCOMPLETE) return INCOMPLETE;
        if (type === '|') return this.parse(); // an attribute annotates the reply that follows
        const pairs: [Value, Value][] = [];
        for (let i = 0; i < xs.length; i += 2) pairs.push([xs[i]!, xs[i + 1]!]);
        return { map: pairs };
      }
      case '_':
        return null;
      case ',':
        return { double: head };
      case '#':
        if (head !== 't' && head !== 'f') throw new Error(`RESP protocol error: boolean #${head}`);
        return { bool: head === 't' };
      case '(':
        return { bignum: head };
      default:
        throw new Error(`RESP protocol error: unknown type byte ${JSON.stringify(type)}`);
    }
  }
}

function length(head: string, type: string): number {
  if (!/^(-1|\d+)$/.test(head)) throw new Error(`RESP protocol error: bad length ${type}${head}`);
  return Number(head);
}

function integer(head: string): Value {
  if (!/^-?\d+$/.test(head)) throw new Error(`RESP protocol error: bad integer :${head}`);
  const n = Number(head);
  return Number.isSafeInteger(n) ? n : { int: BigInt(head).toString() };
}

/** Decodes exactly one reply from `bytes`; trailing or missing bytes are a protocol error. */
export function decodeOne(bytes: Buffer): Value {
  const d = new RespDecoder();
  d.push(bytes);
  const v = d.next();
  if (v === undefined) throw new Error('RESP protocol error: incomplete reply');
  if (d.pending !== 0) throw new Error(`RESP protocol error: ${d.pending} bytes after the reply`);
  return v;
}

export function isError(v: Value): v is { error: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'error' in v;
}

/** Structural equality; `delta` lets integers (and `rel` timestamps) differ by up to that much. */
export function valuesEqual(a: Value, b: Value, delta = 0): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= delta;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]!, delta));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!(k in rb)) return false;
    const x = ra[k];
    const y = rb[k];
    if (k === 'map') {
      const px = x as [Value, Value][];
      const py = y as [Value, Value][];
      if (px.length !== py.length) return false;
      for (let i = 0; i < px.length; i++) {
        if (!valuesEqual(px[i]![0], py[i]![0], delta) || !valuesEqual(px[i]![1], py[i]![1], delta))
          return false;
      }
    } else if (Array.isArray(x)) {
      if (!valuesEqual(x as Value[], y as Value, delta)) return false;
    } else if (typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) > delta) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}

/** A stable sort key for order-insensitive comparison. */
export function sortKey(v: Value): string {
  return JSON.stringify(v);
}

/** Sorts an unordered reply: array and set elements, map pairs. Other values are returned as is. */
export function sortValue(v: Value): Value {
  const byKey = (x: Value, y: Value) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0);
  if (Array.isArray(v)) return [...v].sort(byKey);
  if (typeof v === 'object' && v !== null) {
    if ('set' in v) return { set: [...v.set].sort(byKey) };
    if ('map' in v) {
      const pairs = [...v.map].sort((p, q) => byKey(p as unknown as Value, q as unknown as Value));
      return { map: pairs };
    }
  }
  return v;
}

/** The kind of each leaf, for replies whose content can't match (TIME). Errors stay whole. */
export function shapeOf(v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'string') return { shape: 'bulk' };
  if (typeof v === 'number') return { shape: 'integer' };
  if (Array.isArray(v)) return v.map(shapeOf);
  if ('error' in v || 'status' in v || 'nullArray' in v) return v;
  if ('int' in v) return { shape: 'integer' };
  if ('map' in v) return { map: v.map.map(([k, x]) => [shapeOf(k), shapeOf(x)] as [Value, Value]) };
  if ('set' in v) return { set: v.set.map(shapeOf) };
  if ('push' in v) return { push: v.push.map(shapeOf) };
  return { shape: Object.keys(v)[0]! };
}

const MAX_SHOWN = 400;

/** A compact, redis-cli-like rendering of a reply for failure messages. */
export function showValue(v: Value): string {
  const s = show(v);
  return s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) + ` … (${s.length} chars)` : s;
}

function show(v: Value): string {
  if (v === null) return '(nil)';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return `(integer) ${v}`;
  if (Array.isArray(v)) return v.length === 0 ? '(empty array)' : `[${v.map(show).join(', ')}]`;
  if ('status' in v) return escapeBytes(v.status);
  if ('error' in v) return `(error) ${escapeBytes(v.error)}`;
  if ('int' in v) return `(integer) ${v.int}`;
  if ('nullArray' in v) return '(nil array)';
  if ('double' in v) return `(double) ${v.double}`;
  if ('bool' in v) return `(${v.bool})`;
  if ('bignum' in v) return `(big number) ${v.bignum}`;
  if ('verbatim' in v) return `(verbatim ${v.format}) ${quote(v.verbatim)}`;
  if ('map' in v) return `{${v.map.map(([k, x]) => `${show(k)} => ${show(x)}`).join(', ')}}`;
  if ('set' in v) return `(set) {${v.set.map(show).join(', ')}}`;
  if ('push' in v) return `(push) [${v.push.map(show).join(', ')}]`;
  if ('shape' in v) return `<${v.shape}>`;
  if ('rel' in v) return `(now ${v.rel >= 0 ? '+' : '-'} ${Math.abs(v.rel)})`;
  return JSON.stringify(v);
}

/** A byte string quoted as redis-cli does: printable ASCII as is, the rest as \xNN. */
export function quote(s: string): string {
  return '"' + escapeBytes(s) + '"';
}

/** Printable ASCII as is, quotes and backslashes escaped, other bytes as \n, \r, \t or \xNN. */
function escapeBytes(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s) && !/["\\]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c > 0x7e) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out;
}

/**
 * Where two replies first differ, as a path and the two sub-values (`[3][1]: "a" vs "b"`), for
 * long replies whose rendering is cut before the difference. Undefined when there is no
 * narrower place than the whole reply.
 */
export function firstDifference(a: Value, b: Value, delta = 0, at = ''): string | undefined {
  const la = children(a);
  const lb = children(b);
  if (la && lb && la.tag === lb.tag) {
    const n = Math.min(la.items.length, lb.items.length);
    for (let i = 0; i < n; i++) {
      if (!valuesEqual(la.items[i]!, lb.items[i]!, delta)) {
        return firstDifference(la.items[i]!, lb.items[i]!, delta, `${at}[${i}]`);
      }
    }
    if (la.items.length !== lb.items.length) {
      return `${at || 'top'}: ${la.items.length} vs ${lb.items.length} elements`;
    }
  }
  return at ? `${at}: ${showValue(a)} vs ${showValue(b)}` : undefined;
}

function children(v: Value): { tag: string; items: Value[] } | undefined {
  if (Array.isArray(v)) return { tag: 'array', items: v };
  if (typeof v !== 'object' || v === null) return undefined;
  if ('set' in v) return { tag: 'set', items: v.set };
  if ('push' in v) return { tag: 'push', items: v.push };
  if ('map' in v) return { tag: 'map', items: v.map.flat() };
  return undefined;
}
