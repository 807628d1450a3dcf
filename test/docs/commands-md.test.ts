import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCommandsMarkdown } from '../../scripts/gen-docs.js';

describe('docs/commands.md', () => {
  it('matches the command table and the registered handlers (run `npm run gen` when this fails)', () => {
    const onDisk = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderCommandsMarkdown());
  });

  it('lists every Redis 7.0 command but sentinel ones, GET among the supported', () => {
    const md = renderCommandsMarkdown();
    expect(md).toMatch(/\| `GET` \| 1\.0\.0 \| yes \|/);
    expect(md).toMatch(/\| `BITCOUNT` \| 2\.6\.0 \| not yet \|/);
    expect(md).not.toMatch(/`SENTINEL/);
  });
});
