// The append-only log's runtime controls, on top of the PersistenceManager: BGREWRITEAOF with
// Redis's replies and scheduling (bgrewriteaofCommand), CONFIG appendonly / appendfsync /
// auto-aof-rewrite-* / aof-load-truncated / appenddirname / appendfilename, and switching the log
// on and off at runtime (startAppendOnly / stopAppendOnly).

import { AOF_REWRITE_FAILED, AOF_REWRITE_IN_PROGRESS, ReplyError } from '../errors.js';
import type { Store } from '../store.js';
import { AofAdapter } from './aof.js';
import type { FsyncPolicy } from './aof-writer.js';
import type { PersistenceManager } from './manager.js';

/** BGREWRITEAOF's status replies. */
export type BgrewriteaofReply =
  | 'Background append only file rewriting started'
  | 'Background append only file rewriting scheduled';

/** The manager's log adapter slot (assignable when the log is switched on at runtime). */
type WithLog = { log: AofAdapter | null; dir: string | null; bgsaveDone: Promise<unknown> | null };

/** Rewrites waiting for a background save to end, per store (aof_rewrite_scheduled). */
const scheduled = new WeakSet<Store>();
/** Sinks attached by {@link setAppendOnly} for a log created at runtime. */
const attached = new WeakMap<Store, () => void>();

/**
 * BGREWRITEAOF: starts a background rewrite of the log, or schedules one while a background
 * save runs or inside EXEC; a store without a log (memory-only, or appendonly no) rewrites
 * nothing and replies as if it had started.
 * @throws ReplyError while a rewrite already runs, or when it cannot start
 * @see https://redis.io/commands/bgrewriteaof/
 */
export function bgrewriteaof(store: Store, inExec = false): BgrewriteaofReply {
  const p = store.persistence as PersistenceManager & WithLog;
  const log = p.log;
  if (log?.rewriteInProgress === true) throw new ReplyError(AOF_REWRITE_IN_PROGRESS);
  if (p.bgsaveDone !== null || inExec) {
    if (!scheduled.has(store)) {
      scheduled.add(store);
      // serverCron starts it once no other background job runs.
      const start = (): void => {
        scheduled.delete(store);
        const l = p.log;
        if (l === null || !l.enabled || l.rewriteInProgress) return;
        l.rewriteInBackground(store).catch(() => {});
      };
      const wait = p.bgsaveDone ?? Promise.resolve();
      wait.then(
        () => setImmediate(start),
        () => setImmediate(start),
      );
    }
    return 'Background append only file rewriting scheduled';
  }
  if (log === null || !log.enabled) return 'Background append only file rewriting started';
  try {
    log.rewriteInBackground(store).catch(() => {});
  } catch {
    throw new ReplyError(AOF_REWRITE_FAILED);
  }
  return 'Background append only file rewriting started';
}

/** True while a rewrite waits for a background save (INFO aof_rewrite_scheduled). */
export function rewriteScheduled(store: Store): boolean {
  return scheduled.has(store);
}

/**
 * Switches the log on or off at runtime (CONFIG SET appendonly). On: a base is written in the
 * background first, as Redis's startAppendOnly; the promise resolves when the log is complete
 * on disk. Off: pending appends are fsynced and the file closed. Needs a data directory.
 */
export async function setAppendOnly(store: Store, on: boolean): Promise<void> {
  const p = store.persistence as PersistenceManager & WithLog;
  if (!on) {
    p.log?.disable();
    return;
  }
  if (p.dir === null) throw new Error('appendonly needs a data directory (the `dir` option)');
  let log = p.log;
  if (log === null) {
    log = new AofAdapter(p.dir, aofOptionsOf(store));
    log.disable();
    p.log = log;
  }
  if (!attached.has(store)) attached.set(store, log.attach(store));
  await log.enable(store);
}

/** The AOF settings currently in CONFIG (for a log created at runtime). */
function aofOptionsOf(store: Store): ConstructorParameters<typeof AofAdapter>[1] {
  const c = store.config;
  return {
    fsync: String(c.get('appendfsync')) as FsyncPolicy,
    dirname: String(c.get('appenddirname')),
    filename: String(c.get('appendfilename')),
    autoRewritePercentage: Number(c.get('auto-aof-rewrite-percentage')),
    autoRewriteMinSize: Number(c.get('auto-aof-rewrite-min-size')),
    loadTruncated: Boolean(c.get('aof-load-truncated')),
  };
}

/**
 * Binds the AOF parameters of `store.config` to its log: appendonly (switching at runtime),
 * appendfsync, auto-aof-rewrite-percentage, auto-aof-rewrite-min-size, aof-load-truncated,
 * and the immutable appenddirname / appendfilename as the log uses them.
 */
export function bindAofConfig(store: Store): void {
  const config = store.config;
  const log = (): AofAdapter | null => (store.persistence as PersistenceManager & WithLog).log;
  // Values kept here while there is no log, so CONFIG GET reports what CONFIG SET stored;
  // they start as the registry holds them (Redis's defaults, or the `config` option's values).
  let fsync = String(config.get('appendfsync')) as FsyncPolicy;
  let percentage = Number(config.get('auto-aof-rewrite-percentage'));
  let minSize = Number(config.get('auto-aof-rewrite-min-size'));
  let loadTruncated = Boolean(config.get('aof-load-truncated'));
  // A `config` option that differs from Redis's defaults applies to the log too.
  const l0 = log();
  if (l0 !== null) {
    if (fsync !== 'everysec') l0.setFsync(fsync);
    if (percentage !== 100) l0.configure({ autoRewritePercentage: percentage });
    if (minSize !== 64 * 1024 * 1024) l0.configure({ autoRewriteMinSize: minSize });
    if (!loadTruncated) l0.configure({ loadTruncated });
  }
  config.bind<boolean>('appendonly', {
    get: () => log()?.enabled ?? false,
    set: (on) => {
      const p = store.persistence as PersistenceManager & WithLog;
      if (on && p.dir === null) return 'appendonly needs a data directory (the dir option)';
      setAppendOnly(store, on).catch(() => {});
      return undefined;
    },
  });
  config.bind<string>('appendfsync', {
    get: () => log()?.fsync ?? fsync,
    set: (v) => {
      fsync = v as FsyncPolicy;
      log()?.setFsync(fsync);
    },
  });
  config.bind<number>('auto-aof-rewrite-percentage', {
    get: () => log()?.settings.autoRewritePercentage ?? percentage,
    set: (v) => {
      percentage = v;
      log()?.configure({ autoRewritePercentage: v });
    },
  });
  config.bind<number>('auto-aof-rewrite-min-size', {
    get: () => log()?.settings.autoRewriteMinSize ?? minSize,
    set: (v) => {
      minSize = v;
      log()?.configure({ autoRewriteMinSize: v });
    },
  });
  config.bind<boolean>('aof-load-truncated', {
    get: () => log()?.settings.loadTruncated ?? loadTruncated,
    set: (v) => {
      loadTruncated = v;
      log()?.configure({ loadTruncated: v });
    },
  });
  const l = log();
  if (l !== null) {
    config.bind<string>('appenddirname', { get: () => l.settings.dirname });
    config.bind<string>('appendfilename', { get: () => l.settings.filename });
  }
}
