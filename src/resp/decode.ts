// RESP decoders: `RequestDecoder`, the server's streaming parser of client requests (Redis's
// processInputBuffer, processInlineBuffer and processMultibulkBuffer in networking.c), and
// `ReplyDecoder`, a client's parser of RESP2/RESP3 replies (the shell's remote mode).
//
// RequestDecoder keeps Redis's parse state across reads — the pending multibulk count and bulk
// length — so a request may be split across TCP chunks at any byte and decodes the same as if
// it came in one piece. It follows Redis's rules byte for byte, quirks included, because a
// client that works against Redis must work here and one that fails must fail the same way:
//   - A request starting with `*` is a multibulk; anything else is an inline command, split
//     with sdssplitargs (quotes and escapes, see sds.ts).
//   - Lines are found as `strchr` finds them: a NUL byte before the `\r` (multibulk) or `\n`
//     (inline) hides it, so the request waits for more input, as on Redis.
//   - Only the `\r` of a count line is looked for; the byte after it is skipped unchecked, and
//     so are the two bytes after a bulk's payload.
//   - `*0` / `*-1` and an empty inline line are empty requests: no reply (decoded as `[]`).
//   - Limits: 64 KiB for an inline request or a count line still missing its end, INT_MAX
//     arguments, `maxBulkLength` (proto-max-bulk-len, 512 MiB) bytes per argument, and — while
//     the client must still authenticate — 10 arguments of at most 16 KiB.
// A limit or syntax error yields a ProtocolError carrying the reply Redis sends before it
// closes the connection; the decoder is dead afterwards.
//
// Arguments come out as byte strings (latin1, one char per byte). A payload is copied out of
// the read buffer (Buffer#latin1Slice) instead of sliced from a string of the whole chunk: a
// V8 sliced string would pin the entire chunk in memory for as long as the stored value lives.
// Chunks waiting for a large bulk are kept in a list and joined once, so a 512 MiB value costs
// one copy, not one per read.

import {
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../commands/reply.js';
import {
  PROTO_INVALID_BULK_LENGTH,
  PROTO_INVALID_MBULK_LENGTH,
  PROTO_TOO_BIG_BULK_COUNT,
  PROTO_TOO_BIG_INLINE,
  PROTO_TOO_BIG_MBULK_COUNT,
  PROTO_UNAUTH_BULK_LENGTH,
  PROTO_UNAUTH_MBULK_LENGTH,
  PROTO_UNBALANCED_QUOTES,
  protoExpectedDollar,
  ReplyError,
} from '../errors.js';
import { splitArgs } from '../sds.js';

/** PROTO_INLINE_MAX_SIZE: an inline request, or a count line, must end within 64 KiB. */
export const INLINE_MAX_SIZE = 64 * 1024;
/** proto-max-bulk-len's default: 512 MiB per argument. */
export const DEFAULT_MAX_BULK_LENGTH = 512 * 1024 * 1024;
/** A multibulk count above INT_MAX is invalid. */
const INT_MAX = 0x7fffffff;
/** While unauthenticated, a request may have at most 10 arguments … */
const UNAUTH_MAX_ARGS = 10;
/** … of at most 16 KiB each (Redis 7.0's guard against memory abuse before AUTH). */
const UNAUTH_MAX_BULK = 16384;
/** Bulks this large wait for all their bytes before the read chunks are joined. */
const BIG_ARG = 32 * 1024;

const CR = 13;
const LF = 10;
const NUL = 0;
const STAR = 42;
const DOLLAR = 36;

const EMPTY = Buffer.alloc(0);

/** Buffer#latin1Slice: Node's own, fastest way to a one-byte string (untyped in @types/node). */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };
const latin1 = (buf: Buffer, start: number, end: number): string =>
  (buf as Latin1Buffer).latin1Slice(start, end);

/**
 * A request the server cannot parse: `message` is the error reply Redis sends (`ERR Protocol
 * error: …`) before it closes the connection.
 */
export class ProtocolError extends ReplyError {
  override name = 'ProtocolError';
}

/** Options of {@link RequestDecoder}. */
export interface RequestDecoderOptions {
  /**
   * Largest argument in bytes (Redis's `proto-max-bulk-len`).
   * @default 536870912 (512 MiB)
   */
  maxBulkLength?: number;
  /**
   * Whether the client still has to authenticate: such a client may send at most 10 arguments
   * of at most 16 KiB each. Asked when a request's header is parsed.
   * @default () => false
   */
  authRequired?: () => boolean;
}

/** Redis's string2ll result: the value, or NaN when the bytes are not a valid long long. */
function string2ll(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  // LONG_STR_SIZE is 21: 20 chars or more never parse.
  if (len === 0 || len >= 21) return Number.NaN;
  if (len === 1 && buf[start] === 48) return 0;
  let p = start;
  let negative = false;
  if (buf[p] === 45) {
    negative = true;
    if (++p === end) return Number.NaN;
  }
  const first = buf[p]!;
  if (first < 49 || first > 57) return Number.NaN;
  if (end - p > 15) return string2llBig(buf, p, end, negative);
  let v = first - 48;
  for (p++; p < end; p++) {
    const c = buf[p]!;
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  return negative ? -v : v;
}

/** string2ll for 16 digits or more, where overflow past the int64 range must be seen. */
function string2llBig(buf: Buffer, p: number, end: number, negative: boolean): number {
  let v = 0n;
  for (; p < end; p++) {
    const c = buf[p]!;
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10n + BigInt(c - 48);
  }
  if (negative ? v > 9223372036854775808n : v > 9223372036854775807n) return Number.NaN;
  return Number(negative ? -v : v);
}

/** Index of the first `ch` at or after `from`, or -1 when there is none or a NUL comes first (strchr). */
function strchr(buf: Buffer, from: number, ch: number): number {
  const i = buf.indexOf(ch, from);
  if (i < 0) return -1;
  for (let j = from; j < i; j++) if (buf[j] === NUL) return -1;
  return i;
}

/** A byte string of buf[start, end): short ones by fromCharCode, which beats a native call there. */
function slice(buf: Buffer, start: number, end: number): string {
  switch (end - start) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(buf[start]!);
    case 2:
      return String.fromCharCode(buf[start]!, buf[start + 1]!);
    case 3:
      return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!);
    case 4:
      return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!, buf[start + 3]!);
    default:
      return latin1(buf, start, end);
  }
}

/**
 * The server side of RESP: turns the bytes a client sends into commands (argv arrays of byte
 * strings), multibulk and inline alike, with Redis 7.0's limits and error replies.
 *
 * Feed it with {@link RequestDecoder.push} as data arrives and take commands with
 * {@link RequestDecoder.next} — one at a time, so a command can run (and change the client's
 * authentication) before the next one is parsed, as on Redis.
 *
 * @example
 * const decoder = new RequestDecoder();
 * decoder.push(Buffer.from('*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n'));
 * decoder.next(); // ['GET', 'k']
 * decoder.next(); // ['PING']
 * decoder.next(); // null: needs more bytes
 */
export class RequestDecoder {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Chunks received after `buf`, not joined yet. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** 0: next request's type not known yet; 1: inline; 2: multibulk. */
  private reqtype = 0;
  /** Arguments of the current multibulk still to read (0: its count line is not read yet). */
  private multibulklen = 0;
  /** Length of the bulk being read, or -1 while its `$` line is not read yet. */
  private bulklen = -1;
  private argv: string[] = [];
  private dead = false;
  private readonly maxBulkLength: number;
  private readonly authRequired: () => boolean;

  constructor(options: RequestDecoderOptions = {}) {
    this.maxBulkLength = options.maxBulkLength ?? DEFAULT_MAX_BULK_LENGTH;
    this.authRequired = options.authRequired ?? (() => false);
  }

  /**
   * Adds bytes received from the client. The decoder keeps a reference to `chunk`: do not
   * reuse its memory.
   * @remarks O(1); joining happens in next().
   */
  push(chunk: Buffer): void {
    if (this.dead || chunk.length === 0) return;
    if (this.pos === this.buf.length && this.pendingBytes === 0) {
      this.buf = chunk;
      this.pos = 0;
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** Bytes received and not yet consumed by a complete command (Redis's query buffer length). */
  get buffered(): number {
    return this.buf.length - this.pos + this.pendingBytes;
  }

  /**
   * The next complete command: its argv (`[]` for an empty request, which gets no reply),
   * `null` when more bytes are needed, or a {@link ProtocolError} to reply before closing the
   * connection (after which the decoder returns null).
   * @remarks O(N) in the size of the command.
   */
  next(): string[] | ProtocolError | null {
    if (this.dead) return null;
    if (this.pendingBytes !== 0 && !this.join()) return null;
    const buf = this.buf;
    if (this.pos >= buf.length) return null;
    if (this.reqtype === 0) this.reqtype = buf[this.pos] === STAR ? 2 : 1;
    const r = this.reqtype === 2 ? this.multibulk(buf) : this.inline(buf);
    if (r !== null) {
      this.reqtype = 0;
      if (this.pos >= this.buf.length) {
        // Drop the consumed chunk: it may be large.
        this.buf = EMPTY;
        this.pos = 0;
      }
    }
    return r;
  }

  /**
   * Joins pending chunks onto the unread rest of `buf`, unless a large bulk is still short of
   * bytes (then it returns false and waits, so the bulk is copied once).
   */
  private join(): boolean {
    const rest = this.buf.length - this.pos;
    if (this.bulklen >= BIG_ARG && rest + this.pendingBytes < this.bulklen + 2) return false;
    const parts = this.pending;
    if (rest !== 0) parts.unshift(this.buf.subarray(this.pos));
    this.buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, rest + this.pendingBytes);
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
    return true;
  }

  private fail(message: string): ProtocolError {
    this.dead = true;
    this.buf = EMPTY;
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.argv = [];
    return new ProtocolError(message);
  }

  /** processInlineBuffer. */
  private inline(buf: Buffer): string[] | ProtocolError | null {
    const start = this.pos;
    const newline = strchr(buf, start, LF);
    if (newline < 0) {
      if (buf.length - start > INLINE_MAX_SIZE) return this.fail(PROTO_TOO_BIG_INLINE);
      return null;
    }
    const end = newline !== start && buf[newline - 1] === CR ? newline - 1 : newline;
    const argv = end === start ? [] : splitArgs(latin1(buf, start, end));
    if (argv === null) return this.fail(PROTO_UNBALANCED_QUOTES);
    this.pos = newline + 1;
    return argv;
  }

  /** processMultibulkBuffer. */
  private multibulk(buf: Buffer): string[] | ProtocolError | null {
    const len = buf.length;
    let pos = this.pos;
    if (this.multibulklen === 0) {
      const newline = strchr(buf, pos, CR);
      if (newline < 0) {
        if (len - pos > INLINE_MAX_SIZE) return this.fail(PROTO_TOO_BIG_MBULK_COUNT);
        return null;
      }
      if (newline > len - 2) return null; // the byte after \r is not here yet
      const ll = string2ll(buf, pos + 1, newline);
      if (!(ll <= INT_MAX)) return this.fail(PROTO_INVALID_MBULK_LENGTH);
      if (ll > UNAUTH_MAX_ARGS && this.authRequired()) return this.fail(PROTO_UNAUTH_MBULK_LENGTH);
      this.pos = pos = newline + 2;
      if (ll <= 0) return [];
      this.multibulklen = ll;
      this.argv = [];
    }
    const argv = this.argv;
    while (this.multibulklen !== 0) {
      let bulklen = this.bulklen;
      if (bulklen === -1) {
        const newline = strchr(buf, pos, CR);
        if (newline < 0) {
          if (len - pos > INLINE_MAX_SIZE) return this.fail(PROTO_TOO_BIG_BULK_COUNT);
          break;
        }
        if (newline > len - 2) break;
        if (buf[pos] !== DOLLAR) return this.fail(protoExpectedDollar(String.fromCharCode(buf[pos]!)));
        const ll = string2ll(buf, pos + 1, newline);
        if (!(ll >= 0 && ll <= this.maxBulkLength)) return this.fail(PROTO_INVALID_BULK_LENGTH);
        if (ll > UNAUTH_MAX_BULK && this.authRequired()) return this.fail(PROTO_UNAUTH_BULK_LENGTH);
        pos = newline + 2;
        this.bulklen = bulklen = ll;
      }
      if (len - pos < bulklen + 2) break;
      argv.push(slice(buf, pos, pos + bulklen));
      pos += bulklen + 2;
      this.bulklen = -1;
      this.multibulklen--;
    }
    this.pos = pos;
    if (this.multibulklen !== 0) return null;
    this.argv = [];
    return argv;
  }
}

// ---- replies ------------------------------------------------------------------------------

const INCOMPLETE: unique symbol = Symbol('incomplete');

/**
 * The client side of RESP: decodes RESP2 and RESP3 replies into {@link Reply} values (bulk
 * strings as byte strings, `+` as StatusReply, `-` as ReplyError values, `%` as MapReply, `>`
 * as PushReply …), as a connection to a server receives them. Booleans (`#`) decode as 1 / 0
 * and big numbers (`(`) as bigint; attributes (`|`) are read and dropped.
 *
 * @example
 * const d = new ReplyDecoder();
 * d.push(Buffer.from('+OK\r\n:1\r\n'));
 * d.next(); // StatusReply { value: 'OK' }
 * d.next(); // 1
 */
export class ReplyDecoder {
  private buf: Buffer = EMPTY;
  private pos = 0;

  /** Adds bytes received from the server. */
  push(chunk: Buffer): void {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
  }

  /**
   * The next complete reply, or `undefined` when more bytes are needed. Throws an Error on a
   * malformed stream.
   * @remarks O(N) in the size of the reply.
   */
  next(): Reply | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const start = this.pos;
    const r = this.parse();
    if (r === INCOMPLETE) {
      this.pos = start;
      return undefined;
    }
    return r;
  }

  private line(): string | typeof INCOMPLETE {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) return INCOMPLETE;
    const s = latin1(this.buf, this.pos, end);
    this.pos = end + 2;
    return s;
  }

  private count(head: string, type: string): number {
    if (!/^-?[0-9]+$/.test(head))
      throw new Error(`RESP protocol error: bad length '${head}' after '${type}'`);
    return Number(head);
  }

  private items(n: number): Reply[] | typeof INCOMPLETE {
    const out: Reply[] = [];
    for (let i = 0; i < n; i++) {
      const v = this.parse();
      if (v === INCOMPLETE) return INCOMPLETE;
      out.push(v);
    }
    return out;
  }

  private parse(): Reply | typeof INCOMPLETE {
    const buf = this.buf;
    if (this.pos >= buf.length) return INCOMPLETE;
    const type = String.fromCharCode(buf[this.pos++]!);
    const head = this.line();
    if (head === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case '+':
        return new StatusReply(head);
      case '-':
        return new ReplyError(head);
      case ':': {
        const n = Number(head);
        return Number.isSafeInteger(n) ? n : BigInt(head);
      }
      case '(':
        return BigInt(head);
      case '#':
        return head === 't' ? 1 : 0;
      case '_':
        return null;
      case ',':
        return new DoubleReply(Number(head.replace(/^(-?)inf$/, '$1Infinity')), head);
      case '$':
      case '!':
      case '=': {
        const n = this.count(head, type);
        if (n < 0) return null;
        if (buf.length < this.pos + n + 2) return INCOMPLETE;
        const s = latin1(buf, this.pos, this.pos + n);
        this.pos += n + 2;
        if (type === '$') return s;
        if (type === '!') return new ReplyError(s);
        return new VerbatimReply(s.slice(0, 3), s.slice(4));
      }
      case '*':
      case '~':
      case '>':
      case '%':
      case '|': {
        const n = this.count(head, type);
        if (n < 0) return NULL_ARRAY;
        const items = this.items(type === '%' || type === '|' ? n * 2 : n);
        if (items === INCOMPLETE) return INCOMPLETE;
        if (type === '*') return items;
        if (type === '~') return new SetReply(items);
        if (type === '%') return new MapReply(items);
        if (type === '>') return new PushReply([items]);
        return this.parse(); // an attribute: dropped, the reply follows it
      }
      default:
        throw new Error(`RESP protocol error: unexpected type byte '${type}'`);
    }
  }
}
