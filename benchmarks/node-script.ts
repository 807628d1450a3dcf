// How a benchmark starts a benchmark script in a child process (itself with --memory, a memory
// child, the server child): the same way it runs itself. Under `benchmarks/bundled.ts` every
// script is an esbuild bundle in BUNDLE_DIR, run by plain node; otherwise the .ts file through tsx.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by benchmarks/bundled.ts for the scripts it runs: the directory of the bundles. */
export const BUNDLE_ENV = 'EMBEDIS_BENCH_BUNDLE';

/**
 * Node arguments that run the benchmark script `script` (a `file:` URL or path of a
 * `benchmarks/*.ts` source): its bundle when running bundled, else the source through tsx.
 */
export function nodeScript(script: string | URL): string[] {
  const file = script instanceof URL || script.startsWith('file:') ? fileURLToPath(script) : script;
  const dir = process.env[BUNDLE_ENV];
  if (dir !== undefined && dir !== '') {
    const bundle = path.join(dir, `${path.basename(file, '.ts')}.mjs`);
    if (!existsSync(bundle))
      throw new Error(`${bundle} is missing: run the benchmark through benchmarks/bundled.ts`);
    return [bundle];
  }
  return ['--import', import.meta.resolve('tsx'), file];
}

/**
 * The AOF rewrite worker for a store of a benchmark (AppendOnlyOptions.rewriteWorker): its bundle
 * when running bundled (the library's own lookup, next to its module, does not see it), else
 * undefined (from the sources the library finds aof-compact-worker.ts itself).
 */
export function rewriteWorker(): string | undefined {
  const dir = process.env[BUNDLE_ENV];
  return dir !== undefined && dir !== '' ? path.join(dir, 'aof-compact-worker.mjs') : undefined;
}
