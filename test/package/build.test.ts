// The published package: `npm run build` (tsup) must produce ESM, CJS and one .d.ts bundle
// that load and expose the public API. Built into a scratch directory, so ./dist is untouched.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('tsup builds ESM, CJS and .d.ts that load and expose Store and createServer', async () => {
  // Inside the project, so the built files resolve their dependencies from its node_modules.
  const cache = path.join(ROOT, 'node_modules/.cache');
  fs.mkdirSync(cache, { recursive: true });
  const out = fs.mkdtempSync(path.join(cache, 'embedis-build-'));
  try {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsup/dist/cli-default.js'), '--out-dir', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    // tsup colours its log when CI is set: compare the text without escape sequences.
    expect((r.stderr + r.stdout).replace(/\x1b\[[0-9;]*m/g, '')).toContain('DTS ⚡️ Build success');
    expect(r.status).toBe(0);
    const esm = await import(pathToFileURL(path.join(out, 'index.js')).href);
    const cjs = createRequire(import.meta.url)(path.join(out, 'index.cjs'));
    for (const m of [esm, cjs]) {
      const store = new m.Store();
      store.set('k', 'v');
      expect(store.call('GET', 'k')).toBe('v');
      expect(typeof m.createServer).toBe('function');
      store.close();
    }
    const dts = fs.readFileSync(path.join(out, 'index.d.ts'), 'utf8');
    expect(dts).toMatch(/declare class Store\b/);
    expect(dts).toMatch(/declare function createServer\b/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
