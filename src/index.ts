export { type Bytes, fromBytes, toBytes } from './bytes.js';
export { type Clock, FakeClock, SystemClock, type TimerHandle } from './clock.js';
export type { DoubleReply, MapReply, Reply, SetReply, StatusReply, VerbatimReply } from './commands/reply.js';
export type { Effect, EffectSink } from './effects/effects.js';
export { ReplyError } from './errors.js';
export type { Session } from './store/core.js';
export type { GetExOptions, LcsIdxOptions, LcsIdxResult, SetOptions } from './store/strings.js';
export type { CopyOptions, ExpireCondition, ScanOptions } from './store/keys.js';
export { type CallArg, Store } from './store.js';
