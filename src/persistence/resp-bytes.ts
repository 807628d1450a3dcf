// RESP encoding of byte strings straight into Buffers, shared by the AOF writer and the AOF
// rewrite: short arguments byte by byte (a native call per string costs more than copying a few
// dozen chars in JS), long ones with one latin1 write. No intermediate strings, no join.

/** Writes `n` (>= 0) in decimal ASCII at `p`; returns the position after it. */
export function writeUint(b: Buffer, p: number, n: number): number {
  if (n < 10) {
    b[p] = 48 + n;
    return p + 1;
  }
  if (n < 100) {
    b[p] = 48 + ((n / 10) | 0);
    b[p + 1] = 48 + (n % 10);
    return p + 2;
  }
  const s = String(n);
  for (let i = 0; i < s.length; i++) b[p + i] = s.charCodeAt(i);
  return p + s.length;
}

/** Writes the RESP array header `*n` with its CRLF at `p`; returns the position after it. */
export function putArrayHead(b: Buffer, p: number, n: number): number {
  b[p++] = 0x2a; // '*'
  p = writeUint(b, p, n);
  b[p] = 13;
  b[p + 1] = 10;
  return p + 2;
}

/** Copies the byte string `s` (one char per byte) to `p`; returns the position after it. */
function putRaw(b: Buffer, p: number, s: string): number {
  const len = s.length;
  if (len < 64) {
    for (let j = 0; j < len; j++) b[p + j] = s.charCodeAt(j);
  } else {
    b.write(s, p, len, 'latin1');
  }
  return p + len;
}

/**
 * Writes the byte string `s` (one char per byte) as a RESP bulk string at `p`, room for
 * `s.length + 15` bytes assumed; returns the position after it.
 */
export function putBulk(b: Buffer, p: number, s: string): number {
  b[p++] = 0x24; // '$'
  p = writeUint(b, p, s.length);
  b[p++] = 13;
  b[p++] = 10;
  p = putRaw(b, p, s);
  b[p] = 13;
  b[p + 1] = 10;
  return p + 2;
}

/** Writes `*3 $3 SET` with its CRLFs (13 bytes), the head of a SET command, at `p`. */
export function putSetHead(b: Buffer, p: number): number {
  b[p] = 0x2a; // *3\r\n$3\r\nSET\r\n
  b[p + 1] = 0x33;
  b[p + 2] = 13;
  b[p + 3] = 10;
  b[p + 4] = 0x24;
  b[p + 5] = 0x33;
  b[p + 6] = 13;
  b[p + 7] = 10;
  b[p + 8] = 0x53;
  b[p + 9] = 0x45;
  b[p + 10] = 0x54;
  b[p + 11] = 13;
  b[p + 12] = 10;
  return p + 13;
}

/**
 * A growable output buffer of RESP: pieces already encoded as byte strings, and `SET key value`
 * commands encoded here. Reused between writes: {@link bytes} is valid until the next append
 * after {@link reset}.
 */
export class RespOut {
  private buf: Buffer;
  /** Bytes appended since the last reset. */
  length = 0;

  constructor(size = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** The buffer, with room for `n` more bytes. */
  private room(n: number): Buffer {
    const need = this.length + n;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    return this.buf;
  }

  /** Appends a byte string as it is (a RESP piece built elsewhere). */
  text(s: string): void {
    this.length = putRaw(this.room(s.length), this.length, s);
  }

  /** Appends `SET key value` (byte strings). */
  set(key: string, value: string): void {
    const b = this.room(43 + key.length + value.length);
    this.length = putBulk(b, putBulk(b, putSetHead(b, this.length), key), value);
  }

  /** Appends a RESP array header `*n`. */
  array(n: number): void {
    this.length = putArrayHead(this.room(16), this.length, n);
  }

  /** Appends the byte string `s` as a RESP bulk string. */
  bulk(s: string): void {
    this.length = putBulk(this.room(s.length + 15), this.length, s);
  }

  /** The bytes appended since the last reset. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}
