// The stream type (Redis 7.0 src/t_stream.c): an append-only log of entries, each an ID and a
// list of field/value pairs, plus consumer groups.
//
// Layout, the JS form of Redis's rax of listpacks. Entries live in macro nodes ("listpacks") that
// are cut exactly where Redis cuts them — when the node holds stream-node-max-entries entries
// (live + deleted) or when its listpack byte size plus the new entry's raw bytes reaches
// stream-node-max-bytes — so XTRIM/XADD `~`, which only ever drop whole nodes, trim exactly as
// many entries as Redis does. For that each node keeps the byte size its listpack would have
// (listpack.c's element encodings: integers in 1-9 bytes, strings with a 1/2/5-byte header, a
// backlen). Nodes are found by searching a flat Uint32Array of their first IDs (the rax keys),
// starting where the ms interpolate to (see searchWords). Inside a node each entry is a record
// of 5 uint32 words: its ID (ms hi/lo, seq hi/lo — exact over the whole 64-bit range) and a meta
// word holding the index of its first item and two flags: DELETED (a tombstone, as Redis's XDEL
// and exact trimming leave) and SAMEFIELDS (the fields equal the node's master fields — the
// first entry's — and are not stored again: Redis's master entry, which interns the field names
// of uniform streams; consecutive nodes with the same names share one array). Items are the
// values, plus the field names of entries that differ from the master.
//
// The tail node is open: its items are an array of strings. When a new node is started the
// previous one is sealed (Redis shrinks the listpack at the same moment). A sealed node of a
// uniform stream — every entry live and with the master's fields, IDs within 65535 ms of the
// first and sequences below 65536, under 32 KiB of values — is packed (StreamNode.pk): its
// records become one string of 16-bit units (ms delta, sequence, where its values start, the end
// of each value) and its values one flat string; a short value that repeats from entry to entry
// (an event type, a status) is interned once per stream instead. Any other sealed node keeps a
// flat string of its items and one exact-size array of its records plus the item end offsets
// (16-bit where they fit); a packed node is unpacked to that form before an entry of it is
// deleted. An entry of three small fields takes ~43 bytes all-in (Redis 7.0: 44).
//
// The cost of a random XRANGE on a large stream is its cache misses, not its compares, so the
// read path is laid out for few dependent ones. The node is found in the key array (in cache)
// and, inside it, at the position its bounds predict (see searchNode): one or two records read.
// Strings live on the V8 heap, where a typed array's elements sit behind an object of their own
// in memory allocated apart. And the stream keeps each node's packed records, value string and
// master fields in arrays of its own (Stream.pks), so an XRANGE reads a packed node without
// touching the node object at all: keys, then the two strings, fetched side by side.
//
// A node is dropped when its last live entry is deleted (streamIteratorRemoveEntry) or when
// trimming removes it whole; tombstones are never compacted, as in Redis 7.0.
//
// Order: new IDs are always above last_id, and last_id is never below the last live entry, so
// live entries are always ordered. Tombstones are too unless XSETID lowered last_id below a
// tombstone; from then on (`unordered`) lookups scan nodes linearly with streamIteratorGetID's
// exact rules, which reproduces what Redis replies even where its own order breaks.

import { isAscii } from '../bytes.js';
import { fail } from '../errors.js';
import type { Collection } from '../keyspace/db.js';
import {
  compareIds,
  ELEMENTS_TOO_LARGE,
  type IdPart,
  isZeroId,
  MAX_ID,
  MAX_PART,
  MIN_ID,
  makeId,
  nextXAddId,
  partText,
  type StreamId,
  XADD_ID_TOO_SMALL,
  type XAddIdArg,
} from './stream-id.js';

/** XSETID below the last live entry. */
export const XSETID_TOO_SMALL = 'ERR The ID specified in XSETID is smaller than the target stream top item';
/** XSETID ENTRIESADDED below the stream's length. */
export const XSETID_ENTRIES_ADDED_TOO_SMALL =
  'ERR The entries_added specified in XSETID is smaller than the target stream length';
/** XSETID MAXDELETEDID above the new last ID (a parse-time check in xsetidCommand). */
export const XSETID_MAX_DELETED_TOO_BIG =
  'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id';

/** A consumer group's entries_read when it is unknown (SCG_INVALID_ENTRIES_READ). */
export const INVALID_ENTRIES_READ = -1;

/** Redis's STREAM_LISTPACK_MAX_SIZE: a node never grows past 1 GiB, nor does one entry. */
const LISTPACK_MAX_SIZE = 1 << 30;

/** The stream-node-max-bytes / stream-node-max-entries configs that decide where nodes are cut. */
export interface StreamNodeLimits {
  /**
   * Listpack bytes a node may reach; 0 means no limit (then 1 GiB).
   * @default 4096
   */
  maxBytes: number;
  /**
   * Entries (live and deleted) a node may hold; 0 means no limit.
   * @default 100
   */
  maxEntries: number;
}

/** Redis 7.0's defaults. Frozen: a store passes its own object, which CONFIG SET mutates. */
export const DEFAULT_STREAM_NODE_LIMITS: Readonly<StreamNodeLimits> = Object.freeze({
  maxBytes: 4096,
  maxEntries: 100,
});

/**
 * The LIMIT XADD/XTRIM use with `~` when none is given: 100 nodes' worth of entries, clamped to
 * [10000 when the product is 0, 1000000] (streamParseAddOrTrimArgsOrReply).
 */
export function defaultApproxTrimLimit(maxEntries: number): number {
  const limit = 100 * maxEntries;
  if (limit <= 0) return 10000;
  return limit > 1000000 ? 1000000 : limit;
}

/** One entry as ranges return it: the ID and the flat `[field, value, field, value, …]` list. */
export interface StreamEntry {
  id: StreamId;
  fields: string[];
}

// ---------------------------------------------------------------------------------------------
// IDs as uint32 words

const TWO_32 = 4294967296;
/** Hi words below this make a part below 2^53, exact as a number. */
const SAFE_HI = 0x200000;

// The maximum part (`+`, a range end's missing sequence) skips BigInt arithmetic, which costs
// more than the whole binary search that follows.
function hiWord(p: IdPart): number {
  if (typeof p === 'number') return Math.floor(p / TWO_32);
  return p === MAX_PART ? 0xffffffff : Number(p >> 32n);
}

function loWord(p: IdPart): number {
  if (typeof p === 'number') return p >>> 0;
  return p === MAX_PART ? 0xffffffff : Number(p & 0xffffffffn);
}

function partOf(hi: number, lo: number): IdPart {
  return hi < SAFE_HI ? hi * TWO_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

function idAt(ids: Uint32Array, o: number): StreamId {
  return makeId(partOf(ids[o]!, ids[o + 1]!), partOf(ids[o + 2]!, ids[o + 3]!));
}

function partString(hi: number, lo: number): string {
  if (hi === 0) return lo < 0x40000000 ? '' + lo : partText(lo);
  return hi < SAFE_HI ? partText(hi * TWO_32 + lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** `<d>-` for each digit d. */
const DIGIT_DASH = ['0-', '1-', '2-', '3-', '4-', '5-', '6-', '7-', '8-', '9-'];

/**
 * `<t>-` from `text`, the same for t - 1 (or ''): a range crossing into the next millisecond
 * changes the last digit, which costs less than formatting the number again.
 */
function nextMsText(text: string, t: number): string {
  const len = text.length;
  const d = text.charCodeAt(len - 2) - 48;
  if (len < 3 || d < 0 || d > 8) return `${partText(t)}-`;
  return text.slice(0, len - 2) + DIGIT_DASH[d + 1]!;
}

/** Applies `decode` to every string of `strings`, in place. */
function decodeAll(strings: string[], decode: (s: string) => string): void {
  for (let j = 0; j < strings.length; j++) strings[j] = decode(strings[j]!);
}

/**
 * `<ms>-` taken from an ID argument (`<ms>-<seq>`, `<ms>` or `(<ms>-<seq>`) whose ms digits are
 * canonical (no sign, space or leading zero) and are `ms`, else ''.
 */
function msPrefixOf(arg: string, ms: IdPart): string {
  if (typeof ms !== 'number') return '';
  let i = arg.charCodeAt(0) === 40 /* ( */ ? 1 : 0;
  const from = i;
  const c0 = arg.charCodeAt(i);
  if (c0 < 49 || c0 > 57) return '';
  let v = 0;
  for (; i < arg.length && i - from < 16; i++) {
    const d = arg.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (v !== ms) return '';
  if (i === arg.length) return `${arg.slice(from)}-`;
  return arg.charCodeAt(i) === 45 /* - */ ? arg.slice(from, i + 1) : '';
}

/** Compares the 4 ID words at `ids[o]` with (w0, w1, w2, w3). */
function cmpWords(ids: Uint32Array, o: number, w0: number, w1: number, w2: number, w3: number): number {
  let x = ids[o]!;
  if (x !== w0) return x < w0 ? -1 : 1;
  x = ids[o + 1]!;
  if (x !== w1) return x < w1 ? -1 : 1;
  x = ids[o + 2]!;
  if (x !== w2) return x < w2 ? -1 : 1;
  x = ids[o + 3]!;
  if (x !== w3) return x < w3 ? -1 : 1;
  return 0;
}

/**
 * The first index i in [from, to) whose ID (4 words at arr[4i]) is >= W, or > W when `above`;
 * `to` when there is none. IDs are sorted and mostly spread evenly in time, so the search starts
 * where the ms interpolate to and gallops outwards from there: on a steady stream it touches one
 * or two cache lines where a bisection touches one per probe — the misses, not the compares, are
 * what a lookup in a large stream costs. Worst case O(log N), about twice a bisection's probes.
 * `firstMs` / `lastMs`, when given (>= 0), stand in for the ms of the first and last IDs in the
 * interpolation (the last may be an overestimate): a node's bounds are in the stream's key
 * array, already in cache, where reading them from the node's records costs two more misses.
 * `guess`, when given (>= 0), is where to start instead (see searchNode).
 */
function searchWords(
  arr: Uint32Array,
  stride: number,
  from: number,
  to: number,
  above: boolean,
  firstMs = -1,
  lastMs = -1,
  guess = -1,
): number {
  if (from >= to) return to;
  // The compare result that still counts as "before W": 0 for the first ID > W, -1 for >= W.
  const limit = above ? 0 : -1;
  const lastPos = to - 1;
  let g = from;
  if (guess >= 0) {
    g = from + guess;
    if (g > lastPos) g = lastPos;
  } else if (lastPos > from) {
    const first = firstMs >= 0 ? firstMs : arr[from * stride]! * TWO_32 + arr[from * stride + 1]!;
    const last = lastMs >= 0 ? lastMs : arr[lastPos * stride]! * TWO_32 + arr[lastPos * stride + 1]!;
    const target = W[0]! * TWO_32 + W[1]!;
    if (target >= last) g = lastPos;
    else if (target > first) g = from + Math.floor(((target - first) / (last - first)) * (lastPos - from));
  }
  let lo: number;
  let hi: number;
  if (cmpWords(arr, g * stride, W[0]!, W[1]!, W[2]!, W[3]!) > limit) {
    // The answer is at or before g: gallop back.
    hi = g;
    lo = from;
    for (let step = 1; g - step >= from; step *= 2) {
      const j = g - step;
      if (cmpWords(arr, j * stride, W[0]!, W[1]!, W[2]!, W[3]!) <= limit) {
        lo = j + 1;
        break;
      }
      hi = j;
    }
  } else {
    lo = g + 1;
    hi = to;
    for (let step = 1; g + step < to; step *= 2) {
      const j = g + step;
      if (cmpWords(arr, j * stride, W[0]!, W[1]!, W[2]!, W[3]!) > limit) {
        hi = j;
        break;
      }
      lo = j + 1;
    }
  }
  // The answer is in [lo, hi]: hi is `to` or an index past W.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpWords(arr, mid * stride, W[0]!, W[1]!, W[2]!, W[3]!) > limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Sink of loads made only to start a cache miss early (see Stream.replyRange): a store to a
 * module variable, which the compiler cannot drop with the load that feeds it.
 */
// biome-ignore lint/correctness/noUnusedVariables: written for its loads' sake, never read
let touched = 0;

/** Scratch words of the ID a method is working with (single-threaded, never re-entered). */
const W = new Uint32Array(4);

function loadWords(id: StreamId): void {
  const { ms, seq } = id;
  if (typeof ms === 'number' && typeof seq === 'number') {
    // Real IDs: plain numbers, no BigInt compares.
    W[0] = Math.floor(ms / TWO_32);
    W[1] = ms >>> 0;
    W[2] = Math.floor(seq / TWO_32);
    W[3] = seq >>> 0;
  } else if (id === MAX_ID) {
    // `+`, the end of most ranges.
    W[0] = W[1] = W[2] = W[3] = 0xffffffff;
  } else {
    W[0] = hiWord(ms);
    W[1] = loWord(ms);
    W[2] = hiWord(seq);
    W[3] = loWord(seq);
  }
}

// ---------------------------------------------------------------------------------------------
// Listpack byte accounting (listpack.c): an element is its encoding plus a backlen of 1-5 bytes.

/** Bytes of a listpack element holding the integer v (lpEncodeIntegerGetType + 1-byte backlen). */
function intElementBytes(v: number): number {
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

/** Bytes of the element for `a - b`, computed in uint64 and stored as int64 (the ID deltas). */
function deltaElementBytes(a: IdPart, b: IdPart): number {
  if (typeof a === 'number' && typeof b === 'number') return intElementBytes(a - b);
  let d = BigInt(a) - BigInt(b);
  if (d >= 9223372036854775808n) d -= 18446744073709551616n;
  else if (d < -9223372036854775808n) d += 18446744073709551616n;
  return d >= -2147483648n && d <= 2147483647n ? intElementBytes(Number(d)) : 10;
}

/** Element bytes of `s` when lpStringToInt64 accepts it (stored as an integer), else 0. */
function intStringBytes(s: string): number {
  const len = s.length;
  let c = s.charCodeAt(0);
  if (c === 48 /* 0 */) return len === 1 ? 2 : 0;
  let i = 0;
  if (c === 45 /* - */) {
    if (len === 1) return 0;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return 0;
  let v = 0;
  for (let j = i; j < len; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return 0;
    v = v * 10 + d;
  }
  const digits = len - i;
  if (digits > 10) {
    // Past int32 for sure; past int64 with 20 digits, or 19 above the limit.
    if (digits < 19) return 10;
    if (digits > 19) return 0;
    const limit = i === 1 ? '9223372036854775808' : '9223372036854775807';
    return s.slice(i) <= limit ? 10 : 0;
  }
  return intElementBytes(i === 1 ? -v : v);
}

/** Bytes of the listpack element lpAppend makes of the string `s`. */
function stringElementBytes(s: string): number {
  const len = s.length;
  if (len > 0 && len < 21) {
    const b = intStringBytes(s);
    if (b !== 0) return b;
  }
  const enc = (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
  return enc + (enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5);
}

// ---------------------------------------------------------------------------------------------
// Nodes

function allAscii(strings: readonly string[]): boolean {
  for (let j = 0; j < strings.length; j++) if (!isAscii(strings[j]!)) return false;
  return true;
}

/** Whether the field names of `fields` (`[field, value, …]`) are exactly `master`. */
function sameFieldNames(master: readonly string[], fields: readonly string[]): boolean {
  if (fields.length !== 2 * master.length) return false;
  for (let j = 0; j < master.length; j++) if (fields[2 * j] !== master[j]) return false;
  return true;
}

/** Entry flags, as in Redis's listpack entries; an entry's meta word is itemStart << 2 | flags. */
const DELETED = 1;
const SAMEFIELDS = 2;

/** Capacity of a stream's first node; its array doubles as needed (later nodes: see add). */
const INITIAL_CAPACITY = 8;

/**
 * Words per entry record: the ID's 4 words (ms hi, ms lo, seq hi, seq lo), then the meta word
 * (index of the entry's first item * 4 + flags). ID and flags of an entry share a cache line,
 * and a sealed node is one array: a lookup in a cold node pays for fewer misses.
 */
const REC = 5;

/**
 * Units a packed record holds before its values: the ms less the node's first, the sequence,
 * and where in the data its values start. See {@link StreamNode.pk}.
 */
const PK = 3;

/** Bit of a packed node's first unit: some value or field name is not ASCII. */
const PK_NON_ASCII = 0x8000;

/** Bit of a packed value unit: the value is interned (the rest is its index), not in the data. */
const PK_INTERNED = 0x8000;

/**
 * Values shorter than this are copied when sliced out of a string (V8 makes a sliced string,
 * which reads no characters, from 13 on): short values that repeat are interned instead.
 */
const INTERN_BELOW = 13;

/** Distinct values a stream interns at most. */
const INTERN_CAP = 256;

/**
 * A stream's interned values (see {@link StreamNode.pk}): an append-only list, so an index stays
 * valid for good and copies of the stream can share it.
 */
export interface InternTable {
  readonly values: string[];
  readonly index: Map<string, number>;
}

/** The records of a packed node, built here before they become a string (see seal). */
let packUnits = new Uint16Array(1024);

/** Sealed nodes that are packed hold no records array: they share this empty one. */
const NO_RECORDS = new Uint32Array(0);

/** No interned values. */
const NO_VALUES: readonly string[] = [];

/** Decodes 16-bit units into a string (BOM kept). Lone surrogates would not survive it. */
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/**
 * A string of the 16-bit units `u[0..len)`: decoded at once when `plain` (no unit is a surrogate
 * half, which the decoder would replace), else with fromCharCode, in pieces that stay within
 * apply's limits (~4x slower).
 */
function unitsString(u: Uint16Array, len: number, plain: boolean): string {
  if (plain) return utf16.decode(u.subarray(0, len));
  if (len <= 8192) return String.fromCharCode.apply(null, u.subarray(0, len) as unknown as number[]);
  let s = '';
  for (let i = 0; i < len; i += 8192) {
    s += String.fromCharCode.apply(null, u.subarray(i, Math.min(len, i + 8192)) as unknown as number[]);
  }
  return s;
}

/**
 * Compares the packed record at unit `o` of `pk` with the ID (t, s) (ms and sequence as numbers;
 * a half past 2^53 is Infinity, above every packed ID).
 */
function cmpPacked(pk: string, o: number, base: number, t: number, s: number): number {
  const ms = base + pk.charCodeAt(o);
  if (ms !== t) return ms < t ? -1 : 1;
  const q = pk.charCodeAt(o + 1);
  return q === s ? 0 : q < s ? -1 : 1;
}

/**
 * The `[field, value, …]` list of the packed record at unit `o` of `pk`: the master fields with
 * the values from `data` or, interned, from `interned`.
 */
function packedFields(
  pk: string,
  o: number,
  master: readonly string[],
  data: string,
  interned: readonly string[],
): string[] {
  const nm = master.length;
  const out = new Array<string>(2 * nm);
  let prev = pk.charCodeAt(o + 2);
  for (let j = 0; j < nm; j++) {
    const u = pk.charCodeAt(o + PK + j);
    out[2 * j] = master[j]!;
    if (u < PK_INTERNED) {
      out[2 * j + 1] = data.slice(prev, u);
      prev = u;
    } else out[2 * j + 1] = interned[u - PK_INTERNED]!;
  }
  return out;
}

/** @internal One macro node: a listpack's worth of entries. */
export class StreamNode {
  /** Entries stored, live and deleted (Redis: count + deleted). */
  n = 0;
  /** Live entries (the listpack's count). */
  live = 0;
  /**
   * {@link REC} words per entry; in a sealed node followed, from {@link endBase}, by the end
   * offset in {@link data} of each item (two 16-bit offsets a word when {@link narrow}). Empty
   * in a packed node, whose records are {@link pk}: read them through {@link rec}.
   */
  r: Uint32Array;
  /** Open node: the items. Null once sealed. */
  items: string[] | null;
  /**
   * Sealed node: every item concatenated — less, in a packed node, the interned values: read
   * the full form through {@link data}.
   */
  d = '';
  /** Sealed node: where the item end offsets start in {@link rec}. */
  endBase = 0;
  /** Sealed node: item end offsets are 16-bit (the data is under 64 KiB). */
  narrow = false;
  /** Items stored. */
  nItems = 0;
  /** Listpack bytes, less the live and deleted counters (whose width varies with the counts). */
  bytes = 0;
  /**
   * Packed node — sealed, every entry live and with the master's fields, IDs within 65535 ms
   * of the first and sequences below 65536, under 32 KiB of values (a uniform stream's nodes):
   * its records as one string of 16-bit units. The first is master.length, plus
   * {@link PK_NON_ASCII}; then {@link PK} + master.length per entry: the ms less {@link base},
   * the sequence, the offset in {@link d} where its values start, then for each value its end
   * offset, or {@link PK_INTERNED} plus its index in {@link interned} for a short value that
   * repeats (slicing a short string copies it: an XRANGE would read the data and allocate for
   * each). Half the size of the records array, and on the V8 heap, where a typed array's
   * elements sit behind an object of their own in memory allocated apart: a random read of a
   * large stream pays for the lines and pages it touches. '' when the node is not packed. A
   * packed node never changes: deleting an entry unpacks it first.
   */
  pk = '';
  /** Packed node: the ms of its first entry. */
  base = 0;
  /**
   * Packed node: its first `dead` entries are deleted. Only the stream's first node has any
   * (exact trimming deletes from its front, and so may XDEL: it stays packed); any other
   * deletion unpacks the node.
   */
  dead = 0;
  /** Packed node: the values its records intern (its stream's, shared). */
  interned: readonly string[] = NO_VALUES;
  /**
   * Sealed node: 1 when its items and master fields are all ASCII, 2 when not, 0 until first
   * asked (a sealed node never changes, so one scan of its data serves every later read).
   */
  private asciiState = 0;

  constructor(
    /** The master entry's field names: the fields of the node's first entry. */
    readonly master: readonly string[],
    capacity: number,
  ) {
    this.r = new Uint32Array(capacity * REC);
    this.items = [];
  }

  /**
   * The records array as described at {@link r}: built afresh for a packed node (snapshots and
   * checks read it). Setting it makes the node unpacked.
   */
  get rec(): Uint32Array {
    return this.pk === '' ? this.r : this.unpackedRecords();
  }

  set rec(rec: Uint32Array) {
    this.r = rec;
    this.pk = '';
  }

  /** Sealed node: every item concatenated (rebuilt for a packed node that interns values). */
  get data(): string {
    return this.pk === '' || this.interned.length === 0 ? this.d : this.fullData();
  }

  set data(data: string) {
    this.d = data;
  }

  /** The listpack's total bytes (lpBytes). */
  lpBytes(): number {
    return this.bytes + intElementBytes(this.live) + intElementBytes(this.n - this.live);
  }

  /** Entry i's meta word: first item * 4 + flags. */
  meta(i: number): number {
    if (this.pk !== '')
      return i * this.master.length * 4 + (i < this.dead ? SAMEFIELDS | DELETED : SAMEFIELDS);
    return this.r[i * REC + 4]!;
  }

  /** Compares entry i's ID with the words (w0, w1, w2, w3). */
  cmp(i: number, w0: number, w1: number, w2: number, w3: number): number {
    const pk = this.pk;
    if (pk === '') return cmpWords(this.r, i * REC, w0, w1, w2, w3);
    const o = 1 + i * (PK + this.master.length);
    const ms = this.base + pk.charCodeAt(o);
    const hi = Math.floor(ms / TWO_32);
    if (hi !== w0) return hi < w0 ? -1 : 1;
    const lo = ms >>> 0;
    if (lo !== w1) return lo < w1 ? -1 : 1;
    if (w2 !== 0) return -1;
    const seq = pk.charCodeAt(o + 1);
    if (seq !== w3) return seq < w3 ? -1 : 1;
    return 0;
  }

  /** Entry i's ID. */
  idOf(i: number): StreamId {
    const pk = this.pk;
    if (pk === '') return idAt(this.r, i * REC);
    const o = 1 + i * (PK + this.master.length);
    return makeId(this.base + pk.charCodeAt(o), pk.charCodeAt(o + 1));
  }

  /** End offset in the data of item k (sealed, unpacked nodes). */
  private end(k: number): number {
    const rec = this.r;
    return this.narrow ? (rec[this.endBase + (k >> 1)]! >>> ((k & 1) << 4)) & 0xffff : rec[this.endBase + k]!;
  }

  /** Item k. */
  item(k: number): string {
    const items = this.items;
    if (items !== null) return items[k]!;
    const pk = this.pk;
    if (pk !== '') {
      // A packed node's items are its values.
      const nm = this.master.length;
      const i = Math.floor(k / nm);
      const o = 1 + i * (PK + nm);
      let prev = pk.charCodeAt(o + 2);
      for (let j = 0; ; j++) {
        const u = pk.charCodeAt(o + PK + j);
        if (u >= PK_INTERNED) {
          if (j === k - i * nm) return this.interned[u - PK_INTERNED]!;
        } else {
          if (j === k - i * nm) return this.d.slice(prev, u);
          prev = u;
        }
      }
    }
    return this.d.slice(k === 0 ? 0 : this.end(k - 1), this.end(k));
  }

  /** Index one past the last item of entry i. */
  itemEnd(i: number): number {
    if (this.pk !== '') return (i + 1) * this.master.length;
    return i + 1 < this.n ? this.r[(i + 1) * REC + 4]! >>> 2 : this.nItems;
  }

  /** The flat field/value list of entry i. */
  fields(i: number): string[] {
    const master = this.master;
    const pk = this.pk;
    if (pk !== '') return packedFields(pk, 1 + i * (PK + master.length), master, this.d, this.interned);
    const m = this.r[i * REC + 4]!;
    const start = m >>> 2;
    const items = this.items;
    const same = (m & SAMEFIELDS) !== 0;
    const count = same ? master.length * 2 : this.itemEnd(i) - start;
    // Sized up front: growing by push costs more than filling the array.
    const out = new Array<string>(count);
    if (items !== null) {
      if (same) {
        for (let j = 0, k = start; j < count; j += 2, k++) {
          out[j] = master[j >> 1]!;
          out[j + 1] = items[k]!;
        }
      } else {
        for (let j = 0; j < count; j++) out[j] = items[start + j]!;
      }
      return out;
    }
    const data = this.d;
    let prev = start === 0 ? 0 : this.end(start - 1);
    if (same && this.narrow) {
      // The common case (uniform fields, a node under 64 KiB), with the offsets decoded inline.
      const rec = this.r;
      const base = this.endBase;
      for (let j = 0, k = start; j < count; j += 2, k++) {
        const w = rec[base + (k >> 1)]!;
        const e = (k & 1) === 0 ? w & 0xffff : w >>> 16;
        out[j] = master[j >> 1]!;
        out[j + 1] = data.slice(prev, e);
        prev = e;
      }
    } else if (same) {
      for (let j = 0, k = start; j < count; j += 2, k++) {
        const e = this.end(k);
        out[j] = master[j >> 1]!;
        out[j + 1] = data.slice(prev, e);
        prev = e;
      }
    } else {
      for (let j = 0; j < count; j++) {
        const e = this.end(start + j);
        out[j] = data.slice(prev, e);
        prev = e;
      }
    }
    return out;
  }

  /**
   * Whether the fields of entry i are all ASCII, so the typed API can return them without
   * UTF-8 decoding: known per sealed node (a flag of a packed one, else after one scan of its
   * data), checked per entry in the open tail node.
   */
  asciiFields(i: number): boolean {
    if (this.items === null) {
      if (this.pk !== '') return this.pk.charCodeAt(0) < PK_NON_ASCII;
      if (this.asciiState === 0) this.asciiState = isAscii(this.d) && allAscii(this.master) ? 1 : 2;
      return this.asciiState === 1;
    }
    const m = this.r[i * REC + 4]!;
    if ((m & SAMEFIELDS) !== 0 && !allAscii(this.master)) return false;
    const items = this.items;
    for (let k = m >>> 2, end = this.itemEnd(i); k < end; k++) if (!isAscii(items[k]!)) return false;
    return true;
  }

  /** Field/value pairs in entry i. */
  pairCount(i: number): number {
    const m = this.meta(i);
    return (m & SAMEFIELDS) !== 0 ? this.master.length : (this.itemEnd(i) - (m >>> 2)) >> 1;
  }

  /**
   * Marks entry i deleted, unpacking a packed node first — unless `front` (the node is its
   * stream's first) and i is its first live entry.
   */
  tombstone(i: number, front = false): void {
    if (this.pk !== '') {
      if (front && i === this.dead) {
        this.dead++;
        this.live--;
        return;
      }
      this.unpack();
    }
    this.r[i * REC + 4]! |= DELETED;
    this.live--;
  }

  /** Appends an entry; the node must be open. Adds the listpack bytes it takes to `bytes`. */
  append(w0: number, w1: number, w2: number, w3: number, id: StreamId, fields: readonly string[]): void {
    const i = this.n;
    if ((i + 1) * REC > this.r.length) this.grow();
    const rec = this.r;
    const o = i * REC;
    const items = this.items!;
    const nf = fields.length >> 1;
    const same = sameFieldNames(this.master, fields);
    // flags + ms delta + seq delta, then [num-fields, fields,] values, then lp-count.
    let bytes = 2;
    if (i === 0) {
      bytes += 4;
    } else {
      bytes += deltaElementBytes(id.ms, partOf(rec[0]!, rec[1]!));
      bytes += deltaElementBytes(id.seq, partOf(rec[2]!, rec[3]!));
    }
    rec[o] = w0;
    rec[o + 1] = w1;
    rec[o + 2] = w2;
    rec[o + 3] = w3;
    rec[o + 4] = this.nItems * 4 + (same ? SAMEFIELDS : 0);
    if (same) {
      for (let j = 1; j < fields.length; j += 2) {
        const v = fields[j]!;
        items.push(v);
        bytes += stringElementBytes(v);
      }
      this.nItems += nf;
      bytes += intElementBytes(nf + 3);
    } else {
      bytes += intElementBytes(nf);
      for (let j = 0; j < fields.length; j++) {
        const v = fields[j]!;
        items.push(v);
        bytes += stringElementBytes(v);
      }
      this.nItems += 2 * nf;
      bytes += intElementBytes(2 * nf + 4);
    }
    this.bytes += bytes;
    this.n = i + 1;
    this.live++;
  }

  private grow(): void {
    const rec = new Uint32Array(Math.max(INITIAL_CAPACITY, 2 * this.n) * REC);
    rec.set(this.r.subarray(0, this.n * REC));
    this.r = rec;
  }

  /**
   * Packs a full node: packed records ({@link pk}) and one string for the values it does not
   * intern in `interns` when it qualifies, else one string for the items and one exact-size
   * array for the records and the item ends (16-bit where the data allows). An ArrayBuffer
   * costs more to allocate than to fill, so this is the node's only allocation besides the
   * strings.
   */
  seal(interns: InternTable | null = null): void {
    const items = this.items;
    if (items === null) return;
    if (this.pack(items, interns)) return;
    const n = this.n;
    const m = this.nItems;
    const data = items.join('');
    const narrow = data.length < 0x10000;
    const base = n * REC;
    const rec = new Uint32Array(base + (narrow ? (m + 1) >> 1 : m));
    rec.set(this.r.subarray(0, base));
    let off = 0;
    for (let k = 0; k < m; k++) {
      off += items[k]!.length;
      if (!narrow) rec[base + k] = off;
      else if ((k & 1) === 0) rec[base + (k >> 1)] = off;
      else rec[base + (k >> 1)]! |= off << 16;
    }
    this.r = rec;
    this.endBase = base;
    this.narrow = narrow;
    this.d = data;
    this.items = null;
  }

  /**
   * Seals an open node packed ({@link pk}) when it qualifies; false (and nothing changes) when
   * it does not. Short values equal to the same field's value in the entry before or after are
   * interned in `interns` while it has room.
   */
  private pack(items: readonly string[], interns: InternTable | null): boolean {
    const n = this.n;
    const master = this.master;
    const nm = master.length;
    const rec = this.r;
    if (this.live !== n || this.nItems !== n * nm || nm >= PK_NON_ASCII || rec[0]! >= SAFE_HI) return false;
    const base = rec[0]! * TWO_32 + rec[1]!;
    const st = PK + nm;
    const len = 1 + n * st;
    if (packUnits.length < len) packUnits = new Uint16Array(Math.max(len, 2 * packUnits.length));
    const u = packUnits;
    const kept: string[] = [];
    let nonAscii = !allAscii(master);
    // Units that could be surrogate halves: the first and each record's ms delta and sequence.
    let high = nm + PK_NON_ASCII;
    let off = 0;
    let full = 0;
    let usesInterned = false;
    for (let i = 0; i < n; i++) {
      const o = i * REC;
      if ((rec[o + 4]! & (SAMEFIELDS | DELETED)) !== SAMEFIELDS || rec[o + 2] !== 0 || rec[o + 3]! > 0xffff)
        return false;
      const d = rec[o]! * TWO_32 + rec[o + 1]! - base;
      if (d < 0 || d > 0xffff) return false;
      const q = 1 + i * st;
      u[q] = d;
      u[q + 1] = rec[o + 3]!;
      u[q + 2] = off;
      if (d > high) high = d;
      if (rec[o + 3]! > high) high = rec[o + 3]!;
      for (let j = 0, k = i * nm; j < nm; j++, k++) {
        const v = items[k]!;
        full += v.length;
        if (interns !== null && v.length < INTERN_BELOW) {
          // The same value as the entry before: its unit, without a lookup.
          const same = i > 0 && items[k - nm] === v;
          if (same && u[q - st + PK + j]! >= PK_INTERNED) {
            u[q + PK + j] = u[q - st + PK + j]!;
            continue;
          }
          let x = interns.index.get(v);
          if (
            x === undefined &&
            interns.values.length < INTERN_CAP &&
            (same || (i + 1 < n && items[k + nm] === v))
          ) {
            x = interns.values.length;
            interns.values.push(v);
            interns.index.set(v, x);
          }
          if (x !== undefined) {
            usesInterned = true;
            if (!nonAscii && !isAscii(v)) nonAscii = true;
            u[q + PK + j] = PK_INTERNED + x;
            continue;
          }
        }
        off += v.length;
        if (off >= PK_INTERNED) return false;
        kept.push(v);
        u[q + PK + j] = off;
      }
    }
    const data = kept.join('');
    if (!nonAscii && !isAscii(data)) nonAscii = true;
    u[0] = nm + (nonAscii ? PK_NON_ASCII : 0);
    this.pk = unitsString(u, len, high < 0xd800);
    this.base = base;
    this.interned = interns === null || !usesInterned ? NO_VALUES : interns.values;
    this.r = NO_RECORDS;
    this.d = data;
    this.endBase = n * REC;
    // As the unpacked form (see rec, data) would have it.
    this.narrow = full < 0x10000;
    this.items = null;
    return true;
  }

  /** A packed node's items, interned values included, in order. */
  private packedItems(): string[] {
    const pk = this.pk;
    const nm = this.master.length;
    const st = PK + nm;
    const data = this.d;
    const interned = this.interned;
    const items: string[] = [];
    for (let o = 1; o < pk.length; o += st) {
      let prev = pk.charCodeAt(o + 2);
      for (let j = 0; j < nm; j++) {
        const u = pk.charCodeAt(o + PK + j);
        if (u >= PK_INTERNED) {
          items.push(interned[u - PK_INTERNED]!);
        } else {
          items.push(data.slice(prev, u));
          prev = u;
        }
      }
    }
    return items;
  }

  /** A packed node's items concatenated, interned values included: its unpacked data. */
  private fullData(): string {
    return this.packedItems().join('');
  }

  /** The records array of a packed node, as an unpacked sealed node holds it. */
  private unpackedRecords(): Uint32Array {
    const pk = this.pk;
    const n = this.n;
    const nm = this.master.length;
    const st = PK + nm;
    const base = n * REC;
    const narrow = this.narrow;
    const rec = new Uint32Array(base + (narrow ? (n * nm + 1) >> 1 : n * nm));
    let off = 0;
    for (let i = 0; i < n; i++) {
      const q = 1 + i * st;
      const ms = this.base + pk.charCodeAt(q);
      const o = i * REC;
      rec[o] = Math.floor(ms / TWO_32);
      rec[o + 1] = ms >>> 0;
      rec[o + 3] = pk.charCodeAt(q + 1);
      rec[o + 4] = i * nm * 4 + (i < this.dead ? SAMEFIELDS | DELETED : SAMEFIELDS);
      let prev = pk.charCodeAt(q + 2);
      for (let j = 0, k = i * nm; j < nm; j++, k++) {
        const v = pk.charCodeAt(q + PK + j);
        if (v >= PK_INTERNED) {
          off += this.interned[v - PK_INTERNED]!.length;
        } else {
          off += v - prev;
          prev = v;
        }
        if (!narrow) rec[base + k] = off;
        else if ((k & 1) === 0) rec[base + (k >> 1)] = off;
        else rec[base + (k >> 1)]! |= off << 16;
      }
    }
    return rec;
  }

  /**
   * Packs a sealed, unpacked node when it qualifies (nodes a snapshot load or a deletion left
   * unpacked, once all their entries are live again).
   */
  repack(interns: InternTable): void {
    if (this.items !== null || this.pk !== '' || this.live !== this.n) return;
    const items: string[] = [];
    for (let k = 0; k < this.nItems; k++) items.push(this.item(k));
    this.pack(items, interns);
  }

  /** Turns a packed node into an unpacked sealed one (before an entry is deleted). */
  private unpack(): void {
    const data = this.data;
    this.r = this.unpackedRecords();
    this.d = data;
    this.pk = '';
    this.dead = 0;
    this.interned = NO_VALUES;
    this.asciiState = 0;
  }

  /** Reopens a sealed node for appending (only when it becomes the tail again). */
  unseal(): void {
    if (this.items !== null) return;
    const n = this.n;
    let items: string[];
    if (this.pk !== '') {
      items = this.packedItems();
      this.unpack();
    } else {
      items = [];
      for (let k = 0; k < this.nItems; k++) items.push(this.item(k));
    }
    const rec = new Uint32Array(Math.max(INITIAL_CAPACITY, n * 2) * REC);
    rec.set(this.r.subarray(0, n * REC));
    this.r = rec;
    this.items = items;
    this.d = '';
    this.endBase = 0;
    this.narrow = false;
    this.asciiState = 0;
  }

  clone(): StreamNode {
    const c = new StreamNode(this.master, 0);
    c.n = this.n;
    c.live = this.live;
    c.r = this.pk === '' ? this.r.slice() : NO_RECORDS;
    c.pk = this.pk;
    c.base = this.base;
    c.dead = this.dead;
    c.interned = this.interned;
    c.items = this.items === null ? null : this.items.slice();
    c.d = this.d;
    c.endBase = this.endBase;
    c.narrow = this.narrow;
    c.nItems = this.nItems;
    c.bytes = this.bytes;
    return c;
  }

  /** Throws unless the items and their offsets agree (checkValid). */
  checkItems(): void {
    if (this.items !== null) {
      if (this.items.length !== this.nItems) throw new Error('StreamNode: item count mismatch');
      return;
    }
    const pk = this.pk;
    if (pk !== '') {
      const nm = this.master.length;
      if (
        pk.length !== 1 + this.n * (PK + nm) ||
        (pk.charCodeAt(0) & ~PK_NON_ASCII) !== nm ||
        this.live !== this.n - this.dead
      )
        throw new Error('StreamNode: bad packed records');
      if (this.r.length !== 0) throw new Error('StreamNode: packed node with a records array');
      if (pk.charCodeAt(0) < PK_NON_ASCII !== (isAscii(this.data) && allAscii(this.master)))
        throw new Error('StreamNode: wrong ASCII flag');
      let prev = 0;
      for (let i = 0; i < this.n; i++) {
        const o = 1 + i * (PK + nm);
        if (pk.charCodeAt(o + 2) !== prev) throw new Error('StreamNode: packed values out of order');
        for (let j = 0; j < nm; j++) {
          const v = pk.charCodeAt(o + PK + j);
          if (v >= PK_INTERNED) {
            if (v - PK_INTERNED >= this.interned.length) throw new Error('StreamNode: bad interned index');
          } else {
            if (v < prev) throw new Error('StreamNode: packed values out of order');
            prev = v;
          }
        }
      }
      if (prev !== this.d.length) throw new Error('StreamNode: item offsets do not cover the data');
      return;
    }
    let prev = 0;
    for (let k = 0; k < this.nItems; k++) {
      const e = this.end(k);
      if (e < prev) throw new Error('StreamNode: item offsets out of order');
      prev = e;
    }
    if (prev !== this.d.length) throw new Error('StreamNode: item offsets do not cover the data');
  }

  /** Recomputes the listpack bytes from scratch (checkValid). */
  recountBytes(): number {
    const master = this.master;
    const rec = this.rec;
    let bytes = 7 + intElementBytes(master.length) + 2;
    for (const f of master) bytes += stringElementBytes(f);
    const ms0 = partOf(rec[0]!, rec[1]!);
    const seq0 = partOf(rec[2]!, rec[3]!);
    for (let i = 0; i < this.n; i++) {
      const o = i * REC;
      bytes += 2;
      bytes += deltaElementBytes(partOf(rec[o]!, rec[o + 1]!), ms0);
      bytes += deltaElementBytes(partOf(rec[o + 2]!, rec[o + 3]!), seq0);
      const m = rec[o + 4]!;
      const start = m >>> 2;
      const end = this.itemEnd(i);
      if ((m & SAMEFIELDS) === 0) bytes += intElementBytes((end - start) >> 1);
      for (let k = start; k < end; k++) bytes += stringElementBytes(this.item(k));
      bytes += intElementBytes((m & SAMEFIELDS) !== 0 ? master.length + 3 : end - start + 4);
    }
    return bytes;
  }
}

// ---------------------------------------------------------------------------------------------
// Consumer groups

/** A pending entry (Redis streamNACK): delivered to a consumer and not yet acknowledged. */
export class Nack {
  constructor(
    readonly id: StreamId,
    /** Last delivery, ms since the epoch. */
    public deliveryTime: number,
    /** Deliveries so far. */
    public deliveryCount: number,
    /** The owner; null only inside XCLAIM FORCE, between creating the NACK and assigning it. */
    public consumer: Consumer | null,
  ) {}
}

/** Chunk size of a {@link PendingList}: large enough for cheap appends, small enough to splice. */
const PEL_CHUNK = 128;

/**
 * A pending entries list (Redis's PEL rax): NACKs ordered by ID, in sorted chunks found by
 * binary search over their first IDs. Appending in ID order (the XREADGROUP `>` case) is O(1);
 * any other insert or delete is O(log N) plus a splice of at most {@link PEL_CHUNK} slots.
 */
export class PendingList {
  private chunks: Nack[][] = [];
  /** Entries in the list (raxSize). */
  size = 0;

  /** Index of the chunk that holds or would hold `id`: the last whose first ID is <= id. */
  private chunkFor(id: StreamId): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    let r = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(chunks[mid]![0]!.id, id) <= 0) {
        r = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return r;
  }

  /** Position of the first NACK >= id in `chunk`. */
  private static lowerBound(chunk: Nack[], id: StreamId): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(chunk[mid]!.id, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The NACK for `id`. O(log N). */
  get(id: StreamId): Nack | undefined {
    if (this.size === 0) return undefined;
    const chunk = this.chunks[this.chunkFor(id)]!;
    const i = PendingList.lowerBound(chunk, id);
    const nack = chunk[i];
    return nack !== undefined && compareIds(nack.id, id) === 0 ? nack : undefined;
  }

  /** Adds `nack`; false (and nothing changes) when its ID is already present. O(log N). */
  insert(nack: Nack): boolean {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([nack]);
      this.size = 1;
      return true;
    }
    const lastChunk = chunks[chunks.length - 1]!;
    if (compareIds(nack.id, lastChunk[lastChunk.length - 1]!.id) > 0) {
      if (lastChunk.length < PEL_CHUNK) lastChunk.push(nack);
      else chunks.push([nack]);
      this.size++;
      return true;
    }
    const c = this.chunkFor(nack.id);
    const chunk = chunks[c]!;
    const i = PendingList.lowerBound(chunk, nack.id);
    if (i < chunk.length && compareIds(chunk[i]!.id, nack.id) === 0) return false;
    chunk.splice(i, 0, nack);
    if (chunk.length > PEL_CHUNK) chunks.splice(c + 1, 0, chunk.splice(PEL_CHUNK >> 1));
    this.size++;
    return true;
  }

  /** Removes and returns the NACK for `id`. O(log N). */
  delete(id: StreamId): Nack | undefined {
    if (this.size === 0) return undefined;
    const c = this.chunkFor(id);
    const chunk = this.chunks[c]!;
    const i = PendingList.lowerBound(chunk, id);
    const nack = chunk[i];
    if (nack === undefined || compareIds(nack.id, id) !== 0) return undefined;
    if (chunk.length === 1) this.chunks.splice(c, 1);
    else if (i === 0) chunk.shift();
    else chunk.splice(i, 1);
    this.size--;
    return nack;
  }

  /** The NACK with the lowest ID. O(1). */
  first(): Nack | undefined {
    return this.chunks[0]?.[0];
  }

  /** The NACK with the highest ID. O(1). */
  last(): Nack | undefined {
    const chunk = this.chunks[this.chunks.length - 1];
    return chunk?.[chunk.length - 1];
  }

  /** The first NACK with ID >= `id` (raxSeek ">="). O(log N). */
  ceiling(id: StreamId): Nack | undefined {
    if (this.size === 0) return undefined;
    let c = this.chunkFor(id);
    const chunk = this.chunks[c]!;
    const i = PendingList.lowerBound(chunk, id);
    if (i < chunk.length) return chunk[i];
    c++;
    return c < this.chunks.length ? this.chunks[c]![0] : undefined;
  }

  /** The first NACK with ID > `id`. O(log N). */
  higher(id: StreamId): Nack | undefined {
    const n = this.ceiling(id);
    if (n === undefined || compareIds(n.id, id) !== 0) return n;
    const c = this.chunkFor(id);
    const chunk = this.chunks[c]!;
    const i = PendingList.lowerBound(chunk, id) + 1;
    if (i < chunk.length) return chunk[i];
    return c + 1 < this.chunks.length ? this.chunks[c + 1]![0] : undefined;
  }

  /** Up to `count` NACKs with start <= ID <= end, in ID order. O(log N + M). */
  range(start: StreamId = MIN_ID, end: StreamId = MAX_ID, count = Number.POSITIVE_INFINITY): Nack[] {
    const out: Nack[] = [];
    if (this.size === 0 || count <= 0) return out;
    const chunks = this.chunks;
    let c = this.chunkFor(start);
    let i = PendingList.lowerBound(chunks[c]!, start);
    for (; c < chunks.length; c++, i = 0) {
      const chunk = chunks[c]!;
      for (; i < chunk.length; i++) {
        const nack = chunk[i]!;
        if (compareIds(nack.id, end) > 0) return out;
        out.push(nack);
        if (out.length >= count) return out;
      }
    }
    return out;
  }

  /** Every NACK in ID order. */
  *[Symbol.iterator](): IterableIterator<Nack> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Throws unless chunks are non-empty, bounded, strictly ordered and sum to `size`. */
  checkValid(): void {
    let count = 0;
    let prev: Nack | undefined;
    for (const chunk of this.chunks) {
      if (chunk.length === 0 || chunk.length > PEL_CHUNK) throw new Error('PendingList: bad chunk size');
      for (const nack of chunk) {
        if (prev !== undefined && compareIds(prev.id, nack.id) >= 0)
          throw new Error('PendingList: out of order');
        prev = nack;
        count++;
      }
    }
    if (count !== this.size) throw new Error('PendingList: size mismatch');
  }
}

/** A consumer of a group (streamConsumer). */
export class Consumer {
  /** Pending entries delivered to this consumer: the same NACK objects as the group's PEL. */
  readonly pel = new PendingList();
  constructor(
    readonly name: string,
    /** Last time the consumer was active (XREADGROUP, XCLAIM, XAUTOCLAIM), ms. */
    public seenTime: number,
  ) {}
}

/** A consumer group (streamCG). */
export class ConsumerGroup {
  /** Every pending entry of the group, by ID. */
  readonly pel = new PendingList();
  /** Consumers by name. Redis lists them in byte order: see {@link consumersInOrder}. */
  readonly consumers = new Map<string, Consumer>();

  constructor(
    readonly name: string,
    /** Last delivered ID. */
    public lastId: StreamId,
    /** Logical reads counter, or {@link INVALID_ENTRIES_READ}. */
    public entriesRead: number,
  ) {}

  /**
   * Creates a consumer seen at `nowMs`; null when the name is taken (streamCreateConsumer).
   * @remarks O(1)
   */
  createConsumer(name: string, nowMs: number): Consumer | null {
    if (this.consumers.has(name)) return null;
    const c = new Consumer(name, nowMs);
    this.consumers.set(name, c);
    return c;
  }

  /**
   * The consumer called `name`; its seen-time becomes `nowMs` when given (streamLookupConsumer
   * without SLC_NO_REFRESH).
   * @remarks O(1)
   */
  lookupConsumer(name: string, nowMs?: number): Consumer | undefined {
    const c = this.consumers.get(name);
    if (c !== undefined && nowMs !== undefined) c.seenTime = nowMs;
    return c;
  }

  /**
   * Deletes a consumer and its pending entries from the group PEL (streamDelConsumer). Returns
   * how many entries it had pending, or null when there is no such consumer.
   * @remarks O(M log N), M the consumer's pending entries.
   */
  deleteConsumer(name: string): number | null {
    const c = this.consumers.get(name);
    if (c === undefined) return null;
    for (const nack of c.pel) this.pel.delete(nack.id);
    this.consumers.delete(name);
    return c.pel.size;
  }

  /** Consumers in Redis's (byte) order of names, as XINFO and XPENDING list them. O(C log C). */
  consumersInOrder(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Records the delivery of entry `id` to `consumer` (the PEL half of streamReplyWithRange): a
   * new NACK, or — when the entry is already pending, after XGROUP SETID moved the group back —
   * the existing one handed to `consumer` with its time reset and count back to 1.
   * @remarks O(log N)
   */
  deliver(id: StreamId, consumer: Consumer, nowMs: number): Nack {
    let nack = this.pel.get(id);
    if (nack === undefined) {
      nack = new Nack(id, nowMs, 1, consumer);
      this.pel.insert(nack);
      consumer.pel.insert(nack);
      return nack;
    }
    nack.consumer?.pel.delete(id);
    nack.consumer = consumer;
    nack.deliveryTime = nowMs;
    nack.deliveryCount = 1;
    consumer.pel.insert(nack);
    return nack;
  }

  /**
   * Acknowledges `id` (XACK): removes it from the group and owner PELs. False if not pending.
   * @remarks O(log N)
   */
  ack(id: StreamId): boolean {
    const nack = this.pel.delete(id);
    if (nack === undefined) return false;
    nack.consumer?.pel.delete(id);
    return true;
  }

  /**
   * XCLAIM FORCE's NACK for an entry that is not pending: owned by nobody until {@link claim}
   * assigns it (in the same command). Returns the existing NACK when there is one.
   * @remarks O(log N)
   */
  forceNack(id: StreamId, nowMs: number): Nack {
    const existing = this.pel.get(id);
    if (existing !== undefined) return existing;
    const nack = new Nack(id, nowMs, 1, null);
    this.pel.insert(nack);
    return nack;
  }

  /**
   * Moves `nack` to `consumer`'s PEL (XCLAIM, XAUTOCLAIM); delivery time and count are the
   * caller's to set.
   * @remarks O(log N)
   */
  claim(nack: Nack, consumer: Consumer): void {
    if (nack.consumer === consumer) return;
    nack.consumer?.pel.delete(nack.id);
    consumer.pel.insert(nack);
    nack.consumer = consumer;
  }

  /**
   * Drops `nack` from the group and its owner (XCLAIM/XAUTOCLAIM of an entry no longer in the
   * stream).
   * @remarks O(log N)
   */
  removeNack(nack: Nack): void {
    this.pel.delete(nack.id);
    nack.consumer?.pel.delete(nack.id);
  }

  /** Throws unless the group PEL and the consumer PELs hold exactly the same NACKs. */
  checkValid(): void {
    this.pel.checkValid();
    let owned = 0;
    for (const [name, c] of this.consumers) {
      if (c.name !== name) throw new Error('ConsumerGroup: consumer name mismatch');
      c.pel.checkValid();
      for (const nack of c.pel) {
        if (nack.consumer !== c) throw new Error('ConsumerGroup: NACK in the wrong consumer PEL');
        if (this.pel.get(nack.id) !== nack)
          throw new Error('ConsumerGroup: consumer NACK missing from group PEL');
      }
      owned += c.pel.size;
    }
    for (const nack of this.pel) {
      const c = nack.consumer;
      if (c === null) throw new Error('ConsumerGroup: NACK without a consumer');
      if (this.consumers.get(c.name) !== c)
        throw new Error('ConsumerGroup: NACK owned by a foreign consumer');
    }
    if (owned !== this.pel.size) throw new Error('ConsumerGroup: PEL sizes disagree');
    if (this.entriesRead < INVALID_ENTRIES_READ) throw new Error('ConsumerGroup: bad entries_read');
  }
}

const NO_GROUPS: ReadonlyMap<string, ConsumerGroup> = new Map();

// ---------------------------------------------------------------------------------------------
// The stream

/**
 * A Redis stream: entries in ID order plus consumer groups.
 * @see https://redis.io/docs/data-types/streams/
 */
export class Stream implements Collection {
  readonly type = 'stream' as const;
  /** Live entries (XLEN). */
  length = 0;
  /** The last ID added, or set by XSETID; 0-0 when none (last-generated-id). */
  lastId: StreamId = MIN_ID;
  /** The first live entry's ID, 0-0 when empty (recorded-first-entry-id). */
  firstId: StreamId = MIN_ID;
  /** The highest ID ever deleted by XDEL, or set by XSETID (max-deleted-entry-id). */
  maxDeletedEntryId: StreamId = MIN_ID;
  /** Entries ever added (entries-added). */
  entriesAdded = 0;

  /** @internal Nodes in key order; [head, nodes.length) are in use. */
  nodes: StreamNode[] = [];
  /** @internal First in-use index of {@link nodes}. */
  head = 0;
  /** @internal 4 words per node position: its key (first entry's ID). */
  keys: Uint32Array = new Uint32Array(0);
  /** @internal Set once XSETID lowers last_id below a stored tombstone; see the file header. */
  unordered = false;
  /**
   * @internal {@link StreamNode.pk}, {@link StreamNode.d} and {@link StreamNode.master} of the
   * node at each position: an XRANGE reads a packed node from these arrays (in cache) and its
   * strings, never the node object, one dependent miss less. In step with {@link nodes} while
   * they have its length (see {@link syncNode}); snapshot loads and copies fill {@link nodes}
   * alone, and the next range lines them up.
   */
  pks: string[] = [];
  /** @internal See {@link pks}. */
  datas: string[] = [];
  /** @internal See {@link pks}. */
  masters: (readonly string[])[] = [];
  /** Values packed nodes intern (created on first use; shared with copies). */
  private internTable: InternTable | null = null;

  private groupMap: Map<string, ConsumerGroup> | null = null;

  constructor(
    /** Where nodes are cut: share the store's config object so CONFIG SET applies at once. */
    readonly limits: Readonly<StreamNodeLimits> = DEFAULT_STREAM_NODE_LIMITS,
  ) {}

  encoding(): string {
    return 'stream';
  }

  /** Macro nodes in use (XINFO STREAM radix-tree-keys). */
  get nodeCount(): number {
    return this.nodes.length - this.head;
  }

  // ----- adding -------------------------------------------------------------------------------

  /**
   * Appends an entry with `fields` (`[field, value, …]`) under `id`, which must be above
   * {@link lastId} (streamAppendItem with a given ID).
   * @remarks O(1) amortised, plus the size of the fields.
   * @throws {@link XADD_ID_TOO_SMALL}, {@link ELEMENTS_TOO_LARGE}
   * @see https://redis.io/commands/xadd/
   */
  add(id: StreamId, fields: readonly string[]): void {
    if ((fields.length & 1) !== 0) throw new RangeError('Stream.add: fields must come in field/value pairs');
    if (compareIds(id, this.lastId) <= 0) fail(XADD_ID_TOO_SMALL);
    let total = 0;
    for (let j = 0; j < fields.length; j++) total += fields[j]!.length;
    if (total > LISTPACK_MAX_SIZE) fail(ELEMENTS_TOO_LARGE);
    const w0 = hiWord(id.ms);
    const w1 = loWord(id.ms);
    const w2 = hiWord(id.seq);
    const w3 = loWord(id.seq);
    const nodes = this.nodes;
    const tail: StreamNode | null = nodes.length > this.head ? nodes[nodes.length - 1]! : null;
    let node = tail;
    let cut = 0;
    let at = nodes.length - 1;
    if (node !== null) {
      const limits = this.limits;
      let maxBytes = limits.maxBytes;
      if (maxBytes <= 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
      if (node.lpBytes() + total >= maxBytes || (limits.maxEntries > 0 && node.n >= limits.maxEntries)) {
        node.seal(this.interns());
        this.syncNode(nodes.length - 1);
        cut = node.n;
        node = null;
      } else if (node.items === null) {
        node.unseal();
        this.syncNode(nodes.length - 1);
      }
    }
    if (node === null) {
      const nf = fields.length >> 1;
      let bytes = 7 + intElementBytes(nf) + 2;
      for (let j = 0; j < fields.length; j += 2) bytes += stringElementBytes(fields[j]!);
      // Share the master field names with the previous node when they are the same (uniform
      // streams): one array for the whole stream instead of one per node.
      let master = tail?.master;
      if (master === undefined || !sameFieldNames(master, fields)) {
        const names: string[] = [];
        for (let j = 0; j < fields.length; j += 2) names.push(fields[j]!);
        master = names;
      }
      // A node cut after a full one will most likely fill to the same size: allocate that at once.
      const maxEntries = this.limits.maxEntries;
      let capacity = cut > 0 ? cut : INITIAL_CAPACITY;
      if (maxEntries > 0 && capacity > maxEntries) capacity = maxEntries;
      node = new StreamNode(master, capacity);
      node.bytes = bytes;
      at = this.insertNode(node, w0, w1, w2, w3);
    }
    node.append(w0, w1, w2, w3, id, fields);
    // Only the tail stays open; a node an unordered stream slots in earlier is packed at once.
    if (node !== nodes[nodes.length - 1]) {
      node.seal(this.interns());
      this.syncNode(at);
    }
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /**
   * XADD: works out the ID from `arg` (`*`, `<ms>-*` or explicit) and the clock, appends, and
   * returns the ID.
   * @remarks O(1) amortised, plus the size of the fields.
   * @throws as {@link nextXAddId} and {@link add}
   * @see https://redis.io/commands/xadd/
   */
  addWithIdArg(arg: XAddIdArg, fields: readonly string[], nowMs: number): StreamId {
    const id = nextXAddId(this.lastId, arg, nowMs);
    this.add(id, fields);
    return id;
  }

  /** Puts a new node at its key's place (the end, unless the stream is unordered); returns it. */
  private insertNode(node: StreamNode, w0: number, w1: number, w2: number, w3: number): number {
    const nodes = this.nodes;
    let end = nodes.length;
    const mirrored = this.pks.length === end;
    if (!mirrored && this.pks.length !== 0) this.unmirror();
    if (this.head > 0 && this.head * 2 >= end) {
      // Reclaim the slots of nodes trimmed from the front.
      nodes.copyWithin(0, this.head);
      nodes.length = end - this.head;
      if (mirrored) {
        this.pks.copyWithin(0, this.head);
        this.pks.length = end - this.head;
        this.datas.copyWithin(0, this.head);
        this.datas.length = end - this.head;
        this.masters.copyWithin(0, this.head);
        this.masters.length = end - this.head;
      }
      this.keys.copyWithin(0, this.head * 4, end * 4);
      end -= this.head;
      this.head = 0;
    }
    if (this.keys.length < (end + 1) * 4) {
      const keys = new Uint32Array(Math.max(16, end * 2) * 4);
      keys.set(this.keys.subarray(0, end * 4));
      this.keys = keys;
    }
    const keys = this.keys;
    let p = end;
    if (this.unordered) {
      while (p > this.head && cmpWords(keys, (p - 1) * 4, w0, w1, w2, w3) > 0) p--;
      keys.copyWithin((p + 1) * 4, p * 4, end * 4);
      nodes.splice(p, 0, node);
      if (mirrored) {
        this.pks.splice(p, 0, node.pk);
        this.datas.splice(p, 0, node.d);
        this.masters.splice(p, 0, node.master);
      }
    } else {
      nodes.push(node);
      if (mirrored) {
        this.pks.push(node.pk);
        this.datas.push(node.d);
        this.masters.push(node.master);
      }
    }
    const o = p * 4;
    keys[o] = w0;
    keys[o + 1] = w1;
    keys[o + 2] = w2;
    keys[o + 3] = w3;
    return p;
  }

  /** Removes the node at position p. */
  private removeNode(p: number): void {
    const nodes = this.nodes;
    const mirrored = this.pks.length === nodes.length;
    if (!mirrored && this.pks.length !== 0) this.unmirror();
    if (p === this.head) {
      nodes[p] = undefined as unknown as StreamNode;
      if (mirrored) {
        this.pks[p] = '';
        this.datas[p] = '';
        this.masters[p] = NO_VALUES;
      }
      this.head++;
      if (this.head === nodes.length) {
        nodes.length = 0;
        this.head = 0;
        this.unmirror();
      }
    } else {
      this.keys.copyWithin(p * 4, (p + 1) * 4, nodes.length * 4);
      nodes.splice(p, 1);
      if (mirrored) {
        this.pks.splice(p, 1);
        this.datas.splice(p, 1);
        this.masters.splice(p, 1);
      }
    }
    if (nodes.length === this.head) this.unordered = false;
  }

  /** The stream's intern table, made on first use. */
  private interns(): InternTable {
    return (this.internTable ??= { values: [], index: new Map() });
  }

  /** Refreshes position p of {@link pks} after its node changed (sealed, unsealed, unpacked). */
  private syncNode(p: number): void {
    if (this.pks.length !== this.nodes.length) return;
    const node = this.nodes[p]!;
    this.pks[p] = node.pk;
    this.datas[p] = node.d;
    this.masters[p] = node.master;
  }

  /** Drops {@link pks} and co. until the next range lines them up again. */
  private unmirror(): void {
    this.pks = [];
    this.datas = [];
    this.masters = [];
  }

  /**
   * Lines {@link pks} and co. up with {@link nodes}, packing the sealed nodes that qualify on
   * the way (a snapshot load brings nodes unpacked). O(N) once.
   */
  private mirror(): void {
    const nodes = this.nodes;
    const pks: string[] = [];
    const datas: string[] = [];
    const masters: (readonly string[])[] = [];
    for (let p = 0; p < nodes.length; p++) {
      const node = nodes[p];
      if (node !== undefined && p < nodes.length - 1) node.repack(this.interns());
      pks.push(node === undefined ? '' : node.pk);
      datas.push(node === undefined ? '' : node.d);
      masters.push(node === undefined ? NO_VALUES : node.master);
    }
    this.pks = pks;
    this.datas = datas;
    this.masters = masters;
  }

  // ----- lookup -------------------------------------------------------------------------------

  /** Position and slot of the live entry `id` (found = slot >= 0). */
  private locatedPos = 0;
  private locate(id: StreamId): number {
    if (this.length === 0) return -1;
    if (this.unordered) {
      // streamIteratorStart(id, id) + GetID: the first emitted entry, if it is `id`.
      const c = new StreamCursor(this, id, id, false);
      if (!c.next()) return -1;
      this.locatedPos = c.pos;
      return c.slot;
    }
    loadWords(id);
    const p = seekNodeIn(this);
    if (p < this.head) return -1;
    const node = this.nodes[p]!;
    const i = searchNode(this, p, false);
    if (i === node.n || node.cmp(i, W[0]!, W[1]!, W[2]!, W[3]!) !== 0) return -1;
    if ((node.meta(i) & DELETED) !== 0) return -1;
    this.locatedPos = p;
    return i;
  }

  /**
   * The fields of entry `id`, or undefined when there is no such live entry.
   * @remarks O(log N)
   */
  get(id: StreamId): string[] | undefined {
    const i = this.locate(id);
    return i < 0 ? undefined : this.nodes[this.locatedPos]!.fields(i);
  }

  /**
   * Whether entry `id` exists and is not deleted (streamEntryExists).
   * @remarks O(log N)
   */
  has(id: StreamId): boolean {
    return this.locate(id) >= 0;
  }

  /**
   * A cursor over live entries with start <= ID <= end, ascending or (reverse) descending
   * (streamIterator). The stream must not change while it is in use.
   * @remarks O(log N) to position, O(1) per entry.
   */
  cursor(start: StreamId = MIN_ID, end: StreamId = MAX_ID, reverse = false): StreamCursor {
    return new StreamCursor(this, start, end, reverse);
  }

  /**
   * Up to `count` entries with start <= ID <= end (XRANGE), or end >= ID >= start descending
   * (XREVRANGE). Bounds are inclusive; make them exclusive with incrId/decrId.
   * @remarks O(log(N) + M), M the entries returned.
   * @see https://redis.io/commands/xrange/
   */
  range(
    start: StreamId = MIN_ID,
    end: StreamId = MAX_ID,
    count = Number.POSITIVE_INFINITY,
    reverse = false,
  ): StreamEntry[] {
    const out: StreamEntry[] = [];
    if (count <= 0) return out;
    const c = new StreamCursor(this, start, end, reverse);
    while (c.next()) {
      out.push({ id: c.id, fields: c.fields() });
      if (out.length >= count) break;
    }
    return out;
  }

  /**
   * @internal XRANGE / XREVRANGE's reply: up to `count` (0: all) `[id, fields]` pairs of the
   * live entries with start <= ID <= end, ascending or (reverse) descending, IDs as Redis
   * replies them. `decode`, when given, maps the fields of entries that are not all ASCII (the
   * typed API's UTF-8 decoding). `startText`, the argument `start` was parsed from, lends its
   * digits to the IDs in start's millisecond (formatting a 13-digit ms costs more than the
   * rest of an entry).
   * @remarks O(log(N) + M), M the entries returned.
   */
  replyRange(
    start: StreamId,
    end: StreamId,
    count: number,
    reverse: boolean,
    decode: ((s: string) => string) | null,
    startText = '',
  ): [string, string[]][] {
    const out: [string, string[]][] = [];
    const nodes = this.nodes;
    const nodeEnd = nodes.length;
    if (nodeEnd === this.head) return out;
    if (reverse || this.unordered || !(end === MAX_ID || typeof end.ms === 'number')) {
      const c = new StreamCursor(this, start, end, reverse);
      while (c.next()) {
        const fields = c.fields();
        if (decode !== null && !c.asciiFields()) decodeAll(fields, decode);
        out.push([c.idString(), fields]);
        if (out.length === count) break;
      }
      return out;
    }
    // The end as words, and as numbers for packed nodes (a sequence past 2^53 is above them all);
    // `+`, the end of most ranges, needs no compare at all.
    const toMax = end === MAX_ID;
    loadWords(end);
    const e0 = W[0]!;
    const e1 = W[1]!;
    const e2 = W[2]!;
    const e3 = W[3]!;
    const endMs = end.ms as number;
    const endSeq = typeof end.seq === 'number' ? end.seq : Number.POSITIVE_INFINITY;
    if (this.pks.length !== nodeEnd) this.mirror();
    const pks = this.pks;
    const datas = this.datas;
    const masters = this.masters;
    loadWords(start);
    let p = seekNodeIn(this);
    let slot = 0;
    if (p < this.head) p = this.head;
    else {
      // Start the miss on the data string's header (every slice reads it) alongside the search's.
      touched = datas[p]!.length;
      slot = searchNode(this, p, false, pks[p]!);
    }
    // Of the packed nodes only the first may hold deleted entries (see StreamNode.dead).
    if (p === this.head && pks[p] !== '' && slot < nodes[p]!.dead) slot = nodes[p]!.dead;
    // The ms of the entry last formatted, and its text with the dash.
    let ms = -1;
    let msText = '';
    if (startText !== '' && typeof start.ms === 'number') {
      msText = msPrefixOf(startText, start.ms);
      if (msText !== '') ms = start.ms;
    }
    const keys = this.keys;
    const interned = this.internTable === null ? NO_VALUES : this.internTable.values;
    for (; p < nodeEnd; p++, slot = 0) {
      const pk = pks[p]!;
      const data = datas[p]!;
      const master = masters[p]!;
      const nm = master.length;
      if (pk !== '') {
        // A packed node, read without its node object: every entry (past the first node's deleted
        // front, skipped above) live and with the master's fields, its first ms its key's.
        const h = pk.charCodeAt(0);
        const plain = decode === null || h < PK_NON_ASCII;
        const st = PK + nm;
        const base = keys[p * 4]! * TWO_32 + keys[p * 4 + 1]!;
        for (let o = 1 + slot * st; o < pk.length; o += st) {
          const t = base + pk.charCodeAt(o);
          const q = pk.charCodeAt(o + 1);
          if (!toMax && (t > endMs || (t === endMs && q > endSeq))) return out;
          if (t !== ms) {
            msText = t === ms + 1 ? nextMsText(msText, t) : `${partText(t)}-`;
            ms = t;
          }
          let fields: string[];
          if (nm === 3) {
            // The common shape gets an array literal: packed elements, no holes.
            let prev = pk.charCodeAt(o + 2);
            const a = pk.charCodeAt(o + 3);
            const b = pk.charCodeAt(o + 4);
            const c = pk.charCodeAt(o + 5);
            let v0: string;
            let v1: string;
            if (a < PK_INTERNED) {
              v0 = data.slice(prev, a);
              prev = a;
            } else v0 = interned[a - PK_INTERNED]!;
            if (b < PK_INTERNED) {
              v1 = data.slice(prev, b);
              prev = b;
            } else v1 = interned[b - PK_INTERNED]!;
            const v2 = c < PK_INTERNED ? data.slice(prev, c) : interned[c - PK_INTERNED]!;
            fields = [master[0]!, v0, master[1]!, v1, master[2]!, v2];
          } else fields = packedFields(pk, o, master, data, interned);
          if (!plain) decodeAll(fields, decode!);
          out.push([msText + q, fields]);
          if (out.length === count) return out;
        }
        continue;
      }
      const node = nodes[p]!;
      const n = node.n;
      // Sealed nodes know whether they are all ASCII; the open tail is checked entry by entry.
      const plain = decode === null || (node.items === null && node.asciiFields(0));
      const rec = node.r;
      for (; slot < n; slot++) {
        const o = slot * REC;
        if ((rec[o + 4]! & DELETED) !== 0) continue;
        if (!toMax && cmpWords(rec, o, e0, e1, e2, e3) > 0) return out;
        const hi = rec[o]!;
        const t = hi < SAFE_HI ? hi * TWO_32 + rec[o + 1]! : -2;
        if (t !== ms || t === -2) {
          ms = t;
          msText = `${partString(hi, rec[o + 1]!)}-`;
        }
        const sh = rec[o + 2]!;
        const sl = rec[o + 3]!;
        const fields = node.fields(slot);
        if (!plain && !node.asciiFields(slot)) decodeAll(fields, decode!);
        out.push([msText + (sh === 0 && sl < 0x40000000 ? '' + sl : partString(sh, sl)), fields]);
        if (out.length === count) return out;
      }
    }
    return out;
  }

  /**
   * The first (or last) entry's ID, tombstones included or not (streamGetEdgeID), or null when
   * there is none.
   * @remarks O(1) unless deleted entries must be skipped.
   */
  edgeId(first: boolean, includeTombstones = false): StreamId | null {
    const nodes = this.nodes;
    if (first) {
      for (let p = this.head; p < nodes.length; p++) {
        const node = nodes[p]!;
        // A packed node's entries are all live past its deleted front.
        if (!includeTombstones && node.pk !== '' && node.dead < node.n) return node.idOf(node.dead);
        for (let i = 0; i < node.n; i++) {
          if (includeTombstones || (node.meta(i) & DELETED) === 0) return node.idOf(i);
        }
      }
    } else {
      for (let p = nodes.length - 1; p >= this.head; p--) {
        const node = nodes[p]!;
        for (let i = node.n - 1; i >= 0; i--) {
          if (includeTombstones || (node.meta(i) & DELETED) === 0) return node.idOf(i);
        }
      }
    }
    return null;
  }

  /** The last live entry's ID (streamLastValidID), or null when empty. */
  lastEntryId(): StreamId | null {
    return this.length === 0 ? null : this.edgeId(false);
  }

  // ----- deleting and trimming ----------------------------------------------------------------

  /**
   * Deletes entry `id` (XDEL): tombstones it, drops its node when that was the node's last live
   * entry, and keeps first_id and max_deleted_entry_id as xdelCommand does. False if not found.
   * @remarks O(log N)
   * @see https://redis.io/commands/xdel/
   */
  delete(id: StreamId): boolean {
    const i = this.locate(id);
    if (i < 0) return false;
    const p = this.locatedPos;
    const node = this.nodes[p]!;
    if (node.live === 1) {
      this.removeNode(p);
    } else {
      node.tombstone(i, p === this.head);
      this.syncNode(p);
    }
    this.length--;
    if (compareIds(id, this.maxDeletedEntryId) > 0) this.maxDeletedEntryId = id;
    if (this.length === 0) this.firstId = MIN_ID;
    else if (compareIds(id, this.firstId) === 0) this.firstId = this.edgeId(true)!;
    return true;
  }

  /**
   * Trims to at most `maxlen` entries from the oldest (XTRIM/XADD MAXLEN). With `approx` only
   * whole nodes go, so more may remain; `limit` (> 0) caps the entries removed, and stops at the
   * first node that would pass it. Returns the entries removed.
   * @remarks O(M), M the entries removed (O(1) per whole node).
   * @see https://redis.io/commands/xtrim/
   */
  trimMaxLen(maxlen: number, approx = false, limit = 0): number {
    return this.trim(maxlen, null, approx, limit);
  }

  /**
   * Trims entries with IDs below `minid` (XTRIM/XADD MINID); `approx` and `limit` as in
   * {@link trimMaxLen}. Returns the entries removed.
   * @remarks O(M), M the entries removed (O(1) per whole node).
   * @see https://redis.io/commands/xtrim/
   */
  trimMinId(minid: StreamId, approx = false, limit = 0): number {
    return this.trim(0, minid, approx, limit);
  }

  /** streamTrim: whole nodes from the head while allowed, then (exact only) part of one node. */
  private trim(maxlen: number, minid: StreamId | null, approx: boolean, limit: number): number {
    const byLength = minid === null;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    if (minid !== null) {
      m0 = hiWord(minid.ms);
      m1 = loWord(minid.ms);
      m2 = hiWord(minid.seq);
      m3 = loWord(minid.seq);
    }
    let deleted = 0;
    const nodes = this.nodes;
    while (this.head < nodes.length) {
      if (byLength && this.length <= maxlen) break;
      const node = nodes[this.head]!;
      const entries = node.live;
      if (limit > 0 && deleted + entries > limit) break;
      const removeNode = byLength
        ? this.length - entries >= maxlen
        : node.cmp(node.n - 1, m0, m1, m2, m3) < 0;
      if (removeNode) {
        this.removeNode(this.head);
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      // Tombstone entries from the front of this node until the goal is met (past those a packed
      // node already has: all deleted, and below the rest).
      for (let i = node.dead; i < node.n; i++) {
        if (byLength ? this.length <= maxlen : node.cmp(i, m0, m1, m2, m3) >= 0) break;
        if ((node.meta(i) & DELETED) === 0) {
          node.tombstone(i, true);
          this.length--;
          deleted++;
        }
      }
      this.syncNode(this.head);
      break;
    }
    if (this.length === 0) this.firstId = MIN_ID;
    else if (deleted > 0) this.firstId = this.edgeId(true)!;
    return deleted;
  }

  /**
   * XSETID: sets last_id, and entries_added / max_deleted_entry_id when given (-1 / null keep
   * them). The caller checks MAXDELETEDID <= id ({@link XSETID_MAX_DELETED_TOO_BIG}) at parse time.
   * @remarks O(1) unless deleted entries sit at the end.
   * @throws {@link XSETID_TOO_SMALL}, {@link XSETID_ENTRIES_ADDED_TOO_SMALL}
   * @see https://redis.io/commands/xsetid/
   */
  setId(id: StreamId, entriesAdded = -1, maxDeletedEntryId: StreamId | null = null): void {
    if (this.length > 0) {
      if (compareIds(id, this.lastEntryId()!) < 0) fail(XSETID_TOO_SMALL);
      if (entriesAdded !== -1 && this.length > entriesAdded) fail(XSETID_ENTRIES_ADDED_TOO_SMALL);
    }
    if (!this.unordered && this.nodes.length > this.head) {
      const tail = this.nodes[this.nodes.length - 1]!;
      if (compareIds(id, tail.idOf(tail.n - 1)) < 0) this.unordered = true;
    }
    this.lastId = id;
    if (entriesAdded !== -1) this.entriesAdded = entriesAdded;
    if (maxDeletedEntryId !== null && !isZeroId(maxDeletedEntryId))
      this.maxDeletedEntryId = maxDeletedEntryId;
  }

  // ----- consumer groups ----------------------------------------------------------------------

  /** Consumer groups by name. Redis lists them in byte order: see {@link groupsInOrder}. */
  get groups(): ReadonlyMap<string, ConsumerGroup> {
    return this.groupMap ?? NO_GROUPS;
  }

  /**
   * Creates a group (XGROUP CREATE); null when the name is taken.
   * @remarks O(1)
   */
  createGroup(name: string, lastId: StreamId, entriesRead = INVALID_ENTRIES_READ): ConsumerGroup | null {
    const map = (this.groupMap ??= new Map());
    if (map.has(name)) return null;
    const g = new ConsumerGroup(name, lastId, entriesRead);
    map.set(name, g);
    return g;
  }

  /**
   * Deletes a group (XGROUP DESTROY). False if there is none.
   * @remarks O(1)
   */
  destroyGroup(name: string): boolean {
    return this.groupMap?.delete(name) ?? false;
  }

  /** Groups in Redis's (byte) order of names. O(G log G). */
  groupsInOrder(): ConsumerGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Moves `group` past entry `id` as it is delivered (the group half of streamReplyWithRange):
   * when `id` is above last-delivered-id, entries_read counts on if it is valid and no tombstone
   * lies ahead, else is re-estimated. Returns whether last-delivered-id moved.
   * @remarks O(1)
   */
  noteDelivered(group: ConsumerGroup, id: StreamId): boolean {
    if (compareIds(id, group.lastId) <= 0) return false;
    if (group.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(id, null)) {
      group.entriesRead++;
    } else if (this.entriesAdded !== 0) {
      group.entriesRead = this.estimateDistanceFromFirstEverEntry(id);
    }
    group.lastId = id;
    return true;
  }

  /**
   * Whether a deleted entry may lie in [start, end] (streamRangeHasTombstones): judged from
   * max_deleted_entry_id alone, as Redis does. Null bounds mean unbounded.
   */
  rangeHasTombstones(start: StreamId | null, end: StreamId | null): boolean {
    const maxDel = this.maxDeletedEntryId;
    if (this.length === 0 || isZeroId(maxDel)) return false;
    if (compareIds(this.firstId, maxDel) > 0) return false;
    return (
      (start === null || compareIds(start, maxDel) <= 0) && (end === null || compareIds(maxDel, end) <= 0)
    );
  }

  /**
   * The logical read counter of `id`, its distance from the first entry ever added, when it can
   * be known; else {@link INVALID_ENTRIES_READ} (streamEstimateDistanceFromFirstEverEntry).
   */
  estimateDistanceFromFirstEverEntry(id: StreamId): number {
    if (this.entriesAdded === 0) return 0;
    const cmpLast = compareIds(id, this.lastId);
    if (this.length === 0 && cmpLast < 1) return this.entriesAdded;
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return INVALID_ENTRIES_READ;
    const maxDel = this.maxDeletedEntryId;
    if (isZeroId(maxDel) || compareIds(maxDel, this.firstId) < 0) {
      const cmpFirst = compareIds(id, this.firstId);
      if (cmpFirst < 0) return this.entriesAdded - this.length;
      if (cmpFirst === 0) return this.entriesAdded - this.length + 1;
    }
    return INVALID_ENTRIES_READ;
  }

  /**
   * A group's lag, entries not yet delivered to it, or null when it cannot be known
   * (streamReplyWithCGLag; XINFO GROUPS / STREAM FULL).
   */
  groupLag(group: ConsumerGroup): number | null {
    if (this.entriesAdded === 0) return 0;
    if (group.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(group.lastId, null)) {
      return this.entriesAdded - group.entriesRead;
    }
    const read = this.estimateDistanceFromFirstEverEntry(group.lastId);
    return read === INVALID_ENTRIES_READ ? null : this.entriesAdded - read;
  }

  // ----- whole-value operations ---------------------------------------------------------------

  /** A deep copy (COPY, streamDup), consumer groups included. O(N). */
  clone(): Stream {
    const s = new Stream(this.limits);
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedEntryId = this.maxDeletedEntryId;
    s.entriesAdded = this.entriesAdded;
    s.unordered = this.unordered;
    for (let p = this.head; p < this.nodes.length; p++) s.nodes.push(this.nodes[p]!.clone());
    s.keys = this.keys.slice(this.head * 4, this.nodes.length * 4);
    // Packed nodes refer to interned values by index: the table is append-only, so both share it.
    s.internTable = this.internTable;
    for (const g of this.groups.values()) {
      const cg = s.createGroup(g.name, g.lastId, g.entriesRead)!;
      for (const c of g.consumers.values()) {
        const cc = cg.createConsumer(c.name, c.seenTime)!;
        for (const nack of c.pel) {
          const copy = new Nack(nack.id, nack.deliveryTime, nack.deliveryCount, cc);
          cg.pel.insert(copy);
          cc.pel.insert(copy);
        }
      }
    }
    return s;
  }

  /** Throws unless nodes, counters, edge IDs and consumer groups are consistent (tests). */
  checkValid(): void {
    const nodes = this.nodes;
    let live = 0;
    let prev: StreamNode | null = null;
    for (let p = this.head; p < nodes.length; p++) {
      const node = nodes[p]!;
      if (node === undefined) throw new Error('Stream: hole in the node index');
      if (node.n === 0) throw new Error('Stream: empty node');
      const r = node.rec;
      if (cmpWords(this.keys, p * 4, r[0]!, r[1]!, r[2]!, r[3]!) !== 0) {
        throw new Error('Stream: node key differs from its first ID');
      }
      let nodeLive = 0;
      for (let i = 0; i < node.n; i++) {
        const m = node.meta(i);
        if ((m & DELETED) === 0) nodeLive++;
        const start = m >>> 2;
        const end = node.itemEnd(i);
        if (end < start) throw new Error('Stream: item offsets out of order');
        const pairs = (m & SAMEFIELDS) !== 0 ? node.master.length : (end - start) >> 1;
        if ((m & SAMEFIELDS) !== 0 ? end - start !== pairs : ((end - start) & 1) !== 0) {
          throw new Error('Stream: entry item count mismatch');
        }
        if (!this.unordered && i > 0) {
          const o = i * REC;
          if (cmpWords(r, o - REC, r[o]!, r[o + 1]!, r[o + 2]!, r[o + 3]!) >= 0) {
            throw new Error('Stream: entries out of order inside a node');
          }
        }
      }
      node.checkItems();
      if (
        this.pks.length === nodes.length &&
        (this.pks[p] !== node.pk || this.datas[p] !== node.d || this.masters[p] !== node.master)
      ) {
        throw new Error('Stream: node strings out of step with the node');
      }
      if (node.dead > 0 && (node.pk === '' || (p !== this.head && !this.unordered)))
        throw new Error('Stream: deleted entries at the front of a node that may not have them');
      if (node.pk !== '' && node.interned.length > 0 && node.interned !== this.internTable?.values)
        throw new Error('Stream: packed node interning in a foreign table');
      if (nodeLive !== node.live) throw new Error('Stream: node live count mismatch');
      // A node with no live entry survives only an exact MINID trim that stops at a tombstone.
      if (node.recountBytes() !== node.bytes) throw new Error('Stream: listpack byte count drifted');
      if (prev !== null) {
        const o = (prev.n - 1) * REC;
        const po = (p - 1) * 4;
        if (this.unordered) {
          if (cmpWords(this.keys, po, r[0]!, r[1]!, r[2]!, r[3]!) > 0) {
            throw new Error('Stream: node keys out of order');
          }
        } else if (cmpWords(prev.rec, o, r[0]!, r[1]!, r[2]!, r[3]!) >= 0) {
          throw new Error('Stream: nodes out of order');
        }
      }
      if (p < nodes.length - 1 && node.items !== null)
        throw new Error('Stream: unsealed node before the tail');
      live += node.live;
      prev = node;
    }
    if (live !== this.length) throw new Error(`Stream: length ${this.length} but ${live} live entries`);
    if (this.entriesAdded < this.length) throw new Error('Stream: entries_added below length');
    if (this.length === 0) {
      if (!isZeroId(this.firstId)) throw new Error('Stream: first_id set on an empty stream');
    } else if (!this.unordered && compareIds(this.firstId, this.edgeId(true)!) !== 0) {
      throw new Error('Stream: first_id is not the first live entry');
    }
    if (prev !== null && !this.unordered) {
      const last = idAt(prev.rec, (prev.n - 1) * REC);
      if (compareIds(last, this.lastId) > 0) throw new Error('Stream: an entry is above last_id');
    }
    if (this.length > 0 && compareIds(this.lastEntryId()!, this.lastId) > 0) {
      throw new Error('Stream: a live entry is above last_id');
    }
    for (const [name, g] of this.groups) {
      if (g.name !== name) throw new Error('Stream: group name mismatch');
      g.checkValid();
    }
  }
}

/**
 * Walks live entries of a stream in a range (Redis's streamIterator): `next()` moves to the next
 * entry and returns false at the end; `id`, `idString()` and `fields()` read the current one.
 */
export class StreamCursor {
  /** @internal Position of the current node in the stream's node index. */
  pos: number;
  /** @internal Current entry in that node. */
  slot: number;
  private node: StreamNode | null;
  private readonly s0: number;
  private readonly s1: number;
  private readonly s2: number;
  private readonly s3: number;
  private readonly e0: number;
  private readonly e1: number;
  private readonly e2: number;
  private readonly e3: number;
  private readonly checkBoth: boolean;

  constructor(
    private readonly stream: Stream,
    start: StreamId,
    end: StreamId,
    private readonly reverse: boolean,
  ) {
    loadWords(end);
    this.e0 = W[0]!;
    this.e1 = W[1]!;
    this.e2 = W[2]!;
    this.e3 = W[3]!;
    loadWords(start);
    this.s0 = W[0]!;
    this.s1 = W[1]!;
    this.s2 = W[2]!;
    this.s3 = W[3]!;
    // Unordered streams are walked entry by entry with both bounds checked, exactly as Redis.
    const unordered = stream.unordered;
    this.checkBoth = unordered;
    const nodes = stream.nodes;
    this.node = null;
    this.pos = -1;
    this.slot = -1;
    if (nodes.length === stream.head) return;
    // The walk starts in the last node whose key is <= the first bound (raxSeek "<="), else in
    // the first (forward) or last (reverse) node; node keys are never 0-0, so Redis's special
    // case for a 0-0 bound lands on the same node.
    if (!reverse) {
      // W holds the start.
      let p = seekNodeIn(stream);
      let from = 0;
      if (p < stream.head) p = stream.head;
      else if (!unordered) from = searchNode(stream, p, false);
      this.pos = p;
      this.node = nodes[p]!;
      this.slot = from - 1;
    } else {
      loadWords(end);
      let p = seekNodeIn(stream);
      if (p < stream.head) {
        if (!unordered) return; // every entry is above end
        p = nodes.length - 1;
      }
      const node = nodes[p]!;
      this.pos = p;
      this.node = node;
      this.slot = unordered ? node.n : searchNode(stream, p, true);
    }
  }

  /** Moves to the next live entry in range; false when there is none. O(1) amortised. */
  next(): boolean {
    let node = this.node;
    if (node === null) return false;
    const nodes = this.stream.nodes;
    let slot = this.slot;
    if (!this.reverse) {
      for (;;) {
        slot++;
        if (slot >= node.n) {
          const p = ++this.pos;
          if (p >= nodes.length) break;
          node = nodes[p]!;
          slot = 0;
        }
        if (node.pk === '') {
          const rec = node.r;
          const o = slot * REC;
          if ((rec[o + 4]! & DELETED) !== 0) continue;
          if (this.checkBoth && cmpWords(rec, o, this.s0, this.s1, this.s2, this.s3) < 0) continue;
          if (cmpWords(rec, o, this.e0, this.e1, this.e2, this.e3) > 0) break;
        } else {
          // Packed: deleted entries only at the front.
          if (slot < node.dead) continue;
          if (this.checkBoth && node.cmp(slot, this.s0, this.s1, this.s2, this.s3) < 0) continue;
          if (node.cmp(slot, this.e0, this.e1, this.e2, this.e3) > 0) break;
        }
        this.node = node;
        this.slot = slot;
        return true;
      }
    } else {
      const head = this.stream.head;
      for (;;) {
        slot--;
        if (slot < 0) {
          const p = --this.pos;
          if (p < head) break;
          node = nodes[p]!;
          slot = node.n - 1;
        }
        if (node.pk === '') {
          const rec = node.r;
          const o = slot * REC;
          if ((rec[o + 4]! & DELETED) !== 0) continue;
          if (this.checkBoth && cmpWords(rec, o, this.e0, this.e1, this.e2, this.e3) > 0) continue;
          if (cmpWords(rec, o, this.s0, this.s1, this.s2, this.s3) < 0) break;
        } else {
          if (slot < node.dead) continue;
          if (this.checkBoth && node.cmp(slot, this.e0, this.e1, this.e2, this.e3) > 0) continue;
          if (node.cmp(slot, this.s0, this.s1, this.s2, this.s3) < 0) break;
        }
        this.node = node;
        this.slot = slot;
        return true;
      }
    }
    this.node = null;
    return false;
  }

  /** The current entry's ID. */
  get id(): StreamId {
    return this.node!.idOf(this.slot);
  }

  /**
   * The current entry's ID as Redis replies it, without building a {@link StreamId}. Entries
   * sharing a millisecond (most of a busy stream) reuse its decimal form.
   */
  idString(): string {
    const node = this.node!;
    const pk = node.pk;
    if (pk !== '') {
      const o = 1 + this.slot * (PK + node.master.length);
      const ms = node.base + pk.charCodeAt(o);
      if (ms !== this.ms) {
        this.ms = ms;
        this.msText = `${partText(ms)}-`;
      }
      return this.msText + pk.charCodeAt(o + 1);
    }
    const ids = node.r;
    const o = this.slot * REC;
    const hi = ids[o]!;
    const lo = ids[o + 1]!;
    const ms = hi < SAFE_HI ? hi * TWO_32 + lo : -2;
    if (ms !== this.ms || ms === -2) {
      this.ms = ms;
      this.msText = `${partString(hi, lo)}-`;
    }
    return this.msText + partString(ids[o + 2]!, ids[o + 3]!);
  }
  /** The ms of the ID last formatted (-1: none, -2: past 2^53), and its text with the dash. */
  private ms = -1;
  private msText = '';

  /** The current entry's `[field, value, …]`. */
  fields(): string[] {
    return this.node!.fields(this.slot);
  }

  /** Whether the current entry's fields are all ASCII (need no UTF-8 decoding). */
  asciiFields(): boolean {
    return this.node!.asciiFields(this.slot);
  }

  /** Field/value pairs in the current entry. */
  pairCount(): number {
    return this.node!.pairCount(this.slot);
  }
}

/**
 * The first entry of node p whose ID is >= W, or > W when `above` (ordered streams only). The
 * search starts where the node's bounds, from the key array (in cache, where the node's records
 * are not), put W: IDs that share a millisecond take consecutive sequence numbers from 0, as XADD
 * `*` gives them, so a node of n entries from key (m0, s0) to the next node's key (m1, s1) holds
 * r = (n + s0 - s1) / (m1 - m0) entries a millisecond and (T, s) sits near (T - m0) r + s - s0;
 * on a stream of one entry every few ms that is plain interpolation by time. Where the guess is
 * right the search reads the one or two records around it.
 */
function searchNode(stream: Stream, p: number, above: boolean, pk = stream.nodes[p]!.pk): number {
  const keys = stream.keys;
  const o = p * 4;
  // A packed node's entry count and record size are in its string: the search needs nothing
  // from the node object (see Stream.pks).
  const st = pk === '' ? 0 : PK + (pk.charCodeAt(0) & ~PK_NON_ASCII);
  const n = pk === '' ? stream.nodes[p]!.n : (pk.length - 1) / st;
  let g = -1;
  let m0 = -1;
  let m1 = -1;
  if (keys[o]! < SAFE_HI) {
    m0 = keys[o]! * TWO_32 + keys[o + 1]!;
    if (p + 1 < stream.nodes.length && keys[o + 4]! < SAFE_HI) {
      m1 = keys[o + 4]! * TWO_32 + keys[o + 5]!;
      if (keys[o + 2] === 0 && keys[o + 6] === 0 && W[2] === 0 && W[0]! < SAFE_HI) {
        const s0 = keys[o + 3]!;
        const t = W[0]! * TWO_32 + W[1]!;
        g = 0;
        if (t > m0) {
          const perMs = (n + s0 - keys[o + 7]!) / (m1 - m0);
          g = m1 > m0 ? Math.floor((t - m0) * perMs) + W[3]! - s0 : W[3]! - s0;
        } else if (t === m0 && W[3]! > s0) {
          g = W[3]! - s0;
        }
        if (!(g > 0)) g = 0;
        else if (g >= n) g = n - 1;
      }
    }
  }
  if (pk === '') return searchWords(stream.nodes[p]!.r, REC, 0, n, above, m0, m1, g);
  // A packed node: the same gallop from the same guess, over its records. Its first ms is its
  // key's (a packed node's ms are all below 2^53).
  const base = m0;
  const t = W[0]! < SAFE_HI ? W[0]! * TWO_32 + W[1]! : Number.POSITIVE_INFINITY;
  const s = W[2] === 0 ? W[3]! : Number.POSITIVE_INFINITY;
  if (g < 0) {
    // The last node: interpolate by time between its own first and last entries.
    const last = base + pk.charCodeAt(1 + (n - 1) * st);
    g = t >= last ? n - 1 : t > base ? Math.floor(((t - base) / (last - base)) * (n - 1)) : 0;
  }
  const limit = above ? 0 : -1;
  let lo: number;
  let hi: number;
  if (cmpPacked(pk, 1 + g * st, base, t, s) > limit) {
    hi = g;
    lo = 0;
    for (let step = 1; g - step >= 0; step *= 2) {
      const j = g - step;
      if (cmpPacked(pk, 1 + j * st, base, t, s) <= limit) {
        lo = j + 1;
        break;
      }
      hi = j;
    }
  } else {
    lo = g + 1;
    hi = n;
    for (let step = 1; g + step < n; step *= 2) {
      const j = g + step;
      if (cmpPacked(pk, 1 + j * st, base, t, s) > limit) {
        hi = j;
        break;
      }
      lo = j + 1;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpPacked(pk, 1 + mid * st, base, t, s) > limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Last node position whose key is <= W, or head - 1. */
function seekNodeIn(stream: Stream): number {
  return searchWords(stream.keys, 4, stream.head, stream.nodes.length, true) - 1;
}
