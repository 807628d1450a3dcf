// redis.io group "string": wire handlers of t_string.c. Each parses argv completely (exact
// errors, case-insensitive options), then calls the Store's byte-level method the typed API
// also uses.

import { fail, SYNTAX } from '../errors.js';
import type { SetSpec } from '../store/strings.js';
import { isToken, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { OK } from './reply.js';

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
  const spec = parseSetOptions(store, argv);
  if (spec.get) {
    const old = store.lookupString(key);
    store._set(key, value, spec);
    return old;
  }
  return store._set(key, value, spec) ? OK : null;
};

/** Parses SET's options exactly as Redis's parseExtendedStringArgumentsOrReply (COMMAND_SET). */
function parseSetOptions(store: Parameters<Handler>[0], argv: string[]): SetSpec {
  let nx = false;
  let xx = false;
  let get = false;
  let keepTtl = false;
  let unit: 'EX' | 'PX' | 'EXAT' | 'PXAT' | null = null;
  let expire: string | null = null;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    if (isToken(opt, 'NX') && !xx) nx = true;
    else if (isToken(opt, 'XX') && !nx) xx = true;
    else if (isToken(opt, 'GET')) get = true;
    else if (isToken(opt, 'KEEPTTL') && unit === null) keepTtl = true;
    else if (hasNext && !keepTtl && (unit === null || isToken(opt, unit))) {
      const u = opt.toUpperCase();
      if (u !== 'EX' && u !== 'PX' && u !== 'EXAT' && u !== 'PXAT') fail(SYNTAX);
      unit = u;
      expire = argv[++j]!;
    } else fail(SYNTAX);
  }
  let at: number | undefined;
  if (unit !== null) {
    const n = parseInteger(expire!);
    const seconds = unit === 'EX' || unit === 'EXAT';
    at = store.expireAtMs(n, seconds ? 1000 : 1, unit === 'EX' || unit === 'PX', 'set');
  }
  return { at, keepTtl, nx, xx, get };
}

export const stringHandlers: HandlerMap = {
  get: getCommand,
  set: setCommand,
};
