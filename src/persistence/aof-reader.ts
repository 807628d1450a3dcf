// Reads an append-only file command by command, with the exact rules of Redis 7.0's
// loadSingleAppendOnlyFile (aof.c):
//
//   - a line starting with `#` is an annotation (`#TS:<unix time>`) and is skipped;
//   - a command is `*<argc>\r\n` then argc times `$<len>\r\n<len bytes>\r\n`; a line that does
//     not start with `*` (or `$` for an argument), or an argc < 1, is a *format error*;
//   - the file ending in the middle of a command is a *short read* — a torn tail, which the
//     caller may truncate at the end of the last complete command (aof-load-truncated yes).
//
// The file is read in chunks of 1 MiB (more when one argument is larger) with readSync into a
// Buffer; arguments come out as byte strings (latin1), as every value inside embedis. Offsets
// are absolute byte offsets in the file, so errors can name the exact place.

import * as fs from 'node:fs';

/** Redis's AOF_ANNOTATION_LINE_MAX_LEN: fgets() reads lines of at most this many bytes - 1. */
const LINE_MAX = 1024;
const CHUNK = 1 << 20;

/** A problem found while reading: a format error, or the file ending inside a command. */
export class AofReadError extends Error {
  constructor(
    /** `format`: bytes that are not a command; `eof`: the file ends inside one. */
    readonly kind: 'format' | 'eof',
    /** Offset of the start of the command the problem is in. */
    readonly offset: number,
    /** Offset where reading stopped. */
    readonly at: number,
  ) {
    super(kind === 'eof' ? `unexpected end of file at offset ${at}` : `bad file format at offset ${at}`);
  }
}

/** Reads commands from one AOF file. Call {@link next} until it returns null; then {@link close}. */
export class AofFileReader {
  private fd: number;
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  /** Valid bytes are buf[pos, end). */
  private pos = 0;
  private end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private eof = false;
  /** Offset of the start of the last command returned. */
  commandStart = 0;
  /** The file's size when opened. */
  readonly size: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** Offset just past the last command returned (or the bytes consumed so far). */
  get offset(): number {
    return this.base + this.pos;
  }

  /** True when the file starts with `REDIS`: an RDB base (or RDB-preamble AOF). */
  startsWithRdb(): boolean {
    if (!this.fill(5)) return false;
    return this.buf.toString('latin1', this.pos, this.pos + 5) === 'REDIS';
  }

  /**
   * The next command's argv (byte strings), or null at the end of the file. Throws
   * {@link AofReadError} on a format error or a torn command.
   */
  next(): string[] | null {
    for (;;) {
      const start = this.offset;
      this.commandStart = start;
      const line = this.readLine();
      if (line === null) return null; // clean end of file
      if (line.charCodeAt(0) === 0x23 /* # */) continue;
      if (line.charCodeAt(0) !== 0x2a /* * */) throw new AofReadError('format', start, start);
      // fgets returned just "*" at the very end of the file: Redis treats it as a read error.
      if (line.length === 1) throw new AofReadError('eof', start, this.offset);
      const argc = atoi(line, 1);
      if (argc < 1) throw new AofReadError('format', start, start);
      const argv = new Array<string>(argc);
      for (let j = 0; j < argc; j++) {
        const lineAt = this.offset;
        const l = this.readLine();
        if (l === null) throw new AofReadError('eof', start, lineAt);
        if (l.charCodeAt(0) !== 0x24 /* $ */) throw new AofReadError('format', start, lineAt);
        const len = atoi(l, 1);
        if (len < 0) throw new AofReadError('format', start, lineAt);
        // A length past the end of the file is a torn write, not a reason to allocate it.
        if (this.offset + len + 2 > this.size) throw new AofReadError('eof', start, this.offset);
        if (len > 0) {
          if (!this.fill(len)) throw new AofReadError('eof', start, this.offset);
          argv[j] = this.buf.toString('latin1', this.pos, this.pos + len);
          this.pos += len;
        } else {
          argv[j] = '';
        }
        // The CRLF after the bytes is skipped, not checked (fread(buf, 2, 1)).
        if (!this.fill(2)) throw new AofReadError('eof', start, this.offset);
        this.pos += 2;
      }
      return argv;
    }
  }

  /** Releases the file. Idempotent. */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /**
   * fgets(buf, 1024): up to and including the next `\n`, or 1023 bytes, or what is left before
   * the end of the file; null when nothing is left.
   */
  private readLine(): string | null {
    if (!this.fill(1)) return null;
    let nl = this.buf.indexOf(10, this.pos);
    while ((nl < 0 || nl >= this.end) && this.end - this.pos < LINE_MAX - 1 && !this.eof) {
      this.fill(this.end - this.pos + 1);
      nl = this.buf.indexOf(10, this.pos);
    }
    let stop: number;
    if (nl >= 0 && nl < this.end && nl - this.pos < LINE_MAX - 1) stop = nl + 1;
    else stop = Math.min(this.end, this.pos + LINE_MAX - 1);
    const line = this.buf.toString('latin1', this.pos, stop);
    this.pos = stop;
    return line;
  }

  /** Makes at least `n` bytes available from pos; false when the file ends before. */
  private fill(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    if (this.eof) return false;
    // Move what is left to the front (growing the buffer if n does not fit), then read more.
    const left = this.end - this.pos;
    if (n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      this.buf.copy(bigger, 0, this.pos, this.end);
      this.buf = bigger;
    } else if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.end);
    }
    this.base += this.pos;
    this.pos = 0;
    this.end = left;
    while (this.end < n) {
      const got = fs.readSync(this.fd, this.buf, this.end, this.buf.length - this.end, this.base + this.end);
      if (got === 0) {
        this.eof = true;
        return false;
      }
      this.end += got;
    }
    return true;
  }
}

/** C atoi/strtol from index `i`: optional blanks and sign, then digits; 0 when none. */
function atoi(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  let neg = false;
  if (s[i] === '-' || s[i] === '+') neg = s[i++] === '-';
  let n = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return neg ? -n : n;
}
