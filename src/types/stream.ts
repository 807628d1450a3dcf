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
// previous one is sealed (Redis shrinks the listpack at the same moment): its items become one
// flat string, and its records plus the item end offsets (16-bit where they fit) one exact-size
// array. That brings an entry of three small fields to ~64 bytes all-in (Redis 7.0: 44), and a
// lookup in a cold node to a handful of cache lines: the cost of a random XRANGE on a large
// stream is its cache misses, not its compares.
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
 */
function searchWords(
  arr: Uint32Array,
  stride: number,
  from: number,
  to: number,
  above: boolean,
  firstMs = -1,
  lastMs = -1,
): number {
  if (from >= to) return to;
  // The compare result that still counts as "before W": 0 for the first ID > W, -1 for >= W.
  const limit = above ? 0 : -1;
  const lastPos = to - 1;
  let g = from;
  if (lastPos > from) {
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

/** @internal One macro node: a listpack's worth of entries. */
export class StreamNode {
  /** Entries stored, live and deleted (Redis: count + deleted). */
  n = 0;
  /** Live entries (the listpack's count). */
  live = 0;
  /**
   * {@link REC} words per entry; in a sealed node followed, from {@link endBase}, by the end
   * offset in {@link data} of each item (two 16-bit offsets a word when {@link narrow}).
   */
  rec: Uint32Array;
  /** Open node: the items. Null once sealed. */
  items: string[] | null;
  /** Sealed node: every item concatenated. */
  data = '';
  /** Sealed node: where the item end offsets start in {@link rec}. */
  endBase = 0;
  /** Sealed node: item end offsets are 16-bit (the data is under 64 KiB). */
  narrow = false;
  /** Items stored. */
  nItems = 0;
  /** Listpack bytes, less the live and deleted counters (whose width varies with the counts). */
  bytes = 0;
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
    this.rec = new Uint32Array(capacity * REC);
    this.items = [];
  }

  /** The listpack's total bytes (lpBytes). */
  lpBytes(): number {
    return this.bytes + intElementBytes(this.live) + intElementBytes(this.n - this.live);
  }

  /** Entry i's meta word: first item * 4 + flags. */
  meta(i: number): number {
    return this.rec[i * REC + 4]!;
  }

  /** End offset in the data of item k (sealed nodes). */
  private end(k: number): number {
    const rec = this.rec;
    return this.narrow ? (rec[this.endBase + (k >> 1)]! >>> ((k & 1) << 4)) & 0xffff : rec[this.endBase + k]!;
  }

  /** Item k. */
  item(k: number): string {
    const items = this.items;
    if (items !== null) return items[k]!;
    return this.data.slice(k === 0 ? 0 : this.end(k - 1), this.end(k));
  }

  /** Index one past the last item of entry i. */
  itemEnd(i: number): number {
    return i + 1 < this.n ? this.rec[(i + 1) * REC + 4]! >>> 2 : this.nItems;
  }

  /** The flat field/value list of entry i. */
  fields(i: number): string[] {
    const m = this.rec[i * REC + 4]!;
    const start = m >>> 2;
    const master = this.master;
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
    const data = this.data;
    let prev = start === 0 ? 0 : this.end(start - 1);
    if (same && this.narrow) {
      // The common case (uniform fields, a node under 64 KiB), with the offsets decoded inline.
      const rec = this.rec;
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
   * UTF-8 decoding: known per sealed node after one scan of its data, checked per entry in the
   * open tail node.
   */
  asciiFields(i: number): boolean {
    if (this.items === null) {
      if (this.asciiState === 0) this.asciiState = isAscii(this.data) && allAscii(this.master) ? 1 : 2;
      return this.asciiState === 1;
    }
    const m = this.rec[i * REC + 4]!;
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

  /** Marks entry i deleted. */
  tombstone(i: number): void {
    this.rec[i * REC + 4]! |= DELETED;
    this.live--;
  }

  /** Appends an entry; the node must be open. Adds the listpack bytes it takes to `bytes`. */
  append(w0: number, w1: number, w2: number, w3: number, id: StreamId, fields: readonly string[]): void {
    const i = this.n;
    if ((i + 1) * REC > this.rec.length) this.grow();
    const rec = this.rec;
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
    rec.set(this.rec.subarray(0, this.n * REC));
    this.rec = rec;
  }

  /**
   * Packs a full node: one string for the items, one exact-size array for the records and the
   * item ends (16-bit where the data allows). An ArrayBuffer costs more to allocate than to
   * fill, so this is the node's only allocation besides the string.
   */
  seal(): void {
    const items = this.items;
    if (items === null) return;
    const n = this.n;
    const m = this.nItems;
    const data = items.join('');
    const narrow = data.length < 0x10000;
    const base = n * REC;
    const rec = new Uint32Array(base + (narrow ? (m + 1) >> 1 : m));
    rec.set(this.rec.subarray(0, base));
    let off = 0;
    for (let k = 0; k < m; k++) {
      off += items[k]!.length;
      if (!narrow) rec[base + k] = off;
      else if ((k & 1) === 0) rec[base + (k >> 1)] = off;
      else rec[base + (k >> 1)]! |= off << 16;
    }
    this.rec = rec;
    this.endBase = base;
    this.narrow = narrow;
    this.data = data;
    this.items = null;
  }

  /** Reopens a sealed node for appending (only when it becomes the tail again). */
  unseal(): void {
    if (this.items !== null) return;
    const n = this.n;
    const items: string[] = [];
    for (let k = 0; k < this.nItems; k++) items.push(this.item(k));
    const rec = new Uint32Array(Math.max(INITIAL_CAPACITY, n * 2) * REC);
    rec.set(this.rec.subarray(0, n * REC));
    this.rec = rec;
    this.items = items;
    this.data = '';
    this.endBase = 0;
    this.narrow = false;
    this.asciiState = 0;
  }

  clone(): StreamNode {
    const c = new StreamNode(this.master, 0);
    c.n = this.n;
    c.live = this.live;
    c.rec = this.rec.slice();
    c.items = this.items === null ? null : this.items.slice();
    c.data = this.data;
    c.endBase = this.endBase;
    c.narrow = this.narrow;
    c.nItems = this.nItems;
    c.bytes = this.bytes;
    return c;
  }

  /**
   * First entry whose ID is >= W (ordered nodes only); `firstMs` / `lastMs` as in searchWords
   * (see {@link Stream.msBounds}).
   */
  lowerBound(firstMs = -1, lastMs = -1): number {
    return searchWords(this.rec, REC, 0, this.n, false, firstMs, lastMs);
  }

  /** First entry whose ID is > W (ordered nodes only). */
  upperBound(firstMs = -1, lastMs = -1): number {
    return searchWords(this.rec, REC, 0, this.n, true, firstMs, lastMs);
  }

  /** Throws unless the items and their offsets agree (checkValid). */
  checkItems(): void {
    if (this.items !== null) {
      if (this.items.length !== this.nItems) throw new Error('StreamNode: item count mismatch');
      return;
    }
    let prev = 0;
    for (let k = 0; k < this.nItems; k++) {
      const e = this.end(k);
      if (e < prev) throw new Error('StreamNode: item offsets out of order');
      prev = e;
    }
    if (prev !== this.data.length) throw new Error('StreamNode: item offsets do not cover the data');
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
    if (node !== null) {
      const limits = this.limits;
      let maxBytes = limits.maxBytes;
      if (maxBytes <= 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
      if (node.lpBytes() + total >= maxBytes || (limits.maxEntries > 0 && node.n >= limits.maxEntries)) {
        node.seal();
        cut = node.n;
        node = null;
      } else if (node.items === null) {
        node.unseal();
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
      this.insertNode(node, w0, w1, w2, w3);
    }
    node.append(w0, w1, w2, w3, id, fields);
    // Only the tail stays open; a node an unordered stream slots in earlier is packed at once.
    if (node !== nodes[nodes.length - 1]) node.seal();
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

  /** Puts a new node at its key's place (the end, unless the stream is unordered). */
  private insertNode(node: StreamNode, w0: number, w1: number, w2: number, w3: number): void {
    const nodes = this.nodes;
    let end = nodes.length;
    if (this.head > 0 && this.head * 2 >= end) {
      // Reclaim the slots of nodes trimmed from the front.
      nodes.copyWithin(0, this.head);
      nodes.length = end - this.head;
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
    } else {
      nodes.push(node);
    }
    const o = p * 4;
    keys[o] = w0;
    keys[o + 1] = w1;
    keys[o + 2] = w2;
    keys[o + 3] = w3;
  }

  /** Removes the node at position p. */
  private removeNode(p: number): void {
    const nodes = this.nodes;
    if (p === this.head) {
      nodes[p] = undefined as unknown as StreamNode;
      this.head++;
      if (this.head === nodes.length) {
        nodes.length = 0;
        this.head = 0;
      }
    } else {
      this.keys.copyWithin(p * 4, (p + 1) * 4, nodes.length * 4);
      nodes.splice(p, 1);
    }
    if (nodes.length === this.head) this.unordered = false;
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
    const i = node.lowerBound(keyMs(this, p), keyMs(this, p + 1));
    if (i === node.n || cmpWords(node.rec, i * REC, W[0]!, W[1]!, W[2]!, W[3]!) !== 0) return -1;
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
   * The first (or last) entry's ID, tombstones included or not (streamGetEdgeID), or null when
   * there is none.
   * @remarks O(1) unless deleted entries must be skipped.
   */
  edgeId(first: boolean, includeTombstones = false): StreamId | null {
    const nodes = this.nodes;
    if (first) {
      for (let p = this.head; p < nodes.length; p++) {
        const node = nodes[p]!;
        for (let i = 0; i < node.n; i++) {
          if (includeTombstones || (node.meta(i) & DELETED) === 0) return idAt(node.rec, i * REC);
        }
      }
    } else {
      for (let p = nodes.length - 1; p >= this.head; p--) {
        const node = nodes[p]!;
        for (let i = node.n - 1; i >= 0; i--) {
          if (includeTombstones || (node.meta(i) & DELETED) === 0) return idAt(node.rec, i * REC);
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
      node.tombstone(i);
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
        : cmpWords(node.rec, (node.n - 1) * REC, m0, m1, m2, m3) < 0;
      if (removeNode) {
        this.removeNode(this.head);
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      // Tombstone entries from the front of this node until the goal is met.
      for (let i = 0; i < node.n; i++) {
        if (byLength ? this.length <= maxlen : cmpWords(node.rec, i * REC, m0, m1, m2, m3) >= 0) break;
        if ((node.meta(i) & DELETED) === 0) {
          node.tombstone(i);
          this.length--;
          deleted++;
        }
      }
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
      if (compareIds(id, idAt(tail.rec, (tail.n - 1) * REC)) < 0) this.unordered = true;
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
      else if (!unordered) from = nodes[p]!.lowerBound(keyMs(stream, p), keyMs(stream, p + 1));
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
      this.slot = unordered ? node.n : node.upperBound(keyMs(stream, p), keyMs(stream, p + 1));
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
        const rec = node.rec;
        const o = slot * REC;
        if ((rec[o + 4]! & DELETED) !== 0) continue;
        if (this.checkBoth && cmpWords(rec, o, this.s0, this.s1, this.s2, this.s3) < 0) continue;
        if (cmpWords(rec, o, this.e0, this.e1, this.e2, this.e3) > 0) break;
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
        const rec = node.rec;
        const o = slot * REC;
        if ((rec[o + 4]! & DELETED) !== 0) continue;
        if (this.checkBoth && cmpWords(rec, o, this.e0, this.e1, this.e2, this.e3) > 0) continue;
        if (cmpWords(rec, o, this.s0, this.s1, this.s2, this.s3) < 0) break;
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
    return idAt(this.node!.rec, this.slot * REC);
  }

  /**
   * The current entry's ID as Redis replies it, without building a {@link StreamId}. Entries
   * sharing a millisecond (most of a busy stream) reuse its decimal form.
   */
  idString(): string {
    const ids = this.node!.rec;
    const o = this.slot * REC;
    const hi = ids[o]!;
    const lo = ids[o + 1]!;
    if (lo !== this.msLo || hi !== this.msHi || this.msText === '') {
      this.msHi = hi;
      this.msLo = lo;
      this.msText = `${partString(hi, lo)}-`;
    }
    return this.msText + partString(ids[o + 2]!, ids[o + 3]!);
  }
  private msHi = 0;
  private msLo = 0;
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
 * The ms of node p's key (its first ID) from the key array, or -1 past the last node; for p + 1
 * an upper bound of node p's last ms. Key ms at or above 2^53 (no exact number) give -1 too, so
 * the search reads the node's own bounds.
 */
function keyMs(stream: Stream, p: number): number {
  if (p >= stream.nodes.length) return -1;
  const hi = stream.keys[p * 4]!;
  return hi < SAFE_HI ? hi * TWO_32 + stream.keys[p * 4 + 1]! : -1;
}

/** Last node position whose key is <= W, or head - 1. */
function seekNodeIn(stream: Stream): number {
  return searchWords(stream.keys, 4, stream.head, stream.nodes.length, true) - 1;
}
