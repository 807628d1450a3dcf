// Byte strings: every key, value, member and field inside embedis is a JS string holding one
// char per byte (latin1). ASCII text is stored unchanged, so the common case costs one scan
// and no allocation; other JS strings are UTF-8 encoded on the way in and decoded on the way
// out; Buffers and Uint8Arrays map 1:1. Byte strings compare like Redis's memcmp.
//
// This is the only core module that touches Buffer, and it does so through globalThis so the
// core runs where Buffer does not exist (TextEncoder/TextDecoder are the fallback).

/** What the typed API accepts for a key, value, member or field. */
export type Bytes = string | Uint8Array;

type BufferLike = Uint8Array & { toString(encoding: string): string };
interface BufferStatic {
  from(s: string, encoding: string): BufferLike;
  from(b: ArrayBufferLike, byteOffset: number, length: number): BufferLike;
  isBuffer(x: unknown): boolean;
}
const NodeBuffer = (globalThis as { Buffer?: BufferStatic }).Buffer;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * True when every char of `s` is below 0x80. Irregexp's compiled scan beats a charCodeAt loop
 * from about 8 chars on (16 chars: ~25 vs ~37 ns measured here).
 */
export function isAscii(s: string): boolean {
  if (s.length < 8) {
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
    return true;
  }
  return !NON_ASCII.test(s);
}

/** Byte string from raw bytes. */
export function fromUint8(b: Uint8Array): string {
  if (NodeBuffer === undefined) return latin1FromArray(b);
  const buf = NodeBuffer.isBuffer(b)
    ? (b as BufferLike)
    : NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength);
  return buf.toString('latin1');
}

function latin1FromArray(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** Byte string from user input: ASCII as is, other text as UTF-8 bytes, binary 1:1. */
export function toBytes(x: Bytes): string {
  if (typeof x === 'string') return isAscii(x) ? x : utf8ToBytes(x);
  return fromUint8(x);
}

/** Byte string from a `call()` argument, which may also be a number. */
export function argToBytes(x: Bytes | number): string {
  if (typeof x === 'number') return String(x);
  return toBytes(x);
}

function utf8ToBytes(s: string): string {
  if (NodeBuffer !== undefined) return NodeBuffer.from(s, 'utf8').toString('latin1');
  return latin1FromArray(utf8Encoder.encode(s));
}

/** Text from a byte string: bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
export function fromBytes(s: string): string {
  if (isAscii(s)) return s;
  if (NodeBuffer !== undefined) return NodeBuffer.from(s, 'latin1').toString('utf8');
  return utf8Decoder.decode(toUint8(s));
}

/** Raw bytes of a byte string, as a Buffer where Buffer exists. */
export function toUint8(s: string): Uint8Array {
  if (NodeBuffer !== undefined) return NodeBuffer.from(s, 'latin1');
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
