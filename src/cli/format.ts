// Reply formatting of the embedis shell, carried over from redis-cli 7.0 (cliFormatReplyTTY,
// cliFormatReplyRaw, cliFormatReply and sds.c's sdscatrepr). Pure functions from a Reply to the
// bytes redis-cli would print, so they are tested against the real redis-cli's output.
//
// redis-cli formats what hiredis decoded, so the protocol of the session matters: in RESP2 a
// map arrives as a flat array, a set as an array, a double and a verbatim string as bulk
// strings; in RESP3 they keep their own types ("1#", "1~", "(double)"). Everything here works on
// byte strings (one char per byte) and returns one.

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
import { quoteBytes } from '../sds.js';

/**
 * How replies are printed: `tty` is redis-cli's standard mode (quoted strings, `(integer)`,
 * numbered arrays), `raw` its `--raw` mode (bytes as they are, one element per line).
 */
export type OutputMode = 'tty' | 'raw';

/** The RESP version the reply would have been sent with (the session's protocol). */
export type Protocol = 2 | 3;

/** A reply as hiredis would have decoded it in the given protocol. */
type Decoded =
  | { type: 'string' | 'status' | 'error' | 'integer' | 'double' | 'verbatim'; str: string }
  | { type: 'nil' }
  | { type: 'array' | 'map' | 'set'; elements: Reply[] };

function decode(r: Reply, protocol: Protocol): Decoded {
  if (typeof r === 'string') return { type: 'string', str: r };
  if (typeof r === 'number' || typeof r === 'bigint') return { type: 'integer', str: String(r) };
  if (r === null || r === NULL_ARRAY) return { type: 'nil' };
  if (Array.isArray(r)) return { type: 'array', elements: r };
  if (r instanceof StatusReply) return { type: 'status', str: r.value };
  if (r instanceof ReplyError) return { type: 'error', str: r.message };
  const resp3 = protocol === 3;
  if (r instanceof DoubleReply) return { type: resp3 ? 'double' : 'string', str: r.text };
  if (r instanceof MapReply) return { type: resp3 ? 'map' : 'array', elements: r.entries };
  if (r instanceof SetReply) return { type: resp3 ? 'set' : 'array', elements: r.items };
  if (r instanceof VerbatimReply) return { type: resp3 ? 'verbatim' : 'string', str: r.text };
  // A pub/sub confirmation: redis-cli prints the first frame of the reply it read.
  if (r instanceof PushReply) return { type: 'array', elements: r.frames[0] ?? [] };
  throw new TypeError(`unknown reply type: ${String(r)}`);
}

/** redis-cli's cliIsMultilineValueTTY: would the TTY form of `r` take more than one line? */
function isMultiline(r: Reply, protocol: Protocol): boolean {
  const d = decode(r, protocol);
  if (d.type === 'array' || d.type === 'set') {
    if (d.elements.length === 0) return false;
    if (d.elements.length > 1) return true;
    return isMultiline(d.elements[0]!, protocol);
  }
  if (d.type === 'map') {
    if (d.elements.length === 0) return false;
    if (d.elements.length > 2) return true;
    return isMultiline(d.elements[1]!, protocol);
  }
  return false;
}

const EMPTY: Readonly<Record<'array' | 'map' | 'set', string>> = {
  array: '(empty array)\n',
  map: '(empty hash)\n',
  set: '(empty set)\n',
};
const NUMSEP: Readonly<Record<'array' | 'map' | 'set', string>> = { array: ')', map: '#', set: '~' };

/**
 * Formats a reply as redis-cli prints it on a terminal (its standard output mode): `"quoted"`
 * strings, `(integer) 1`, `(nil)`, `(error) ERR ...`, numbered and indented aggregates.
 *
 * @param prefix - indentation of nested elements (used by the recursion; start with '').
 * @returns the text with its trailing newline.
 * @remarks O(N) in the size of the reply.
 */
export function formatReplyTTY(r: Reply, protocol: Protocol = 2, prefix = ''): string {
  const d = decode(r, protocol);
  switch (d.type) {
    case 'error':
      return `(error) ${d.str}\n`;
    case 'status':
    case 'verbatim':
      return `${d.str}\n`;
    case 'integer':
      return `(integer) ${d.str}\n`;
    case 'double':
      return `(double) ${d.str}\n`;
    case 'string':
      return `${quoteBytes(d.str)}\n`;
    case 'nil':
      return '(nil)\n';
  }
  const elements = d.elements;
  if (elements.length === 0) return EMPTY[d.type];
  const isMap = d.type === 'map';
  const count = isMap ? elements.length >> 1 : elements.length;
  const idxlen = String(count).length;
  // Nested aggregates are indented past this level's "NN) " index.
  const childPrefix = prefix + ' '.repeat(idxlen + 2);
  const sep = NUMSEP[d.type];
  let out = '';
  for (let i = 0; i < elements.length; i++) {
    const human = (isMap ? i >> 1 : i) + 1;
    // The first index follows the parent's index on the same line, so it gets no prefix.
    out += `${i === 0 ? '' : prefix}${String(human).padStart(idxlen)}${sep} `;
    out += formatReplyTTY(elements[i]!, protocol, childPrefix);
    if (isMap) {
      const value = elements[++i]!;
      out = `${out.slice(0, -1)} => `;
      // A multi-line value starts on its own line so its indices line up.
      if (isMultiline(value, protocol)) out += `\n${childPrefix}`;
      out += formatReplyTTY(value, protocol, childPrefix);
    }
  }
  return out;
}

/**
 * Formats a reply as redis-cli's `--raw` mode does, without the final newline: bytes as they
 * are, integers bare, nil as nothing, aggregates one element per line (a RESP3 map as one
 * `key value` pair per line), errors as their text plus a newline.
 * @remarks O(N) in the size of the reply.
 */
export function formatReplyRaw(r: Reply, protocol: Protocol = 2): string {
  const d = decode(r, protocol);
  switch (d.type) {
    case 'nil':
      return '';
    case 'error':
      return `${d.str}\n`;
    case 'string':
    case 'status':
    case 'verbatim':
    case 'integer':
    case 'double':
      return d.str;
    case 'array':
    case 'set':
      return d.elements.map((e) => formatReplyRaw(e, protocol)).join('\n');
    case 'map': {
      const lines: string[] = [];
      for (let i = 0; i < d.elements.length; i += 2) {
        lines.push(
          `${formatReplyRaw(d.elements[i]!, protocol)} ${formatReplyRaw(d.elements[i + 1]!, protocol)}`,
        );
      }
      return lines.join('\n');
    }
  }
}

/** Options of {@link formatReply}. */
export interface FormatOptions {
  /** Standard (terminal) or raw output. */
  mode: OutputMode;
  /**
   * The session's protocol.
   * @default 2
   */
  protocol?: Protocol;
  /**
   * Print the reply's bytes as they are whatever the mode, as redis-cli does for INFO, CLIENT
   * LIST and the other commands whose replies are made for reading (see {@link isVerbatimCommand}).
   * @default false
   */
  verbatim?: boolean;
}

/**
 * Formats one reply exactly as redis-cli writes it to stdout (redis-cli's cliFormatReply):
 * the TTY form, or the raw form followed by a newline, or the bare raw form for verbatim
 * commands.
 * @remarks O(N) in the size of the reply.
 */
export function formatReply(r: Reply, options: FormatOptions): string {
  const protocol = options.protocol ?? 2;
  if (options.verbatim) return formatReplyRaw(r, protocol);
  if (options.mode === 'tty') return formatReplyTTY(r, protocol);
  return `${formatReplyRaw(r, protocol)}\n`;
}

/**
 * True for the commands whose replies redis-cli prints raw even on a terminal (INFO, LOLWUT,
 * CLIENT LIST/INFO, MEMORY DOCTOR, LATENCY DOCTOR ...), as its cliSendCommand decides.
 * @param argv - the command's arguments; only the first ones are looked at.
 */
export function isVerbatimCommand(argv: readonly string[]): boolean {
  const argc = argv.length;
  const cmd = argv[0]?.toLowerCase() ?? '';
  const sub = argv[1]?.toLowerCase() ?? '';
  switch (cmd) {
    case 'info':
    case 'lolwut':
      return true;
    case 'debug':
      return argc >= 2 && (sub === 'htstats' || sub === 'htstats-key' || sub === 'client-eviction');
    case 'memory':
      return argc >= 2 && (sub === 'malloc-stats' || sub === 'doctor');
    case 'cluster':
      return argc === 2 && (sub === 'nodes' || sub === 'info');
    case 'client':
      return argc >= 2 && (sub === 'list' || sub === 'info');
    case 'latency':
      return (argc === 3 && sub === 'graph') || (argc === 2 && sub === 'doctor');
    case 'proxy':
      return argc >= 2 && sub === 'info';
    default:
      return false;
  }
}
