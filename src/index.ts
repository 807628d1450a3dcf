export { type Bytes, fromBytes, toBytes } from './bytes.js';
export { type Clock, FakeClock, SystemClock, type TimerHandle } from './clock.js';
export {
  type ClientConnection,
  type ShutdownOptions,
  setRequirePass,
} from './commands/connection.js';
export type {
  DoubleReply,
  MapReply,
  PushReply,
  Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from './commands/reply.js';
export { BlockedReply } from './commands/reply.js';
export {
  boolParam,
  Config,
  type ConfigInput,
  type ConfigName,
  type ConfigValue,
  type ConfigValues,
  type EnumChoice,
  enumParam,
  type NumericOptions,
  numericParam,
  type ParamDef,
  ParamFlags,
  type ParamHooks,
  type ParamKind,
  type ParamOptions,
  type ParsedValue,
  specialParam,
  stringParam,
} from './config/config.js';
export { parseInfo } from './config/info.js';
export type { LatencyEvent, LatencySample } from './config/latency.js';
export type { SlowLogEntry } from './config/slowlog.js';
export type { InfoFieldValue, InfoProvider, InfoSection, ServerStats } from './config/stats.js';
export type { StoreConfigOptions } from './config/store-config.js';
export type { Effect, EffectSink, SetTextSink } from './effects/effects.js';
export { ReplyError } from './errors.js';
export type { BlockingOptions } from './keyspace/blocking.js';
export {
  type AppendOnlyOptions,
  type BackgroundSnapshotOptions,
  type LoadOptions,
  type LoadProgress,
  type LoadResult,
  type PersistenceAdapter,
  type PersistenceCapabilities,
  PersistenceError,
  type SnapshotOptions,
  type SnapshotResult,
} from './persistence/adapter.js';
export { AofAdapter, type AofInfo } from './persistence/aof.js';
export { type BgrewriteaofReply, bgrewriteaof, setAppendOnly } from './persistence/aof-control.js';
export type { FsyncPolicy } from './persistence/aof-writer.js';
export { type LogLoadProgressOptions, logLoadProgress } from './persistence/load-progress.js';
export type { BgsaveReply, PersistenceInfo, PersistenceManager } from './persistence/manager.js';
export { SnapshotAdapter } from './persistence/snapshot.js';
export type { MessageHandler, PatternMessageHandler } from './pubsub/pubsub.js';
export {
  ProtocolError,
  ReplyDecoder,
  RequestDecoder,
  type RequestDecoderOptions,
} from './resp/decode.js';
export {
  createServer,
  EmbedisServer,
  type ListenOptions,
  type OutputBufferLimit,
  type ServerAddress,
  type ServerOptions,
} from './server/server.js';
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
  XInfoStream,
  XInfoStreamBase,
  XInfoStreamConsumer,
  XInfoStreamConsumerNack,
  XInfoStreamFull,
  XInfoStreamFullOptions,
  XInfoStreamGroup,
  XInfoStreamGroupNack,
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
export {
  ExecAbortError,
  Transaction,
  type TransactionReply,
  type TransactionResults,
} from './transaction.js';
export type { HashEncoding, HashLimits } from './types/hash.js';
export type { SetEncoding, SetLimits } from './types/set.js';
export type { StreamNodeLimits } from './types/stream.js';
export type { ZsetEncoding, ZsetLimits } from './types/zset.js';
