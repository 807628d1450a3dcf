// Strings (redis.io group "string"): the typed API of t_string.c. Values are byte strings
// stored directly in the db map; integers stay strings (INCR parses and formats them, which is
// what Redis replies with anyway).

import { type Bytes, fromBytes, toBytes, toUint8 } from '../bytes.js';
import { NOTIFY } from '../effects/effects.js';
import { fail, invalidExpireTime, SYNTAX } from '../errors.js';
import { KeysStore } from './keys.js';

/** Redis's 512 MB proto-max-bulk-len default, the largest string value. */
export const MAX_STRING_LENGTH = 512 * 1024 * 1024;

/** Options of SET, as typed objects. At most one of ex/px/exat/pxat/keepTtl. */
export interface SetOptions {
  /** Expire after this many seconds (SET EX). */
  ex?: number;
  /** Expire after this many milliseconds (SET PX). */
  px?: number;
  /** Expire at this Unix time in seconds (SET EXAT). */
  exat?: number;
  /** Expire at this Unix time in milliseconds (SET PXAT). */
  pxat?: number;
  /** Keep the key's current TTL (SET KEEPTTL). */
  keepTtl?: boolean;
  /** NX: only set a missing key; XX: only set an existing key. */
  condition?: 'NX' | 'XX';
}

/** @internal a parsed SET: expiry as absolute ms (or undefined), flags as booleans. */
export interface SetSpec {
  /** Absolute expiry time in ms, or undefined for none. */
  at: number | undefined;
  keepTtl: boolean;
  nx: boolean;
  xx: boolean;
  get: boolean;
}

export class StringsStore extends KeysStore {
  /**
   * Value of `key`, or null when it does not exist.
   * @remarks O(1)
   * @see https://redis.io/commands/get/
   */
  get(key: Bytes): string | null {
    const v = this.lookupString(toBytes(key));
    return v === null ? null : fromBytes(v);
  }

  /**
   * Like {@link StringsStore.get}, as raw bytes.
   * @remarks O(1)
   * @see https://redis.io/commands/get/
   */
  getBuffer(key: Bytes): Uint8Array | null {
    const v = this.lookupString(toBytes(key));
    return v === null ? null : toUint8(v);
  }

  /**
   * Sets `key` to `value`, dropping any TTL unless `keepTtl`. Returns 'OK', or null when the
   * NX/XX condition stopped it.
   * @remarks O(1)
   * @see https://redis.io/commands/set/
   */
  set(key: Bytes, value: Bytes, options?: SetOptions): 'OK' | null {
    const k = toBytes(key);
    const v = toBytes(value);
    if (options === undefined) {
      this._setPlain(k, v);
      return 'OK';
    }
    return this._set(k, v, this.setSpec(options, 'set')) ? 'OK' : null;
  }

  /**
   * SET with GET: sets `key` like {@link StringsStore.set} and returns its old value (null
   * when it had none). With a condition that stops the write, nothing changes.
   * @remarks O(1)
   * @see https://redis.io/commands/set/
   */
  setGet(key: Bytes, value: Bytes, options?: SetOptions): string | null {
    const spec = this.setSpec(options ?? {}, 'set');
    spec.get = true;
    const k = toBytes(key);
    const old = this.lookupString(k);
    this._set(k, toBytes(value), spec);
    return old === null ? null : fromBytes(old);
  }

  /** @internal SET key value with no options: the hot path. */
  _setPlain(key: string, value: string): void {
    const db = this.db;
    this.setKey(db, key, value);
    this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    if (this.effects.logging) this.effects.propagate(db.id, ['SET', key, value]);
  }

  /**
   * @internal SET with parsed options (setGenericCommand). The GET part (WRONGTYPE check and
   * old value) is the caller's. Returns false when NX/XX stopped the write.
   */
  _set(key: string, value: string, spec: SetSpec): boolean {
    if (value.length > MAX_STRING_LENGTH) fail('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    const db = this.db;
    if (spec.nx || spec.xx) {
      const found = this.lookupWrite(key) !== undefined;
      if ((spec.nx && found) || (spec.xx && !found)) return false;
    }
    this.setKey(db, key, value, spec.keepTtl);
    this.effects.event(NOTIFY.STRING, 'set', key, db.id);
    if (spec.at !== undefined) {
      this.setExpire(db, key, spec.at);
      // Relative times are logged as an absolute PXAT, so a replay expires at the same instant.
      if (this.effects.logging) this.effects.propagate(db.id, ['SET', key, value, 'PXAT', String(spec.at)]);
    } else if (this.effects.logging) {
      const argv = ['SET', key, value];
      if (spec.nx) argv.push('NX');
      if (spec.xx) argv.push('XX');
      if (spec.keepTtl) argv.push('KEEPTTL');
      this.effects.propagate(db.id, argv);
    }
    return true;
  }

  /**
   * @internal converts a relative or absolute expiry into absolute ms, with Redis's checks
   * (getExpireMillisecondsOrReply): a value <= 0, or one that overflows, is an invalid expire
   * time.
   */
  expireAtMs(value: number, unitMs: 1 | 1000, relative: boolean, command: string): number {
    if (!(value > 0) || (unitMs === 1000 && value > 9223372036854775)) fail(invalidExpireTime(command));
    let ms = value * unitMs;
    if (relative) ms += this.clock.now();
    if (ms > 9223372036854775807) fail(invalidExpireTime(command));
    return ms;
  }

  private setSpec(o: SetOptions, command: string): SetSpec {
    let at: number | undefined;
    let n = 0;
    const check = (x: number | undefined): x is number => {
      if (x === undefined) return false;
      if (!Number.isSafeInteger(x)) fail('ERR value is not an integer or out of range');
      n++;
      return true;
    };
    if (check(o.ex)) at = this.expireAtMs(o.ex, 1000, true, command);
    if (check(o.px)) at = this.expireAtMs(o.px, 1, true, command);
    if (check(o.exat)) at = this.expireAtMs(o.exat, 1000, false, command);
    if (check(o.pxat)) at = this.expireAtMs(o.pxat, 1, false, command);
    if (n > 1 || (n === 1 && o.keepTtl)) fail(SYNTAX);
    if (o.condition !== undefined && o.condition !== 'NX' && o.condition !== 'XX') fail(SYNTAX);
    return { at, keepTtl: o.keepTtl === true, nx: o.condition === 'NX', xx: o.condition === 'XX', get: false };
  }
}
