// The `embedis` command: a redis-cli over an in-process Store, or over a running server.
//
//   embedis                      interactive shell (stdin a terminal) or one command per line
//                                from a pipe
//   embedis SET greeting hello   run one command, print its reply, exit
//   embedis -p 6380 [-h host] [-a password] ...
//                                the same against a running server, as redis-cli
//   embedis serve [--port 6380] ...
//                                run the RESP server (serve.ts)
//
// Options come before the command, as redis-cli reads them: everything from the first word
// that is not an option on is the command, so `embedis INCRBY n -5` passes `-5` through.
// Exit codes are redis-cli's: 0 after a command (even one that replied an error), 1 for a bad
// option. This module runs on import; the shell itself lives in repl.ts.

import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import { toBytes } from '../bytes.js';
import { Store } from '../store.js';
import { loadProgressReporter } from './progress.js';
import { RemoteConnection } from './remote.js';
import { runInteractive, runPiped, Shell } from './repl.js';
import { runServe } from './serve.js';

const VERSION: string = pkg.version;

const OPTIONS = {
  host: { type: 'string', short: 'h' },
  port: { type: 'string', short: 'p' },
  socket: { type: 'string', short: 's' },
  pass: { type: 'string', short: 'a' },
  dir: { type: 'string' },
  db: { type: 'string', short: 'n' },
  raw: { type: 'boolean' },
  'no-raw': { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
} as const;

const USAGE = `embedis ${VERSION}

Usage: embedis [OPTIONS] [cmd [arg [arg ...]]]
       embedis serve [--port <port>] [--bind <addr>] ...   (see embedis serve --help)
  -h <hostname>      Server hostname: talk to a running server instead of an
                     in-process store (default: 127.0.0.1 once -p or -s is given).
  -p <port>          Server port (default: 6379 once -h is given).
  -s <socket>        Server socket (overrides hostname and port).
  -a <password>      Password to use when connecting to the server.
  --dir <path>       Data directory of the in-process store (default: ./data):
                     an append-only log (everysec) and a snapshot on exit.
  -n, --db <db>      Database number.
  --raw              Use raw formatting for replies (default when STDOUT is
                     not a tty).
  --no-raw           Force formatted output even when STDOUT is not a tty.
  --help             Output this help and exit.
  -v, --version      Output version and exit.

Examples:
  embedis SET greeting hello
  printf 'SET a 1\\nINCR a\\n' | embedis
  embedis -n 1 --raw KEYS '*'
  embedis -p 6380 -a secret INCR visits

When no command is given, embedis starts in interactive mode.
Type "help" in interactive mode for information on available commands
and settings.
`;

/** What the command line asks for. */
interface CliOptions {
  /** A running server to talk to; undefined for the in-process store. */
  remote: { host?: string; port?: number; path?: string } | undefined;
  /** -a: the password to AUTH with. */
  pass: string | undefined;
  /** The data directory: append-only log and snapshot (`--dir`, default ./data). */
  dir: string;
  /** The database to select first. */
  db: number;
  /** Raw output: true for --raw, false for --no-raw, undefined to follow stdout. */
  raw: boolean | undefined;
  help: boolean;
  version: boolean;
  /** The command to run, when one is given. */
  command: string[];
}

/** A command-line mistake, reported as redis-cli reports it; exit code 1. */
class UsageError extends Error {}

/**
 * Parses the command line as redis-cli does: options first, then the command. Throws a
 * {@link UsageError} for an unknown option, a missing value or a bad database number.
 */
function parseCommandLine(args: readonly string[]): CliOptions {
  // Lenient, because the command is not ours to parse: options end at the first word that is
  // not one, and what follows is the command (`embedis SET k --raw` stores "--raw"). The tokens
  // before it are checked here instead.
  const { tokens } = parseArgs({
    args: [...args],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((t) => t.kind === 'positional');
  const end = first === undefined ? args.length : first.index;
  const options: CliOptions = {
    remote: undefined,
    pass: undefined,
    dir: './data',
    db: 0,
    raw: undefined,
    help: false,
    version: false,
    command: args.slice(end),
  };
  for (const t of tokens) {
    if (t.kind !== 'option' || t.index >= end) continue;
    const spec: { type: string } | undefined = OPTIONS[t.name as keyof typeof OPTIONS];
    if (spec === undefined || (spec.type === 'string') !== (t.value !== undefined)) {
      throw new UsageError(`Unrecognized option or bad number of args for: '${t.rawName}'`);
    }
    switch (t.name) {
      case 'host':
        options.remote = { ...options.remote, host: t.value! };
        break;
      case 'port': {
        const port = Number(t.value);
        if (!/^[0-9]+$/.test(t.value!) || port > 65535) throw new UsageError(`Invalid port: '${t.value}'`);
        options.remote = { ...options.remote, port };
        break;
      }
      case 'socket':
        options.remote = { ...options.remote, path: t.value! };
        break;
      case 'pass':
        options.pass = t.value!;
        break;
      case 'dir':
        options.dir = t.value!;
        break;
      case 'db':
        if (!/^-?[0-9]+$/.test(t.value!)) throw new UsageError(`Invalid database number: '${t.value}'`);
        options.db = Number(t.value);
        break;
      case 'raw': // the last of --raw / --no-raw wins
        options.raw = true;
        break;
      case 'no-raw':
        options.raw = false;
        break;
      // --help and --version act at once, as in redis-cli: later options are not looked at.
      case 'help':
        options.help = true;
        return options;
      case 'version':
        options.version = true;
        return options;
    }
  }
  return options;
}

/** Writes a byte string to stdout as the bytes it holds. */
function writeOut(bytes: string): void {
  process.stdout.write(Buffer.from(bytes, 'latin1'));
}

/**
 * Runs the `embedis` command line.
 * @param args - the arguments after the program name.
 * @returns the exit code.
 */
async function main(args: readonly string[] = process.argv.slice(2)): Promise<number> {
  if (args[0] === 'serve') return runServe(args.slice(1), VERSION);
  let options: CliOptions;
  try {
    options = parseCommandLine(args);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`embedis ${VERSION}\n`);
    return 0;
  }
  // A closed pipe (`embedis ... | head`) ends the process quietly, as SIGPIPE ends redis-cli.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

  if (options.remote !== undefined || options.pass !== undefined) return runRemote(options);
  // The data directory: the append-only log (everysec) and a snapshot on exit, as `serve` does.
  let store: Store;
  try {
    store = Store.open({
      dir: options.dir,
      trackAccess: true,
      onLoadProgress: loadProgressReporter(process.stderr),
    });
  } catch (e) {
    process.stderr.write(`Could not open ${options.dir}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    const shell = new Shell({
      store,
      mode: (options.raw ?? !process.stdout.isTTY) ? 'raw' : 'tty',
      version: VERSION,
      write: writeOut,
      writeError: (text) => process.stderr.write(text),
    });
    shell.select(options.db);
    await runShell(shell, options);
  } finally {
    store.close();
  }
  return 0;
}

/**
 * Runs the shell's session: the command given on the command line, an interactive prompt on a
 * TTY, or one command per line of piped input.
 */
async function runShell(shell: Shell, options: CliOptions): Promise<void> {
  if (options.command.length > 0) {
    // Arguments arrive as text; the store gets their UTF-8 bytes, as redis-cli sends argv.
    await shell.runCommand(options.command.map(toBytes));
  } else if (process.stdin.isTTY) {
    await runInteractive(shell, {
      input: process.stdin,
      output: process.stdout,
      historyFile: dotfile('EMBEDIS_HISTFILE', '.embedis_history'),
      rcFile: dotfile('EMBEDIS_RCFILE', '.embedisrc'),
    });
  } else {
    await runPiped(shell, process.stdin);
  }
}

/** The shell against a running server (`-h`, `-p`, `-s`), as redis-cli. */
async function runRemote(options: CliOptions): Promise<number> {
  if (options.pass !== undefined) {
    process.stderr.write(
      "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
    );
  }
  let remote: RemoteConnection;
  try {
    remote = await RemoteConnection.connect(options.remote ?? {});
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const shell = new Shell({
    remote,
    mode: (options.raw ?? !process.stdout.isTTY) ? 'raw' : 'tty',
    version: VERSION,
    write: writeOut,
    writeError: (text) => process.stderr.write(text),
  });
  try {
    await shell.connectRemote(options.pass, options.db);
    await runShell(shell, options);
  } catch (e) {
    shell.reportError(e);
    return 1;
  } finally {
    remote.close();
  }
  return 0;
}

/**
 * A dotfile in the home directory, or the path an environment variable names instead, as
 * redis-cli's getDotfilePath (`/dev/null` turns the file off).
 */
function dotfile(env: string, name: string): string | null {
  const override = process.env[env];
  if (override !== undefined && override !== '') return override === '/dev/null' ? null : override;
  const home = os.homedir();
  return home === '' ? null : path.join(home, name);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
