// A point-in-time walk over every database while commands keep running: what Redis gets from
// fork(), done with key-level copy-on-write. Node cannot fork, so a background save walks the
// keyspace in slices of a few ms, and the store calls `beforeWrite(db, key)` before it modifies
// a key (lookupWrite, setKey, deleteKey, expireKey, setExpire, removeExpire; `beforeFlush`
// before FLUSHDB/FLUSHALL). The walk then serialises that key *first*, as it still is, so the
// file holds every key as it was when the save started:
//
// - a key not reached yet is written out of turn and remembered (`hooked`); the walk skips it;
// - a key created after the start is absent at its first write: it is only remembered, so the
//   walk skips it too (a JS Map iterator does visit keys added behind it);
// - a key already passed needs nothing — but telling "passed" apart costs memory, so strings
//   (cheap) are simply written again with their unchanged value (the loader keeps the last
//   copy); collections already passed are recognised through a WeakSet and not rewritten;
// - the key whose pieces are being written (a large collection spread over slices) is
//   finished at once;
// - a flush hands the walk the database's current maps and gives the database new empty ones
//   (O(1)); SWAPDB needs nothing, as the walk follows each database's Map objects.
//
// Cost when no save runs: one `store.cow !== null` check in each of those methods.

import type { Db, Value } from '../keyspace/db.js';
import type { WriteHook } from '../store/core.js';
import type { Store } from '../store.js';
import type { PieceCursor } from './snapshot-format.js';
import type { SnapshotWriter } from './snapshot-writer.js';

/** One database's part of the walk. */
interface DbWalk {
  /** Database index in the file: the index the maps had when the walk started. */
  readonly index: number;
  /** The maps as they were at the start (the same objects the db uses until a flush). */
  readonly dict: Map<string, Value>;
  readonly expires: Map<string, number>;
  /** Text mode of the maps' values (Db.nonAsciiValues false), refreshed from the owner. */
  text: boolean;
  /** Keys written out of turn or created after the start. */
  readonly hooked: Set<string>;
  iter: Iterator<[string, Value]> | null;
  /** The key whose pieces are being written, and its cursor. */
  currentKey: string | null;
  cursor: PieceCursor | null;
  done: boolean;
}

/** How many keys the walk handles between two looks at the clock. */
const KEYS_PER_CLOCK_CHECK = 64;

export class SnapshotWalk implements WriteHook {
  private readonly walks: DbWalk[];
  private at = 0;
  /** Collections the walk has written (see the header). */
  private readonly passed = new WeakSet<object>();
  private detached = false;

  constructor(
    private readonly store: Store,
    private readonly writer: SnapshotWriter,
  ) {
    this.walks = store.dbs.map((db, index) => ({
      index,
      dict: db.dict,
      expires: db.expires,
      text: !db.nonAsciiValues,
      hooked: new Set<string>(),
      iter: null,
      currentKey: null,
      cursor: null,
      done: db.dict.size === 0,
    }));
    attachHook(store, this);
  }

  /** True once every database was written. */
  get done(): boolean {
    return this.at >= this.walks.length;
  }

  /**
   * Walks until `deadline` (performance.now() ms) or the end; returns true when done. The
   * writer's pending frame is packed at the end of each step, so nothing it holds can change.
   */
  step(deadline: number): boolean {
    const writer = this.writer;
    let n = 0;
    while (this.at < this.walks.length) {
      const w = this.walks[this.at]!;
      if (w.done) {
        this.at++;
        continue;
      }
      this.refreshOwner(w);
      if (w.cursor !== null) {
        writer.piece(w.index, w.currentKey!, w.cursor);
        if (w.cursor.done) {
          w.cursor = null;
          w.currentKey = null;
        }
        if (performance.now() >= deadline) break;
        continue;
      }
      w.iter ??= w.dict.entries();
      const r = w.iter.next();
      if (r.done === true) {
        w.done = true;
        this.at++;
        continue;
      }
      const [key, value] = r.value;
      if (w.hooked.size !== 0 && w.hooked.has(key)) continue;
      if (typeof value !== 'string') this.passed.add(value);
      const cursor = writer.key(w.index, key, value, w.expires.get(key) ?? 0, w.text);
      if (cursor !== null) {
        w.cursor = cursor;
        w.currentKey = key;
      }
      if (++n % KEYS_PER_CLOCK_CHECK === 0 && performance.now() >= deadline) break;
    }
    writer.flushFrame();
    return this.done;
  }

  /** Walks to the end in one go. */
  finish(): void {
    this.step(Number.POSITIVE_INFINITY);
  }

  /** Stops watching writes (at the end or on abort). Idempotent. */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    detachHook(this.store, this);
  }

  /** WriteHook: `key` of `db` is about to change. */
  beforeWrite(db: Db, key: string): void {
    const w = this.walkOf(db.dict);
    if (w === undefined || w.done) return;
    const hooked = w.hooked;
    if (hooked.has(key)) return;
    hooked.add(key);
    if (w.currentKey === key) {
      this.writer.finishValue(w.index, key, w.cursor!);
      w.cursor = null;
      w.currentKey = null;
      return;
    }
    const value = w.dict.get(key);
    if (value === undefined) return; // created after the start
    if (typeof value !== 'string' && this.passed.has(value)) return;
    const cursor = this.writer.key(w.index, key, value, w.expires.get(key) ?? 0, !db.nonAsciiValues);
    if (cursor !== null) this.writer.finishValue(w.index, key, cursor);
  }

  /** WriteHook: every key of `db` is about to be removed (FLUSHDB, FLUSHALL). */
  beforeFlush(db: Db): void {
    const w = this.walkOf(db.dict);
    if (w === undefined || w.done) return;
    // The walk keeps the maps; the database continues with new ones, which clear() empties.
    w.text = !db.nonAsciiValues;
    db.dict = new Map();
    db.expires = new Map();
    db.encodings = new Map();
  }

  private walkOf(dict: Map<string, Value>): DbWalk | undefined {
    const walks = this.walks;
    for (let i = 0; i < walks.length; i++) if (walks[i]!.dict === dict) return walks[i];
    return undefined;
  }

  /** The value mode of a walk's maps is the mode of the db that holds them now (SWAPDB moves them). */
  private refreshOwner(w: DbWalk): void {
    for (const db of this.store.dbs) {
      if (db.dict === w.dict) {
        w.text = !db.nonAsciiValues;
        return;
      }
    }
  }
}

/** Several hooks at once (a save and a log rewrite): each sees every write. */
class HookFan implements WriteHook {
  constructor(readonly hooks: WriteHook[]) {}
  beforeWrite(db: Db, key: string): void {
    for (const h of this.hooks) h.beforeWrite(db, key);
  }
  beforeFlush(db: Db): void {
    for (const h of this.hooks) h.beforeFlush(db);
  }
}

/** Installs `hook` as (one of) the store's before-write hook(s). */
export function attachHook(store: Store, hook: WriteHook): void {
  const cur = store.cow;
  if (cur === null) store.cow = hook;
  else if (cur instanceof HookFan) cur.hooks.push(hook);
  else store.cow = new HookFan([cur, hook]);
}

/** Removes a hook {@link attachHook} installed. */
export function detachHook(store: Store, hook: WriteHook): void {
  const cur = store.cow;
  if (cur === hook) store.cow = null;
  else if (cur instanceof HookFan) {
    const rest = cur.hooks.filter((h) => h !== hook);
    store.cow = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : new HookFan(rest);
  }
}
