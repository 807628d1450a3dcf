// Bitmap group (bitops.c): GETBIT and SETBIT. BITCOUNT, BITPOS, BITOP and BITFIELD are not
// implemented yet.

import { BIT_OFFSET_OUT_OF_RANGE, BIT_OUT_OF_RANGE, fail } from '../errors.js';
import { bitOffsetArg } from '../store/strings.js';
import { parseInteger } from './args.js';
import type { Handler, HandlerMap } from './dispatch.js';

/** getBitOffsetFromArgument: a strict int64, then the range check, one error for both. */
const parseBitOffset = (arg: string): number => bitOffsetArg(parseInteger(arg, BIT_OFFSET_OUT_OF_RANGE));

/** GETBIT key offset */
export const getbitCommand: Handler = (store, argv) => store._getbit(argv[1]!, parseBitOffset(argv[2]!));

/** SETBIT key offset value — the offset is checked before the value, both before the lookup. */
export const setbitCommand: Handler = (store, argv) => {
  const offset = parseBitOffset(argv[2]!);
  const on = parseInteger(argv[3]!, BIT_OUT_OF_RANGE);
  if (on !== 0 && on !== 1) fail(BIT_OUT_OF_RANGE);
  return store._setbit(argv[1]!, offset, on);
};

export const bitmapHandlers: HandlerMap = {
  getbit: getbitCommand,
  setbit: setbitCommand,
};
