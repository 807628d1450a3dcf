// redis.io group "string": wire handlers of t_string.c. Each parses argv completely (exact
// errors, case-insensitive options, in Redis's order), then calls the Store's byte-level method
// the typed API also uses. Where Redis reports an argument error only after the key's lookup
// (GETEX's expire value, INCRBYFLOAT's increment, LCS's options), that check is left to the
// byte-level method or made after it, so the same error wins as in Redis.

import { DECREMENT_OVERFLOW, fail, SYNTAX, wrongArgs } from '../errors.js';
import { isCanonicalInt } from '../keyspace/db.js';
import type { ExpireUnit, GetExSpec, LcsSpec, SetSpec } from '../store/strings.js';
import type { Store } from '../store.js';
import { isToken, parseBigInteger, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { MapReply, OK, type Reply } from './reply.js';

/** GET key */
export const getCommand: Handler = (store, argv) => store.lookupString(argv[1]!);

/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ts-ms | KEEPTTL] */
export const setCommand: Handler = (store, argv) => {
  const key = argv[1]!;
  const value = argv[2]!;
  if (argv.length === 3) {
    store._setPlain(key, value);
    return OK;
  }
  const opts = parseExtendedOptions(argv, SET_COMMAND);
  let at: number | undefined;
  if (opts.unit !== null) {
    // Redis validates the expire time before the GET part's lookup.
    at = expireArg(store, opts.unit, opts.expire!, 'set');
  }
  const spec: SetSpec = { at, keepTtl: opts.keepTtl, nx: opts.nx, xx: opts.xx, get: opts.get };
  if (spec.get) {
    const old = store.lookupString(key);
    store._set(key, value, spec);
    return old;
  }
  return store._set(key, value, spec) ? OK : null;
};

/** SETNX key value */
export const setnxCommand: Handler = (store, argv) => (store._setnx(argv[1]!, argv[2]!) ? 1 : 0);

/** SETEX key seconds value */
export const setexCommand: Handler = (store, argv) => setexGeneric(store, argv, 'EX', 'setex');

/** PSETEX key milliseconds value */
export const psetexCommand: Handler = (store, argv) => setexGeneric(store, argv, 'PX', 'psetex');

function setexGeneric(store: Store, argv: string[], unit: 'EX' | 'PX', name: string): Reply {
  const at = expireArg(store, unit, argv[2]!, name);
  store._set(argv[1]!, argv[3]!, { at, keepTtl: false, nx: false, xx: false, get: false });
  return OK;
}

/** GETSET key value */
export const getsetCommand: Handler = (store, argv) => store._getset(argv[1]!, argv[2]!);

/** GETDEL key */
export const getdelCommand: Handler = (store, argv) => store._getdel(argv[1]!);

/** GETEX key [EX s | PX ms | EXAT ts | PXAT ts-ms | PERSIST] */
export const getexCommand: Handler = (store, argv) => {
  const opts = parseExtendedOptions(argv, GET_COMMAND);
  const spec: GetExSpec = { unit: opts.unit, expire: Number.NaN, persist: opts.persist };
  // The expire value's NOT_INTEGER is reported only for an existing string key (see _getex).
  if (opts.unit !== null) spec.expire = integerOrNaN(opts.expire!);
  return store._getex(argv[1]!, spec);
};

/** MGET key [key ...] */
export const mgetCommand: Handler = (store, argv) => store._mget(argv.slice(1));

/** MSET key value [key value ...] */
export const msetCommand: Handler = (store, argv) => {
  if (argv.length % 2 === 0) fail(wrongArgs('mset'));
  store._mset(argv.slice(1));
  return OK;
};

/** MSETNX key value [key value ...] */
export const msetnxCommand: Handler = (store, argv) => {
  if (argv.length % 2 === 0) fail(wrongArgs('msetnx'));
  return store._msetnx(argv.slice(1)) ? 1 : 0;
};

/** APPEND key value */
export const appendCommand: Handler = (store, argv) => store._append(argv[1]!, argv[2]!);

/** STRLEN key */
export const strlenCommand: Handler = (store, argv) => store._strlen(argv[1]!);

/** GETRANGE key start end (and SUBSTR, its old name) */
export const getrangeCommand: Handler = (store, argv) => {
  const start = parseInteger(argv[2]!);
  const end = parseInteger(argv[3]!);
  return store._getrange(argv[1]!, start, end);
};

/** SETRANGE key offset value */
export const setrangeCommand: Handler = (store, argv) => {
  const offset = parseInteger(argv[2]!);
  return store._setrange(argv[1]!, offset, argv[3]!);
};

/** INCR key */
export const incrCommand: Handler = (store, argv) => store._incrby(argv[1]!, 1, 'INCR', undefined);

/** DECR key */
export const decrCommand: Handler = (store, argv) => store._incrby(argv[1]!, -1, 'DECR', undefined);

/** INCRBY key increment */
export const incrbyCommand: Handler = (store, argv) => {
  const by = parseInt64(argv[2]!);
  return store._incrby(argv[1]!, by, 'INCRBY', argv[2]!);
};

/** DECRBY key decrement */
export const decrbyCommand: Handler = (store, argv) => {
  const by = parseInt64(argv[2]!);
  // -LLONG_MIN does not fit in an int64.
  if (by === -9223372036854775808n) fail(DECREMENT_OVERFLOW);
  return store._incrby(argv[1]!, -by, 'DECRBY', argv[2]!);
};

/** INCRBYFLOAT key increment (the increment is checked after the stored value, as in Redis) */
export const incrbyfloatCommand: Handler = (store, argv) => store._incrbyfloat(argv[1]!, argv[2]!);

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] */
export const lcsCommand: Handler = (store, argv) => {
  // Redis reads both keys before it looks at the options: a wrong type wins over a syntax error.
  const [a, b] = store._lcsValues(argv[1]!, argv[2]!);
  const spec: LcsSpec = { len: false, idx: false, minMatchLen: 0 };
  let withMatchLen = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isToken(opt, 'IDX')) spec.idx = true;
    else if (isToken(opt, 'LEN')) spec.len = true;
    else if (isToken(opt, 'WITHMATCHLEN')) withMatchLen = true;
    else if (isToken(opt, 'MINMATCHLEN') && j < argv.length - 1) {
      spec.minMatchLen = Math.max(0, parseInteger(argv[++j]!));
    } else fail(SYNTAX);
  }
  const r = store._lcs(a, b, spec);
  if (spec.len) return r.len;
  if (!spec.idx) return r.lcs;
  const matches: Reply[] = new Array(r.matches.length);
  for (let i = 0; i < r.matches.length; i++) {
    const m = r.matches[i]!;
    const entry: Reply[] = [
      [m.a[0], m.a[1]],
      [m.b[0], m.b[1]],
    ];
    if (withMatchLen) entry.push(m.len);
    matches[i] = entry;
  }
  return new MapReply(['matches', matches, 'len', r.len]);
};

// ---- shared option parsing -------------------------------------------------------------------

const SET_COMMAND = true;
const GET_COMMAND = false;

interface ExtendedOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  persist: boolean;
  unit: ExpireUnit | null;
  /** The EX/PX/EXAT/PXAT argument as sent, when unit is set. */
  expire: string | null;
}

/**
 * Options of SET (from argv[3]) or GETEX (from argv[2]), exactly as Redis's
 * parseExtendedStringArgumentsOrReply accepts them: NX/XX/GET/KEEPTTL only for SET, PERSIST
 * only for GETEX; NX and XX exclude each other, as do KEEPTTL/PERSIST and the expire units; a
 * repeated flag or unit is allowed (the last expire value wins); an expire unit without a value,
 * and anything else, is a syntax error.
 */
function parseExtendedOptions(argv: string[], isSet: boolean): ExtendedOptions {
  const o: ExtendedOptions = {
    nx: false,
    xx: false,
    get: false,
    keepTtl: false,
    persist: false,
    unit: null,
    expire: null,
  };
  for (let j = isSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    if (isSet && isToken(opt, 'NX') && !o.xx) o.nx = true;
    else if (isSet && isToken(opt, 'XX') && !o.nx) o.xx = true;
    else if (isSet && isToken(opt, 'GET')) o.get = true;
    else if (isSet && isToken(opt, 'KEEPTTL') && o.unit === null) o.keepTtl = true;
    else if (!isSet && isToken(opt, 'PERSIST') && o.unit === null) o.persist = true;
    else {
      const unit = expireUnit(opt);
      if (unit === null || o.keepTtl || o.persist || (o.unit !== null && o.unit !== unit) || !hasNext)
        fail(SYNTAX);
      o.unit = unit;
      o.expire = argv[++j]!;
    }
  }
  return o;
}

function expireUnit(opt: string): ExpireUnit | null {
  if (isToken(opt, 'EX')) return 'EX';
  if (isToken(opt, 'PX')) return 'PX';
  if (isToken(opt, 'EXAT')) return 'EXAT';
  if (isToken(opt, 'PXAT')) return 'PXAT';
  return null;
}

/** An EX/PX/EXAT/PXAT argument as an absolute time in ms, with Redis's errors. */
function expireArg(store: Store, unit: ExpireUnit, arg: string, command: string): number {
  const n = parseInteger(arg);
  return store.expireAtMs(
    n,
    unit === 'EX' || unit === 'EXAT' ? 1000 : 1,
    unit === 'EX' || unit === 'PX',
    command,
  );
}

/** An int64 argument as a number when it is exact, else as a bigint. */
function parseInt64(arg: string): number | bigint {
  if (arg.length < 16) return parseInteger(arg);
  const n = parseBigInteger(arg);
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/** An integer argument, or NaN when Redis's string2ll would refuse it. */
function integerOrNaN(arg: string): number {
  return isCanonicalInt(arg) ? parseInteger(arg) : Number.NaN;
}

export const stringHandlers: HandlerMap = {
  get: getCommand,
  set: setCommand,
  setnx: setnxCommand,
  setex: setexCommand,
  psetex: psetexCommand,
  getset: getsetCommand,
  getdel: getdelCommand,
  getex: getexCommand,
  mget: mgetCommand,
  mset: msetCommand,
  msetnx: msetnxCommand,
  append: appendCommand,
  strlen: strlenCommand,
  getrange: getrangeCommand,
  substr: getrangeCommand,
  setrange: setrangeCommand,
  incr: incrCommand,
  decr: decrCommand,
  incrby: incrbyCommand,
  decrby: decrbyCommand,
  incrbyfloat: incrbyfloatCommand,
  lcs: lcsCommand,
};
