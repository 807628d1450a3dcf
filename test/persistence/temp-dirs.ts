// Temporary data directories for persistence tests, removed after each test.

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Registers an afterEach that first runs `cleanup` (closing what holds the directories open),
 * then removes every directory made since; returns the function that makes one.
 */
export function tempDirs(prefix: string, cleanup?: () => void): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    cleanup?.();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = fs.mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}
