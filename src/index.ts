export { type Bytes, fromBytes, toBytes } from './bytes.js';
export { type Clock, FakeClock, SystemClock, type TimerHandle } from './clock.js';
export type { DoubleReply, MapReply, Reply, SetReply, StatusReply, VerbatimReply } from './commands/reply.js';
export { BlockedReply } from './commands/reply.js';
export type { Effect, EffectSink } from './effects/effects.js';
export { ReplyError } from './errors.js';
export type { BlockingOptions } from './keyspace/blocking.js';
export type { Session } from './store/core.js';
export type { HashEntries, HScanOptions } from './store/hashes.js';
export type { CopyOptions, ExpireCondition, ScanOptions } from './store/keys.js';
export type {
  BLMPopOptions,
  ListEnd,
  ListMultiPopResult,
  ListPopResult,
  LPosAllOptions,
  LPosOptions,
} from './store/lists.js';
export type { SInterCardOptions, SScanOptions } from './store/sets.js';
export type {
  StreamEntryReply,
  StreamFields,
  XAddOptions,
  XAutoClaimResult,
  XClaimOptions,
  XGroupCreateOptions,
  XInfoConsumer,
  XInfoGroup,
  XPendingEntry,
  XPendingOptions,
  XPendingSummary,
  XReadGroupOptions,
  XReadReply,
  XSetIdOptions,
  XTrimOptions,
} from './store/streams.js';
export type { GetExOptions, LcsIdxOptions, LcsIdxResult, SetOptions } from './store/strings.js';
export type {
  BZMPopOptions,
  ScoreBound,
  SortOptions,
  ZAddEntries,
  ZAddIncrOptions,
  ZAddOptions,
  ZInterCardOptions,
  ZMember,
  ZMultiPopResult,
  ZPopResult,
  ZRangeOptions,
  ZScanOptions,
  ZSetOpOptions,
} from './store/zsets.js';
export { type CallArg, Store } from './store.js';
export type { HashEncoding, HashLimits } from './types/hash.js';
export type { SetEncoding, SetLimits } from './types/set.js';
export type { ZsetEncoding, ZsetLimits } from './types/zset.js';
