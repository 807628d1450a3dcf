// Time for the whole store comes from one injectable Clock, so tests never sleep: a FakeClock
// moves time by hand and fires the timers (active expiry, blocking timeouts) that fall due.

/** A scheduled callback, as returned by {@link Clock.setTimer}. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * The source of time and timers for a Store.
 * @see https://redis.io/commands/time/
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. A real clock's timer must not keep the process alive. */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** The wall clock: `Date.now()` and `setTimeout(...).unref()`. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    const t = setTimeout(fn, ms);
    (t as { unref?: () => void }).unref?.();
    return { cancel: () => clearTimeout(t) };
  }
}

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to. `advance(ms)` runs every timer that falls due, in time
 * order, with `now()` set to each timer's due time while it runs.
 *
 * @example
 * const clock = new FakeClock(Date.UTC(2030, 0, 1));
 * const store = new Store({ clock });
 * store.set('k', 'v', { px: 100 });
 * clock.advance(101); // active expiry runs; 'k' is gone
 */
export class FakeClock implements Clock {
  private time: number;
  private timers: FakeTimer[] = [];
  private seq = 0;

  /** @param start - the initial time in ms since the epoch (default: the real time now). */
  constructor(start: number = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('FakeClock.advance: ms must be >= 0');
    this.runUntil(this.time + ms);
  }

  /** Sets the time to `ms` (forward or backward); moving forward fires due timers. */
  set(ms: number): void {
    if (ms > this.time) this.runUntil(ms);
    else this.time = ms;
  }

  /** Number of timers not yet fired or cancelled. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private runUntil(target: number): void {
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: FakeTimer | undefined;
      for (const t of this.timers) {
        if (
          t.at <= target &&
          (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))
        )
          next = t;
      }
      if (next === undefined) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      if (next.at > this.time) this.time = next.at;
      next.fn();
    }
    this.time = target;
  }
}
