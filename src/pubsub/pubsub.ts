// The pub/sub registry: Redis's server.pubsub_channels, server.pubsub_patterns and
// server.pubsubshard_channels (pubsub.c), plus each subscriber's own sets of channels, patterns
// and shard channels (c->pubsub_channels ...).
//
// A subscriber is either a client session — messages go out at once through `Session.push`, so
// they interleave with replies exactly as Redis writes them into the client's output buffer — or
// a handler of the typed API (`Store.subscribe`). Handlers never run inside a command: a
// keyspace event fires in the middle of RENAME or an EXEC, and a handler writing to the store
// there would see (and break) a half-done command. So typed deliveries are queued and run in
// one microtask after the publishing code returns, as a Redis client reads its messages after
// the command that published them. Each subscriber counts as one receiver, as a client does.
//
// Sets keep insertion order, so messages reach a channel's sessions in subscription order and
// patterns are tried in the order they were first subscribed (Redis uses a list and a dict;
// with several matching patterns its order is the dict's, which no client relies on). Each
// handler sees every message in publish order; a publish queues one entry per audience, so
// fan-out to N handlers costs N calls and no per-handler bookkeeping (benchmarks/pubsub.ts).

import { fromBytes } from '../bytes.js';
import { PushReply } from '../commands/reply.js';
import { compileGlob, globMatch } from '../keyspace/glob.js';
import type { Session } from '../store/core.js';

/** A typed-API handler of channel messages: the message and its channel, UTF-8 decoded. */
export type MessageHandler = (message: string, channel: string) => void;

/** A typed-API handler of pattern messages: the message, its channel and the matching pattern. */
export type PatternMessageHandler = (message: string, channel: string, pattern: string) => void;

/** One client's subscriptions (a session's, or one `Store.subscribe` call's). */
export class Subscriber {
  /** Channels subscribed with SUBSCRIBE. */
  readonly channels = new Set<string>();
  /** Patterns subscribed with PSUBSCRIBE. */
  readonly patterns = new Set<string>();
  /** Shard channels subscribed with SSUBSCRIBE. */
  readonly shardChannels = new Set<string>();
  /** False once a typed subscriber unsubscribed: queued deliveries to it are dropped. */
  active = true;

  constructor(
    /** The client session messages are pushed to, or null for a typed-API handler. */
    readonly session: Session | null,
    /** Handler of `message` / `smessage` deliveries (typed API). */
    readonly onMessage: MessageHandler | null = null,
    /** Handler of `pmessage` deliveries (typed API). */
    readonly onPatternMessage: PatternMessageHandler | null = null,
  ) {}

  /** Channels + patterns: the count SUBSCRIBE / PSUBSCRIBE confirmations carry (clientSubscriptionsCount). */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  /** Every subscription, shard channels included (clientTotalPubSubSubscriptionCount). */
  get total(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }
}

/**
 * The subscribers of one channel, shard channel or pattern. Sessions and typed handlers are kept
 * apart: sessions get each message at once, while handlers get it later, so a publish queues the
 * handler list itself — one queue entry per publish, not one per handler. That list is a
 * snapshot rebuilt after a change (subscribing is O(1); the next publish pays the copy), so a
 * handler that subscribes after a publish never sees that message.
 */
class Audience {
  readonly sessions = new Set<Subscriber>();
  private readonly typed = new Set<Subscriber>();
  private snapshot: Subscriber[] | null = null;

  constructor(
    /** For a pattern: its compiled matcher. */
    readonly match: ((channel: string) => boolean) | null = null,
  ) {}

  get size(): number {
    return this.sessions.size + this.typed.size;
  }

  get typedCount(): number {
    return this.typed.size;
  }

  add(sub: Subscriber): void {
    if (sub.session !== null) this.sessions.add(sub);
    else {
      this.typed.add(sub);
      this.snapshot = null;
    }
  }

  delete(sub: Subscriber): void {
    if (sub.session !== null) this.sessions.delete(sub);
    else if (this.typed.delete(sub)) this.snapshot = null;
  }

  /** The typed subscribers as an array that never changes afterwards. */
  handlers(): Subscriber[] {
    return (this.snapshot ??= [...this.typed]);
  }
}

const MESSAGE = 'message';
const PMESSAGE = 'pmessage';
const SMESSAGE = 'smessage';

/** Rethrows a handler's error outside the delivery loop, so the other handlers still run. */
const rethrow = (e: unknown): void =>
  queueMicrotask(() => {
    throw e;
  });

/** The pub/sub state of one Store. */
export class PubSub {
  private readonly channels = new Map<string, Audience>();
  private readonly patterns = new Map<string, Audience>();
  private readonly shardChannels = new Map<string, Audience>();
  private readonly sessions = new WeakMap<Session, Subscriber>();
  /**
   * Typed deliveries not yet run, 4 slots per publish and audience: the handler snapshot, then
   * channel, message and pattern (null for a channel message) as decoded text.
   */
  private queue: (Subscriber[] | string | null)[] = [];
  private scheduled = false;

  /** True while anyone is subscribed to a channel or a pattern (keyspace events check it first). */
  get listening(): boolean {
    return this.channels.size !== 0 || this.patterns.size !== 0;
  }

  /** The subscriber state of a client session; created when `create`, else undefined if none. */
  sessionSubscriber(session: Session, create: true): Subscriber;
  sessionSubscriber(session: Session, create: false): Subscriber | undefined;
  sessionSubscriber(session: Session, create: boolean): Subscriber | undefined {
    let sub = this.sessions.get(session);
    if (sub === undefined && create) {
      sub = new Subscriber(session);
      this.sessions.set(session, sub);
    }
    return sub;
  }

  /**
   * A typed-API subscription: a new subscriber (one receiver, like one client) to `names` —
   * channels, shard channels or patterns as `kind` says — calling `handler` for each message.
   * Returns the function that ends it; after that call the handler runs no more, not even for
   * messages already published. Calling it again does nothing.
   * @remarks O(N) in the number of names.
   */
  subscribeHandler(
    kind: 'channel' | 'shard' | 'pattern',
    names: readonly string[],
    handler: MessageHandler | PatternMessageHandler,
  ): () => void {
    const sub =
      kind === 'pattern'
        ? new Subscriber(null, null, handler as PatternMessageHandler)
        : new Subscriber(null, handler as MessageHandler);
    for (const n of names) {
      if (kind === 'pattern') this.subscribePattern(sub, n);
      else this.subscribeChannel(sub, n, kind === 'shard');
    }
    return () => {
      if (sub.active) this.unsubscribeAll(sub);
    };
  }

  /**
   * Subscribes to a channel (`shard`: a shard channel). Returns false when already subscribed.
   * @remarks O(1).
   */
  subscribeChannel(sub: Subscriber, channel: string, shard: boolean): boolean {
    const own = shard ? sub.shardChannels : sub.channels;
    if (own.has(channel)) return false;
    own.add(channel);
    const registry = shard ? this.shardChannels : this.channels;
    let audience = registry.get(channel);
    if (audience === undefined) registry.set(channel, (audience = new Audience()));
    audience.add(sub);
    return true;
  }

  /**
   * Unsubscribes from a channel; returns false when it was not subscribed. A channel nobody
   * listens to any more leaves the registry, so PUBSUB CHANNELS no longer lists it.
   * @remarks O(1).
   */
  unsubscribeChannel(sub: Subscriber, channel: string, shard: boolean): boolean {
    const own = shard ? sub.shardChannels : sub.channels;
    if (!own.delete(channel)) return false;
    const registry = shard ? this.shardChannels : this.channels;
    const audience = registry.get(channel)!;
    audience.delete(sub);
    if (audience.size === 0) registry.delete(channel);
    return true;
  }

  /**
   * Subscribes to a glob-style pattern; returns false when already subscribed.
   * @remarks O(P) to compile a pattern nobody had subscribed yet, else O(1).
   */
  subscribePattern(sub: Subscriber, pattern: string): boolean {
    if (sub.patterns.has(pattern)) return false;
    sub.patterns.add(pattern);
    let audience = this.patterns.get(pattern);
    if (audience === undefined) this.patterns.set(pattern, (audience = new Audience(compileGlob(pattern))));
    audience.add(sub);
    return true;
  }

  /**
   * Unsubscribes from a pattern; returns false when it was not subscribed.
   * @remarks O(1).
   */
  unsubscribePattern(sub: Subscriber, pattern: string): boolean {
    if (!sub.patterns.delete(pattern)) return false;
    const audience = this.patterns.get(pattern)!;
    audience.delete(sub);
    if (audience.size === 0) this.patterns.delete(pattern);
    return true;
  }

  /**
   * Drops every subscription of `sub` without notifying it (RESET, a closed connection, the
   * typed API's unsubscribe function). Queued typed deliveries to it are dropped too.
   * @remarks O(N) in the number of its subscriptions.
   */
  unsubscribeAll(sub: Subscriber): void {
    for (const c of [...sub.channels]) this.unsubscribeChannel(sub, c, false);
    for (const c of [...sub.shardChannels]) this.unsubscribeChannel(sub, c, true);
    for (const p of [...sub.patterns]) this.unsubscribePattern(sub, p);
    if (sub.session !== null) this.sessions.delete(sub.session);
    else sub.active = false;
  }

  /**
   * Publishes `message` to `channel` (byte strings): every subscriber of the channel gets a
   * `message`, then every subscriber of each matching pattern a `pmessage` (one per pattern).
   * Returns the number of deliveries, as PUBLISH replies.
   * @remarks O(N+M): N subscribers of the channel, M subscribed patterns.
   */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const audience = this.channels.get(channel);
    if (audience !== undefined) receivers += this.deliver(audience, MESSAGE, channel, message, null);
    if (this.patterns.size === 0) return receivers;
    for (const [pattern, a] of this.patterns) {
      if (a.match!(channel)) receivers += this.deliver(a, PMESSAGE, channel, message, pattern);
    }
    return receivers;
  }

  /**
   * Publishes to a shard channel: its subscribers get an `smessage`; patterns are not tried.
   * @remarks O(N) in the number of subscribers of the shard channel.
   */
  spublish(channel: string, message: string): number {
    const audience = this.shardChannels.get(channel);
    return audience === undefined ? 0 : this.deliver(audience, SMESSAGE, channel, message, null);
  }

  /**
   * Channels (or shard channels) with at least one subscriber, matching `pattern` when given.
   * @remarks O(N) in the number of active channels.
   */
  channelNames(pattern: string | null, shard: boolean): string[] {
    const registry = shard ? this.shardChannels : this.channels;
    const out: string[] = [];
    for (const c of registry.keys()) if (pattern === null || globMatch(pattern, c)) out.push(c);
    return out;
  }

  /** Number of subscribers of a channel (or shard channel), patterns excluded. @remarks O(1). */
  numsub(channel: string, shard: boolean): number {
    return (shard ? this.shardChannels : this.channels).get(channel)?.size ?? 0;
  }

  /** Number of distinct subscribed patterns. @remarks O(1). */
  numpat(): number {
    return this.patterns.size;
  }

  private deliver(
    audience: Audience,
    kind: string,
    channel: string,
    message: string,
    pattern: string | null,
  ): number {
    if (audience.sessions.size !== 0) {
      // One immutable frame serves every session of this delivery.
      const frame = new PushReply([
        pattern === null ? [kind, channel, message] : [kind, pattern, channel, message],
      ]);
      for (const s of audience.sessions) s.session!.push?.(frame);
    }
    if (audience.typedCount !== 0) {
      this.queue.push(
        audience.handlers(),
        fromBytes(channel),
        fromBytes(message),
        pattern === null ? null : fromBytes(pattern),
      );
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(this.flush);
      }
    }
    return audience.size;
  }

  private readonly flush = (): void => {
    const q = this.queue;
    this.queue = [];
    this.scheduled = false;
    for (let i = 0; i < q.length; i += 4) {
      const subs = q[i] as Subscriber[];
      const channel = q[i + 1] as string;
      const message = q[i + 2] as string;
      const pattern = q[i + 3] as string | null;
      for (const sub of subs) {
        if (!sub.active) continue;
        try {
          if (pattern === null) sub.onMessage!(message, channel);
          else sub.onPatternMessage!(message, channel, pattern);
        } catch (e) {
          rethrow(e);
        }
      }
    }
  };
}
