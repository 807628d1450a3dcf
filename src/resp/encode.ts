// RESP encoder: turns a Reply (a RESP3 superset, see commands/reply.ts) into the bytes Redis 7.0
// would send to a RESP2 or RESP3 client, and an argv into a multibulk request.
//
// Output is a byte string (one char per byte, latin1), like every value inside embedis, so a
// bulk string's length prefix is simply `s.length`. Parts are pushed onto one array and joined
// once at the end: no per-char work and no intermediate concatenation per nesting level.
//
// RESP2 lowering follows networking.c: a map is sent as a flat array of 2 * pairs elements
// (addReplyMapLen), a set as an array, a double and a verbatim string as bulk strings, and the
// null array as `*-1` while a null bulk is `$-1`. RESP3 has one null, `_`, for both.

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
import { ReplyError } from '../errors.js';

/** The protocol version a client negotiated with HELLO (2 unless it sent `HELLO 3`). */
export type Protocol = 2 | 3;

const CRLF = '\r\n';
const NEWLINES = /[\r\n]/g;
const EDGE_NEWLINES = /^[\r\n]+|[\r\n]+$/g;

/**
 * Encodes one reply as RESP bytes.
 *
 * @param reply - what a command handler returned
 * @param protocol - 2 or 3, as negotiated by HELLO
 * @returns the wire bytes as a byte string (one char per byte)
 * @remarks O(N) in the size of the reply.
 * @see https://redis.io/docs/reference/protocol-spec/
 */
export function encodeReply(reply: Reply, protocol: Protocol): string {
  // A bare bulk string or integer is the most common reply: skip the array.
  if (typeof reply === 'string') return '$' + reply.length + CRLF + reply + CRLF;
  if (typeof reply === 'number') return ':' + reply + CRLF;
  const out: string[] = [];
  if (protocol === 3) write3(reply, out);
  else write2(reply, out);
  return out.join('');
}

/**
 * Encodes a command as a RESP multibulk request (`*<n>` followed by one bulk string per arg),
 * the form every client sends and the form the append-only file stores.
 *
 * @param argv - the command name and its arguments, as byte strings
 * @remarks O(N) in the total size of the arguments.
 */
export function encodeCommand(argv: readonly string[]): string {
  const out: string[] = ['*' + argv.length + CRLF];
  for (const a of argv) out.push('$' + a.length + CRLF, a, CRLF);
  return out.join('');
}

function write2(r: Reply, out: string[]): void {
  if (typeof r === 'string') {
    out.push('$' + r.length + CRLF, r, CRLF);
  } else if (typeof r === 'number' || typeof r === 'bigint') {
    out.push(':' + r + CRLF);
  } else if (r === null) {
    out.push('$-1\r\n');
  } else if (r === NULL_ARRAY) {
    out.push('*-1\r\n');
  } else if (Array.isArray(r)) {
    out.push('*' + r.length + CRLF);
    for (const x of r) write2(x, out);
  } else if (r instanceof StatusReply) {
    out.push('+' + r.value + CRLF);
  } else if (r instanceof ReplyError) {
    out.push(errorLine(r));
  } else if (r instanceof DoubleReply) {
    out.push('$' + r.text.length + CRLF, r.text, CRLF);
  } else if (r instanceof MapReply) {
    out.push('*' + r.entries.length + CRLF);
    for (const x of r.entries) write2(x, out);
  } else if (r instanceof SetReply) {
    out.push('*' + r.items.length + CRLF);
    for (const x of r.items) write2(x, out);
  } else if (r instanceof VerbatimReply) {
    out.push('$' + r.text.length + CRLF, r.text, CRLF);
  } else if (r instanceof PushReply) {
    // RESP2 has no push type: each frame goes out as a plain array (addReplyPubsubMessage).
    for (const f of r.frames) {
      out.push('*' + f.length + CRLF);
      for (const x of f) write2(x, out);
    }
  } else {
    unknownReply(r);
  }
}

function write3(r: Reply, out: string[]): void {
  if (typeof r === 'string') {
    out.push('$' + r.length + CRLF, r, CRLF);
  } else if (typeof r === 'number' || typeof r === 'bigint') {
    out.push(':' + r + CRLF);
  } else if (r === null || r === NULL_ARRAY) {
    out.push('_\r\n');
  } else if (Array.isArray(r)) {
    out.push('*' + r.length + CRLF);
    for (const x of r) write3(x, out);
  } else if (r instanceof StatusReply) {
    out.push('+' + r.value + CRLF);
  } else if (r instanceof ReplyError) {
    out.push(errorLine(r));
  } else if (r instanceof DoubleReply) {
    out.push(',' + doubleText(r) + CRLF);
  } else if (r instanceof MapReply) {
    out.push('%' + (r.entries.length >> 1) + CRLF);
    for (const x of r.entries) write3(x, out);
  } else if (r instanceof SetReply) {
    out.push('~' + r.items.length + CRLF);
    for (const x of r.items) write3(x, out);
  } else if (r instanceof VerbatimReply) {
    // addReplyVerbatim: the format is exactly 3 chars, padded with spaces, then ':'.
    const format = (r.format + '   ').slice(0, 3);
    out.push('=' + (r.text.length + 4) + CRLF + format + ':', r.text, CRLF);
  } else if (r instanceof PushReply) {
    for (const f of r.frames) {
      out.push('>' + f.length + CRLF);
      for (const x of f) write3(x, out);
    }
  } else {
    unknownReply(r);
  }
}

/**
 * The RESP3 double body. Redis sends `.text` in both protocols: addReplyDouble prints `%.17g`
 * for RESP2 and RESP3 alike, and addReplyHumanLongDouble (GEOPOS) prints its human form for
 * both, so the text the handler formatted is the right body. Infinities are spelled `inf` /
 * `-inf` explicitly (networking.c does so because libcs disagree) and glibc prints NaN as `nan`.
 */
function doubleText(r: DoubleReply): string {
  const v = r.value;
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  return r.text;
}

/**
 * `-<message>\r\n`. As addReplyErrorFormat does, newlines at the ends are trimmed and newlines
 * inside become spaces, because a raw CR or LF would end the error line early and corrupt the
 * stream. An empty message gets Redis's default code (addReplyErrorLength prefixes `-ERR `).
 */
function errorLine(e: ReplyError): string {
  let m = e.message;
  if (m.includes('\r') || m.includes('\n')) m = m.replace(EDGE_NEWLINES, '').replace(NEWLINES, ' ');
  if (m.length === 0) m = 'ERR ';
  return '-' + m + CRLF;
}

function unknownReply(r: never): never {
  throw new TypeError(`encodeReply: not a Reply: ${String(r)}`);
}
