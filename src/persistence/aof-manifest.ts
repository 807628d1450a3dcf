// The AOF manifest: Redis 7.0's multi-part append-only layout (aof.c). A folder
// (`appenddirname`, default `appendonlydir/`) holds one base file — the dataset as of the last
// rewrite — and incremental files with every effect since, plus `appendonly.aof.manifest`
// naming them in load order, one line per file:
//
//   file appendonly.aof.1.base.aof seq 1 type b
//   file appendonly.aof.1.incr.aof seq 1 type i
//
// Type `b` is the base (at most one, always first), `h` a history file left over from a
// rewrite (never loaded, deleted when possible), `i` an incremental file (sequence numbers
// strictly increase). The text is exactly what Redis writes (aofInfoFormat, with sdscatrepr
// quoting for odd names) and is parsed with Redis's rules (aofLoadManifestFromFile): `#`
// comment lines, at most 1024 chars a line, key/value pairs in any order, unknown keys ignored.
//
// The manifest is replaced atomically: written to `temp-<name>.manifest`, fsynced, renamed over
// the old one, then the folder is fsynced — a crash leaves either the old or the new manifest.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { quoteBytes, splitArgs } from '../sds.js';
import { PersistenceError } from './adapter.js';

/** The type letter of a manifest line: base, history or incremental. */
export type AofFileType = 'b' | 'h' | 'i';

/** One line of the manifest. */
export interface AofFileInfo {
  /** File name inside the AOF folder (never a path). */
  readonly name: string;
  /** Sequence number (base and incremental files count separately). */
  readonly seq: number;
  /** `b` base, `h` history, `i` incremental. */
  readonly type: AofFileType;
}

/** Suffixes and prefixes of Redis's naming rules (aof.c). */
export const AOF_NAMES = {
  base: '.base',
  incr: '.incr',
  rdb: '.rdb',
  aof: '.aof',
  manifest: '.manifest',
  temp: 'temp-',
} as const;

/** Redis's MANIFEST_MAX_LINE. */
const MAX_LINE = 1024;

/**
 * The manifest in memory (Redis's aofManifest). Mutated only on a copy ({@link clone}) that
 * replaces the live one once it is on disk, so a failed step changes nothing.
 */
export class AofManifest {
  /** The base file, or null before the first rewrite. */
  base: AofFileInfo | null = null;
  /** History files: obsolete after a rewrite, waiting to be deleted. */
  history: AofFileInfo[] = [];
  /** Incremental files in load order. */
  incr: AofFileInfo[] = [];
  /** Highest base sequence number used. */
  baseSeq = 0;
  /** Highest incremental sequence number used. */
  incrSeq = 0;

  /** A deep copy to modify (aofManifestDup). */
  clone(): AofManifest {
    const m = new AofManifest();
    m.base = this.base;
    m.history = [...this.history];
    m.incr = [...this.incr];
    m.baseSeq = this.baseSeq;
    m.incrSeq = this.incrSeq;
    return m;
  }

  /** True when the manifest names no base and no incremental file. */
  get empty(): boolean {
    return this.base === null && this.incr.length === 0;
  }

  /**
   * Adds a new base `<filename>.<seq>.base.aof`, turning the previous base into history
   * (getNewBaseFileNameAndMarkPreAsHistory). Returns the new file's name.
   */
  newBase(filename: string): string {
    if (this.base !== null) this.history.unshift({ ...this.base, type: 'h' });
    const seq = ++this.baseSeq;
    const name = `${filename}.${seq}${AOF_NAMES.base}${AOF_NAMES.aof}`;
    this.base = { name, seq, type: 'b' };
    return name;
  }

  /** Appends a new incremental file `<filename>.<seq>.incr.aof` (getNewIncrAofName). */
  newIncr(filename: string): string {
    const seq = ++this.incrSeq;
    const name = `${filename}.${seq}${AOF_NAMES.incr}${AOF_NAMES.aof}`;
    this.incr.push({ name, seq, type: 'i' });
    return name;
  }

  /**
   * After a rewrite: every incremental file but the last (the one being written) becomes
   * history (markRewrittenIncrAofAsHistory); with `keepLast` false, all of them do.
   */
  markRewrittenIncrAsHistory(keepLast: boolean): void {
    const keep = keepLast && this.incr.length > 0 ? 1 : 0;
    const moved = this.incr.slice(0, this.incr.length - keep);
    this.incr = this.incr.slice(this.incr.length - keep);
    // Redis walks from the tail and adds each at the head: history keeps file order.
    for (let i = moved.length - 1; i >= 0; i--) this.history.unshift({ ...moved[i]!, type: 'h' });
  }

  /** The manifest text, exactly as Redis writes it (getAofManifestAsString). */
  format(): string {
    let out = '';
    if (this.base !== null) out += formatLine(this.base);
    for (const h of this.history) out += formatLine(h);
    for (const i of this.incr) out += formatLine(i);
    return out;
  }

  /**
   * Parses a manifest (aofLoadManifestFromFile). Throws a {@link PersistenceError} with Redis's
   * message and the line number on any format error.
   *
   * @param text - the file's contents as a byte string
   * @param file - the manifest's path, for error messages
   */
  static parse(text: string, file: string): AofManifest {
    const m = new AofManifest();
    let maxSeq = 0;
    let linenum = 0;
    let pos = 0;
    const bad = (why: string, line?: string): never => {
      const where = line === undefined ? '' : ` at line ${linenum}: '${line}'`;
      throw new PersistenceError(`Bad AOF manifest ${file}${where}: ${why}`, 'CORRUPT', file);
    };
    if (text.length === 0) bad('Found an empty AOF manifest');
    while (pos < text.length) {
      // fgets(buf, MAX_LINE + 1): a line, newline included, of at most MAX_LINE chars.
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl + 1;
      let raw = text.slice(pos, end);
      if (raw.length > MAX_LINE) raw = raw.slice(0, MAX_LINE);
      pos += raw.length;
      linenum++;
      if (raw[0] === '#') continue;
      if (!raw.includes('\n')) bad('The AOF manifest file contains too long line', raw);
      const line = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line.length === 0) bad('Invalid AOF manifest file format', line);
      const argv = splitArgs(line);
      if (argv === null || argv.length < 6 || argv.length % 2 !== 0)
        bad('Invalid AOF manifest file format', line);
      let name: string | undefined;
      let seq = 0;
      let type = '';
      for (let i = 0; i < argv!.length; i += 2) {
        const k = argv![i]!.toLowerCase();
        const v = argv![i + 1]!;
        if (k === 'file') {
          name = v;
          if (name.includes('/') || name.includes('\\')) bad("File can't be a path, just a filename", line);
        } else if (k === 'seq') {
          seq = atoll(v);
        } else if (k === 'type') {
          type = v[0] ?? '';
        }
      }
      if (name === undefined || name.length === 0 || seq === 0 || type === '')
        bad('Invalid AOF manifest file format', line);
      const info: AofFileInfo = { name: name!, seq, type: type as AofFileType };
      if (type === 'b') {
        if (m.base !== null) bad('Found duplicate base file information', line);
        m.base = info;
        m.baseSeq = seq;
      } else if (type === 'h') {
        m.history.push(info);
      } else if (type === 'i') {
        if (seq <= maxSeq) bad('Found a non-monotonic sequence number', line);
        m.incr.push(info);
        m.incrSeq = seq;
        maxSeq = seq;
      } else {
        bad('Unknown AOF file type', line);
      }
    }
    return m;
  }
}

/** C atoll: leading blanks, a sign, digits; anything else stops it (0 when none). */
function atoll(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** isprint in the C locale. */
const isPrint = (c: number): boolean => c >= 0x20 && c <= 0x7e;

/** One manifest line (aofInfoFormat): the name quoted as sdscatrepr does when needed. */
function formatLine(ai: AofFileInfo): string {
  return `file ${needsRepr(ai.name) ? quoteBytes(ai.name) : ai.name} seq ${ai.seq} type ${ai.type}\n`;
}

/** sdsneedsrepr: quotes, backslash, control chars, blanks and non-printables need quoting. */
function needsRepr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || c === 0x20 || !isPrint(c)) return true;
  }
  return false;
}

// ---- files -----------------------------------------------------------------------------------

/** The manifest's file name for `filename` (getAofManifestFileName). */
export function manifestName(filename: string): string {
  return filename + AOF_NAMES.manifest;
}

/** Reads and parses the manifest in `dir`, or returns null when there is none. */
export function readManifest(dir: string, filename: string): AofManifest | null {
  const file = path.join(dir, manifestName(filename));
  let text: string;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PersistenceError(
      `Can't open the AOF manifest ${file} for reading: ${(e as Error).message}`,
      'IO',
      file,
      { cause: e },
    );
  }
  return AofManifest.parse(text, file);
}

/**
 * Replaces the manifest atomically (writeAofManifestFile): temp file, fsync, rename, fsync of
 * the folder. Synchronous; the manifest is a few hundred bytes.
 */
export function writeManifestSync(dir: string, filename: string, m: AofManifest): void {
  const target = path.join(dir, manifestName(filename));
  const temp = path.join(dir, AOF_NAMES.temp + manifestName(filename));
  const fd = fs.openSync(temp, 'w', 0o644);
  try {
    fs.writeSync(fd, Buffer.from(m.format(), 'latin1'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  fsyncDirSync(dir);
}

/** Like {@link writeManifestSync} on the thread pool, so the event loop does not wait for fsync. */
export async function writeManifest(dir: string, filename: string, m: AofManifest): Promise<void> {
  const target = path.join(dir, manifestName(filename));
  const temp = path.join(dir, AOF_NAMES.temp + manifestName(filename));
  const fh = await fs.promises.open(temp, 'w', 0o644);
  try {
    await fh.writeFile(Buffer.from(m.format(), 'latin1'));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(temp, target);
  await fsyncDir(dir);
}

/** fsyncs a folder so renames and new files in it survive a power loss (a no-op on Windows). */
export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Async {@link fsyncDirSync}. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
