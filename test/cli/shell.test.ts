// The shell in-process: lines to printed replies (redis-cli's REPL rules), the prompt, piped
// input, and the terminal front end with its history file, driven through fake TTY streams.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { OutputMode } from '../../src/cli/format.js';
import { isSensitiveCommand, runInteractive, runPiped, Shell } from '../../src/cli/repl.js';
import { OK, type Reply } from '../../src/commands/reply.js';
import { ReplyError } from '../../src/errors.js';
import { Store } from '../../src/store.js';

let store: Store;
let out: string;
let err: string;

function shell(mode: OutputMode = 'raw', s: Store = store): Shell {
  return new Shell({
    store: s,
    mode,
    version: '9.9.9',
    write: (b) => (out += b),
    writeError: (t) => (err += t),
  });
}

beforeEach(() => {
  store = new Store({ trackAccess: true });
  out = '';
  err = '';
});
afterEach(() => store.close());

describe('Shell.runLine', () => {
  test('SET then INCR print OK and 2 in raw mode', () => {
    const sh = shell();
    sh.runLine('SET a 1');
    sh.runLine('INCR a');
    expect(out).toBe('OK\n2\n');
  });

  test('TTY mode prints redis-cli standard output', () => {
    const sh = shell('tty');
    for (const l of ['SET a 1', 'INCR a', 'GET a', 'GET nope', 'MGET a nope']) sh.runLine(l);
    expect(out).toBe('OK\n(integer) 2\n"2"\n(nil)\n1) "2"\n2) (nil)\n');
  });

  test('an error reply prints its text (raw) or (error) text (TTY)', () => {
    shell('raw').runLine('INCR');
    expect(out).toBe("ERR wrong number of arguments for 'incr' command\n\n");
    out = '';
    shell('tty').runLine('GET');
    expect(out).toBe("(error) ERR wrong number of arguments for 'get' command\n");
  });

  test('quoted arguments reach the store as bytes', () => {
    const sh = shell();
    sh.runLine('SET "a key" "\\xff\\x00 v"');
    expect(store.dispatch(['GET', 'a key'])).toBe('\xff\x00 v');
    sh.runLine("GET 'a key'");
    expect(out).toBe('OK\n\xff\x00 v\n');
  });

  test('typed UTF-8 arrives as its bytes', () => {
    shell('tty').runLine('SET k \xc3\xa9');
    expect(store.get('k')).toBe('é');
  });

  test('blank lines print nothing', () => {
    const sh = shell();
    sh.runLine('');
    sh.runLine('   \t');
    expect(out).toBe('');
  });

  test('"N command" repeats the command N times', () => {
    const sh = shell();
    sh.runLine('3 INCR n');
    expect(out).toBe('1\n2\n3\n');
  });

  test('a number alone is a command, not a repeat', () => {
    shell().runLine('3');
    expect(out).toBe("ERR unknown command '3', with args beginning with: \n\n");
  });

  test('quit and exit, in any case, leave; other lines continue', () => {
    const sh = shell();
    expect(sh.runLine('quit')).toBe(false);
    expect(sh.runLine('EXIT')).toBe(false);
    expect(sh.runLine('PING')).toBe(true);
    expect(out).toBe('PONG\n');
  });

  test('HELP and ? print help without reaching the store', () => {
    const sh = shell();
    sh.runLine('HELP');
    expect(out).toMatch(/^embedis 9\.9\.9\n/);
    out = '';
    sh.runLine('? get');
    expect(out).toContain('\x1b[1mGET\x1b[0m');
  });

  test(':set hints / nohints switch hints', () => {
    const sh = shell();
    sh.runLine(':set nohints');
    expect(sh.hints).toBe(false);
    sh.runLine(':set HINTS');
    expect(sh.hints).toBe(true);
    expect(out).toBe('');
  });

  test('clear clears the screen; restart explains itself', () => {
    const sh = shell();
    sh.runLine('clear');
    expect(out).toBe('\x1b[H\x1b[2J');
    out = '';
    sh.runLine('restart');
    expect(out).toBe("Use 'restart' only in Lua debugging mode.\n");
  });

  test('INFO and CLIENT LIST print raw even in TTY mode; other bulk replies are quoted', () => {
    const info = '# Server\r\nredis_version:7.0.15\r\n';
    const fake = {
      createSession: () => ({ db: 0, protocol: 2 as const }),
      dispatch: () => info,
    } as unknown as Store;
    const sh = shell('tty', fake);
    sh.runLine('INFO');
    sh.runLine('client list');
    expect(out).toBe(info + info);
    out = '';
    sh.runLine('ECHO x');
    expect(out).toBe('"# Server\\r\\nredis_version:7.0.15\\r\\n"\n');
  });

  // failure cases
  test('unbalanced quotes print Invalid argument(s)', () => {
    const sh = shell();
    sh.runLine('SET "a 1');
    sh.runLine('SET "a"b 1');
    expect(out).toBe('Invalid argument(s)\nInvalid argument(s)\n');
    expect(store.dispatch(['DBSIZE'])).toBe(0);
  });

  test('a zero, negative or empty repeat count is refused', () => {
    const sh = shell();
    for (const l of ['0 INCR n', '-2 INCR n', '"" INCR n', '99999999999999999999 INCR n']) sh.runLine(l);
    expect(out).toBe('Invalid embedis repeat command option value.\n'.repeat(4));
    expect(store.dispatch(['EXISTS', 'n'])).toBe(0);
  });

  test('unknown preferences and internal commands are reported', () => {
    const sh = shell();
    sh.runLine(':set colors');
    sh.runLine(':foo');
    expect(out).toBe("unknown embedis preference 'colors'\nunknown embedis internal command ':foo'\n");
  });
});

describe('prompt', () => {
  test('shows the selected db after SELECT, none for db 0', () => {
    const sh = shell();
    expect(sh.prompt).toBe('embedis> ');
    sh.runLine('SELECT 3');
    expect(sh.prompt).toBe('embedis[3]> ');
    sh.runLine('SELECT 0');
    expect(sh.prompt).toBe('embedis> ');
  });

  test('commands run in the selected db', () => {
    const sh = shell();
    sh.runLine('SELECT 1');
    sh.runLine('SET k v');
    expect(store.dispatch(['EXISTS', 'k'])).toBe(0);
    sh.runLine('GET k');
    expect(out).toBe('OK\nOK\nv\n');
  });

  test('shows (TX) between MULTI and EXEC or DISCARD', () => {
    // A stand-in store: MULTI/EXEC/DISCARD reply as Redis does.
    const replies: Record<string, Reply> = { MULTI: OK, EXEC: [], DISCARD: OK };
    const fake = {
      createSession: () => ({ db: 0, protocol: 2 as const }),
      dispatch: (argv: Buffer[]) => replies[argv[0]!.toString().toUpperCase()] ?? new ReplyError('ERR x'),
    } as unknown as Store;
    const sh = shell('raw', fake);
    sh.runLine('MULTI');
    expect(sh.prompt).toBe('embedis(TX)> ');
    sh.runLine('EXEC');
    expect(sh.prompt).toBe('embedis> ');
    sh.runLine('MULTI');
    sh.runLine('DISCARD');
    expect(sh.prompt).toBe('embedis> ');
  });

  test('-n selects a db at start; a bad one is reported on stderr and db 0 stays', () => {
    const sh = shell();
    expect(sh.select(2)).toBe(true);
    expect(sh.prompt).toBe('embedis[2]> ');
    const other = shell();
    expect(other.select(99)).toBe(false);
    expect(err).toBe('SELECT 99 failed: ERR DB index is out of range\n');
    expect(other.prompt).toBe('embedis> ');
  });
});

describe('isSensitiveCommand', () => {
  test('AUTH, ACL SETUSER, CONFIG SET of passwords, HELLO AUTH, MIGRATE AUTH', () => {
    expect(isSensitiveCommand(['auth', 'pw'])).toBe(true);
    expect(isSensitiveCommand(['ACL', 'SETUSER', 'u', '>pw'])).toBe(true);
    expect(isSensitiveCommand(['CONFIG', 'SET', 'requirepass', 'pw'])).toBe(true);
    expect(isSensitiveCommand(['HELLO', '3', 'AUTH', 'u', 'pw'])).toBe(true);
    expect(isSensitiveCommand(['HELLO', '3', 'SETNAME', 'n', 'AUTH', 'u', 'pw'])).toBe(true);
    expect(isSensitiveCommand(['MIGRATE', 'h', 'p', '', '0', '5', 'AUTH', 'pw'])).toBe(true);
  });

  test('other commands are kept', () => {
    expect(isSensitiveCommand(['SET', 'auth', 'x'])).toBe(false);
    expect(isSensitiveCommand(['CONFIG', 'SET', 'maxmemory', '1'])).toBe(false);
    expect(isSensitiveCommand(['HELLO', '3'])).toBe(false);
    expect(isSensitiveCommand(['MIGRATE', 'h', 'p', '', '0', '5', 'KEYS', 'auth', 'x'])).toBe(false);
  });
});

describe('runPiped', () => {
  test('one command per line, lines split across chunks, a last line without newline', async () => {
    const input = Readable.from([Buffer.from('SET a 1\nIN'), Buffer.from('CR a\n\nGET a')]);
    await runPiped(shell(), input);
    expect(out).toBe('OK\n2\n2\n');
  });

  test('bytes are kept: a non-UTF-8 byte in a line reaches the store unchanged', async () => {
    await runPiped(shell(), Readable.from([Buffer.from([...Buffer.from('SET k '), 0xff, 0x0a])]));
    expect(store.dispatch(['STRLEN', 'k'])).toBe(1);
  });

  test('quit stops reading', async () => {
    await runPiped(shell(), Readable.from([Buffer.from('SET a 1\nquit\nSET b 2\n')]));
    expect(out).toBe('OK\n');
    expect(store.dispatch(['EXISTS', 'b'])).toBe(0);
  });
});

describe('runInteractive on a terminal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedis-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Fake TTY streams: keys typed into `input`, the screen collected from `output`. */
  function terminal() {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    let screen = '';
    output.on('data', (b: Buffer) => (screen += b.toString('latin1')));
    return { input, output, screen: () => screen };
  }

  test('prompt, replies, history file without sensitive commands, Ctrl-D leaves', async () => {
    const historyFile = path.join(dir, 'history');
    fs.writeFileSync(historyFile, 'OLD 1\nOLD 2\n');
    const t = terminal();
    const sh = new Shell({
      store,
      mode: 'tty',
      version: '9.9.9',
      write: (b) => t.output.write(Buffer.from(b, 'latin1')),
      writeError: (e) => (err += e),
    });
    const done = runInteractive(sh, { input: t.input, output: t.output, historyFile, rcFile: null });
    t.input.write('SET a 1\r');
    t.input.write('AUTH secret\r');
    t.input.write('SELECT 2\r');
    t.input.write('\x04'); // Ctrl-D
    await done;
    const screen = t.screen();
    expect(screen).toContain('embedis> ');
    expect(screen).toContain('OK\n');
    expect(screen).toContain('embedis[2]> ');
    expect(fs.readFileSync(historyFile, 'utf8')).toBe('OLD 1\nOLD 2\nSET a 1\nSELECT 2\n');
    expect(fs.statSync(historyFile).mode & 0o777).toBe(0o600);
  });

  test('a grey usage hint follows the typed command and is erased before Enter', async () => {
    const t = terminal();
    const sh = new Shell({
      store,
      mode: 'tty',
      version: '9.9.9',
      write: (b) => t.output.write(Buffer.from(b, 'latin1')),
      writeError: (e) => (err += e),
    });
    const done = runInteractive(sh, { input: t.input, output: t.output, historyFile: null, rcFile: null });
    t.input.write('GET');
    await new Promise((r) => setImmediate(r));
    expect(t.screen()).toContain('\x1b[0;90;49m key\x1b[0m\x1b[4D');
    t.input.write('\r');
    await new Promise((r) => setImmediate(r));
    expect(t.screen()).toMatch(
      /\x1b\[4D\x1b\[0K\r\n\(error\) ERR wrong number of arguments for 'get' command\n/,
    );
    t.input.write('\x04');
    await done;
  });

  test('preferences are read from the rc file', async () => {
    const rcFile = path.join(dir, 'rc');
    fs.writeFileSync(rcFile, ':set nohints\n');
    const t = terminal();
    const sh = new Shell({
      store,
      mode: 'tty',
      version: '9.9.9',
      write: (b) => t.output.write(Buffer.from(b, 'latin1')),
      writeError: (e) => (err += e),
    });
    const done = runInteractive(sh, { input: t.input, output: t.output, historyFile: null, rcFile });
    t.input.write('GET');
    await new Promise((r) => setImmediate(r));
    expect(t.screen()).not.toContain('\x1b[90m');
    expect(sh.hints).toBe(false);
    t.input.write('\x15\x04'); // Ctrl-U clears the line, Ctrl-D on an empty line leaves
    await done;
  });
});
