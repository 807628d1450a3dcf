// redis.io group "generic": wire handlers of db.c, expire.c and object.c. Each parses argv
// completely, in Redis's order (so the same error wins), then calls the Store's byte-level
// method that the typed API shares.

import { DB_INDEX_OUT_OF_RANGE, fail, INVALID_CURSOR, SYNTAX } from '../errors.js';
import { EXPIRE_GT, EXPIRE_LT, EXPIRE_NX, EXPIRE_XX, expireTime } from '../store/keys.js';
import { isToken, parseBigInteger, parseCursor, parseInt32, parseScanArgs } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { helpReply, OK, StatusReply } from './reply.js';

const keysOf = (argv: string[]): string[] => argv.slice(1);

/** DEL key [key ...] */
export const delCommand: Handler = (store, argv) => store._del(keysOf(argv), 'DEL');

/** UNLINK key [key ...] */
export const unlinkCommand: Handler = (store, argv) => store._del(keysOf(argv), 'UNLINK');

/** EXISTS key [key ...] */
export const existsCommand: Handler = (store, argv) => store._exists(keysOf(argv));

/** TOUCH key [key ...] */
export const touchCommand: Handler = (store, argv) => store._exists(keysOf(argv));

/** TYPE key */
export const typeCommand: Handler = (store, argv) => new StatusReply(store._type(argv[1]!));

/** KEYS pattern */
export const keysCommand: Handler = (store, argv) => store._keys(argv[1]!);

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
export const scanCommand: Handler = (store, argv) => {
  store.effects.unwrapOutermost(); // CMD_TOUCHES_ARBITRARY_KEYS, as RANDOMKEY
  const cursor = parseCursor(argv[1]!);
  if (cursor === null) fail(INVALID_CURSOR);
  const { count, pattern, type } = parseScanArgs(argv, 2, true);
  return store._scan(cursor, pattern, count, type);
};

/** RANDOMKEY */
export const randomkeyCommand: Handler = (store) => {
  // CMD_TOUCHES_ARBITRARY_KEYS: lazily expired keys are logged as bare DELs, not MULTI/EXEC.
  store.effects.unwrapOutermost();
  return store._randomkey();
};

/** RENAME key newkey */
export const renameCommand: Handler = (store, argv) => {
  store._rename(argv[1]!, argv[2]!, false);
  return OK;
};

/** RENAMENX key newkey */
export const renamenxCommand: Handler = (store, argv) => (store._rename(argv[1]!, argv[2]!, true) ? 1 : 0);

/** COPY source destination [DB destination-db] [REPLACE] */
export const copyCommand: Handler = (store, argv) => {
  let dst = store.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isToken(opt, 'REPLACE')) {
      replace = true;
    } else if (isToken(opt, 'DB') && j + 1 < argv.length) {
      const target = store.dbAt(parseInt32(argv[++j]!));
      if (target === undefined) fail(DB_INDEX_OUT_OF_RANGE);
      dst = target;
    } else {
      fail(SYNTAX);
    }
  }
  return store._copy(argv[1]!, argv[2]!, dst, replace) ? 1 : 0;
};

/** MOVE key db */
export const moveCommand: Handler = (store, argv) => {
  const dst = store.dbAt(parseInt32(argv[2]!));
  if (dst === undefined) fail(DB_INDEX_OUT_OF_RANGE);
  return store._move(argv[1]!, dst) ? 1 : 0;
};

/** Parses EXPIRE's NX | XX | GT | LT into flags (parseExtendedExpireArgumentsOrReply). */
function parseExpireFlags(argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isToken(opt, 'NX')) flags |= EXPIRE_NX;
    else if (isToken(opt, 'XX')) flags |= EXPIRE_XX;
    else if (isToken(opt, 'GT')) flags |= EXPIRE_GT;
    else if (isToken(opt, 'LT')) flags |= EXPIRE_LT;
    else fail(`ERR Unsupported option ${opt}`);
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    fail('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT)
    fail('ERR GT and LT options at the same time are not compatible');
  return flags;
}

function expireGeneric(unit: 1 | 1000, relative: boolean): Handler {
  return (store, argv) => {
    const flags = parseExpireFlags(argv);
    const when = parseBigInteger(argv[2]!);
    const at = expireTime(when, unit, relative ? store.clock.now() : 0, argv[0]!.toLowerCase());
    return store._expire(argv[1]!, at, flags);
  };
}

/** EXPIRE key seconds [NX | XX | GT | LT] */
export const expireCommand = expireGeneric(1000, true);
/** PEXPIRE key milliseconds [NX | XX | GT | LT] */
export const pexpireCommand = expireGeneric(1, true);
/** EXPIREAT key unix-time-seconds [NX | XX | GT | LT] */
export const expireatCommand = expireGeneric(1000, false);
/** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
export const pexpireatCommand = expireGeneric(1, false);

/** TTL key */
export const ttlCommand: Handler = (store, argv) => store._ttl(argv[1]!, 'ttl');
/** PTTL key */
export const pttlCommand: Handler = (store, argv) => store._ttl(argv[1]!, 'pttl');
/** EXPIRETIME key */
export const expiretimeCommand: Handler = (store, argv) => store._ttl(argv[1]!, 'expiretime');
/** PEXPIRETIME key */
export const pexpiretimeCommand: Handler = (store, argv) => store._ttl(argv[1]!, 'pexpiretime');
/** PERSIST key */
export const persistCommand: Handler = (store, argv) => store._persist(argv[1]!);

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

export const keyHandlers: HandlerMap = {
  del: delCommand,
  unlink: unlinkCommand,
  exists: existsCommand,
  touch: touchCommand,
  type: typeCommand,
  keys: keysCommand,
  scan: scanCommand,
  randomkey: randomkeyCommand,
  rename: renameCommand,
  renamenx: renamenxCommand,
  copy: copyCommand,
  move: moveCommand,
  expire: expireCommand,
  pexpire: pexpireCommand,
  expireat: expireatCommand,
  pexpireat: pexpireatCommand,
  ttl: ttlCommand,
  pttl: pttlCommand,
  expiretime: expiretimeCommand,
  pexpiretime: pexpiretimeCommand,
  persist: persistCommand,
  'object|encoding': (store, argv) => store._objectEncoding(argv[2]!),
  'object|refcount': (store, argv) => store._objectRefcount(argv[2]!),
  'object|idletime': (store, argv) => store._objectIdletime(argv[2]!),
  'object|freq': (store, argv) => store._objectFreq(argv[2]!),
  'object|help': () => helpReply(OBJECT_HELP),
};
