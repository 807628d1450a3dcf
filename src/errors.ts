// Every Redis error text, defined once. Handlers throw these; they never type an error string.
// Texts are Redis 7.0's (src/server.c shared objects, t_string.c, db.c, object.c, util.c).

/**
 * An error reply from a command, as Redis sends it: `message` is the full text, starting with
 * the error code (`ERR`, `WRONGTYPE`, ...).
 * @see https://redis.io/docs/reference/protocol-spec/#simple-errors
 */
export class ReplyError extends Error {
  override name = 'ReplyError';
  constructor(message: string) {
    super(message);
  }
  /** The first word of the message: `ERR`, `WRONGTYPE`, `EXECABORT` ... */
  get code(): string {
    const i = this.message.indexOf(' ');
    return i < 0 ? this.message : this.message.slice(0, i);
  }
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const NO_SUCH_KEY = 'ERR no such key';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const SAME_OBJECT = 'ERR source and destination objects are the same';
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
export const POSITIVE_OUT_OF_RANGE = 'ERR value is out of range, must be positive';
export const INVALID_CURSOR = 'ERR invalid cursor';

export const wrongArgs = (name: string): string => `ERR wrong number of arguments for '${name}' command`;
export const invalidExpireTime = (name: string): string => `ERR invalid expire time in '${name}' command`;

/** Throws a ReplyError with the given text. Returns `never` so callers can `return fail(...)`. */
export function fail(message: string): never {
  throw new ReplyError(message);
}
export const DECREMENT_OVERFLOW = 'ERR decrement would overflow';
export const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
export const LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
