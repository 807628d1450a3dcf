// redis.io group "server": database-wide commands and COMMAND introspection.

import { DB_INDEX_OUT_OF_RANGE, fail, SYNTAX } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import { isToken, parseInt32 } from './args.js';
import { COMMAND_HELP, commandDocsReply, commandInfoReply } from './command-docs.js';
import { type Handler, type HandlerMap, implementedCommands, implementedInfo } from './dispatch.js';
import { helpReply, MapReply, OK, type Reply } from './reply.js';

/** DBSIZE */
export const dbsizeCommand: Handler = (store) => store.db.size;

/** FLUSHDB / FLUSHALL [ASYNC | SYNC] (getFlushCommandFlags) */
function flushGeneric(all: boolean): Handler {
  return (store, argv) => {
    if (argv.length > 2 || (argv.length === 2 && !isToken(argv[1]!, 'ASYNC') && !isToken(argv[1]!, 'SYNC'))) {
      fail(SYNTAX);
    }
    store._flush(all ? store.dbs : [store.db]);
    return OK;
  };
}

/** SWAPDB index1 index2 */
export const swapdbCommand: Handler = (store, argv) => {
  const a = parseInt32(argv[1]!, 'ERR invalid first DB index');
  const b = parseInt32(argv[2]!, 'ERR invalid second DB index');
  const da = store.dbAt(a);
  const db = store.dbAt(b);
  if (da === undefined || db === undefined) fail(DB_INDEX_OUT_OF_RANGE);
  store._swapdb(da, db);
  return OK;
};

/** TIME */
export const timeCommand: Handler = (store) => store.time();

function infoOf(name: string): Reply {
  const found = implementedInfo(name.toLowerCase());
  return found === undefined ? null : commandInfoReply(found.info, found.subcommands);
}

/** COMMAND (no subcommand): info on every command. */
export const commandCommand: Handler = () => implementedCommands().map(infoOf);

/** Every implemented command name, subcommands as `container|sub` (COMMAND LIST). */
function allNames(): string[] {
  const out: string[] = [];
  for (const name of implementedCommands()) {
    out.push(name);
    const found = implementedInfo(name)!;
    for (const s of found.subcommands) out.push(s.fullname);
  }
  return out;
}

export const serverHandlers: HandlerMap = {
  dbsize: dbsizeCommand,
  flushdb: flushGeneric(false),
  flushall: flushGeneric(true),
  swapdb: swapdbCommand,
  time: timeCommand,
  command: commandCommand,
  'command|count': () => implementedCommands().length,
  'command|info': (_store, argv) => (argv.length === 2 ? implementedCommands() : argv.slice(2)).map(infoOf),
  'command|docs': (_store, argv) => {
    const names = argv.length === 2 ? implementedCommands() : argv.slice(2);
    const entries: Reply[] = [];
    for (const name of names) {
      const found = implementedInfo(name.toLowerCase());
      if (found === undefined) continue;
      entries.push(found.info.fullname, commandDocsReply(found.info, found.subcommands));
    }
    return new MapReply(entries);
  },
  'command|list': (_store, argv) => {
    const names = allNames();
    if (argv.length === 2) return names;
    if (argv.length !== 5 || !isToken(argv[2]!, 'FILTERBY')) fail(SYNTAX);
    const value = argv[4]!;
    if (isToken(argv[3]!, 'PATTERN')) return names.filter((n) => globMatch(value, n, true));
    if (isToken(argv[3]!, 'ACLCAT')) {
      const cat = value.toLowerCase();
      return names.filter((n) => implementedInfo(n)!.info.aclCategories.includes(cat));
    }
    if (isToken(argv[3]!, 'MODULE')) return [];
    return fail(SYNTAX);
  },
  'command|help': () => helpReply(COMMAND_HELP),
};
