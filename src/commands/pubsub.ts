// redis.io group "pubsub": SUBSCRIBE and friends, PUBLISH / SPUBLISH and PUBSUB introspection
// (pubsub.c). Each (un)subscribe confirms every channel in its own frame carrying the running
// subscription count; the frames come back together as one PushReply, which a connection
// writes as consecutive pushes (RESP3 `>`, RESP2 arrays). Messages reach a subscribed session
// through `Session.push` (see src/pubsub/pubsub.ts).
//
// A session with a subscription carries SessionState.PUBSUB (Redis's CLIENT_PUBSUB, whatever
// its protocol): in RESP2 the gate then admits only the pub/sub commands, PING, QUIT and RESET.

import { fail, subcommandSyntax, subscribeDenied } from '../errors.js';
import type { Subscriber } from '../pubsub/pubsub.js';
import type { Session } from '../store/core.js';
import type { Store } from '../store.js';
import type { Handler, HandlerMap } from './dispatch.js';
import { SessionState } from './gate.js';
import { helpReply, PushReply, type Reply } from './reply.js';

/** Sets or clears SessionState.PUBSUB from the session's subscription count. */
function syncState(session: Session, sub: Subscriber | undefined): void {
  const state = session.state ?? 0;
  if (sub !== undefined && sub.total > 0) session.state = state | SessionState.PUBSUB;
  else if (state & SessionState.PUBSUB) session.state = state & ~SessionState.PUBSUB;
}

/**
 * Whether a session may subscribe: it needs a push channel, and a client that expects exactly
 * one reply per command (CLIENT_DENY_BLOCKING: scripts, EXEC) may not — except SUBSCRIBE and
 * PSUBSCRIBE inside MULTI, which Redis keeps allowing for backward compatibility.
 */
function maySubscribe(session: Session, multiExempt: boolean): boolean {
  if (session.push === undefined) return false;
  if (session.denyBlocking !== true) return true;
  return multiExempt && ((session.state ?? 0) & SessionState.MULTI) !== 0;
}

/** SUBSCRIBE channel [channel ...] / SSUBSCRIBE shardchannel [shardchannel ...] */
function subscribeGeneric(shard: boolean): Handler {
  const name = shard ? 'SSUBSCRIBE' : 'SUBSCRIBE';
  const kind = shard ? 'ssubscribe' : 'subscribe';
  return (store, argv, session) => {
    if (!maySubscribe(session, !shard)) fail(subscribeDenied(name));
    const sub = store.pubsub.sessionSubscriber(session, true);
    const frames: Reply[][] = [];
    for (let j = 1; j < argv.length; j++) {
      store.pubsub.subscribeChannel(sub, argv[j]!, shard);
      frames.push([kind, argv[j]!, shard ? sub.shardChannels.size : sub.count]);
    }
    syncState(session, sub);
    return new PushReply(frames);
  };
}

/** UNSUBSCRIBE [channel ...] / SUNSUBSCRIBE [shardchannel ...] */
function unsubscribeGeneric(shard: boolean): Handler {
  const kind = shard ? 'sunsubscribe' : 'unsubscribe';
  return (store, argv, session) => {
    const pubsub = store.pubsub;
    const sub = pubsub.sessionSubscriber(session, false);
    const count = (): number => (sub === undefined ? 0 : shard ? sub.shardChannels.size : sub.count);
    const frames: Reply[][] = [];
    if (argv.length > 1) {
      for (let j = 1; j < argv.length; j++) {
        if (sub !== undefined) pubsub.unsubscribeChannel(sub, argv[j]!, shard);
        frames.push([kind, argv[j]!, count()]);
      }
    } else if (sub !== undefined) {
      for (const channel of [...(shard ? sub.shardChannels : sub.channels)]) {
        pubsub.unsubscribeChannel(sub, channel, shard);
        frames.push([kind, channel, count()]);
      }
    }
    // Subscribed to nothing: still one confirmation, with a nil channel.
    if (frames.length === 0) frames.push([kind, null, count()]);
    syncState(session, sub);
    return new PushReply(frames);
  };
}

/** PSUBSCRIBE pattern [pattern ...] */
export const psubscribeCommand: Handler = (store, argv, session) => {
  if (!maySubscribe(session, true)) fail(subscribeDenied('PSUBSCRIBE'));
  const sub = store.pubsub.sessionSubscriber(session, true);
  const frames: Reply[][] = [];
  for (let j = 1; j < argv.length; j++) {
    store.pubsub.subscribePattern(sub, argv[j]!);
    frames.push(['psubscribe', argv[j]!, sub.count]);
  }
  syncState(session, sub);
  return new PushReply(frames);
};

/** PUNSUBSCRIBE [pattern ...] */
export const punsubscribeCommand: Handler = (store, argv, session) => {
  const pubsub = store.pubsub;
  const sub = pubsub.sessionSubscriber(session, false);
  const count = (): number => sub?.count ?? 0;
  const frames: Reply[][] = [];
  if (argv.length > 1) {
    for (let j = 1; j < argv.length; j++) {
      if (sub !== undefined) pubsub.unsubscribePattern(sub, argv[j]!);
      frames.push(['punsubscribe', argv[j]!, count()]);
    }
  } else if (sub !== undefined) {
    for (const pattern of [...sub.patterns]) {
      pubsub.unsubscribePattern(sub, pattern);
      frames.push(['punsubscribe', pattern, count()]);
    }
  }
  if (frames.length === 0) frames.push(['punsubscribe', null, count()]);
  syncState(session, sub);
  return new PushReply(frames);
};

export const subscribeCommand = subscribeGeneric(false);
export const ssubscribeCommand = subscribeGeneric(true);
export const unsubscribeCommand = unsubscribeGeneric(false);
export const sunsubscribeCommand = unsubscribeGeneric(true);

/** PUBLISH channel message */
export const publishCommand: Handler = (store, argv) => store.pubsub.publish(argv[1]!, argv[2]!);

/** SPUBLISH shardchannel message */
export const spublishCommand: Handler = (store, argv) => store.pubsub.spublish(argv[1]!, argv[2]!);

/** PUBSUB CHANNELS [pattern] / PUBSUB SHARDCHANNELS [pattern] */
function channelsGeneric(shard: boolean): Handler {
  return (store, argv) => {
    if (argv.length > 3) fail(subcommandSyntax(argv[1]!, 'PUBSUB'));
    return store.pubsub.channelNames(argv.length === 3 ? argv[2]! : null, shard);
  };
}

/** PUBSUB NUMSUB [channel ...] / PUBSUB SHARDNUMSUB [shardchannel ...] */
function numsubGeneric(shard: boolean): Handler {
  return (store, argv) => {
    const out: Reply[] = [];
    for (let j = 2; j < argv.length; j++) out.push(argv[j]!, store.pubsub.numsub(argv[j]!, shard));
    return out;
  };
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

/**
 * Drops every subscription of a session without confirmations and leaves the subscriber
 * context: RESET (clearClientConnectionState) and a closed connection (freeClient) call it.
 * @remarks O(N) in the number of the session's subscriptions.
 */
export function resetSubscriptions(store: Store, session: Session): void {
  const sub = store.pubsub.sessionSubscriber(session, false);
  if (sub !== undefined) store.pubsub.unsubscribeAll(sub);
  syncState(session, undefined);
}

export const pubsubHandlers: HandlerMap = {
  subscribe: subscribeCommand,
  unsubscribe: unsubscribeCommand,
  psubscribe: psubscribeCommand,
  punsubscribe: punsubscribeCommand,
  ssubscribe: ssubscribeCommand,
  sunsubscribe: sunsubscribeCommand,
  publish: publishCommand,
  spublish: spublishCommand,
  'pubsub|channels': channelsGeneric(false),
  'pubsub|shardchannels': channelsGeneric(true),
  'pubsub|numsub': numsubGeneric(false),
  'pubsub|shardnumsub': numsubGeneric(true),
  'pubsub|numpat': (store) => store.pubsub.numpat(),
  'pubsub|help': () => helpReply(PUBSUB_HELP),
};
