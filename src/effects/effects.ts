// The execution unit's effects. Every mutation in store code reports three things here:
//   touch(db, key)          a key changed (WATCH invalidation, client-side caching later)
//   event(flag, name, ...)  a keyspace notification (notify-keyspace-events)
//   propagate(db, argv)     the *effect* to log (AOF, replicas): deterministic argv, e.g.
//                           SET EX rewritten to SET PXAT, expired keys as DEL.
// With nothing listening each is one field check, so the all-off path costs next to nothing.
// Effects logged inside one unit (a command, or an EXEC) reach sinks together, once, at its end,
// wrapped in MULTI ... EXEC when there are several (Redis 7.0 propagatePendingCommands).
// A bare typed set() of text can skip the effect objects: a lone sink that offers a SetTextSink
// (the AOF) takes key and value as they are (trySetText).

import { toBytes } from '../bytes.js';

/** One logged effect: a command to replay against database `db`. */
export interface Effect {
  readonly db: number;
  readonly argv: readonly string[];
}

/** Receives each finished execution unit's effects, in order. */
export type EffectSink = (unit: readonly Effect[]) => void;

/**
 * A sink's shortcut for the commonest effect, a bare typed `set(key, value)`, with no effect
 * objects built. It is handed the effect just before the write it logs.
 */
export interface SetTextSink {
  /**
   * Takes `SET key value`, key and value as the caller's text (their UTF-8 encoding is the
   * sink's job). Returns false when it cannot take it now; the effect then arrives through the
   * {@link EffectSink} as `SET <UTF-8 bytes of key> <UTF-8 bytes of value>`, after the write.
   */
  set(db: number, key: string, value: string): boolean;
  /**
   * Withdraws the effect the last set() took: the write it logged failed (threw). Called only
   * right after that set(), before any other effect.
   */
  retract(): void;
}

/** Receives keyspace events: Redis's notifyKeyspaceEvent(type, event, key, dbid). */
export type EventListener = (flag: number, event: string, key: string, db: number) => void;

/** Receives key modifications (Redis's signalModifiedKey). */
export type TouchListener = (db: number, key: string) => void;

/** Keyspace event classes, as Redis's NOTIFY_* flags. */
export const NOTIFY = {
  KEYSPACE: 1 << 0,
  KEYEVENT: 1 << 1,
  GENERIC: 1 << 2,
  STRING: 1 << 3,
  LIST: 1 << 4,
  SET: 1 << 5,
  HASH: 1 << 6,
  ZSET: 1 << 7,
  EXPIRED: 1 << 8,
  EVICTED: 1 << 9,
  STREAM: 1 << 10,
  KEY_MISS: 1 << 11,
  LOADED: 1 << 12,
  MODULE: 1 << 13,
  NEW: 1 << 14,
} as const;

const MULTI_ARGV: readonly string[] = ['MULTI'];
const EXEC_ARGV: readonly string[] = ['EXEC'];

export class Effects {
  private sinks: EffectSink[] = [];
  /** The {@link SetTextSink} of each sink, null where it has none. */
  private setSinks: (SetTextSink | null)[] = [];
  /** The lone sink's {@link SetTextSink}; null when it has none or several sinks listen. */
  private setText: SetTextSink | null = null;
  private listeners: EventListener[] = [];
  private touchers: TouchListener[] = [];
  private pending: Effect[] = [];
  private depth = 0;
  /** False while no sink listens: propagate() is then a no-op. */
  logging = false;
  /** False while no event listener exists. */
  eventing = false;
  /**
   * Modified keys so far (every touch), for save points: persistence reads differences of it
   * (Redis's server.dirty), so counting needs no listener.
   */
  dirty = 0;
  /**
   * Changes made to the dataset without propagating them (DEBUG POPULATE, as in Redis): an
   * append-only log then no longer holds everything the store does, so its next rewrite must
   * serialise memory rather than replay its files (aof-compact.ts).
   */
  unlogged = 0;
  /** False while no touch listener exists. */
  touching = false;
  /**
   * Set inside a unit whose effects must reach sinks unwrapped even when there are several
   * (Redis's propagate_no_multi: the active expire cycle, eviction; a RANDOMKEY or SCAN run
   * directly). Cleared when the outermost unit ends.
   */
  noWrap = false;
  /**
   * Runs when the outermost unit ends, after its effects reached the sinks: the blocking
   * registry sets it while keys are ready to serve blocked clients (Redis's
   * handleClientsBlockedOnKeys after call()). Null otherwise, so ending a unit costs one check.
   */
  afterUnit: (() => void) | null = null;

  /**
   * Adds a sink for logged effects, with an optional shortcut for typed SETs (used while it is
   * the only sink); returns a function that removes it.
   */
  addSink(sink: EffectSink, setText?: SetTextSink): () => void {
    this.sinks.push(sink);
    this.setSinks.push(setText ?? null);
    this.sinksChanged();
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i < 0) return;
      this.sinks = this.sinks.filter((_, j) => j !== i);
      this.setSinks = this.setSinks.filter((_, j) => j !== i);
      this.sinksChanged();
    };
  }

  private sinksChanged(): void {
    this.logging = this.sinks.length > 0;
    this.setText = this.sinks.length === 1 ? this.setSinks[0]! : null;
  }

  /** Adds a keyspace event listener; returns a function that removes it. */
  addEventListener(fn: EventListener): () => void {
    this.listeners.push(fn);
    this.eventing = true;
    return () => {
      this.listeners = this.listeners.filter((s) => s !== fn);
      this.eventing = this.listeners.length > 0;
    };
  }

  /** Adds a key-modification listener; returns a function that removes it. */
  addTouchListener(fn: TouchListener): () => void {
    this.touchers.push(fn);
    this.touching = true;
    return () => {
      this.touchers = this.touchers.filter((s) => s !== fn);
      this.touching = this.touchers.length > 0;
    };
  }

  /** Logs an effect. Outside a unit it reaches the sinks at once, as a unit of its own. */
  propagate(db: number, argv: readonly string[]): void {
    if (!this.logging) return;
    if (this.depth === 0 && this.pending.length === 0) {
      // A bare typed call: nothing to collect or wrap, so the effect goes straight out (no
      // pending queue, no fresh pending array per call).
      const unit: readonly Effect[] = [{ db, argv }];
      const sinks = this.sinks;
      if (sinks.length === 1) sinks[0]!(unit);
      else for (let i = 0; i < sinks.length; i++) sinks[i]!(unit);
      return;
    }
    this.pending.push({ db, argv });
    if (this.depth === 0) this.flush();
  }

  /**
   * Logs `SET key value` for a bare typed set() of text (`key` and `value` as the caller gave
   * them) through the lone sink's {@link SetTextSink}, when there is one and it takes it; false
   * otherwise, and the caller logs it with {@link propagateSetText}. Called before the write
   * it logs: an effect staged first overlaps with the map write's cache misses.
   */
  trySetText(db: number, key: string, value: string): boolean {
    const direct = this.setText;
    return direct !== null && this.depth === 0 && this.pending.length === 0 && direct.set(db, key, value);
  }

  /** Withdraws the effect {@link trySetText} just logged: the write failed. */
  retractSetText(): void {
    this.setText?.retract();
  }

  /** Logs `SET key value` for a typed set() of text: {@link trySetText}, else {@link propagate}. */
  propagateSetText(db: number, key: string, value: string): void {
    if (!this.trySetText(db, key, value)) this.propagate(db, ['SET', toBytes(key), toBytes(value)]);
  }

  /** Reports a keyspace event. */
  event(flag: number, event: string, key: string, db: number): void {
    if (!this.eventing) return;
    for (const l of this.listeners) l(flag, event, key, db);
  }

  /** Reports a modified key. */
  touch(db: number, key: string): void {
    this.dirty++;
    if (!this.touching) return;
    for (const t of this.touchers) t(db, key);
  }

  /** Opens an execution unit (nestable). */
  begin(): void {
    this.depth++;
  }

  /** Closes an execution unit; the outermost close hands the unit's effects to the sinks. */
  end(): void {
    if (--this.depth === 0) {
      if (this.pending.length !== 0) this.flush();
      this.noWrap = false;
      if (this.afterUnit !== null) this.afterUnit();
    }
  }

  /**
   * Lets the current unit's effects reach sinks unwrapped when it is the outermost one: for a
   * command run directly that may lazily expire any number of keys (SCAN, RANDOMKEY: Redis's
   * CMD_TOUCHES_ARBITRARY_KEYS). Inside an EXEC it does nothing: the EXEC stays wrapped.
   */
  unwrapOutermost(): void {
    if (this.depth === 1) this.noWrap = true;
  }

  /** True while an execution unit is open (a command, an EXEC); false for a bare typed call. */
  get inUnit(): boolean {
    return this.depth !== 0;
  }

  private flush(): void {
    let unit = this.pending;
    this.pending = [];
    // Several effects of one unit (an EXEC, a write that first expired a key) replay
    // atomically: MULTI takes the first effect's db and EXEC the last's, as Redis does so
    // that no extra SELECT is logged around them.
    if (unit.length > 1 && !this.noWrap) {
      unit = [
        { db: unit[0]!.db, argv: MULTI_ARGV },
        ...unit,
        { db: unit[unit.length - 1]!.db, argv: EXEC_ARGV },
      ];
    }
    for (const s of this.sinks) s(unit);
  }
}
