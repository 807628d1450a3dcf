// Latency diagnostics: the latency monitor (Redis latency.c: per-event time series of spikes over
// latency-monitor-threshold ms, LATENCY LATEST / HISTORY / GRAPH / DOCTOR / RESET) and the
// per-command latency histograms behind LATENCY HISTOGRAM and INFO latencystats.
//
// The histograms reproduce the HdrHistogram Redis records into (1 ns .. 1 s, 2 significant
// digits), so reported buckets and percentiles have Redis's values: a sample is stored under the
// lowest value of its HDR bucket and reported as that bucket's highest equivalent value.

/** LATENCY_TS_LEN: samples kept per event. */
const TS_LEN = 160;

/** One latency spike: Unix time (s) and latency (ms). */
export interface LatencySample {
  readonly time: number;
  readonly latency: number;
}

/** An event's history (latencyTimeSeries). */
export interface LatencyEvent {
  /** Samples oldest first. */
  readonly samples: readonly LatencySample[];
  /** The highest latency ever recorded for the event (ms). */
  readonly max: number;
}

class TimeSeries {
  samples: LatencySample[] = [];
  max = 0;
}

// ---- HdrHistogram arithmetic (lowest 1, highest 1e9, 2 significant digits) ----------------------

/** LATENCY_HISTOGRAM_MIN_VALUE / MAX_VALUE in nanoseconds. */
const HIST_MIN = 1;
const HIST_MAX = 1_000_000_000;

/** The HDR bucket of `v` (sub-bucket count 256, unit magnitude 0): its lowest value and range size. */
function hdrBucket(v: number): { lowest: number; size: number } {
  // bucket index = floor(log2(v | sub-bucket mask)) - log2(sub-bucket half count); v < 2^31 here.
  const size = 2 ** (31 - Math.clz32(v | 255) - 7);
  return { lowest: Math.floor(v / size) * size, size };
}

const highestEquivalent = (v: number): number => {
  const { lowest, size } = hdrBucket(v);
  return lowest + size - 1;
};

/** A per-command latency histogram, in nanoseconds. */
export class LatencyHistogram {
  /** Lowest equivalent value -> count. */
  private readonly counts = new Map<number, number>();
  /** Samples recorded (the `calls` of LATENCY HISTOGRAM). */
  total = 0;

  /** Records one duration in nanoseconds (updateCommandLatencyHistogram clamps to 1 ns .. 1 s). */
  record(ns: number): void {
    const v = Math.min(Math.max(Math.floor(ns), HIST_MIN), HIST_MAX);
    const key = hdrBucket(v).lowest;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  private sorted(): [number, number][] {
    return [...this.counts].sort((a, b) => a[0] - b[0]);
  }

  /** hdr_value_at_percentile: the highest equivalent value (ns) at `percentile`. */
  valueAtPercentile(percentile: number): number {
    const requested = Math.min(percentile, 100);
    const target = Math.max(1, Math.trunc((requested / 100) * this.total + 0.5));
    let seen = 0;
    for (const [v, c] of this.sorted()) {
      seen += c;
      if (seen >= target) return percentile === 0 ? v : highestEquivalent(v);
    }
    return 0;
  }

  /**
   * LATENCY HISTOGRAM's `histogram_usec`: cumulative counts at power-of-two reporting levels from
   * 1024 ns (hdr_iter_log_init(1024, 2)), labelled with each level's highest equivalent value in
   * µs, levels that add nothing left out.
   */
  cumulativeBuckets(): [usec: number, count: number][] {
    const out: [number, number][] = [];
    const entries = this.sorted();
    let i = 0;
    let cumulative = 0;
    let previous = 0;
    for (let level = 1024; cumulative < this.total && level <= 2 ** 40; level *= 2) {
      const top = highestEquivalent(level);
      while (i < entries.length && entries[i]![0] <= top) cumulative += entries[i++]![1];
      if (cumulative > previous) out.push([Math.floor(top / 1000), cumulative]);
      previous = cumulative;
    }
    return out;
  }
}

/** The latency monitor and the per-command histograms of one store. */
export class LatencyMonitor {
  /** latency-monitor-threshold in ms; 0 disables the monitor. */
  threshold = 0;
  /** latency-tracking: per-command histograms on or off. */
  tracking = true;
  /** latency-tracking-info-percentiles */
  percentiles: number[] = [50, 99, 99.9];
  private readonly events = new Map<string, TimeSeries>();
  /** Per command id, created on first sample. */
  histograms: (LatencyHistogram | undefined)[] = [];

  /** latencyAddSampleIfNeeded: records `latencyMs` for `event` when it reaches the threshold. */
  addSampleIfNeeded(event: string, latencyMs: number, nowMs: number): void {
    if (this.threshold > 0 && latencyMs >= this.threshold) this.addSample(event, latencyMs, nowMs);
  }

  /** latencyAddSample: one sample per second per event, the highest of that second kept. */
  addSample(event: string, latencyMs: number, nowMs: number): void {
    let ts = this.events.get(event);
    if (ts === undefined) {
      ts = new TimeSeries();
      this.events.set(event, ts);
    }
    const now = Math.floor(nowMs / 1000);
    if (latencyMs > ts.max) ts.max = latencyMs;
    const last = ts.samples[ts.samples.length - 1];
    if (last !== undefined && last.time === now) {
      if (latencyMs > last.latency) ts.samples[ts.samples.length - 1] = { time: now, latency: latencyMs };
      return;
    }
    ts.samples.push({ time: now, latency: latencyMs });
    if (ts.samples.length > TS_LEN) ts.samples.shift();
  }

  /** The events with samples, in the order they were first seen. */
  eventNames(): string[] {
    return [...this.events.keys()];
  }

  /** One event's history, or undefined. Event names are case-sensitive, as in Redis. */
  event(name: string): LatencyEvent | undefined {
    return this.events.get(name);
  }

  /** LATENCY RESET: drops the named events (case-insensitive), or all; returns how many. */
  reset(names?: readonly string[]): number {
    if (names === undefined) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let resets = 0;
    for (const event of [...this.events.keys()]) {
      if (names.some((n) => n.toLowerCase() === event.toLowerCase())) {
        this.events.delete(event);
        resets++;
      }
    }
    return resets;
  }

  /** Records a command's run time in the histogram of command id `id`. */
  recordCommand(id: number, durationUs: number): void {
    let h = this.histograms[id];
    if (h === undefined) {
      h = new LatencyHistogram();
      this.histograms[id] = h;
    }
    h.record(durationUs * 1000);
  }

  /** Drops every command histogram (CONFIG RESETSTAT). */
  resetHistograms(): void {
    this.histograms = [];
  }
}

// ---- LATENCY GRAPH (sparkline.c) ------------------------------------------------------------

/** LATENCY_GRAPH_COLS */
const GRAPH_COLS = 80;
const GRAPH_ROWS = 4;
const CHARSET_FILL = '_o#';

interface SparkSample {
  value: number;
  label: string;
}

/** sparklineRenderRange with SPARKLINE_FILL. */
function renderRange(samples: SparkSample[], min: number, max: number, offset: number, len: number): string {
  let out = '';
  let relmax = max - min;
  if (relmax === 0) relmax = 1;
  const steps = CHARSET_FILL.length * GRAPH_ROWS;
  const hasLabels = samples.some((s) => s.label !== '');
  for (let row = 0; ; row++) {
    let loop = false;
    const chars = new Array<string>(len).fill(' ');
    for (let j = 0; j < len; j++) {
      const s = samples[j + offset]!;
      let step = Math.trunc(((s.value - min) * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < GRAPH_ROWS) {
        const idx = step - (GRAPH_ROWS - row - 1) * CHARSET_FILL.length;
        loop = true;
        if (idx >= 0 && idx < CHARSET_FILL.length) chars[j] = CHARSET_FILL[idx]!;
        else if (idx >= CHARSET_FILL.length) chars[j] = '|';
      } else {
        // One blank row between the graph and the labels (label_margin_top).
        if (hasLabels && row - GRAPH_ROWS < 1) {
          loop = true;
          break;
        }
        const labelChar = row - GRAPH_ROWS - 1;
        if (s.label.length > labelChar) {
          loop = true;
          chars[j] = s.label[labelChar]!;
        }
      }
    }
    if (!loop) break;
    out += `${chars.join('')}\n`;
  }
  return out;
}

/** LATENCY GRAPH's text for one event (latencyCommandGenSparkeline). */
export function latencyGraph(name: string, event: LatencyEvent, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const samples: SparkSample[] = [];
  let min = 0;
  let max = 0;
  for (const s of event.samples) {
    if (samples.length === 0) min = max = s.latency;
    else {
      if (s.latency > max) max = s.latency;
      if (s.latency < min) min = s.latency;
    }
    const elapsed = now - s.time;
    const label =
      elapsed < 60
        ? `${elapsed}s`
        : elapsed < 3600
          ? `${Math.floor(elapsed / 60)}m`
          : elapsed < 86400
            ? `${Math.floor(elapsed / 3600)}h`
            : `${Math.floor(elapsed / 86400)}d`;
    samples.push({ value: s.latency, label });
  }
  let out = `${name} - high ${max} ms, low ${min} ms (all time high ${event.max} ms)\n${'-'.repeat(GRAPH_COLS)}\n`;
  let smin = Infinity;
  let smax = -Infinity;
  for (const s of samples) {
    smin = Math.min(smin, s.value);
    smax = Math.max(smax, s.value);
  }
  for (let j = 0; j < samples.length; j += GRAPH_COLS) {
    if (j !== 0) out += '\n';
    out += renderRange(samples, smin, smax, j, Math.min(GRAPH_COLS, samples.length - j));
  }
  return out;
}

// ---- LATENCY DOCTOR (createLatencyReport), for the events embedis records --------------------

/** The report of LATENCY DOCTOR. `slowlogSlowerThan` in µs. */
export function latencyDoctor(
  monitor: LatencyMonitor,
  slowlogSlowerThan: number,
  hz: number,
  nowMs: number,
): string {
  const names = monitor.eventNames();
  if (names.length === 0 && monitor.threshold === 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  const now = Math.floor(nowMs / 1000);
  let report = '';
  let advices = 0;
  let slowlogEnabled = false;
  let slowlogTuning = false;
  let slowlogInspect = false;
  let scheduler = false;
  let hzAdvice = false;
  let largeObjects = false;
  names.forEach((name, i) => {
    const ev = monitor.event(name)!;
    if (i === 0) {
      report +=
        "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    }
    const n = ev.samples.length;
    const sum = ev.samples.reduce((a, s) => a + s.latency, 0);
    const avg = n === 0 ? 0 : Math.floor(sum / n);
    const mad = n === 0 ? 0 : Math.floor(ev.samples.reduce((a, s) => a + Math.abs(avg - s.latency), 0) / n);
    let period = n === 0 ? 0 : now - Math.min(...ev.samples.map((s) => s.time));
    if (n > 0 && period === 0) period = 1;
    report += `${i + 1}. ${name}: ${n} latency spikes (average ${avg}ms, mean deviation ${mad}ms, period ${(period / n).toFixed(2)} sec). Worst all time event ${ev.max}ms.`;
    const lower = name.toLowerCase();
    if (lower === 'command') {
      if (slowlogSlowerThan < 0) {
        slowlogEnabled = true;
        advices++;
      } else if (Math.trunc(slowlogSlowerThan / 1000) > monitor.threshold) {
        slowlogTuning = true;
        advices++;
      }
      slowlogInspect = true;
      largeObjects = true;
      advices += 2;
    } else if (lower === 'fast-command') {
      scheduler = true;
      advices++;
    } else if (lower === 'expire-cycle') {
      hzAdvice = true;
      largeObjects = true;
      advices += 2;
    }
    report += '\n';
  });
  if (names.length === 0 && advices === 0) {
    return `${report}Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n`;
  }
  if (advices === 0) {
    return `${report}\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n`;
  }
  report += '\nI have a few advices for you:\n\n';
  const threshold = monitor.threshold * 1000;
  if (slowlogEnabled) {
    report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${threshold}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
  }
  if (slowlogTuning) {
    report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${threshold}'.\n`;
  }
  if (slowlogInspect) {
    report +=
      '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
  }
  if (scheduler) {
    report +=
      '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n' +
      '  1) Lower the system load.\n' +
      '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n' +
      '  3) Check if you have a "noisy neighbour" problem.\n' +
      "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
      '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
  }
  if (hzAdvice && hz < 100) {
    report +=
      "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n";
  }
  if (largeObjects) {
    report +=
      '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
  }
  return report;
}
