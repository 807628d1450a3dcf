// The embedis shell: redis-cli's command loop (repl, issueCommandRepeat, cliSendCommand,
// noninteractive) over an in-process Store, or over a connection to a running server
// (`embedis -h host -p port`, see remote.ts), whose commands complete asynchronously.
//
// `Shell` holds what a redis-cli process holds between commands — the session (selected db,
// protocol), the MULTI state shown in the prompt, preferences — and turns one input line into
// printed replies. Around it, `runInteractive` is the terminal front end (node:readline with a
// persisted history, tab completion and grey inline hints, as linenoise gives redis-cli) and
// `runPiped` reads commands from a pipe, one per line, as linenoise does when stdin is not a
// terminal. Lines and arguments are byte strings (latin1), so input bytes reach the store as
// they were typed or piped.

import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { toBytes } from '../bytes.js';
import { PushReply, type Reply } from '../commands/reply.js';
import { splitArgs } from '../sds.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { formatReply, isVerbatimCommand, type OutputMode } from './format.js';
import { commandHint, completions, formatHelp } from './help.js';
import type { RemoteConnection } from './remote.js';

/** Lines kept in the history, as linenoise's default history length. */
export const HISTORY_SIZE = 100;

/** Options of {@link Shell}. */
export interface ShellOptions {
  /** The store commands run against (unused when `remote` is given). */
  store?: Store;
  /** A connection to a running server: commands go there instead of to `store`. */
  remote?: RemoteConnection;
  /** Standard (terminal) or raw formatting of replies. */
  mode: OutputMode;
  /** The embedis version, shown by HELP. */
  version: string;
  /** Receives everything printed to stdout, as a byte string. */
  write: (bytes: string) => void;
  /** Receives what redis-cli prints to stderr. */
  writeError: (text: string) => void;
}

/** An argument for Store.dispatch: a Buffer, so a byte string stays bytes (`\xff` is one byte). */
const toArg = (s: string): Buffer => Buffer.from(s, 'latin1');

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b;

/** redis-cli's isSensitiveCommand: commands kept out of the history file (they carry passwords). */
export function isSensitiveCommand(argv: readonly string[]): boolean {
  const argc = argv.length;
  if (eq(argv[0], 'auth')) return true;
  if (argc > 1 && eq(argv[0], 'acl') && eq(argv[1], 'setuser')) return true;
  if (argc > 2 && eq(argv[0], 'config') && eq(argv[1], 'set')) {
    return eq(argv[2], 'masterauth') || eq(argv[2], 'masteruser') || eq(argv[2], 'requirepass');
  }
  if (argc > 4 && eq(argv[0], 'hello')) {
    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    for (let j = 2; j < argc; j++) {
      const more = argc - 1 - j;
      if (eq(argv[j], 'auth') && more >= 2) return true;
      if (eq(argv[j], 'setname') && more > 0) j++;
      else return false;
    }
    return false;
  }
  if (argc > 7 && eq(argv[0], 'migrate')) {
    // MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw] [KEYS key ...]
    for (let j = 6; j < argc; j++) {
      const more = argc - 1 - j;
      if (eq(argv[j], 'auth') && more > 0) return true;
      if (eq(argv[j], 'auth2') && more >= 2) return true;
      if (eq(argv[j], 'keys') && more > 0) return false;
    }
  }
  return false;
}

/** C isspace. */
const isSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);

/**
 * The repeat count of a line like `3 INCR a` (redis-cli runs it 3 times), as redis-cli reads it
 * with strtol: `undefined` when the first word is not a number, `null` when it is one but not a
 * valid count (zero, negative, out of range, or an empty word).
 */
function repeatCount(argv: readonly string[]): number | null | undefined {
  const first = argv[0]!;
  if (argv.length < 2) return undefined;
  if (first === '') return null; // strtol consumed nothing and stopped at the end: a 0 count
  if (!/^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(first)) return undefined;
  const n = BigInt(first.trim());
  if (n <= 0n || n > 0x7fffffffffffffffn) return null;
  return Number(n);
}

/**
 * One shell: a session on the store plus redis-cli's client-side state. Feed it lines with
 * {@link Shell.runLine} (the REPL) or one command with {@link Shell.runCommand} (`embedis CMD ...`).
 */
export class Shell {
  /** The client session commands run in (its selected db shows in the prompt). */
  readonly session: Session;
  /** Show inline hints (`:set hints` / `:set nohints`). */
  hints = true;
  private inMulti = false;
  private readonly store: Store | undefined;
  private readonly remote: RemoteConnection | undefined;
  private readonly options: ShellOptions;

  constructor(options: ShellOptions) {
    this.options = options;
    this.store = options.store;
    this.remote = options.remote;
    if (this.remote !== undefined) {
      // What the server's session holds, tracked from replies as redis-cli tracks it.
      this.session = { db: 0, protocol: 2 };
    } else {
      if (options.store === undefined) throw new TypeError('Shell: a store or a remote connection is needed');
      this.session = options.store.createSession();
      // The shell is the store's only client and runs one command at a time: nothing could
      // push while a blocking command waited, so those reply at once, as inside MULTI.
      this.session.denyBlocking = true;
    }
  }

  /**
   * The prompt: `embedis> ` (`127.0.0.1:6379> ` when connected to a server), `[1]` with a db
   * selected, `(TX)` inside MULTI.
   */
  get prompt(): string {
    const name = this.remote?.label ?? 'embedis';
    return `${name}${this.session.db === 0 ? '' : `[${this.session.db}]`}${this.inMulti ? '(TX)' : ''}> `;
  }

  /**
   * Selects a database at startup (`-n`), as redis-cli does on connect: on failure it prints
   * `SELECT <n> failed: <error>` to stderr and stays on db 0.
   * @returns whether the database was selected.
   */
  select(db: number): boolean {
    if (db === this.session.db) return true;
    const reply = this.store!.dispatch(['SELECT', String(db)], this.session);
    if (reply instanceof Error) {
      this.options.writeError(`SELECT ${db} failed: ${reply.message}\n`);
      return false;
    }
    return true;
  }

  /**
   * Connects the remote session as redis-cli does (cliAuth, cliSelect): AUTH with `password`
   * when given (`AUTH failed: …` on error), then SELECT `db` (`SELECT <n> failed: …`).
   */
  async connectRemote(password: string | undefined, db: number): Promise<void> {
    const remote = this.remote!;
    if (password !== undefined) {
      const r = await remote.call(['AUTH', password]);
      if (r instanceof Error) this.options.writeError(`AUTH failed: ${r.message}\n`);
    }
    if (db !== 0) {
      const r = await remote.call(['SELECT', String(db)]);
      if (r instanceof Error) this.options.writeError(`SELECT ${db} failed: ${r.message}\n`);
      else this.session.db = db;
    }
  }

  /**
   * Runs one command and prints its reply (redis-cli's issueCommandRepeat + cliSendCommand).
   * `HELP`/`?` print help instead of reaching the store.
   *
   * @param argv - the command and its arguments, as byte strings.
   * @param repeat - how many times to send it.
   */
  runCommand(argv: readonly string[], repeat = 1): void | Promise<void> {
    const write = this.options.write;
    const name = argv[0]!.toLowerCase();
    if (name === 'help' || name === '?') {
      write(toBytes(formatHelp(argv.slice(1), this.options.version)));
      return;
    }
    const verbatim = isVerbatimCommand(argv);
    if (this.remote !== undefined) return this.runRemote(argv, repeat, verbatim);
    const args = argv.map(toArg);
    for (let i = 0; i < repeat; i++) {
      const reply = this.store!.dispatch(args, this.session) as Reply; // never blocked: denyBlocking
      write(formatReply(reply, { mode: this.options.mode, protocol: this.session.protocol, verbatim }));
      this.afterReply(name, argv.length, reply instanceof Error);
    }
  }

  /** runCommand over the connection; SUBSCRIBE-family commands enter pub/sub mode for good. */
  private async runRemote(argv: readonly string[], repeat: number, verbatim: boolean): Promise<void> {
    const remote = this.remote!;
    const write = this.options.write;
    const name = argv[0]!.toLowerCase();
    // Replies are formatted by their own type: RESP2 replies never carry RESP3 types.
    const format = { mode: this.options.mode, protocol: 3 as const, verbatim };
    if (name === 'subscribe' || name === 'psubscribe' || name === 'ssubscribe') {
      // redis-cli's pub/sub mode: print every message until the connection ends.
      if (this.options.mode === 'tty') write('Reading messages... (press Ctrl-C to quit)\n');
      remote.pubsubMode = true;
      remote.onPush = (r) => write(formatReply(r instanceof PushReply ? r.frames[0]! : r, format));
      const closed = new Promise<void>((resolve) => (remote.onClose = resolve));
      remote.send(argv);
      await closed;
      return;
    }
    for (let i = 0; i < repeat; i++) {
      let reply: Reply;
      try {
        reply = await remote.call(argv);
      } catch (e) {
        // A server that went away after SHUTDOWN did what it was asked: no error (cliReadReply).
        if (name === 'shutdown') return;
        throw e;
      }
      write(formatReply(reply, format));
      this.afterReply(name, argv.length, reply instanceof Error);
      if (!(reply instanceof Error)) this.trackRemoteSession(name, argv, reply);
    }
  }

  /** Prints a lost connection as redis-cli does: `Error: Server closed the connection`. */
  reportError(e: unknown): void {
    this.options.writeError(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
  }

  /** The db and protocol a remote session switched to (SELECT, HELLO, RESET), for the prompt. */
  private trackRemoteSession(name: string, argv: readonly string[], reply: Reply): void {
    if (name === 'select' && argv.length === 2) this.session.db = Number(argv[1]);
    else if (name === 'reset') this.session.db = 0;
    else if (name === 'hello' && argv.length >= 2) this.session.protocol = argv[1] === '3' ? 3 : 2;
    void reply;
  }

  /**
   * The MULTI state redis-cli tracks from replies, for the prompt. (The db in the prompt is the
   * session's own, so a SELECT queued in MULTI shows once EXEC has run it.)
   */
  private afterReply(name: string, argc: number, isError: boolean): void {
    if (argc !== 1) return;
    if (name === 'multi' && !isError) this.inMulti = true;
    else if (name === 'exec') this.inMulti = false;
    else if ((name === 'discard' || name === 'reset') && !isError) {
      this.inMulti = false;
    }
  }

  /**
   * Applies a `:set` preference line (redis-cli's cliSetPreferences): `:set hints`,
   * `:set nohints`. `interactive` is false for lines of the rc file, whose messages say so.
   */
  setPreference(argv: readonly string[], interactive: boolean): void {
    const where = interactive ? '' : '.embedisrc: ';
    if (eq(argv[0], ':set') && argv.length >= 2) {
      if (eq(argv[1], 'hints')) this.hints = true;
      else if (eq(argv[1], 'nohints')) this.hints = false;
      else this.options.write(`${where}unknown embedis preference '${argv[1]}'\n`);
    } else {
      this.options.write(`${where}unknown embedis internal command '${argv[0]}'\n`);
    }
  }

  /**
   * Runs one line typed at the prompt or read from a pipe (the body of redis-cli's repl loop):
   * quoting and escapes, `N CMD` repeats, `quit`/`exit`, `:set`, `clear`, `help`, then the
   * command. Prints `Invalid argument(s)` for unbalanced quotes.
   *
   * @param line - the line as a byte string, without its newline.
   * @returns false when the line asks to leave the shell (a Promise of it over a connection).
   */
  runLine(line: string): boolean | Promise<boolean> {
    if (line === '') return true;
    const argv = splitArgs(line);
    const write = this.options.write;
    if (argv === null) {
      write('Invalid argument(s)\n');
      return true;
    }
    if (argv.length === 0) return true;
    const repeat = repeatCount(argv);
    if (repeat === null) {
      write('Invalid embedis repeat command option value.\n');
      return true;
    }
    const first = argv[0]!.toLowerCase();
    if (first === 'quit' || first === 'exit') return false;
    if (first.startsWith(':')) {
      this.setPreference(argv, true);
    } else if (first === 'restart') {
      write("Use 'restart' only in Lua debugging mode.\n");
    } else if (argv.length === 1 && first === 'clear') {
      write('\x1b[H\x1b[2J');
    } else {
      const start = Date.now();
      const done = this.runCommand(repeat === undefined ? argv : argv.slice(1), repeat ?? 1);
      const finish = (): boolean => {
        const elapsed = Date.now() - start;
        if (elapsed >= 500 && this.options.mode === 'tty') write(`(${(elapsed / 1000).toFixed(2)}s)\n`);
        return true;
      };
      return done instanceof Promise ? done.then(finish) : finish();
    }
    return true;
  }
}

/**
 * Reads commands from a non-terminal stream, one per line, until EOF or `quit` (redis-cli's REPL
 * when stdin is a pipe, where linenoise reads plain lines and shows no prompt). Bytes are kept
 * as they are: lines end at `\n` only, a last line without one still runs.
 */
export async function runPiped(shell: Shell, input: Readable): Promise<void> {
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? toBytes(chunk) : (chunk as Buffer).toString('latin1');
    let nl = pending.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      let more = shell.runLine(pending.slice(start, nl));
      if (more instanceof Promise) more = await more;
      if (!more) return;
      start = nl + 1;
      nl = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  if (pending !== '') await shell.runLine(pending);
}

/** Options of {@link runInteractive}. */
export interface InteractiveOptions {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean; columns?: number };
  /** Where the history is loaded from and saved to; null keeps it in memory only. */
  historyFile: string | null;
  /** A file of `:set` preference lines read at startup; null for none. */
  rcFile: string | null;
}

/** linenoise's history file: one line per entry, oldest first; readline wants newest first. */
function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line !== '' && lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines.slice(-HISTORY_SIZE).reverse();
}

function saveHistory(file: string | null, history: readonly string[]): void {
  if (file === null) return;
  const text = history.length === 0 ? '' : `${[...history].reverse().join('\n')}\n`;
  try {
    fs.writeFileSync(file, text, { mode: 0o600 });
    fs.chmodSync(file, 0o600); // also when the file existed, as linenoise does
  } catch {
    // As linenoise: a history that can't be saved is not an error of the command.
  }
}

function loadPreferences(shell: Shell, file: string | null): void {
  if (file === null) return;
  let text: string;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch {
    return;
  }
  for (const line of text.split('\n')) {
    const argv = splitArgs(line);
    if (argv !== null && argv.length > 0) shell.setPreference(argv, false);
  }
}

/** Erases from the cursor to the end of the line. */
const ERASE_TO_EOL = '\x1b[0K';

/**
 * The interactive shell on a terminal: prompt, line editing, history persisted to
 * `historyFile` (at most {@link HISTORY_SIZE} lines, sensitive commands left out), tab
 * completion of commands and help topics, grey inline usage hints. Resolves when the user
 * leaves (`quit`, `exit`, Ctrl-D, Ctrl-C).
 */
export async function runInteractive(shell: Shell, options: InteractiveOptions): Promise<void> {
  const { input, output, historyFile } = options;
  loadPreferences(shell, options.rcFile);
  const terminal = Boolean(input.isTTY && output.isTTY);
  const rl = readline.createInterface({
    input,
    output,
    terminal,
    prompt: shell.prompt,
    history: loadHistory(historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: false,
    completer: (line: string): [string[], string] => [completions(line), line],
  });
  let closed = false;

  rl.on('history', (history: string[]) => {
    const argv = history.length > 0 ? splitArgs(toBytes(history[0]!)) : null;
    if (argv !== null && argv.length > 0) {
      const skip = repeatCount(argv) === undefined ? 0 : 1;
      if (isSensitiveCommand(argv.slice(skip))) history.shift();
    }
    saveHistory(historyFile, history);
  });

  if (terminal) {
    // Hints are drawn after the cursor while it sits at the end of the line, and erased before
    // readline sees the next key, so they never stay on a submitted line.
    let hintShown = false;
    const eraseHint = (): void => {
      if (!hintShown) return;
      hintShown = false;
      output.write(ERASE_TO_EOL);
    };
    const drawHint = (): void => {
      if (closed || !shell.hints || rl.cursor !== rl.line.length) return;
      const line = toBytes(rl.line);
      const argv = splitArgs(line);
      if (argv === null) return;
      const full = commandHint(argv, isSpace(line[line.length - 1]));
      if (full === null) return;
      // Cut to the room left on the line, as linenoise does; the last column stays free so
      // the terminal never wraps under the cursor.
      const hint = full.slice(0, Math.max(0, (output.columns ?? 80) - rl.getCursorPos().cols - 1));
      if (hint === '') return;
      output.write(`\x1b[0;90;49m${hint}\x1b[0m\x1b[${hint.length}D`);
      hintShown = true;
    };
    input.prependListener('keypress', eraseHint);
    input.on('keypress', drawHint);
    rl.once('close', () => {
      input.removeListener('keypress', eraseHint);
      input.removeListener('keypress', drawHint);
    });
  }

  // Lines run one after the other. In-process a line runs at once; over a connection its
  // command completes later, and lines typed or pasted meanwhile wait their turn.
  const afterLine = (more: boolean): void => {
    if (!more) {
      rl.close();
      return;
    }
    rl.setPrompt(shell.prompt);
    rl.prompt();
  };
  const handle = (line: string): void | Promise<void> => {
    if (closed) return;
    const more = shell.runLine(toBytes(line));
    if (!(more instanceof Promise)) return afterLine(more);
    return more.then(afterLine, (e: unknown) => {
      shell.reportError(e);
      afterLine(false);
    });
  };
  let chain: Promise<void> | null = null;
  rl.on('line', (line: string) => {
    const run = chain === null ? handle(line) : chain.then(() => handle(line));
    if (run instanceof Promise) {
      const c: Promise<void> = run.then(() => {
        if (chain === c) chain = null;
      });
      chain = c;
    }
  });
  // Ctrl-C at the prompt leaves, as it does in redis-cli.
  rl.on('SIGINT', () => rl.close());
  const done = new Promise<void>((resolve) =>
    rl.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  rl.prompt();
  await done;
}
