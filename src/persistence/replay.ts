// Replays one append-only file into a Store, as Redis's loadSingleAppendOnlyFile does with its
// fake AOF client: every command goes through the dispatcher (resolve + execute, the same path
// as a client's) on a session of its own that starts in database 0 and may not block; commands
// between MULTI and EXEC are queued and run as one execution unit at EXEC. The caller sets
// `store.loading` (no key expires, past EXPIRE times are kept) and turns propagation off.
//
// Command errors are ignored, as Redis ignores them (the fake client's replies go nowhere); an
// unknown command is fatal. The result says how far the file is valid: the end of the last
// complete command — or, when the file ends inside MULTI … EXEC, the offset before MULTI, since
// a transaction is all or nothing (Redis's valid_before_multi).

import { type Entry, execute, resolve } from '../commands/dispatch.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import { AofFileReader, AofReadError } from './aof-reader.js';

/** How reading one file ended. */
export interface ReplayOutcome {
  /** Commands executed (MULTI and EXEC not counted). */
  commands: number;
  /** Bytes read. */
  bytes: number;
  /** The file's size. */
  size: number;
  /**
   * Offset where the file stops being valid when it ends with a torn (incomplete) command or
   * an unfinished MULTI block; null when the whole file is valid.
   */
  tornAt: number | null;
  /** Commands that replied an error (ignored, as Redis does). */
  failed: number;
  /** The first such error, for the load report. */
  firstFailure: string | null;
}

/** A file that cannot be replayed: not a command log, or a command embedis does not know. */
export class ReplayError extends Error {
  constructor(
    message: string,
    /** `format`: bad bytes; `unknown`: an unknown command; `rdb`: an RDB-format file. */
    readonly kind: 'format' | 'unknown' | 'rdb',
    /** Offset of the command at fault. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Options of {@link replayFile}. */
export interface ReplayFileOptions {
  /** Called every ~1 MiB read and at the end, with the bytes read so far in this file. */
  onProgress?: (bytes: number, commands: number) => void;
}

const PROGRESS_EVERY = 1 << 20;

/**
 * Replays the commands of `file` into `store`. Throws {@link ReplayError} for a format error,
 * an unknown command or an RDB file; a torn tail is reported in the outcome, not thrown.
 */
export function replayFile(store: Store, file: string, options: ReplayFileOptions = {}): ReplayOutcome {
  const reader = new AofFileReader(file);
  const session: Session = { db: 0, protocol: 2, denyBlocking: true };
  const outcome: ReplayOutcome = {
    commands: 0,
    bytes: 0,
    size: reader.size,
    tornAt: null,
    failed: 0,
    firstFailure: null,
  };
  const onProgress = options.onProgress;
  let nextReport = PROGRESS_EVERY;
  /** Queued commands of an open MULTI, or null outside one. */
  let multi: { argv: string[]; entry: Entry }[] | null = null;
  let beforeMulti = 0;
  const run = (argv: string[], entry: Entry): void => {
    const reply = execute(store, entry, argv, session);
    outcome.commands++;
    if (reply instanceof Error) {
      outcome.failed++;
      outcome.firstFailure ??= `${argv[0]}: ${reply.message}`;
    }
  };
  try {
    if (reader.startsWithRdb()) {
      throw new ReplayError(`${file} is in RDB format`, 'rdb', 0);
    }
    for (;;) {
      let argv: string[] | null;
      try {
        argv = reader.next();
      } catch (e) {
        if (!(e instanceof AofReadError)) throw e;
        if (e.kind === 'format') {
          throw new ReplayError(
            `Bad file format reading the append only file ${file} at offset ${e.at}`,
            'format',
            e.offset,
          );
        }
        outcome.tornAt = multi !== null ? beforeMulti : e.offset;
        break;
      }
      if (argv === null) {
        // A clean end inside MULTI is still an incomplete transaction: revert it.
        if (multi !== null) outcome.tornAt = beforeMulti;
        break;
      }
      const name = argv[0]!;
      const upper = name.length <= 7 ? name.toUpperCase() : '';
      if (upper === 'MULTI') {
        // Redis's MULTI inside MULTI is an error the fake client ignores: keep the first block.
        if (multi === null) {
          multi = [];
          beforeMulti = reader.commandStart;
        }
      } else if (upper === 'EXEC' && multi !== null) {
        const queued = multi;
        multi = null;
        store.effects.begin();
        try {
          for (const q of queued) run(q.argv, q.entry);
        } finally {
          store.effects.end();
        }
      } else if (upper === 'DISCARD' && multi !== null) {
        multi = null;
      } else {
        const entry = resolve(argv);
        if (entry instanceof Error) {
          throw new ReplayError(
            `Unknown command '${name}' reading the append only file ${file} at offset ${reader.commandStart}: ${entry.message}`,
            'unknown',
            reader.commandStart,
          );
        }
        if (multi !== null) multi.push({ argv, entry });
        else run(argv, entry);
      }
      if (onProgress !== undefined && reader.offset >= nextReport) {
        nextReport = reader.offset + PROGRESS_EVERY;
        onProgress(reader.offset, outcome.commands);
      }
    }
    outcome.bytes = reader.offset;
  } finally {
    reader.close();
  }
  return outcome;
}
