// redis.io group "generic": SORT and SORT_RO (sort.c). The handlers parse Redis's SQL-like
// options in one left-to-right loop (case-insensitive, later options overriding earlier ones,
// as sortCommandGeneric does), then call the Store's byte-level `_sort`, which the typed
// `sort` / `sortStore` / `sortRo` methods share (store/zsets.ts: it reads lists, sets, sorted
// sets and hashes).

import { fail, SYNTAX } from '../errors.js';
import type { SortSpec } from '../store/zsets.js';
import type { Store } from '../store.js';
import { isToken, parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';
import type { Reply } from './reply.js';

/** SORT / SORT_RO (sortCommandGeneric): SORT_RO has no STORE. */
function sortGeneric(store: Store, argv: string[], readonly: boolean): Reply {
  const spec: SortSpec = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    by: null,
    dontsort: false,
    gets: [],
    store: null,
  };
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j]!;
    if (isToken(a, 'ASC')) spec.desc = false;
    else if (isToken(a, 'DESC')) spec.desc = true;
    else if (isToken(a, 'ALPHA')) spec.alpha = true;
    else if (isToken(a, 'LIMIT') && left >= 2) {
      spec.limitStart = parseInteger(argv[j + 1]!);
      spec.limitCount = parseInteger(argv[j + 2]!);
      j += 2;
    } else if (!readonly && isToken(a, 'STORE') && left >= 1) {
      spec.store = argv[++j]!;
    } else if (isToken(a, 'BY') && left >= 1) {
      const by = argv[++j]!;
      spec.by = by;
      // A pattern without '*' (C's strchr: up to a NUL) is constant: nothing to sort by. Like
      // Redis, a later BY with a '*' does not turn sorting back on.
      const nul = by.indexOf('\0');
      if (!(nul === -1 ? by : by.slice(0, nul)).includes('*')) spec.dontsort = true;
    } else if (isToken(a, 'GET') && left >= 1) {
      spec.gets.push(argv[++j]!);
    } else {
      fail(SYNTAX);
    }
  }
  return store._sort(argv[1]!, spec, argv);
}

/** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination] */
export const sortCommand: Handler = (store, argv) => sortGeneric(store, argv, false);

/** SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] */
export const sortRoCommand: Handler = (store, argv) => sortGeneric(store, argv, true);

export const sortHandlers: HandlerMap = {
  sort: sortCommand,
  sort_ro: sortRoCommand,
};
