// The command table and the COMMAND INFO / DOCS / HELP replies built from it, compared with what a
// real Redis 7.0.15 replied (recorded by scripts/record-command-info.ts, RESP2 and RESP3).
// EMBEDIS_COMMAND_FIXTURE points the test at another recording, e.g. one made with `--all`.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP, commandDocsReply, commandInfoReply } from '../../src/commands/command-docs.js';
import {
  DoubleReply,
  MapReply,
  NULL_ARRAY,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../../src/commands/reply.js';
import { COMMANDS, type CommandInfo, SUBCOMMANDS } from '../../src/commands/table.js';
import { ReplyError } from '../../src/errors.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

interface Fixture {
  recordedWith: string;
  help: { resp2: Json; resp3: Json };
  list: string[];
  commands: Record<string, { info: { resp2: Json; resp3: Json }; docs: { resp2: Json; resp3: Json } }>;
}

const fixturePath =
  process.env.EMBEDIS_COMMAND_FIXTURE ?? new URL('./fixtures/command-info.json', import.meta.url).pathname;
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Fixture;

/** A Reply in the JSON form the recorder writes for what the wire carries in RESP2 or RESP3. */
function lower(reply: Reply, resp3: boolean): Json {
  if (reply === null || reply === NULL_ARRAY) return null;
  if (typeof reply === 'string' || typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  if (Array.isArray(reply)) return reply.map((r) => lower(r, resp3));
  if (reply instanceof StatusReply) return { status: reply.value };
  if (reply instanceof ReplyError) return { error: reply.message };
  if (reply instanceof MapReply) {
    const flat = reply.entries.map((r) => lower(r, resp3));
    return resp3 ? { map: flat } : flat;
  }
  if (reply instanceof SetReply) {
    const items = reply.items.map((r) => lower(r, resp3));
    return resp3 ? { set: items } : items;
  }
  if (reply instanceof DoubleReply) return resp3 ? { double: reply.text } : reply.text;
  if (reply instanceof VerbatimReply) {
    return resp3 ? { verbatim: `${reply.format}:${reply.text}` } : reply.text;
  }
  throw new Error(`unexpected reply ${String(reply)}`);
}

const byFirst = (a: [Json, Json], b: [Json, Json]) =>
  String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;

/** Redis lists subcommands in dict order (random hash seed per start): compare them by name. */
function sortInfoSubcommands(entry: Json): Json {
  if (!Array.isArray(entry) || !Array.isArray(entry[9])) return entry;
  const subs = entry[9].map((s) => [(s as Json[])[0]!, s] as [Json, Json]).sort(byFirst);
  return [...entry.slice(0, 9), subs.map(([, s]) => s)];
}

function sortDocsSubcommands(docs: Json): Json {
  const isMap = (v: Json): v is { map: Json[] } => v !== null && typeof v === 'object' && 'map' in v;
  const sortPairs = (flat: Json[]) => {
    const pairs: [Json, Json][] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
    return pairs.sort(byFirst).flat();
  };
  const flat = isMap(docs) ? docs.map : docs;
  if (!Array.isArray(flat)) return docs;
  const out = [...flat];
  const i = out.findIndex((v, j) => j % 2 === 0 && v === 'subcommands');
  if (i >= 0) {
    const value = out[i + 1]!;
    out[i + 1] = isMap(value) ? { map: sortPairs(value.map) } : sortPairs(value as Json[]);
  }
  return isMap(docs) ? { map: out } : out;
}

function lookup(fullname: string): CommandInfo | undefined {
  const [container, sub] = fullname.split('|');
  if (sub === undefined) return COMMANDS.find((c) => c.name === container);
  return SUBCOMMANDS[container!]?.find((c) => c.name === sub);
}

/** What a non-sentinel server registers: ONLY_SENTINEL commands are skipped at startup. */
const inServer = (c: CommandInfo) => !c.flags.includes('only_sentinel');
const subcommandsOf = (c: CommandInfo) => (c.container ? [] : (SUBCOMMANDS[c.name] ?? []).filter(inServer));

describe(`command table vs ${fixture.recordedWith}`, () => {
  it('COMMAND LIST: the table holds every command and subcommand the server has', () => {
    const ours = [...COMMANDS, ...Object.values(SUBCOMMANDS).flat()]
      .filter(inServer)
      .map((c) => c.fullname)
      .sort();
    expect(ours).toEqual(fixture.list);
  });

  it('COMMAND HELP lines match', () => {
    const reply: Reply = COMMAND_HELP.map((l) => new StatusReply(l));
    expect(lower(reply, false)).toEqual(fixture.help.resp2);
    expect(lower(reply, true)).toEqual(fixture.help.resp3);
  });

  it('subcommands are filed under their container with matching names', () => {
    for (const [container, subs] of Object.entries(SUBCOMMANDS)) {
      expect(lookup(container)?.fullname).toBe(container);
      for (const s of subs) {
        expect(s.container).toBe(container);
        expect(s.fullname).toBe(`${container}|${s.name}`);
      }
    }
  });

  for (const [name, recorded] of Object.entries(fixture.commands)) {
    if (recorded.info.resp2 === null) {
      it(`COMMAND INFO ${name}: unknown to a non-sentinel server`, () => {
        const info = lookup(name);
        expect(info === undefined || !inServer(info)).toBe(true);
        expect(recorded.docs.resp2).toBeNull();
      });
      continue;
    }

    it(`COMMAND INFO ${name} matches (RESP2 and RESP3)`, () => {
      const info = lookup(name)!;
      expect(info).toBeDefined();
      const reply = commandInfoReply(info, subcommandsOf(info));
      expect(sortInfoSubcommands(lower(reply, false))).toEqual(recorded.info.resp2);
      expect(sortInfoSubcommands(lower(reply, true))).toEqual(recorded.info.resp3);
    });

    it(`COMMAND DOCS ${name} matches (RESP2 and RESP3)`, () => {
      const info = lookup(name)!;
      expect(info).toBeDefined();
      const reply = commandDocsReply(info, subcommandsOf(info));
      expect(sortDocsSubcommands(lower(reply, false))).toEqual(recorded.docs.resp2);
      expect(sortDocsSubcommands(lower(reply, true))).toEqual(recorded.docs.resp3);
    });
  }
});
