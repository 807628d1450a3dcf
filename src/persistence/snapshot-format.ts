// The embedis snapshot file format (RDB's role), version 1:
//
//   header   40 bytes: magic "EMBEDSNP", u32 format version, u32 flags (0), f64 creation time
//            (Unix ms), f64 body length, u32 CRC-32 of the body, u32 CRC-32 of header bytes 0-35
//   body     frames, each a u32 length then one msgpack value:
//              [0, meta]              first: { databases, createdAt, creator }
//              [1, db, tuples]        ~1000 keys of database `db`
//              [3, db, keys, values]  ~1000 strings without TTL of database `db`, in columns
//              [2, { keys }]          last: the frame that says the file is complete
//
// A tuple is `[key, type, value, expireAt]` (expireAt 0: no TTL). A collection too large for
// one tuple (more than PIECE elements) is split so that no frame and no background slice grows
// with it: the first tuple's type carries MORE, then `[key, CONT, value]` tuples follow and
// `[key, LAST, value]` ends it. Pieces of one key may be interleaved with whole other keys (a
// background save serialises a key about to be modified out of turn), never with pieces of
// another split key of the same database.
//
// Values store each type's structure rather than commands: a string as itself, a list / set as
// its elements, a hash as flat field/value pairs, a sorted set as members plus a Float64Array of
// scores *in order* (so loading builds the tree in O(N) without sorting, and -0 survives), a
// stream as its macro nodes verbatim (records, items, tombstones, master fields — XINFO's node
// counts and `~` trimming behave exactly as before) plus its consumer groups with their PELs.
// Loading re-derives encodings the way Redis 7.0 does after a restart (rdbLoadObject): strings by
// tryObjectEncoding, hashes/sets/sorted sets converted back to listpack/intset when within the
// limits, lists always quicklist.
//
// The header is written last (the writer seeks back to offset 0), so a file cut anywhere fails
// the body length or CRC check; the loader verifies both before it creates a single key.

import * as zlib from 'node:zlib';
import { Packr, Unpackr } from 'msgpackr';
import { isAscii } from '../bytes.js';
import type { Collection, Value } from '../keyspace/db.js';
import type { Store } from '../store.js';
import { Hash } from '../types/hash.js';
import { List } from '../types/list.js';
import { isInt64, RedisSet } from '../types/set.js';
import { type Consumer, type ConsumerGroup, Nack, Stream, StreamNode } from '../types/stream.js';
import { type IdPart, makeId, type StreamId } from '../types/stream-id.js';
import { SortedSet, SortedSetBuilder } from '../types/zset.js';
import { PersistenceError } from './adapter.js';

/** File magic: the first 8 bytes. */
export const MAGIC = 'EMBEDSNP';
/** Format version written; the loader refuses any other. */
export const FORMAT_VERSION = 1;
/** Header size in bytes. */
export const HEADER_BYTES = 40;

/** Frame kinds. */
export const FRAME_META = 0;
export const FRAME_KEYS = 1;
export const FRAME_END = 2;
/** Strings without a TTL in columns: `[3, db, keys, values]` (the bulk of most datasets). */
export const FRAME_STRINGS = 3;

/** Value type codes in a tuple. */
export const T_STRING = 0;
export const T_LIST = 1;
export const T_SET = 2;
export const T_ZSET = 3;
export const T_HASH = 4;
export const T_STREAM = 5;
/** Flag on the first tuple of a split value. */
export const MORE = 0x10;
/** A middle piece of a split value. */
export const CONT = 0x20;
/** The last piece of a split value. */
export const LAST = 0x21;

/**
 * Elements per piece: a collection with more is split. 4096 keeps one piece's serialisation
 * under ~1 ms (a sorted set piece: ~0.5 ms), so a background slice can stop between pieces.
 */
export const PIECE = 4096;
/** Stream macro nodes per piece (Redis's default node holds up to 100 entries). */
export const STREAM_NODES_PER_PIECE = 32;
/** Keys per frame (the "batches of ~1000" of the design). */
export const KEYS_PER_FRAME = 1000;
/**
 * A frame is cut earlier once its values add up to this many elements: one piece of a large
 * collection is a frame of its own, so packing it happens before a slice checks its deadline.
 */
export const ELEMENTS_PER_FRAME = PIECE;

// ---- CRC-32 -----------------------------------------------------------------------------------

type Crc32 = (data: Uint8Array, value?: number) => number;

/** zlib's CRC-32 (Node >= 20.15 / 22.2), else a table-driven one (same polynomial, same values). */
export const crc32: Crc32 = (zlib as { crc32?: Crc32 }).crc32 ?? jsCrc32;

let crcTable: Int32Array | null = null;

/** CRC-32 (IEEE 802.3, zlib's) in JS: the fallback for Node versions without zlib.crc32. */
export function jsCrc32(data: Uint8Array, value = 0): number {
  let table = crcTable;
  if (table === null) {
    table = crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

// ---- header -----------------------------------------------------------------------------------

/** The header's fields. */
export interface SnapshotHeader {
  version: number;
  createdAt: number;
  bodyLength: number;
  bodyCrc: number;
}

/** The 40 header bytes for `h`. */
export function encodeHeader(h: SnapshotHeader): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.write(MAGIC, 0, 'latin1');
  b.writeUInt32LE(h.version, 8);
  b.writeUInt32LE(0, 12);
  b.writeDoubleLE(h.createdAt, 16);
  b.writeDoubleLE(h.bodyLength, 24);
  b.writeUInt32LE(h.bodyCrc >>> 0, 32);
  b.writeUInt32LE(crc32(b.subarray(0, 36)), 36);
  return b;
}

/** Parses and checks the header of `file`'s bytes; throws PersistenceError naming `file`. */
export function decodeHeader(bytes: Uint8Array, file: string): SnapshotHeader {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < HEADER_BYTES) {
    throw new PersistenceError(
      `snapshot ${file} is truncated: ${b.length} bytes, shorter than its header`,
      'TRUNCATED',
      file,
    );
  }
  if (b.toString('latin1', 0, 8) !== MAGIC) {
    throw new PersistenceError(`${file} is not an embedis snapshot (bad magic)`, 'CORRUPT', file);
  }
  if (b.readUInt32LE(36) !== crc32(b.subarray(0, 36))) {
    throw new PersistenceError(`snapshot ${file} is corrupt: header checksum mismatch`, 'CORRUPT', file);
  }
  const version = b.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    throw new PersistenceError(
      `snapshot ${file} has format version ${version}; this embedis reads version ${FORMAT_VERSION}`,
      'VERSION',
      file,
    );
  }
  return {
    version,
    createdAt: b.readDoubleLE(16),
    bodyLength: b.readDoubleLE(24),
    bodyCrc: b.readUInt32LE(32),
  };
}

// ---- msgpack ----------------------------------------------------------------------------------

/** Packer options: plain arrays (no records), typed arrays kept as such (Float64Array scores). */
export function newPackr(): Packr {
  return new Packr({ useRecords: false, moreTypes: true });
}

/**
 * Unpacker matching {@link newPackr}. Only bigints are packed as 64-bit integers (stream ID
 * parts from 2^53 up); they come back as bigints and {@link partIn} makes them canonical.
 */
export function newUnpackr(): Unpackr {
  return new Unpackr({ useRecords: false, moreTypes: true, mapsAsObjects: true });
}

// ---- values -> pieces -------------------------------------------------------------------------

/** A value being serialised piece by piece. */
export interface PieceCursor {
  /** The type code (T_*). */
  readonly type: number;
  /** The next piece's payload. */
  next(): unknown;
  /** True once every piece was returned. */
  readonly done: boolean;
  /** Elements in the pieces so far (frame sizing). */
  readonly elements: number;
}

/** A cursor over the pieces of collection `v`. */
export function pieces(v: Collection): PieceCursor {
  if (v instanceof List) return new ListPieces(v);
  if (v instanceof RedisSet) return new ArrayPieces(T_SET, v.members(), 1);
  if (v instanceof Hash) return new HashPieces(v);
  if (v instanceof SortedSet) return new ZsetPieces(v);
  if (v instanceof Stream) return new StreamPieces(v);
  throw new PersistenceError(`snapshot: no encoding for type ${v.type}`, 'CORRUPT');
}

class ListPieces implements PieceCursor {
  readonly type = T_LIST;
  private at = 0;
  elements = 0;
  constructor(private readonly list: List) {}
  get done(): boolean {
    return this.at >= this.list.length;
  }
  next(): string[] {
    const out = this.list.range(this.at, this.at + PIECE - 1);
    this.at += out.length;
    this.elements += out.length;
    return out;
  }
}

/** A set's members (one array taken at the start: a member list is cheap next to its strings). */
class ArrayPieces implements PieceCursor {
  private at = 0;
  elements = 0;
  constructor(
    readonly type: number,
    private readonly items: string[],
    private readonly stride: number,
  ) {}
  get done(): boolean {
    return this.at >= this.items.length;
  }
  next(): string[] {
    const n = PIECE * this.stride;
    const items = this.items;
    const out = this.at === 0 && items.length <= n ? items : items.slice(this.at, this.at + n);
    this.at += out.length;
    this.elements += out.length / this.stride;
    return out;
  }
}

class HashPieces implements PieceCursor {
  readonly type = T_HASH;
  private readonly it: Iterator<[string, string]>;
  private left: number;
  elements = 0;
  constructor(h: Hash) {
    this.it = h.map.entries();
    this.left = h.size;
  }
  get done(): boolean {
    return this.left === 0;
  }
  next(): string[] {
    const n = Math.min(this.left, PIECE);
    const out = new Array<string>(n * 2);
    const it = this.it;
    for (let i = 0; i < n; i++) {
      const [f, v] = it.next().value as [string, string];
      out[2 * i] = f;
      out[2 * i + 1] = v;
    }
    this.left -= n;
    this.elements += n;
    return out;
  }
}

class ZsetPieces implements PieceCursor {
  readonly type = T_ZSET;
  private at = 0;
  elements = 0;
  constructor(private readonly z: SortedSet) {}
  get done(): boolean {
    return this.at >= this.z.size;
  }
  next(): [string[], Float64Array] {
    const n = Math.min(PIECE, this.z.size - this.at);
    const members = new Array<string>(n);
    const scores = new Float64Array(n);
    let i = 0;
    this.z.forEachInRange(this.at, this.at + n - 1, false, (m, s) => {
      members[i] = m;
      scores[i++] = s;
    });
    this.at += n;
    this.elements += n;
    return [members, scores];
  }
}

/** An ID as [ms, seq]; parts are numbers below 2^53 and bigints above (msgpack uint64). */
function idOut(id: StreamId): [IdPart, IdPart] {
  return [id.ms, id.seq];
}

/** The canonical IdPart of a decoded integer: a number below 2^53, else a bigint. */
function partIn(p: unknown): IdPart {
  if (typeof p === 'number') return p;
  if (typeof p === 'bigint') return p < 9007199254740992n ? Number(p) : p;
  throw new Error('bad stream ID part');
}

function idIn(x: unknown): StreamId {
  const a = x as [unknown, unknown];
  return makeId(partIn(a[0]), partIn(a[1]));
}

/**
 * A stream: meta, then its nodes STREAM_NODES_PER_PIECE at a time, then the groups with the
 * last piece. Payload: `[meta | null, nodes, groups | null]`.
 */
class StreamPieces implements PieceCursor {
  readonly type = T_STREAM;
  private at: number;
  private first = true;
  done = false;
  elements = 0;
  constructor(private readonly s: Stream) {
    this.at = s.head;
  }
  next(): unknown[] {
    const s = this.s;
    const end = Math.min(s.nodes.length, this.at + STREAM_NODES_PER_PIECE);
    const nodes: unknown[] = [];
    let prevMaster: readonly string[] | null = this.at > s.head ? s.nodes[this.at - 1]!.master : null;
    for (let p = this.at; p < end; p++) {
      const node = s.nodes[p]!;
      const sealed = node.items === null;
      nodes.push([
        // Copies of the mutable parts: the tuple is packed later, and the node may change
        // before that (XADD appends to the open node, XDEL flags records in place).
        node.master === prevMaster ? null : node.master,
        node.n,
        node.live,
        node.nItems,
        node.bytes,
        node.rec.slice(0, sealed ? node.rec.length : node.n * 5),
        sealed ? node.data : node.items!.slice(),
        node.endBase,
        node.narrow ? 1 : 0,
        s.keys.slice(p * 4, p * 4 + 4),
      ]);
      prevMaster = node.master;
      this.elements += node.n;
    }
    this.at = end;
    const meta = this.first
      ? [
          s.length,
          idOut(s.lastId),
          idOut(s.firstId),
          idOut(s.maxDeletedEntryId),
          s.entriesAdded,
          s.unordered ? 1 : 0,
        ]
      : null;
    this.first = false;
    let groups: unknown[] | null = null;
    if (end >= s.nodes.length) {
      this.done = true;
      groups = [];
      for (const g of s.groups.values()) groups.push(groupOut(g));
    }
    return [meta, nodes, groups];
  }
}

/** `[name, lastId, entriesRead, consumers: [name, seenTime][], pel: [ms, seq, time, count, consumer][]]` */
function groupOut(g: ConsumerGroup): unknown[] {
  const names: unknown[] = [];
  const index = new Map<Consumer, number>();
  for (const c of g.consumers.values()) {
    index.set(c, index.size);
    names.push([c.name, c.seenTime]);
  }
  const pel: unknown[] = [];
  for (const nack of g.pel) {
    pel.push([
      nack.id.ms,
      nack.id.seq,
      nack.deliveryTime,
      nack.deliveryCount,
      index.get(nack.consumer!) ?? -1,
    ]);
  }
  return [g.name, idOut(g.lastId), g.entriesRead, names, pel];
}

// ---- pieces -> values -------------------------------------------------------------------------

/** Builds one value from its pieces. */
export interface ValueBuilder {
  add(payload: unknown): void;
  finish(): Value;
}

/** A builder for type `type` in `store` (limits are the store's, so CONFIG applies). */
export function builder(type: number, store: Store): ValueBuilder {
  switch (type) {
    case T_LIST:
      return new ListBuilder();
    case T_SET:
      return new SetBuilder(store);
    case T_ZSET:
      return new ZsetBuilder(store);
    case T_HASH:
      return new HashBuilder(store);
    case T_STREAM:
      return new StreamBuilder(store);
    default:
      throw new Error(`unknown value type ${type}`);
  }
}

class ListBuilder implements ValueBuilder {
  private readonly list = new List();
  add(p: unknown): void {
    const items = p as string[];
    const list = this.list;
    for (let i = 0; i < items.length; i++) list.pushRight(items[i]!);
  }
  finish(): Value {
    return this.list;
  }
}

class SetBuilder implements ValueBuilder {
  private members: string[] = [];
  constructor(private readonly store: Store) {}
  add(p: unknown): void {
    const items = p as string[];
    if (this.members.length === 0) this.members = items;
    else for (let i = 0; i < items.length; i++) this.members.push(items[i]!);
  }
  finish(): Value {
    // rdbLoadObject: an intset while every member is an integer and they fit, else a hashtable.
    const limits = this.store.setLimits;
    const members = this.members;
    let ints = members.length <= limits.maxIntsetEntries;
    for (let i = 0; ints && i < members.length; i++) ints = isInt64(members[i]!);
    if (ints) return RedisSet.from(members, limits);
    // add() keeps the set's own bookkeeping (its ASCII hint, the conversion at the limit).
    const s = new RedisSet(limits);
    for (let i = 0; i < members.length; i++) s.add(members[i]!);
    return s;
  }
}

class HashBuilder implements ValueBuilder {
  private readonly h: Hash;
  constructor(store: Store) {
    this.h = new Hash(store.hashLimits);
  }
  add(p: unknown): void {
    // Hash.set converts exactly as rdbLoadObject: past the entry count or on a long string.
    const flat = p as string[];
    const h = this.h;
    for (let i = 0; i < flat.length; i += 2) {
      const f = flat[i]!;
      const v = flat[i + 1]!;
      h.set(f, v, isAscii(f) && isAscii(v));
    }
  }
  finish(): Value {
    return this.h;
  }
}

class ZsetBuilder implements ValueBuilder {
  // Pieces go straight into the set's leaves and member map, with no array of all entries.
  private readonly b: SortedSetBuilder;
  constructor(store: Store) {
    this.b = new SortedSetBuilder(store.zsetLimits);
  }
  add(p: unknown): void {
    const [members, scores] = p as [string[], Float64Array];
    if (members.length !== scores.length)
      throw new Error('sorted set piece: members and scores differ in length');
    this.b.add(members, scores);
  }
  finish(): Value {
    return this.b.finish();
  }
}

class StreamBuilder implements ValueBuilder {
  private readonly s: Stream;
  constructor(store: Store) {
    // The store's node limits (stream-node-max-*), shared by reference so CONFIG SET applies.
    this.s = new Stream(store.streamLimits);
  }
  private keys: number[] = [];
  private master: readonly string[] = [];
  add(p: unknown): void {
    const [meta, nodes, groups] = p as [unknown[] | null, unknown[][], unknown[][] | null];
    const s = this.s;
    if (meta !== null) {
      s.length = meta[0] as number;
      s.lastId = idIn(meta[1]);
      s.firstId = idIn(meta[2]);
      s.maxDeletedEntryId = idIn(meta[3]);
      s.entriesAdded = meta[4] as number;
      s.unordered = meta[5] === 1;
    }
    for (const n of nodes) {
      if (n[0] !== null) this.master = n[0] as string[];
      const node = new StreamNode(this.master, 0);
      node.n = n[1] as number;
      node.live = n[2] as number;
      node.nItems = n[3] as number;
      node.bytes = n[4] as number;
      node.rec = toUint32(n[5]);
      if (typeof n[6] === 'string') {
        node.items = null;
        node.data = n[6];
      } else {
        node.items = n[6] as string[];
      }
      node.endBase = n[7] as number;
      node.narrow = n[8] === 1;
      s.nodes.push(node);
      const k = toUint32(n[9]);
      this.keys.push(k[0]!, k[1]!, k[2]!, k[3]!);
    }
    if (groups !== null) {
      for (const g of groups) {
        const group = s.createGroup(g[0] as string, idIn(g[1]), g[2] as number)!;
        const consumers: Consumer[] = [];
        for (const [name, seen] of g[3] as [string, number][]) {
          consumers.push(group.createConsumer(name, seen)!);
        }
        for (const [ms, seq, time, count, ci] of g[4] as [unknown, unknown, number, number, number][]) {
          const consumer = consumers[ci] ?? null;
          const nack = new Nack(makeId(partIn(ms), partIn(seq)), time, count, consumer);
          group.pel.insert(nack);
          consumer?.pel.insert(nack);
        }
      }
    }
  }
  finish(): Value {
    const s = this.s;
    const keys = new Uint32Array(Math.max(16, s.nodes.length * 2) * 4);
    keys.set(this.keys);
    s.keys = keys;
    s.head = 0;
    return s;
  }
}

/** msgpackr hands typed arrays back as such; a plain array (another writer) is converted. */
function toUint32(x: unknown): Uint32Array {
  if (x instanceof Uint32Array) return x;
  return Uint32Array.from(x as ArrayLike<number>);
}
