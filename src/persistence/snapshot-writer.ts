// Encodes a snapshot body (see snapshot-format.ts): tuples gathered into frames of ~1000 keys,
// each frame msgpack-packed, length-prefixed, CRC'd and handed to `out` in chunks of ~1 MiB.
// The writer is synchronous and knows nothing about files or time: snapshot.ts drives it in
// one go (SAVE) or through the point-in-time walk in slices (BGSAVE). Frames are not copied:
// msgpackr never reuses the bytes it returned, and it leaves room for the length prefix.

import { RESERVE_START_SPACE } from 'msgpackr';
import { toBytes } from '../bytes.js';
import type { Value } from '../keyspace/db.js';
import {
  CONT,
  crc32,
  ELEMENTS_PER_FRAME,
  FRAME_END,
  FRAME_KEYS,
  FRAME_META,
  FRAME_STRINGS,
  KEYS_PER_FRAME,
  LAST,
  MORE,
  newPackr,
  type PieceCursor,
  pieces,
  T_STRING,
} from './snapshot-format.js';

/** Bytes gathered before they are handed to the output. */
const OUT_CHUNK = 1 << 20;

export class SnapshotWriter {
  private readonly packr = newPackr();
  private tuples: unknown[][] = [];
  /** Strings without a TTL, in columns (FRAME_STRINGS): no array per key to pack or unpack. */
  private strKeys: string[] = [];
  private strValues: string[] = [];
  private frameDb = -1;
  private frameElements = 0;
  private chunks: Uint8Array[] = [];
  private chunkBytes = 0;
  /** CRC-32 of the body so far. */
  crc = 0;
  /** Body bytes so far. */
  bytes = 0;
  /** Keys written (first tuples; a key serialised twice by copy-on-write counts twice). */
  keys = 0;

  /** @param out receives body bytes in order, as a list of buffers (a file write). */
  constructor(private readonly out: (chunks: Uint8Array[], bytes: number) => void) {}

  /** Writes the meta frame; call once, first. */
  begin(meta: { databases: number; createdAt: number; creator: string }): void {
    this.frame([FRAME_META, meta]);
  }

  /**
   * Writes `key` of database `db`. `text`: the value may be an unscanned typed-API string (a
   * text-mode db, see Db.nonAsciiValues) to convert to bytes. Returns a cursor when a large
   * collection was only started: pass it to {@link piece} until it is done.
   */
  key(db: number, key: string, value: Value, expireAt: number, text: boolean): PieceCursor | null {
    this.keys++;
    if (typeof value === 'string') {
      const v = text ? toBytes(value) : value;
      if (expireAt !== 0) {
        this.push(db, [key, T_STRING, v, expireAt], 1);
        return null;
      }
      if (db !== this.frameDb) {
        this.flushFrame();
        this.frameDb = db;
      }
      this.strKeys.push(key);
      this.strValues.push(v);
      if (this.strKeys.length >= KEYS_PER_FRAME) this.flushStrings();
      return null;
    }
    const cursor = pieces(value);
    const payload = cursor.next();
    const type = cursor.done ? cursor.type : cursor.type | MORE;
    this.push(db, expireAt === 0 ? [key, type, payload] : [key, type, payload, expireAt], cursor.elements);
    return cursor.done ? null : cursor;
  }

  /** Writes the next piece of a value {@link key} started. */
  piece(db: number, key: string, cursor: PieceCursor): void {
    const before = cursor.elements;
    const payload = cursor.next();
    this.push(db, [key, cursor.done ? LAST : CONT, payload], cursor.elements - before);
  }

  /** Writes every remaining piece of a started value. */
  finishValue(db: number, key: string, cursor: PieceCursor): void {
    while (!cursor.done) this.piece(db, key, cursor);
  }

  /** Packs the frames being gathered, if any. */
  flushFrame(): void {
    this.flushStrings();
    if (this.tuples.length === 0) return;
    const tuples = this.tuples;
    this.tuples = [];
    this.frameElements = 0;
    this.frame([FRAME_KEYS, this.frameDb, tuples]);
  }

  private flushStrings(): void {
    if (this.strKeys.length === 0) return;
    const keys = this.strKeys;
    const values = this.strValues;
    this.strKeys = [];
    this.strValues = [];
    this.frame([FRAME_STRINGS, this.frameDb, keys, values]);
  }

  /** Writes the end frame and hands out everything left. */
  end(): void {
    this.flushFrame();
    this.frame([FRAME_END, { keys: this.keys }]);
    this.flushOut();
  }

  /** Hands gathered bytes to the output. */
  flushOut(): void {
    if (this.chunkBytes === 0) return;
    const chunks = this.chunks;
    const bytes = this.chunkBytes;
    this.chunks = [];
    this.chunkBytes = 0;
    this.out(chunks, bytes);
  }

  private push(db: number, tuple: unknown[], elements: number): void {
    if (db !== this.frameDb) {
      this.flushFrame();
      this.frameDb = db;
    }
    this.tuples.push(tuple);
    this.frameElements += elements;
    if (this.tuples.length >= KEYS_PER_FRAME || this.frameElements >= ELEMENTS_PER_FRAME) this.flushFrame();
  }

  private frame(value: unknown): void {
    // Four bytes reserved in front of the packed value take its length.
    const b = this.packr.pack(value, RESERVE_START_SPACE | 4) as Uint8Array;
    const len = b.length - 4;
    b[0] = len & 0xff;
    b[1] = (len >>> 8) & 0xff;
    b[2] = (len >>> 16) & 0xff;
    b[3] = len >>> 24;
    this.append(b);
    if (this.chunkBytes >= OUT_CHUNK) this.flushOut();
  }

  private append(b: Uint8Array): void {
    this.crc = crc32(b, this.crc);
    this.bytes += b.length;
    this.chunks.push(b);
    this.chunkBytes += b.length;
  }
}
