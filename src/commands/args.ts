// Shared argument parsers. Each throws Redis's exact error, so handlers never format one, and
// option keywords compare case-insensitively as Redis's strcasecmp does.

import { fail, NOT_INTEGER, SYNTAX } from '../errors.js';
import { isCanonicalInt } from '../keyspace/db.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** True when `arg` equals the upper-case `token`, ignoring ASCII case. */
export function isToken(arg: string, token: string): boolean {
  return arg.length === token.length && (arg === token || arg.toUpperCase() === token);
}

/**
 * A signed 64-bit integer argument (Redis's getLongLongFromObjectOrReply / string2ll: no sign
 * but `-`, no leading zeros or spaces, at most 20 chars). As a number: exact within ±2^53.
 */
export function parseInteger(arg: string, error: string = NOT_INTEGER): number {
  if (arg.length < 16) {
    if (!isCanonicalInt(arg)) fail(error);
    return Number(arg);
  }
  return Number(parseBigInteger(arg, error));
}

/** Like {@link parseInteger}, exact over the whole int64 range. */
export function parseBigInteger(arg: string, error: string = NOT_INTEGER): bigint {
  if (!isCanonicalInt(arg)) fail(error);
  const n = BigInt(arg);
  if (n > INT64_MAX || n < INT64_MIN) fail(error);
  return n;
}

/**
 * A 32-bit `int` argument (getIntFromObjectOrReply): `error` replaces both Redis messages when
 * given, as Redis's `msg` argument does.
 */
export function parseInt32(arg: string, error?: string): number {
  const n = parseInteger(arg, error ?? NOT_INTEGER);
  if (n > 2147483647 || n < -2147483648) fail(error ?? rangeError(-2147483648, 2147483647));
  return n;
}

/** getRangeLongFromObjectOrReply's message for an integer outside [min, max]. */
export const rangeError = (min: number, max: number): string =>
  `ERR value is out of range, value must between ${min} and ${max}`;

/**
 * A SCAN cursor, parsed as Redis's parseScanCursorOrReply does with strtoul: optional leading
 * sign (a negative value wraps), no leading space, no trailing characters, within 64 bits.
 * Returns null when invalid.
 */
export function parseCursor(arg: string): bigint | null {
  let i = 0;
  let neg = false;
  if (arg.length === 0) return 0n;
  const c0 = arg.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  if (i === arg.length) return null;
  for (let j = i; j < arg.length; j++) {
    const c = arg.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const v = BigInt(arg.slice(i));
  if (v > 0xffffffffffffffffn) return null;
  return neg ? (0x10000000000000000n - v) & 0xffffffffffffffffn : v;
}

/** Options of SCAN and the collection scans. */
export interface ScanArgs {
  count: number;
  pattern: string | null;
  type: string | null;
}

/**
 * Parses `[MATCH pattern] [COUNT count]` (and `[TYPE type]` when `allowType`, SCAN only) from
 * `argv[start]` on, as Redis's scanGenericCommand: COUNT < 1 and anything unknown are syntax
 * errors.
 */
export function parseScanArgs(argv: string[], start: number, allowType: boolean): ScanArgs {
  const out: ScanArgs = { count: 10, pattern: null, type: null };
  for (let i = start; i < argv.length; i += 2) {
    const opt = argv[i]!;
    const more = argv.length - i >= 2;
    if (more && isToken(opt, 'COUNT')) {
      out.count = parseInteger(argv[i + 1]!);
      if (out.count < 1) fail(SYNTAX);
    } else if (more && isToken(opt, 'MATCH')) {
      out.pattern = argv[i + 1]!;
    } else if (more && allowType && isToken(opt, 'TYPE')) {
      out.type = argv[i + 1]!;
    } else {
      fail(SYNTAX);
    }
  }
  return out;
}
