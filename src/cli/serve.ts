// `embedis serve`: runs the RESP server over a fresh Store until SIGINT, SIGTERM or SHUTDOWN.
//
//   embedis serve [--port 6380] [--bind 127.0.0.1] [--dir ./data] [--requirepass <password>]
//                 [--unixsocket <path>] [--maxclients <n>]
//
// It binds to loopback by default. Bound anywhere else without a password it prints a loud
// warning, as Redis's protected mode exists to prevent an open server on a network.

import { parseArgs } from 'node:util';
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

/** True for an address only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function describe(a: ServerAddress): string {
  return 'path' in a ? a.path : `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
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
  const values = parseServeArgs(args);
  if (values === null) return 1;
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
    store = Store.open({
      dir,
      trackAccess: true,
      timeCommands: true,
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
      `Data directory: ${dir} (append-only log, appendfsync everysec; snapshot on shutdown)\n`,
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
