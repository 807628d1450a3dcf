// One process per data directory: `dir/embedis.lock` holds the owner's pid. It is created with
// O_EXCL, so two processes racing for it cannot both win. A lock whose pid is no longer alive
// (the owner was killed) is stale and taken over; a live owner makes the second opener fail
// with a PersistenceError naming the pid. A lock this process already holds for the same
// directory (a second Store on it) is refused as well: two stores writing one log would
// interleave their records.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { PersistenceError } from './adapter.js';

/** Lock file name inside the data directory. */
export const LOCK_FILENAME = 'embedis.lock';

/** Directories locked by this process (resolved paths). */
const held = new Set<string>();

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A held directory lock; {@link release} gives it up. */
export class DirLock {
  private released = false;

  private constructor(
    /** The locked directory (resolved). */
    readonly dir: string,
    /** The lock file. */
    readonly file: string,
  ) {}

  /**
   * Locks `dir` (created when missing) for this process.
   * @throws PersistenceError (`LOCKED`) when another live process, or another store of this
   * process, holds it; (`IO`) when the lock file cannot be written
   */
  static acquire(dir: string): DirLock {
    const resolved = path.resolve(dir);
    const file = path.join(resolved, LOCK_FILENAME);
    if (held.has(resolved)) {
      throw new PersistenceError(
        `data directory ${resolved} is already open in this process (pid ${process.pid}); close the other Store first`,
        'LOCKED',
        file,
      );
    }
    try {
      fs.mkdirSync(resolved, { recursive: true });
    } catch (e) {
      throw new PersistenceError(
        `cannot create data directory ${resolved}: ${(e as Error).message}`,
        'IO',
        resolved,
        {
          cause: e,
        },
      );
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o644);
        try {
          fs.writeSync(fd, `${process.pid}\n`);
        } finally {
          fs.closeSync(fd);
        }
        held.add(resolved);
        return new DirLock(resolved, file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') {
          throw new PersistenceError(`cannot create lock file ${file}: ${(e as Error).message}`, 'IO', file, {
            cause: e,
          });
        }
      }
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(fs.readFileSync(file, 'latin1').trim(), 10);
      } catch {
        // removed meanwhile: retry
      }
      if (pidAlive(owner) && owner !== process.pid) {
        throw new PersistenceError(
          `data directory ${resolved} is locked by process ${owner} (${file}); only one process may open it`,
          'LOCKED',
          file,
        );
      }
      // Stale (its process is gone, or it was ours from a store never closed): take it over.
      try {
        fs.unlinkSync(file);
      } catch {
        // someone else removed it first
      }
    }
    throw new PersistenceError(
      `cannot lock data directory ${resolved}: lock file keeps reappearing`,
      'LOCKED',
      file,
    );
  }

  /** Removes the lock file. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.dir);
    try {
      const owner = Number.parseInt(fs.readFileSync(this.file, 'latin1').trim(), 10);
      if (owner === process.pid) fs.unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}
