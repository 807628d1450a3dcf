// `embedis serve`: runs the RESP server over a fresh Store until SIGINT, SIGTERM or SHUTDOWN.
//
//   embedis serve [--port 6380] [--bind 127.0.0.1] [--dir ./data] [--requirepass <password>]
//                 [--unixsocket <path>] [--maxclients <n>]
//
// It binds to loopback by default. Bound anywhere else without a password it prints a loud
// warning, as Redis's protected mode exists to prevent an open server on a network.
//
// Any other `--<parameter> <value …>` sets a configuration parameter, as redis-server's command
// line does (`--appendonly yes --appendfsync always`, `--save "60 1000"`, `--maxmemory 1gb`):
// the persistence ones shape the data directory's adapters, the rest go to CONFIG.

import { parseArgs } from 'node:util';
import { STANDARD_PARAMS } from '../config/params.js';
import type { AppendOnlyOptions, SnapshotOptions } from '../persistence/adapter.js';
import { createServer, type EmbedisServer, type ServerAddress } from '../server/server.js';
import { Store } from '../store.js';
import { loadProgressReporter } from './progress.js';

const USAGE = `Usage: embedis serve [OPTIONS]
  --port <port>          TCP port to listen on (default: 6380; 0 picks a free one).
  --bind <address>       Address to bind (default: 127.0.0.1).
  --unixsocket <path>    Also listen on this unix socket.
  --requirepass <pass>   Require clients to AUTH with this password.
  --maxclients <n>       Most clients connected at once (default: 10000).
  --dir <path>           Data directory (default: ./data).
  --<parameter> <value>  Any configuration parameter, as redis-server takes it:
                         --appendonly yes|no (default: yes), --appendfsync always|everysec|no
                         (default: everysec), --save "3600 1 300 100", --dbfilename <name>,
                         --appenddirname <name>, --maxmemory 1gb, ...
  --help                 Output this help and exit.

Stop it with Ctrl-C, SIGTERM or the SHUTDOWN command.
`;

const OPTIONS = {
  port: { type: 'string' },
  bind: { type: 'string' },
  unixsocket: { type: 'string' },
  requirepass: { type: 'string' },
  maxclients: { type: 'string' },
  dir: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Every configuration parameter name and alias Redis 7.0.15 has. */
const PARAMETER_NAMES = new Set(
  STANDARD_PARAMS.flatMap((p) => (p.alias === undefined ? [p.name] : [p.name, p.alias])) as string[],
);

/** True for an address only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function describe(a: ServerAddress): string {
  return 'path' in a ? a.path : `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/**
 * Splits the arguments into serve's own options and configuration parameters: an option that is
 * not serve's is a parameter, taking every following argument up to the next `--` one as its
 * value, joined by spaces (redis-server's rule for `--save 900 1 300 10`).
 */
export function splitConfigArgs(args: readonly string[]): { own: string[]; config: Map<string, string> } {
  const own: string[] = [];
  const config = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0]!.toLowerCase() : '';
    if (name === '' || name in OPTIONS) {
      own.push(a);
      continue;
    }
    const words: string[] = [];
    if (a.includes('=')) words.push(a.slice(a.indexOf('=') + 1));
    while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) words.push(args[++i]!);
    config.set(name, words.join(' '));
  }
  return { own, config };
}

/** Redis's yes/no. */
const yes = (v: string): boolean | null => (/^yes$/i.test(v) ? true : /^no$/i.test(v) ? false : null);

/**
 * The persistence options of the data directory from configuration parameters (appendonly,
 * appendfsync, appenddirname, appendfilename, save, dbfilename, stop-writes-on-bgsave-error);
 * what is left over goes to CONFIG. Throws a RangeError naming a bad value.
 */
export function persistenceOptionsOf(config: Map<string, string>): {
  appendOnly: AppendOnlyOptions | false;
  snapshot: SnapshotOptions;
  rest: Record<string, string>;
} {
  const rest: Record<string, string> = {};
  const aof: AppendOnlyOptions = { fsync: 'everysec' };
  let appendOnly = true;
  const snapshot: SnapshotOptions = { saveOnClose: true };
  for (const [name, value] of config) {
    switch (name) {
      case 'appendonly': {
        const on = yes(value);
        if (on === null) throw new RangeError(`--appendonly: argument must be 'yes' or 'no'`);
        appendOnly = on;
        break;
      }
      case 'appendfsync':
        if (value !== 'always' && value !== 'everysec' && value !== 'no')
          throw new RangeError(`--appendfsync: argument must be one of the following: always, everysec, no`);
        aof.fsync = value;
        break;
      case 'appenddirname':
        aof.dirname = value;
        break;
      case 'appendfilename':
        aof.filename = value;
        break;
      case 'dbfilename':
        snapshot.filename = value;
        break;
      case 'save': {
        const n = value.trim() === '' ? [] : value.trim().split(/\s+/).map(Number);
        if (n.length % 2 !== 0 || n.some((x) => !Number.isInteger(x) || x < 0))
          throw new RangeError(`--save: Invalid save parameters`);
        const points: Array<readonly [number, number]> = [];
        for (let i = 0; i < n.length; i += 2) points.push([n[i]!, n[i + 1]!]);
        snapshot.savePoints = points;
        break;
      }
      case 'stop-writes-on-bgsave-error': {
        const on = yes(value);
        if (on === null)
          throw new RangeError(`--stop-writes-on-bgsave-error: argument must be 'yes' or 'no'`);
        snapshot.stopWritesOnError = on;
        break;
      }
      default:
        rest[name] = value;
    }
  }
  return { appendOnly: appendOnly ? aof : false, snapshot, rest };
}

/** The options of `embedis serve`, or null after printing why they are wrong. */
function parseServeArgs(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return null;
  }
}

/**
 * Runs `embedis serve`. Resolves with the exit code once the server has stopped (bad options:
 * 1 at once).
 * @param args - the arguments after `serve`.
 */
export async function runServe(args: readonly string[], version: string): Promise<number> {
  const { own, config } = splitConfigArgs(args);
  const values = parseServeArgs(own);
  if (values === null) return 1;
  for (const name of config.keys()) {
    if (!PARAMETER_NAMES.has(name)) {
      process.stderr.write(
        `Unknown option '--${name}': not a serve option nor a configuration parameter\n\n${USAGE}`,
      );
      return 1;
    }
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 6380 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Invalid port: '${values.port}'\n`);
    return 1;
  }
  const maxclients = values.maxclients === undefined ? undefined : Number(values.maxclients);
  if (maxclients !== undefined && !(Number.isInteger(maxclients) && maxclients >= 1)) {
    process.stderr.write(`Invalid maxclients: '${values.maxclients}'\n`);
    return 1;
  }
  const bind = values.bind ?? '127.0.0.1';
  const password = values.requirepass === '' ? undefined : values.requirepass;

  // As redis-server: LRU clocks on (OBJECT IDLETIME), every command timed (SLOWLOG, INFO commandstats).
  // Persisted under --dir (default ./data): the append-only log (everysec), a snapshot on exit.
  const dir = values.dir ?? './data';
  let store: Store;
  try {
    const persistence = persistenceOptionsOf(config);
    store = Store.open({
      dir,
      trackAccess: true,
      timeCommands: true,
      appendOnly: persistence.appendOnly,
      snapshot: persistence.snapshot,
      config: persistence.rest,
      onLoadProgress: loadProgressReporter(process.stdout),
    });
  } catch (e) {
    process.stderr.write(`Could not open ${dir}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let stopping: Promise<number> | null = null;
  let server: EmbedisServer | undefined;
  /** Stops serving and closes the store: `save` false is SHUTDOWN NOSAVE, true SHUTDOWN SAVE. */
  const stop = (why: string, save?: boolean): Promise<number> => {
    stopping ??= (async () => {
      process.stdout.write(`${why}\n`);
      await server?.close();
      let code = 0;
      try {
        // SHUTDOWN SAVE saves even without save points; NOSAVE skips the final snapshot.
        if (save === true) store.persistence.save();
        if (save === false) store.persistence.close(false);
        store.close();
        process.stdout.write('embedis is now ready to exit, bye bye...\n');
      } catch (e) {
        process.stderr.write(`Error closing ${dir}: ${e instanceof Error ? e.message : String(e)}\n`);
        code = 1;
      }
      return code;
    })();
    return stopping;
  };
  let exited: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (exited = r));
  // SHUTDOWN [SAVE|NOSAVE] closes the server, then the process (persistence will save first).
  server = createServer(store, {
    requirepass: password,
    maxclients,
    log: (line) => process.stderr.write(`# ${line}\n`),
    onShutdown: (options) => {
      void stop('User requested shutdown...', options.save).then(exited);
    },
  });

  const addresses: ServerAddress[] = [];
  try {
    addresses.push(await server.listen({ port, host: bind }));
    if (values.unixsocket !== undefined) addresses.push(await server.listen({ path: values.unixsocket }));
  } catch (e) {
    process.stderr.write(`Could not start the server: ${e instanceof Error ? e.message : String(e)}\n`);
    await server.close();
    store.close();
    return 1;
  }
  const tcp = addresses[0] as { host: string; port: number };
  process.stdout.write(
    `embedis ${version} (Redis 7.0.15 protocol) ready to accept connections on ${addresses.map(describe).join(' and ')}\n` +
      `Connect with:  redis-cli -p ${tcp.port}${bind === '127.0.0.1' ? '' : ` -h ${bind}`}${password === undefined ? '' : ' -a <password>'}\n` +
      `          or:  npm start -- -p ${tcp.port}${password === undefined ? '' : ' -a <password>'}\n` +
      `Data directory: ${dir} (${describePersistence(store)})\n`,
  );
  if (!isLoopback(bind) && password === undefined) {
    process.stderr.write(
      '\n' +
        '*** WARNING: embedis is listening on a non-loopback address WITHOUT a password. ***\n' +
        `*** Anyone who can reach ${bind}:${tcp.port} can read, change and delete every key. ***\n` +
        '*** Redis refuses such connections in protected mode; set --requirepass, or bind   ***\n' +
        '*** to 127.0.0.1 (the default) unless this network is trusted.                     ***\n\n',
    );
  }
  const onSigint = (): void => void stop('Received SIGINT scheduling shutdown...').then(exited);
  const onSigterm = (): void => void stop('Received SIGTERM scheduling shutdown...').then(exited);
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  const code = await done;
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigterm);
  return code;
}

/** What the data directory keeps, for the start-up banner. */
function describePersistence(store: Store): string {
  const on = store.config.get('appendonly') as boolean | string;
  const log =
    on === true || on === 'yes'
      ? `append-only log, appendfsync ${String(store.config.get('appendfsync'))}`
      : 'no append-only log';
  return `${log}; snapshot on shutdown`;
}
