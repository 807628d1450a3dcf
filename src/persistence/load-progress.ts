// A ready-made `onLoadProgress` reporter: one log line every N % of a load, then a summary, for
// servers and shells that are not on a TTY (on a TTY a progress bar can use the same events).

import type { LoadProgress } from './adapter.js';

/** Options of {@link logLoadProgress}. */
export interface LogLoadProgressOptions {
  /**
   * Print a line each time the load passes another multiple of this percentage.
   * @default 10
   */
  everyPercent?: number;
  /**
   * Where lines go.
   * @default console.error
   */
  log?: (line: string) => void;
}

const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;

/**
 * A progress callback for `new Store({ dir, onLoadProgress })` that logs
 * `Loading dump.embedis: 40% (24.4 MB of 61.0 MB, 400000 keys)` every `everyPercent` and
 * `Loaded dump.embedis: 1000001 keys, 61.0 MB in 812 ms` at the end.
 * @example
 * const store = new Store({ dir: './data', onLoadProgress: logLoadProgress({ everyPercent: 25 }) });
 */
export function logLoadProgress(options: LogLoadProgressOptions = {}): (p: LoadProgress) => void {
  const every = options.everyPercent ?? 10;
  if (!(every > 0 && every <= 100)) throw new RangeError('everyPercent must be in (0, 100]');
  const log = options.log ?? ((line: string) => console.error(line));
  let next = every;
  let started = 0;
  let file = '';
  return (p) => {
    if (p.file !== file) {
      file = p.file;
      next = every;
      started = performance.now();
    }
    const name = p.file.split(/[\\/]/).pop() ?? p.file;
    if (p.done) {
      const ms = Math.round(performance.now() - started);
      log(`Loaded ${name}: ${p.items} keys, ${mb(p.bytesLoaded)} in ${ms} ms`);
      return;
    }
    if (p.bytesTotal <= 0) return;
    const pct = (p.bytesLoaded / p.bytesTotal) * 100;
    if (pct < next) return;
    while (next <= pct) next += every;
    log(
      `Loading ${name}: ${Math.floor(pct)}% (${mb(p.bytesLoaded)} of ${mb(p.bytesTotal)}, ${p.items} keys)`,
    );
  };
}
