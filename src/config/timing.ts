// What the dispatcher does with a command's run time when timing is on (see stats.ts): INFO
// commandstats usec, the per-command latency histogram, the latency monitor's "command" /
// "fast-command" events, and the slow log — Redis's call() after c->cmd->proc returns.

import type { Session } from '../store/core.js';
import { commandInfo } from './command-ids.js';
import type { ServerStats } from './stats.js';

/** A monotonic clock in ms with sub-ms precision where the runtime has one. */
const monotonic: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now();

/** Starts timing a command: an opaque timestamp for {@link recordTiming}. */
export function timerStart(): number {
  return monotonic();
}

/** What recordTiming needs of the store. */
interface TimedStore {
  readonly stats: ServerStats;
  readonly clock: { now(): number };
}

/**
 * Records a command that started at `start` (from {@link timerStart}): usec, histogram, latency
 * event, slow log. Durations are whole microseconds, as Redis's ustime differences.
 */
export function recordTiming(
  store: TimedStore,
  id: number,
  argv: readonly string[],
  session: Session,
  start: number,
): void {
  const durationUs = Math.max(0, Math.floor((monotonic() - start) * 1000));
  const stats = store.stats;
  stats.usec[id] += durationUs;
  const info = commandInfo(id);
  const latency = stats.latency;
  if (latency.tracking) latency.recordCommand(id, durationUs);
  const now = store.clock.now();
  if (latency.threshold > 0) {
    latency.addSampleIfNeeded(
      info.flags.includes('fast') ? 'fast-command' : 'command',
      Math.floor(durationUs / 1000),
      now,
    );
  }
  if (!info.flags.includes('skip_slowlog')) {
    const client = stats.describeClient?.(session);
    stats.slowlog.push(info.fullname, argv, durationUs, now, client?.addr ?? '', client?.name ?? '');
  }
}
