// The configuration registry behind CONFIG GET / CONFIG SET (Redis 7.0 config.c): one entry per
// parameter (and one per alias, as Redis registers both), each with a kind that parses the
// argument exactly as Redis does and gives the exact error text, a default, flags, and an
// optional pair of hooks through which the module that owns the knob applies or reports it.
//
// A parameter with no hooks is *stored and reported*: CONFIG SET validates and keeps the value,
// CONFIG GET returns it, nothing else changes — what embedis does for the many Redis knobs that
// have no meaning in-process (io-threads, tls-*, cluster-*, ...). Modules attach behaviour at
// runtime with `bind(name, hooks)`: the store binds hz and the encoding limits, the slow log
// binds slowlog-*, the server binds port, persistence binds save/dir/appendonly ...
//
// CONFIG SET of several parameters is atomic, as in Redis: every argument is parsed first (the
// first failure, in argument order, is the error), then the hooks run in order, and when one
// rejects its value the parameters already applied are set back to their previous values.

import { configSetFailed, configUnknownOption, ReplyError } from '../errors.js';
import { isCanonicalInt } from '../keyspace/db.js';
import { globMatch } from '../keyspace/glob.js';

/** Flags of a parameter (Redis's *_CONFIG flags). */
export const ParamFlags = {
  /** CONFIG SET refuses it: `can't set immutable config`. Set only at construction. */
  IMMUTABLE: 1 << 0,
  /** Its value is redacted from the slow log (and would be from MONITOR). */
  SENSITIVE: 1 << 1,
  /** Useful for debugging only (CONFIG REWRITE writes it only when forced). */
  DEBUG: 1 << 2,
  /** The value is split on spaces into several arguments (`save`, `bind` ...). */
  MULTI_ARG: 1 << 3,
  /** CONFIG GET lists it only when named exactly, never for a pattern. */
  HIDDEN: 1 << 4,
  /** CONFIG SET allowed only when `enable-protected-configs` allows it. */
  PROTECTED: 1 << 5,
  /** Refused while loading (no effect in embedis, kept for fidelity). */
  DENY_LOADING: 1 << 6,
  /** Setting it counts as a change even when the value is the same. */
  VOLATILE: 1 << 7,
} as const;

/** A typed parameter value: `yes`/`no` as booleans, numbers as numbers, the rest as text. */
export type ConfigValue = boolean | number | string;

/** The outcome of parsing CONFIG SET arguments: the typed value and its CONFIG GET text. */
export interface ParsedValue<V extends ConfigValue = ConfigValue> {
  readonly value: V;
  readonly text: string;
}

/** How a parameter parses and prints its value. */
export type ParamKind = 'bool' | 'numeric' | 'enum' | 'string' | 'special';

/**
 * A parameter definition. Build one with {@link boolParam}, {@link numericParam},
 * {@link enumParam}, {@link stringParam} or {@link specialParam}, then pass it to
 * {@link Config.define}.
 */
export interface ParamDef<
  N extends string = string,
  V extends ConfigValue = ConfigValue,
  A extends string | undefined = string | undefined,
> {
  /** The name, lower case (`hash-max-listpack-entries`). */
  readonly name: N;
  /** A second name for the same parameter (`hash-max-ziplist-entries`), listed separately by CONFIG GET. */
  readonly alias?: A;
  /** {@link ParamFlags} bits. */
  readonly flags: number;
  readonly kind: ParamKind;
  /** The default, parsed. */
  readonly default: ParsedValue<V>;
  /**
   * Parses CONFIG SET's argument — already split on spaces for MULTI_ARG parameters — into a
   * value, or returns Redis's error text (`argument must be 'yes' or 'no'`). `current` is the
   * value it replaces (`client-output-buffer-limit` changes only the classes given).
   */
  parse(args: readonly string[], current: ParsedValue<V>): ParsedValue<V> | string;
  /** The CONFIG GET text of a value (used for values reported by a `get` hook). */
  format(value: V): string;
}

/**
 * Behaviour attached to a parameter by the module that owns it.
 * @typeParam V - the parameter's typed value
 */
export interface ParamHooks<V extends ConfigValue = ConfigValue> {
  /** The live value, when the owner keeps it (CONFIG GET asks each time). */
  get?(): V;
  /**
   * Applies a new, already validated value. Return an error text (or throw a ReplyError) to
   * refuse it: CONFIG SET then fails with `CONFIG SET failed (possibly related to argument
   * 'name') - <text>` and every parameter of the same call is set back. Called only when the
   * value changes (always for `special` parameters, whose set may have side effects).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that accepts every value returns nothing
  set?(value: V, text: string): string | undefined | void;
}

/** Where parameters live: a definition, its current value, and the hooks bound to it. */
interface Slot {
  readonly def: ParamDef;
  /** The name this entry answers to (the alias for an alias entry). */
  readonly name: string;
  readonly isAlias: boolean;
  state: { current: ParsedValue; hooks: ParamHooks[] };
}

const INT64_WRAP = 1n << 64n;
const INT64_MAX = (1n << 63n) - 1n;

/** Redis's `memtoull`: digits then an optional unit (b, k, kb, m, mb, g, gb), unsigned, wrapping like C. */
export function parseMemory(text: string): bigint | null {
  if (text.startsWith('-')) return null;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const unit = text.slice(i).toLowerCase();
  let mul: bigint;
  switch (unit) {
    case '':
    case 'b':
      mul = 1n;
      break;
    case 'k':
      mul = 1000n;
      break;
    case 'kb':
      mul = 1024n;
      break;
    case 'm':
      mul = 1000n * 1000n;
      break;
    case 'mb':
      mul = 1024n * 1024n;
      break;
    case 'g':
      mul = 1000n * 1000n * 1000n;
      break;
    case 'gb':
      mul = 1024n * 1024n * 1024n;
      break;
    default:
      return null;
  }
  if (i >= 128) return null;
  // strtoull saturates at ULLONG_MAX (Redis does not check ERANGE), then the unit multiplies modulo 2^64.
  let v = i === 0 ? 0n : BigInt(text.slice(0, i));
  if (v >= INT64_WRAP) v = INT64_WRAP - 1n;
  return (v * mul) % INT64_WRAP;
}

/** Redis's yesnotoi. */
function yesNo(text: string): boolean | null {
  const t = text.toLowerCase();
  return t === 'yes' ? true : t === 'no' ? false : null;
}

/** Options of {@link boolParam} and friends. */
export interface ParamOptions<A extends string | undefined = string | undefined> {
  /** {@link ParamFlags} bits. */
  flags?: number;
  /** A second name. */
  alias?: A;
}

/** A `yes`/`no` parameter. `validate` may refuse a value with an error text. */
export function boolParam<const N extends string, const A extends string | undefined = undefined>(
  name: N,
  def: boolean,
  options: ParamOptions<A> & { validate?: (v: boolean) => string | undefined } = {},
): ParamDef<N, boolean, A> {
  const format = (v: boolean): string => (v ? 'yes' : 'no');
  return {
    name,
    alias: options.alias,
    flags: options.flags ?? 0,
    kind: 'bool',
    default: { value: def, text: format(def) },
    parse(args) {
      const v = yesNo(args[0] ?? '');
      if (v === null) return "argument must be 'yes' or 'no'";
      const err = options.validate?.(v);
      return err ?? { value: v, text: format(v) };
    },
    format,
  };
}

/** Options of {@link numericParam}. */
export interface NumericOptions<A extends string | undefined = string | undefined> extends ParamOptions<A> {
  /** Bounds are checked as unsigned 64-bit values (Redis's size_t, unsigned int, unsigned long long). */
  unsigned?: boolean;
  /** Accepts memory units (`1gb`, `100mb`, `5k`). */
  memory?: boolean;
  /** Also accepts a percentage (`10%`), kept as the negative number -10. */
  percent?: boolean;
  /** Parsed and printed in octal. */
  octal?: boolean;
  /** Further validation; returns an error text to refuse. */
  validate?: (v: number) => string | undefined;
  /**
   * The value kept after validation (Redis's `hz` is clamped to 1..500 by its apply function, so
   * CONFIG GET then shows the clamped value).
   */
  normalize?: (v: bigint) => bigint;
}

/** An integer parameter within [min, max], parsed as Redis's numericParseString does. */
export function numericParam<const N extends string, const A extends string | undefined = undefined>(
  name: N,
  def: number | bigint,
  min: bigint,
  max: bigint,
  options: NumericOptions<A> = {},
): ParamDef<N, number, A> {
  const { unsigned = false, memory = false, percent = false, octal = false } = options;
  const format = (v: number | bigint): string => {
    const b = BigInt(v);
    if (percent && b < 0n) return `${-b}%`;
    if (octal) return b.toString(8);
    if (unsigned || memory) return (b < 0n ? b + INT64_WRAP : b).toString();
    return b.toString();
  };
  const toSigned = (u: bigint): bigint => (u > INT64_MAX ? u - INT64_WRAP : u);
  const parseText = (text: string): bigint | string => {
    if (memory) {
      const m = parseMemory(text);
      if (m !== null) return toSigned(m);
    }
    if (percent && text.length > 1 && text.endsWith('%')) {
      const digits = text.slice(0, -1);
      if (isCanonicalInt(digits) && BigInt(digits) >= 0n) return -BigInt(digits);
    }
    if (octal && /^\s*[+-]?[0-7]*$/.test(text)) {
      const t = text.trim();
      const neg = t.startsWith('-');
      const digits = t.replace(/^[+-]/, '');
      const v = digits === '' ? 0n : BigInt(`0o${digits}`);
      if (v <= INT64_MAX) return neg ? -v : v;
    }
    if (!memory && !percent && !octal && isCanonicalInt(text)) return BigInt(text);
    if (memory && percent) return 'argument must be a memory or percent value';
    if (memory) return 'argument must be a memory value';
    if (octal) return "argument couldn't be parsed as an octal number";
    return "argument couldn't be parsed into an integer";
  };
  const bounds = (v: bigint): string | undefined => {
    if (unsigned) {
      const u = v < 0n ? v + INT64_WRAP : v;
      const lo = min < 0n ? min + INT64_WRAP : min;
      const hi = max < 0n ? max + INT64_WRAP : max;
      if (u > hi || u < lo) {
        return octal
          ? `argument must be between ${lo.toString(8)} and ${hi.toString(8)} inclusive`
          : `argument must be between ${lo} and ${hi} inclusive`;
      }
      return undefined;
    }
    if (percent && v < 0n) {
      return v < min ? `percentage argument must be less or equal to ${-min}` : undefined;
    }
    if (v > max || v < min) return `argument must be between ${min} and ${max} inclusive`;
    return undefined;
  };
  const defB = BigInt(def);
  return {
    name,
    alias: options.alias,
    flags: options.flags ?? 0,
    kind: 'numeric',
    default: { value: Number(defB), text: format(defB) },
    parse(args) {
      const parsed = parseText(args[0] ?? '');
      if (typeof parsed === 'string') return parsed;
      const err = bounds(parsed) ?? options.validate?.(Number(parsed));
      if (err !== undefined) return err;
      const v = options.normalize ? options.normalize(parsed) : parsed;
      return { value: Number(v), text: format(v) };
    },
    format,
  };
}

/** An enum choice: its name and bit value. */
export type EnumChoice = readonly [name: string, value: number];

/**
 * A parameter taking one of `choices` (case-insensitive); with the MULTI_ARG flag, several,
 * OR-ed as bit flags (`shutdown-on-sigterm "save now"`). The value is the canonical text.
 */
export function enumParam<const N extends string, const A extends string | undefined = undefined>(
  name: N,
  choices: readonly EnumChoice[],
  def: string,
  options: ParamOptions<A> & { validate?: (bits: number) => string | undefined } = {},
): ParamDef<N, string, A> {
  const bitflags = ((options.flags ?? 0) & ParamFlags.MULTI_ARG) !== 0;
  const nameOf = (bits: number): string => {
    let names: string[] = [];
    let unmatched = bits;
    for (const [n, v] of choices) {
      if (bits === v) return n;
      // Bit flags: choices that cover remaining bits, in declaration order (configEnumGetName).
      if (bitflags && v !== 0 && v === (unmatched & v)) {
        names.push(n);
        unmatched &= ~v;
      }
    }
    if (names.length === 0 || unmatched !== 0) names = ['unknown'];
    return names.join(' ');
  };
  const error = `argument(s) must be one of the following: ${choices.map(([n]) => n).join(', ')}`;
  const defBits = choices.find(([n]) => n === def)?.[1];
  if (defBits === undefined) throw new Error(`enumParam ${name}: default '${def}' is not a choice`);
  return {
    name,
    alias: options.alias,
    flags: options.flags ?? 0,
    kind: 'enum',
    default: { value: def, text: def },
    parse(args) {
      if (args.length === 0 || (!bitflags && args.length !== 1)) return error;
      let bits = 0;
      for (const a of args) {
        const lower = a.toLowerCase();
        let matched = false;
        for (const [n, v] of choices) {
          if (n === lower) {
            bits |= v;
            matched = true;
          }
        }
        if (!matched) return error;
      }
      const err = options.validate?.(bits);
      if (err !== undefined) return err;
      const text = nameOf(bits);
      return { value: text, text };
    },
    format: (v) => v,
  };
}

/** A free-text parameter. `validate` may refuse a value with an error text. */
export function stringParam<const N extends string, const A extends string | undefined = undefined>(
  name: N,
  def: string,
  options: ParamOptions<A> & { validate?: (v: string) => string | undefined } = {},
): ParamDef<N, string, A> {
  return {
    name,
    alias: options.alias,
    flags: options.flags ?? 0,
    kind: 'string',
    default: { value: def, text: def },
    parse(args) {
      const v = args[0] ?? '';
      const err = options.validate?.(v);
      return err ?? { value: v, text: v };
    },
    format: (v) => v,
  };
}

/**
 * A parameter with its own syntax (`save`, `client-output-buffer-limit`, `notify-keyspace-events`):
 * `parse` returns the canonical text or an error text (`{ error }`). The value is the text.
 */
export function specialParam<const N extends string, const A extends string | undefined = undefined>(
  name: N,
  def: string,
  parse: (args: readonly string[], current: string) => string | { error: string },
  options: ParamOptions<A> = {},
): ParamDef<N, string, A> {
  return {
    name,
    alias: options.alias,
    flags: options.flags ?? 0,
    kind: 'special',
    default: { value: def, text: def },
    parse(args, current) {
      const r = parse(args, current.text);
      return typeof r === 'string' ? { value: r, text: r } : r.error;
    },
    format: (v) => v,
  };
}

const setFailed = configSetFailed;

/** Arguments of one parameter's CONFIG SET value: MULTI_ARG values split on single spaces. */
function splitValue(def: ParamDef, value: string): string[] {
  if ((def.flags & ParamFlags.MULTI_ARG) === 0) return [value];
  // sdssplitlen on " ": an empty value gives no arguments, two spaces give an empty argument.
  return value === '' ? [] : value.split(' ');
}

/** Who runs a CONFIG SET, for the PROTECTED check. */
export interface ConfigCaller {
  /** False for a connection from another host (`enable-protected-configs local`). @default true */
  local?: boolean;
}

/**
 * The parameters of one store, as CONFIG GET / CONFIG SET see them, with typed access.
 *
 * @example
 * store.config.get('maxmemory-policy'); // 'noeviction'
 * store.config.set('hash-max-listpack-entries', 64);
 * store.config.set({ 'zset-max-listpack-entries': 0, hz: 50 }); // atomic
 * @see https://redis.io/commands/config-get/
 * @see https://redis.io/commands/config-set/
 */
export class Config {
  private readonly slots = new Map<string, Slot>();
  private readonly order: Slot[] = [];

  /**
   * Adds a parameter (and its alias). Redefining an existing name replaces its definition and
   * keeps its hooks, so a module can refine a stored-and-reported parameter.
   * @remarks O(1)
   */
  define(def: ParamDef): void {
    const existing = this.slots.get(def.name);
    const state = { current: def.default, hooks: existing?.state.hooks ?? [] };
    const add = (name: string, isAlias: boolean): void => {
      const slot: Slot = { def, name, isAlias, state };
      const prev = this.slots.get(name);
      if (prev !== undefined) this.order[this.order.indexOf(prev)] = slot;
      else this.order.push(slot);
      this.slots.set(name, slot);
    };
    add(def.name, false);
    if (def.alias !== undefined) add(def.alias, true);
  }

  /**
   * Attaches hooks to a parameter (by its name or alias); returns a function that detaches them.
   * Several modules may bind the same parameter: each `set` runs, the last `get` wins.
   * @remarks O(1)
   */
  bind<V extends ConfigValue>(name: string, hooks: ParamHooks<V>): () => void {
    const slot = this.slot(name);
    if (slot === undefined) throw new Error(`config.bind: unknown parameter '${name}'`);
    const list = slot.state.hooks;
    list.push(hooks as ParamHooks);
    return () => {
      const i = list.indexOf(hooks as ParamHooks);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** True when `name` (or an alias) is a parameter. Case-insensitive. */
  has(name: string): boolean {
    return this.slot(name) !== undefined;
  }

  /** The definition of a parameter, or undefined. */
  definition(name: string): ParamDef | undefined {
    return this.slot(name)?.def;
  }

  /** Every registered name, aliases included, in definition order. */
  names(): string[] {
    return this.order.map((s) => s.name);
  }

  /**
   * The typed value of a parameter.
   * @throws Error for an unknown name.
   * @remarks O(1)
   */
  get<K extends ConfigName>(name: K): ConfigValues[K];
  get(name: string): ConfigValue;
  get(name: string): ConfigValue {
    const slot = this.slot(name);
    if (slot === undefined) throw new Error(`unknown config parameter '${name}'`);
    return this.current(slot).value;
  }

  /** The CONFIG GET text of a parameter. @throws Error for an unknown name. */
  getText(name: string): string {
    const slot = this.slot(name);
    if (slot === undefined) throw new Error(`unknown config parameter '${name}'`);
    return this.current(slot).text;
  }

  /**
   * Sets one parameter, or several atomically, as CONFIG SET does (immutable parameters
   * included only when `options.force` is set, as at construction).
   * @throws ReplyError with Redis's CONFIG SET error text.
   * @remarks O(N) for N parameters.
   */
  set<K extends ConfigName>(name: K, value: ConfigInput<ConfigValues[K]>): void;
  set(name: string, value: ConfigInput): void;
  set(
    values: Partial<{ [K in ConfigName]: ConfigInput<ConfigValues[K]> }> | Record<string, ConfigInput>,
  ): void;
  set(nameOrValues: string | Record<string, ConfigInput>, value?: ConfigInput): void {
    const pairs: [string, string][] =
      typeof nameOrValues === 'string'
        ? [[nameOrValues, inputText(value!)]]
        : Object.entries(nameOrValues).map(([k, v]) => [k, inputText(v)]);
    const err = this.setPairs(pairs, {});
    if (err !== undefined) throw new ReplyError(err);
  }

  /**
   * Loads initial values, like a configuration file: immutable parameters may be set.
   * @throws RangeError naming the parameter and the reason.
   */
  load(values: Record<string, ConfigInput>): void {
    for (const [name, v] of Object.entries(values)) {
      const err = this.setPairs([[name, inputText(v)]], { force: true });
      if (err !== undefined) throw new RangeError(`config '${name}': ${err.replace(/^ERR /, '')}`);
    }
  }

  /**
   * CONFIG SET's core: the error text of the first failing pair (and nothing changed), or
   * undefined when every pair was applied.
   * @internal
   */
  setPairs(
    pairs: readonly (readonly [string, string])[],
    options: { force?: boolean; caller?: ConfigCaller },
  ): string | undefined {
    // The first failing pair, in argument order, is the error (configSetCommand).
    const slots: Slot[] = [];
    for (const [name] of pairs) {
      const slot = this.slot(name);
      if (slot === undefined) return configUnknownOption(name);
      if (!options.force && (slot.def.flags & ParamFlags.IMMUTABLE) !== 0) {
        return setFailed(name, "can't set immutable config");
      }
      if (
        !options.force &&
        (slot.def.flags & ParamFlags.PROTECTED) !== 0 &&
        !this.protectedAllowed(options.caller)
      ) {
        return setFailed(name, "can't set protected config");
      }
      // An alias is its own entry, as in Redis: `hash-max-ziplist-entries 1 hash-max-listpack-entries 2`
      // is no duplicate (the last one wins).
      if (slots.includes(slot)) return setFailed(name, 'duplicate parameter');
      slots.push(slot);
    }

    // Parse every value before anything changes.
    const parsed: ParsedValue[] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const r = slot.def.parse(splitValue(slot.def, pairs[i]![1]), this.current(slot));
      if (typeof r === 'string') return setFailed(slot.name, r);
      parsed.push(r);
    }

    // Apply in order; a refusal puts back what was applied.
    const old = slots.map((s) => this.current(s));
    for (let i = 0; i < slots.length; i++) {
      const err = this.apply(slots[i]!, parsed[i]!, old[i]!);
      if (err !== undefined) {
        for (let j = i - 1; j >= 0; j--) this.apply(slots[j]!, old[j]!, parsed[j]!);
        return setFailed(slots[i]!.name, err);
      }
    }
    return undefined;
  }

  /**
   * CONFIG GET's matches for `patterns`: exact names (case-insensitive, reported as typed) and
   * glob patterns (case-insensitive, hidden parameters excluded), each parameter once.
   * @remarks O(N) for N parameters per pattern.
   */
  match(patterns: readonly string[]): [name: string, text: string][] {
    const out: [string, string][] = [];
    const seen = new Set<string>();
    for (const p of patterns) {
      if (!/[[*?]/.test(p)) {
        const slot = this.slot(p);
        if (slot === undefined || seen.has(p.toLowerCase())) continue;
        seen.add(p.toLowerCase());
        out.push([p, this.current(slot).text]);
        continue;
      }
      for (const slot of this.order) {
        if ((slot.def.flags & ParamFlags.HIDDEN) !== 0 || seen.has(slot.name)) continue;
        if (globMatch(p, slot.name, true)) {
          seen.add(slot.name);
          out.push([slot.name, this.current(slot).text]);
        }
      }
    }
    return out;
  }

  private slot(name: string): Slot | undefined {
    return this.slots.get(name) ?? this.slots.get(name.toLowerCase());
  }

  private current(slot: Slot): ParsedValue {
    const hooks = slot.state.hooks;
    for (let i = hooks.length - 1; i >= 0; i--) {
      const get = hooks[i]!.get;
      if (get !== undefined) {
        const value = get();
        return { value, text: slot.def.format(value) };
      }
    }
    return slot.state.current;
  }

  private apply(slot: Slot, next: ParsedValue, prev: ParsedValue): string | undefined {
    const changed =
      slot.def.kind === 'special' || (slot.def.flags & ParamFlags.VOLATILE) !== 0 || next.text !== prev.text;
    if (changed) {
      for (const h of slot.state.hooks) {
        if (h.set === undefined) continue;
        try {
          const err = h.set(next.value, next.text);
          if (typeof err === 'string') return err;
        } catch (e) {
          if (e instanceof ReplyError) return e.message.replace(/^ERR /, '');
          throw e;
        }
      }
    }
    slot.state.current = next;
    return undefined;
  }

  private protectedAllowed(caller: ConfigCaller | undefined): boolean {
    const mode = this.slot('enable-protected-configs') ? this.get('enable-protected-configs') : 'yes';
    return mode === 'yes' || (mode === 'local' && caller?.local !== false);
  }
}

/** What {@link Config.set} accepts: the typed value, its text, or the arguments of a MULTI_ARG parameter. */
export type ConfigInput<V extends ConfigValue = ConfigValue> = V | string | readonly string[];

function inputText(v: ConfigInput): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`config value ${v} is not a finite number`);
    return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  }
  if (typeof v === 'string') return v;
  return v.join(' ');
}

// The typed view: ConfigValues maps every Redis 7.0 parameter name (and alias) to its value type.
import type { StandardParams } from './params.js';

type ParamOf<P> = P extends ParamDef<infer N, infer V, string | undefined> ? [N, V] : never;
type AliasOf<P> = P extends ParamDef<string, ConfigValue, infer A> ? (A extends string ? A : never) : never;

/** Every Redis 7.0 parameter (and alias) and the type {@link Config.get} returns for it. */
export type ConfigValues = {
  [P in StandardParams as ParamOf<P>[0]]: ParamOf<P>[1];
} & {
  [P in StandardParams as AliasOf<P>]: ParamOf<P>[1];
};

/** A Redis 7.0 parameter name or alias. */
export type ConfigName = keyof ConfigValues & string;
