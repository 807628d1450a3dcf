// Stream IDs (Redis 7.0 `streamID`, src/stream.h): a 64-bit millisecond time and a 64-bit
// sequence number, ordered as one 128-bit big-endian number. Each half is an `IdPart`: a plain
// number while it is below 2^53 and a bigint from 2^53 up. That form is canonical (one value,
// one representation), so `===` is equality and `<` compares exactly across number and bigint;
// real IDs (Unix ms, small sequences) never leave the number fast path, while the edge IDs Redis's
// own tests use (18446744073709551615-18446744073709551615) stay exact.
//
// Parsing follows streamGenericParseIDOrReply + string2ull (src/t_stream.c, src/util.c)
// including their quirks, checked against redis-server 7.0.15: each half is read by strtoull
// once string2ll has rejected it, so leading whitespace, '+', leading zeros and even a
// non-canonical '-' are accepted (`8--01` is 8-18446744073709551615), while a canonical negative
// integer (`1--5`) is not; an argument longer than 127 bytes is invalid and one with a NUL byte is
// read up to the NUL (Redis copies it into a C string).

import { fail } from '../errors.js';

/** One 64-bit half of a stream ID: a number below 2^53, a bigint from 2^53 up. */
export type IdPart = number | bigint;

/** A stream entry ID, `<ms>-<seq>`. Build with {@link streamId} to keep the parts canonical. */
export interface StreamId {
  readonly ms: IdPart;
  readonly seq: IdPart;
}

/** Redis's reply to an unparsable ID (streamGenericParseIDOrReply). */
export const INVALID_STREAM_ID = 'ERR Invalid stream ID specified as stream command argument';
/** XADD with an explicit ID not above the stream's last ID (streamAppendItem, errno EDOM). */
export const XADD_ID_TOO_SMALL =
  'ERR The ID specified in XADD is equal or smaller than the target stream top item';
/** XADD with the explicit ID 0-0 (checked in xaddCommand before the key is looked up). */
export const XADD_ID_ZERO = 'ERR The ID specified in XADD must be greater than 0-0';
/** XADD on a stream whose last ID is the maximum ID. */
export const STREAM_EXHAUSTED = 'ERR The stream has exhausted the last possible ID, unable to add more items';
/**
 * XADD whose fields and values total more than 1 GiB (STREAM_LISTPACK_MAX_SIZE). Redis 7.0.15 also
 * replies with it to `XADD key <ms>-*` when the last ID is `<ms>-18446744073709551615`: that path
 * returns C_ERR without setting errno, so xaddCommand falls through to this text (verified).
 */
export const ELEMENTS_TOO_LARGE = 'ERR Elements are too large to be stored';
/** An exclusive start `(` on the maximum ID (XRANGE, XPENDING, XAUTOCLAIM). */
export const INVALID_START_ID = 'ERR invalid start ID for the interval';
/** An exclusive end `(` on the minimum ID (XRANGE, XPENDING). */
export const INVALID_END_ID = 'ERR invalid end ID for the interval';

/** 2^64 - 1, the largest value of either half. */
export const MAX_PART: bigint = 18446744073709551615n;
const TWO_53 = 9007199254740992n;
const TWO_64 = 18446744073709551616n;

/** `0-0`, also what `-` parses to. */
export const MIN_ID: StreamId = Object.freeze({ ms: 0, seq: 0 });
/** `18446744073709551615-18446744073709551615`, also what `+` parses to. */
export const MAX_ID: StreamId = Object.freeze({ ms: MAX_PART, seq: MAX_PART });

/** The canonical form of a half: a number below 2^53, else a bigint. */
export function idPart(v: number | bigint): IdPart {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return v;
    throw new RangeError(`stream ID part out of range: ${v}`);
  }
  if (v < 0n || v > MAX_PART) throw new RangeError(`stream ID part out of range: ${v}`);
  return v < TWO_53 ? Number(v) : v;
}

/** Builds an ID from two halves (numbers or bigints), canonicalising them. O(1). */
export function streamId(ms: number | bigint, seq: number | bigint): StreamId {
  return { ms: idPart(ms), seq: idPart(seq) };
}

/** An ID from halves already canonical (internal fast path). */
export function makeId(ms: IdPart, seq: IdPart): StreamId {
  return { ms, seq };
}

/** -1, 0 or 1 as `a` is below, equal to or above `b` (streamCompareID). O(1). */
export function compareIds(a: StreamId, b: StreamId): number {
  const am = a.ms;
  const bm = b.ms;
  if (am !== bm) return am < bm ? -1 : 1;
  const as = a.seq;
  const bs = b.seq;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

/** Whether two IDs are equal. O(1). */
export function idsEqual(a: StreamId, b: StreamId): boolean {
  return a.ms === b.ms && a.seq === b.seq;
}

/** Whether `id` is 0-0 (streamIDEqZero). */
export function isZeroId(id: StreamId): boolean {
  return id.ms === 0 && id.seq === 0;
}

/** `<ms>-<seq>`, as Redis replies an ID (createStreamIDString). */
export function formatId(id: StreamId): string {
  const { ms, seq } = id;
  return `${typeof ms === 'number' ? partText(ms) : ms}-${typeof seq === 'number' ? partText(seq) : seq}`;
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'];

/** The last large part formatted, and its text: entries added or read in a row share their ms. */
let lastPart = -1;
let lastPartText = '';

/**
 * Decimal text of an ID part below 2^53. A Unix time in ms is a heap number, and V8 formats one
 * in ~250 ns (a double-to-string conversion, its number-string cache missing for new values);
 * as two small integers it takes ~70-100, and the ms of the previous call costs nothing: a
 * measurable share of an XADD or an XRANGE.
 */
export function partText(x: number): string {
  if (x < 0x40000000) return '' + x;
  if (x === lastPart) return lastPartText;
  const hi = Math.floor(x / 1e8);
  const lo = '' + (x - hi * 1e8);
  lastPart = x;
  lastPartText = hi + ZEROS[8 - lo.length]! + lo;
  return lastPartText;
}

function incrPart(p: IdPart): IdPart {
  if (typeof p === 'number') return p < Number.MAX_SAFE_INTEGER ? p + 1 : TWO_53;
  return p + 1n;
}

function decrPart(p: IdPart): IdPart {
  if (typeof p === 'number') return p - 1;
  const d = p - 1n;
  return d < TWO_53 ? Number(d) : d;
}

/** The ID right after `id`, or null when `id` is the maximum ID (streamIncrID's C_ERR). O(1). */
export function incrId(id: StreamId): StreamId | null {
  if (id.seq !== MAX_PART) return { ms: id.ms, seq: incrPart(id.seq) };
  if (id.ms === MAX_PART) return null;
  return { ms: incrPart(id.ms), seq: 0 };
}

/** The ID right before `id`, or null when `id` is 0-0 (streamDecrID's C_ERR). O(1). */
export function decrId(id: StreamId): StreamId | null {
  if (id.seq !== 0) return { ms: id.ms, seq: decrPart(id.seq) };
  if (id.ms === 0) return null;
  return { ms: decrPart(id.ms), seq: MAX_PART };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** string2ll's acceptance: a canonical signed 64-bit integer of fewer than 21 bytes. */
function isCanonicalNegativeInt64(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > 20 || s.charCodeAt(0) !== 45 /* - */) return false;
  const first = s.charCodeAt(1);
  if (first < 49 || first > 57) return false;
  for (let i = 2; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n < 20 || BigInt(s) >= -9223372036854775808n;
}

/**
 * Redis's string2ull: the half of an ID as an unsigned 64-bit integer, or -1 when invalid. Plain
 * digit strings take a fast path; anything else goes through the strtoull emulation.
 */
function parsePart(s: string): IdPart | -1 {
  const n = s.length;
  if (n > 0 && n <= 15) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n) return v;
  }
  if (isCanonicalNegativeInt64(s)) return -1;
  // strtoull(s, &end, 10) accepted only when it consumed the whole, non-empty string.
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    negative = sign === 45;
    i++;
  }
  const digitsStart = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    i++;
  }
  if (i === digitsStart) return -1;
  let v = BigInt(s.slice(digitsStart));
  if (v > MAX_PART) return -1; // ERANGE
  if (negative && v !== 0n) v = TWO_64 - v; // strtoull negates in unsigned arithmetic
  return v < TWO_53 ? Number(v) : v;
}

/**
 * `<digits>-<digits>` from `s[from]`, each half of 1 to 15 digits (exact as a number): the
 * common ID argument, parsed in one pass without slicing. Null for anything else (then the full
 * parse decides).
 */
function parsePlainId(s: string, from: number): StreamId | null {
  const n = s.length;
  let ms = 0;
  let i = from;
  for (; i < n && i - from < 16; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    ms = ms * 10 + c;
  }
  if (i === from || i - from === 16 || i === n || s.charCodeAt(i) !== 45 /* - */) return null;
  const seqFrom = ++i;
  let seq = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    seq = seq * 10 + c;
  }
  const digits = n - seqFrom;
  return digits === 0 || digits > 15 ? null : { ms, seq };
}

/** What {@link parseIdOrNull} produced, with the `<ms>-*` form flagged. */
interface ParsedId {
  id: StreamId;
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply without the reply: null when invalid. `missingSeq` fills the
 * sequence of a bare `<ms>`; `strict` rejects `-` and `+`; `allowAutoSeq` accepts `<ms>-*`.
 */
function parseIdOrNull(
  arg: string,
  missingSeq: IdPart,
  strict: boolean,
  allowAutoSeq: boolean,
): ParsedId | null {
  // Redis copies the argument into a 128-byte buffer and then reads it as a C string.
  if (arg.length > 127) return null;
  const nul = arg.indexOf('\0');
  const s = nul < 0 ? arg : arg.slice(0, nul);
  if (s.length === 1) {
    const c = s.charCodeAt(0);
    if (c === 45 /* - */ || c === 43 /* + */) {
      if (strict) return null;
      return { id: c === 45 ? MIN_ID : MAX_ID, seqGiven: true };
    }
  }
  const dash = s.indexOf('-');
  const ms = parsePart(dash < 0 ? s : s.slice(0, dash));
  if (ms === -1) return null;
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const rest = s.slice(dash + 1);
  if (allowAutoSeq && rest === '*') return { id: { ms, seq: 0 }, seqGiven: false };
  const seq = parsePart(rest);
  if (seq === -1) return null;
  return { id: { ms, seq }, seqGiven: true };
}

/**
 * Parses an ID argument where `-` and `+` are allowed (streamParseIDOrReply): `<ms>-<seq>`, or
 * `<ms>` with `missingSeq` as the sequence (0, or {@link MAX_PART} for a range end).
 * @throws {@link INVALID_STREAM_ID}
 */
export function parseId(arg: string, missingSeq: IdPart = 0): StreamId {
  const p = parseIdOrNull(arg, missingSeq, false, false);
  return p === null ? fail(INVALID_STREAM_ID) : p.id;
}

/**
 * Parses an ID argument where `-` and `+` are invalid (streamParseStrictIDOrReply): XDEL, XACK,
 * XCLAIM, XSETID, MINID, XREAD IDs, XGROUP CREATE.
 * @throws {@link INVALID_STREAM_ID}
 */
export function parseStrictId(arg: string, missingSeq: IdPart = 0): StreamId {
  const p = parseIdOrNull(arg, missingSeq, true, false);
  return p === null ? fail(INVALID_STREAM_ID) : p.id;
}

/** Like {@link parseStrictId} but returns null instead of throwing (XCLAIM's ID-or-option scan). */
export function tryParseStrictId(arg: string): StreamId | null {
  const p = parseIdOrNull(arg, 0, true, false);
  return p === null ? null : p.id;
}

/**
 * Parses one bound of a range (streamParseIntervalIDOrReply + the incr/decr of an exclusive
 * bound): an incomplete start gets sequence 0 and an incomplete end 2^64-1; a `(` prefix makes
 * the bound exclusive, turned here into the inclusive next (start) or previous (end) ID.
 * @throws {@link INVALID_STREAM_ID}, {@link INVALID_START_ID}, {@link INVALID_END_ID}
 */
export function parseRangeBound(arg: string, bound: 'start' | 'end'): StreamId {
  if (arg === '+') return MAX_ID;
  if (arg === '-') return MIN_ID;
  const exclusive = arg.length > 1 && arg.charCodeAt(0) === 40 /* ( */;
  const plain = parsePlainId(arg, exclusive ? 1 : 0);
  if (plain !== null && !exclusive) return plain;
  const missingSeq = bound === 'start' ? 0 : MAX_PART;
  if (exclusive) {
    const id = plain ?? parseStrictId(arg.slice(1), missingSeq);
    const moved = bound === 'start' ? incrId(id) : decrId(id);
    return moved ?? fail(bound === 'start' ? INVALID_START_ID : INVALID_END_ID);
  }
  return parseId(arg, missingSeq);
}

/**
 * The ID argument of XADD: `*` (auto), an explicit `<ms>-<seq>` (or `<ms>`, sequence 0), or
 * `<ms>-*` (explicit time, automatic sequence; `seqGiven` false).
 */
export type XAddIdArg =
  | { readonly auto: true }
  | { readonly auto: false; readonly id: StreamId; readonly seqGiven: boolean };

const AUTO_ID: XAddIdArg = Object.freeze({ auto: true });

/**
 * Parses XADD's ID argument (strict: `-` and `+` are invalid).
 * @throws {@link INVALID_STREAM_ID}
 */
export function parseXAddId(arg: string): XAddIdArg {
  if (arg === '*') return AUTO_ID;
  const p = parseIdOrNull(arg, 0, true, true);
  if (p === null) return fail(INVALID_STREAM_ID);
  return { auto: false, id: p.id, seqGiven: p.seqGiven };
}

/**
 * xaddCommand's early check, made after arity and before the key lookup so that a refused 0-0
 * leaves no empty stream behind.
 * @throws {@link XADD_ID_ZERO}
 */
export function checkXAddIdNotZero(arg: XAddIdArg): void {
  if (!arg.auto && arg.seqGiven && isZeroId(arg.id)) fail(XADD_ID_ZERO);
}

/**
 * The ID XADD appends with, from the stream's last ID, the parsed argument and the clock
 * (streamNextID + the ID rules of streamAppendItem): `*` uses the current ms with sequence 0, or
 * the last ID + 1 when the clock has not moved past it; `<ms>-*` uses the last sequence + 1 when
 * `<ms>` is the last ID's time, else 0. The result must be above the last ID. O(1).
 * @throws {@link STREAM_EXHAUSTED}, {@link XADD_ID_TOO_SMALL}, {@link ELEMENTS_TOO_LARGE}
 */
export function nextXAddId(lastId: StreamId, arg: XAddIdArg, nowMs: number): StreamId {
  if (lastId.ms === MAX_PART && lastId.seq === MAX_PART) return fail(STREAM_EXHAUSTED);
  let id: StreamId;
  if (arg.auto) {
    // The last ID is not the maximum (checked above), so incrId cannot overflow.
    id = nowMs > lastId.ms ? { ms: nowMs, seq: 0 } : incrId(lastId)!;
  } else if (arg.seqGiven) {
    id = arg.id;
  } else if (arg.id.ms === lastId.ms) {
    if (lastId.seq === MAX_PART) return fail(ELEMENTS_TOO_LARGE);
    id = { ms: lastId.ms, seq: incrPart(lastId.seq) };
  } else {
    id = arg.id;
  }
  if (compareIds(id, lastId) <= 0) return fail(XADD_ID_TOO_SMALL);
  return id;
}
