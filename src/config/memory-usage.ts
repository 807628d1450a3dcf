// MEMORY USAGE (Redis 7.0 object.c objectComputeSize): what a key would take in Redis — its sds,
// its dictEntry and its value's allocations, rounded up to jemalloc's size classes — computed
// from embedis's own representation. Strings and every compact encoding (intset, listpack,
// the listpacks of a quicklist or stream) are sized as Redis sizes them, so small values match
// Redis byte for byte; hashtable encodings use Redis's formula on the first `samples` elements,
// which embedis iterates in a different order, so there it is the same estimate, not the same
// number. It says nothing of the JavaScript heap: embedis's own footprint is in INFO memory.
// (Belongs next to the eviction code's estimates in keyspace/memory.ts once that exists.)

import { isCanonicalInt, type StringEncodingOverride, stringEncoding, type Value } from '../keyspace/db.js';
import { formatListpackScore } from '../numbers/double.js';
import { Hash } from '../types/hash.js';
import { List } from '../types/list.js';
import { RedisSet } from '../types/set.js';
import { Stream } from '../types/stream.js';
import { SortedSet } from '../types/zset.js';

/** sizeof(robj), sizeof(dictEntry), sizeof(dict), pointers: a 64-bit build. */
const ROBJ = 16;
const DICT_ENTRY = 24;
const DICT = 56;
const PTR = 8;

/** jemalloc's size class for an allocation of `n` bytes (16-byte quantum, 4 classes per doubling). */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const step = 2 ** (Math.floor(Math.log2(n - 1)) - 2);
  return Math.ceil(n / step) * step;
}

/** sdsZmallocSize of an sds made for `len` bytes (sdsnewlen's header choice). */
function sdsSize(len: number): number {
  const hdr = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < 2 ** 32 ? 9 : 17;
  return jemallocSize(hdr + len + 1);
}

/** lpStringToInt64: a listpack stores canonical integers as integers. */
function lpIntegerBytes(s: string): number {
  if (s.length > 20 || !isCanonicalInt(s)) return -1;
  const v = BigInt(s);
  if (v >= 0n && v <= 127n) return 1;
  if (v >= -4096n && v <= 4095n) return 2;
  if (v >= -32768n && v <= 32767n) return 3;
  if (v >= -8388608n && v <= 8388607n) return 4;
  if (v >= -2147483648n && v <= 2147483647n) return 5;
  return 9;
}

/** One listpack entry: encoding + data + backlen. */
export function lpEntrySize(s: string): number {
  let l = lpIntegerBytes(s);
  if (l < 0) l = s.length < 64 ? 1 + s.length : s.length < 4096 ? 2 + s.length : 5 + s.length;
  const back = l < 128 ? 1 : l < 16384 ? 2 : l < 2097152 ? 3 : l < 268435456 ? 4 : 5;
  return l + back;
}

/** LP_HDR_SIZE + the terminator. */
const LP_EMPTY = 7;

/** dictSlots: the table size a dict of `n` entries has (powers of two, at least 4). */
function dictSlots(n: number): number {
  let s = 4;
  while (s < n) s *= 2;
  return s;
}

/** The size of a string value (objectComputeSize's OBJ_STRING branch). */
function stringSize(v: string, override: StringEncodingOverride | undefined): number {
  const enc = stringEncoding(v, override);
  if (enc === 'int') return ROBJ;
  // embstr: robj + sdshdr8 + bytes + NUL in one allocation.
  if (enc === 'embstr') return jemallocSize(ROBJ + 3 + v.length + 1);
  return sdsSize(v.length) + ROBJ;
}

/** list-max-listpack-size -2: quicklist nodes of at most 8 kB. */
const QUICKLIST_NODE_BYTES = 8192;
const QUICKLIST = 40;
/** sizeof(quicklistNode): three pointers, sz, and a 32-bit field of flags (padded to 40). */
const QUICKLIST_NODE = 40;

function listSize(list: List, samples: number): number {
  let size = ROBJ + QUICKLIST;
  // Pack elements into 8 kB listpacks as a quicklist fills its nodes.
  const nodes: number[] = [];
  let bytes = LP_EMPTY;
  let count = 0;
  for (const item of list) {
    const e = lpEntrySize(item);
    if (count > 0 && bytes + e > QUICKLIST_NODE_BYTES) {
      nodes.push(bytes);
      bytes = LP_EMPTY;
      count = 0;
    }
    bytes += e;
    count++;
  }
  if (count > 0) nodes.push(bytes);
  if (nodes.length === 0) return size;
  let ele = 0;
  const n = Math.min(samples, nodes.length);
  for (let i = 0; i < n; i++) ele += QUICKLIST_NODE + jemallocSize(nodes[i]!);
  size += Math.floor((ele / n) * nodes.length);
  return size;
}

/** An intset's bytes: an 8-byte header, then every member in the width the largest one needs. */
export function intsetBytes(members: readonly string[]): number {
  let width = 2;
  for (const m of members) {
    const v = BigInt(m);
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if ((v < -32768n || v > 32767n) && width < 4) width = 4;
  }
  return 8 + width * members.length;
}

function setSize(set: RedisSet, samples: number): number {
  const members = set.members();
  if (set.isIntset) return ROBJ + jemallocSize(intsetBytes(members));
  let size = ROBJ + DICT + PTR * dictSlots(members.length);
  const n = Math.min(samples, members.length);
  let ele = 0;
  for (let i = 0; i < n; i++) ele += DICT_ENTRY + sdsSize(members[i]!.length);
  if (n > 0) size += Math.floor((ele / n) * members.length);
  return size;
}

function hashSize(hash: Hash, samples: number): number {
  const map = hash.map;
  if (hash.encoding() === 'listpack') {
    let bytes = LP_EMPTY;
    for (const [f, v] of map) bytes += lpEntrySize(f) + lpEntrySize(v);
    return ROBJ + jemallocSize(bytes);
  }
  let size = ROBJ + DICT + PTR * dictSlots(map.size);
  let n = 0;
  let ele = 0;
  for (const [f, v] of map) {
    if (n === samples) break;
    ele += sdsSize(f.length) + sdsSize(v.length) + DICT_ENTRY;
    n++;
  }
  if (n > 0) size += Math.floor((ele / n) * map.size);
  return size;
}

/** zskiplistNode with one level: ele, score, backward, one level (forward + span). */
const ZSKIPLIST_NODE_L1 = 24 + 16;
/** The header node: ZSKIPLIST_MAXLEVEL (32) levels. */
const ZSKIPLIST_HEADER = 24 + 32 * 16;

function zsetSize(z: SortedSet, samples: number): number {
  if (z.encoding() === 'listpack') {
    let bytes = LP_EMPTY;
    for (const [m, s] of z.entries()) bytes += lpEntrySize(m) + lpEntrySize(formatListpackScore(s));
    return ROBJ + jemallocSize(bytes);
  }
  // zset + zskiplist + dict + table + header node.
  let size = ROBJ + 16 + 32 + DICT + PTR * dictSlots(z.size) + jemallocSize(ZSKIPLIST_HEADER);
  let n = 0;
  let ele = 0;
  for (const [m] of z.entries()) {
    if (n === samples) break;
    ele += sdsSize(m.length) + DICT_ENTRY + jemallocSize(ZSKIPLIST_NODE_L1);
    n++;
  }
  if (n > 0) size += Math.floor((ele / n) * z.size);
  return size;
}

/** sizeof(stream), raxNode, streamID, streamCG, streamConsumer, streamNACK. */
const STREAM = 80;
const RAX_NODE = 4;
const STREAM_ID = 16;
const STREAM_CG = 48;
const STREAM_CONSUMER = 48;
const STREAM_NACK = 24;
/** STREAM_LISTPACK_MAX_PRE_ALLOCATE: a new node's listpack is allocated this large. */
const STREAM_PREALLOC = 4096;

/** streamRadixTreeMemoryUsage, with the node count of a rax holding `n` 128-bit keys estimated as n + 1. */
const raxUsage = (n: number): number => n * STREAM_ID + (n + 1) * (RAX_NODE + PTR * 30);

function streamSize(s: Stream, samples: number, maxBytes: number): number {
  let size = ROBJ + STREAM;
  const nodes = s.nodes.slice(s.head);
  size += raxUsage(nodes.length);
  const prealloc = maxBytes > 0 && maxBytes < STREAM_PREALLOC ? maxBytes : STREAM_PREALLOC;
  const alloc = (i: number): number => jemallocSize(Math.max(prealloc, nodes[i]!.lpBytes()));
  const n = Math.min(samples, nodes.length);
  let lp = 0;
  for (let i = 0; i < n; i++) lp += alloc(i);
  if (nodes.length <= n) size += lp;
  else size += Math.floor(lp / n) * (nodes.length - 1) + alloc(nodes.length - 1);
  for (const g of s.groups.values()) {
    size += STREAM_CG + raxUsage(g.pel.size) + STREAM_NACK * g.pel.size;
    for (const c of g.consumers.values()) size += STREAM_CONSUMER + c.name.length + raxUsage(c.pel.size);
  }
  return size;
}

/**
 * MEMORY USAGE of a key: its value, its key sds and its dictEntry, as Redis 7.0 would count them.
 * @param samples - nested values sampled (MEMORY USAGE SAMPLES; default 5, Infinity for all)
 * @remarks O(N) for compact encodings and lists, O(samples) for hashtable encodings.
 */
export function memoryUsage(
  key: string,
  value: Value,
  override: StringEncodingOverride | undefined,
  samples: number,
  streamNodeMaxBytes: number,
): number {
  let size: number;
  if (typeof value === 'string') size = stringSize(value, override);
  else if (value instanceof List) size = listSize(value, samples);
  else if (value instanceof RedisSet) size = setSize(value, samples);
  else if (value instanceof Hash) size = hashSize(value, samples);
  else if (value instanceof SortedSet) size = zsetSize(value, samples);
  else if (value instanceof Stream) size = streamSize(value, samples, streamNodeMaxBytes);
  else size = ROBJ;
  return size + sdsSize(key.length) + DICT_ENTRY;
}
