// The slow log (Redis slowlog.c): the commands that ran longer than slowlog-log-slower-than
// microseconds, newest first, at most slowlog-max-len of them. Arguments are kept as Redis keeps
// them: at most 32 (the last one says how many more there were), each cut at 128 bytes, and
// sensitive ones replaced by "(redacted)" (CONFIG SET requirepass, AUTH ...).

/** One slow log entry, as SLOWLOG GET replies it. */
export interface SlowLogEntry {
  /** Unique, increasing id. */
  readonly id: number;
  /** Unix time (seconds) the command ran at. */
  readonly time: number;
  /** Run time in microseconds. */
  readonly duration: number;
  /** The arguments, trimmed and redacted. */
  readonly argv: readonly string[];
  /** The client's `ip:port` ("" for the in-process API). */
  readonly peer: string;
  /** The client's name ("" when none). */
  readonly name: string;
}

/** SLOWLOG_ENTRY_MAX_ARGC */
const MAX_ARGC = 32;
/** SLOWLOG_ENTRY_MAX_STRING */
const MAX_STRING = 128;

/** Redis's shared.redacted. */
export const REDACTED = '(redacted)';

/**
 * Rewrites argv for the slow log: commands whose arguments carry secrets register one here
 * (`config|set` redacts the values of sensitive parameters; AUTH, HELLO AUTH and MIGRATE AUTH
 * would redact their passwords). Keyed by full command name.
 */
const redactors = new Map<string, (argv: readonly string[]) => string[]>();

/** Registers how to redact a command's arguments before they reach the slow log. */
export function registerRedaction(fullname: string, redact: (argv: readonly string[]) => string[]): void {
  redactors.set(fullname, redact);
}

/**
 * The slow log of one store (`store.stats.slowlog`), fed by the dispatcher while commands are
 * timed, read by SLOWLOG GET / LEN / RESET.
 * @see https://redis.io/commands/slowlog-get/
 */
export class SlowLog {
  /** slowlog-log-slower-than, in microseconds; -1 disables the log. */
  logSlowerThan = 10000;
  /** slowlog-max-len */
  maxLen = 128;
  private entries: SlowLogEntry[] = [];
  private nextId = 0;

  /** Number of entries. */
  get length(): number {
    return this.entries.length;
  }

  /**
   * Logs a command that took `durationUs` if it is slow enough (slowlogPushEntryIfNeeded).
   * @remarks O(slowlog-max-len) when it logs.
   */
  push(
    fullname: string,
    argv: readonly string[],
    durationUs: number,
    nowMs: number,
    peer = '',
    name = '',
  ): void {
    if (this.logSlowerThan < 0) return;
    if (durationUs >= this.logSlowerThan) {
      const redact = redactors.get(fullname);
      this.entries.unshift({
        id: this.nextId++,
        time: Math.floor(nowMs / 1000),
        duration: durationUs,
        argv: trimArgv(redact === undefined ? argv : redact(argv)),
        peer,
        name,
      });
    }
    this.trim();
  }

  /** Drops entries beyond `maxLen` (also after CONFIG SET slowlog-max-len). */
  trim(): void {
    if (this.entries.length > this.maxLen) this.entries.length = Math.max(0, this.maxLen);
  }

  /** The newest `count` entries (all with -1). */
  get(count: number): readonly SlowLogEntry[] {
    return count < 0 ? this.entries.slice() : this.entries.slice(0, count);
  }

  /** Empties the log (SLOWLOG RESET). Ids keep increasing. */
  reset(): void {
    this.entries = [];
  }
}

function trimArgv(argv: readonly string[]): string[] {
  const argc = Math.min(argv.length, MAX_ARGC);
  const out = new Array<string>(argc);
  for (let j = 0; j < argc; j++) {
    if (argc !== argv.length && j === argc - 1) {
      out[j] = `... (${argv.length - argc + 1} more arguments)`;
    } else {
      const a = argv[j]!;
      out[j] =
        a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a;
    }
  }
  return out;
}
