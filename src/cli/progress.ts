// Load progress for the shell and `embedis serve`: a progress bar (cli-progress) on a TTY, a log
// line every 10 % otherwise (logLoadProgress), so a big data directory never loads in silence.

import cliProgress from 'cli-progress';
import type { LoadProgress } from '../persistence/adapter.js';
import { logLoadProgress } from '../persistence/load-progress.js';

/**
 * A `Store.Options.onLoadProgress` callback writing to `stream`: a bar per file when it is a
 * TTY, else a line every 10 %. Files under 1 MiB load too fast to be worth either and print
 * nothing.
 */
export function loadProgressReporter(stream: NodeJS.WriteStream): (p: LoadProgress) => void {
  if (!stream.isTTY) {
    const log = logLoadProgress({ log: (line) => stream.write(`${line}\n`) });
    return (p) => {
      if (p.bytesTotal >= BIG) log(p);
    };
  }
  let bar: cliProgress.SingleBar | null = null;
  let file = '';
  return (p) => {
    if (p.file !== file) {
      bar?.stop();
      bar = null;
      file = p.file;
      if (p.bytesTotal >= BIG) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `Loading ${p.file} [{bar}] {percentage}% | {value}/{total} MiB | {keys} keys`,
            hideCursor: true,
            synchronousUpdate: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(mib(p.bytesTotal), 0, { keys: 0 });
      }
    }
    bar?.update(mib(p.bytesLoaded), { keys: p.items });
    if (p.done) {
      bar?.stop();
      bar = null;
      file = '';
    }
  };
}

/** Files from this size on report progress. */
const BIG = 1 << 20;

const mib = (n: number): number => Math.round((n / (1 << 20)) * 10) / 10;
