// `tsx benchmarks/bundled.ts <name> [args…]` runs benchmarks/<name>.ts the way users run
// embedis: bundled into one module by esbuild, as tsup bundles dist/ for the npm package, then
// run by plain node. Run straight through tsx instead, each src module is compiled on its own and
// every imported binding (a class, a constant like NOTIFY) is read through a getter at each
// use: typed SET measured 2.5–3x slower that way than from dist/.
//
// Every benchmark script is bundled (a few hundred ms in all), so one that starts another
// (memory children, the server child, itself with --memory) finds its bundle through
// node-script.ts. `import.meta.url` keeps the source file's URL, so results/ resolves as before.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_ENV } from './node-script.js';

const HERE = import.meta.dirname;
const OUT = path.join(HERE, '..', 'node_modules', '.cache', 'embedis-bench');
/** Library modules, not scripts. */
const NOT_SCRIPTS = new Set([
  'bundled',
  'node-script',
  'data',
  'measure',
  'memory',
  'redis-server',
  'report',
]);

const [name, ...args] = process.argv.slice(2);
const scripts = readdirSync(HERE)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((s) => !NOT_SCRIPTS.has(s));
if (name === undefined || !scripts.includes(name)) {
  console.error(`usage: tsx benchmarks/bundled.ts <${scripts.join('|')}> [args…]`);
  process.exit(2);
}

mkdirSync(OUT, { recursive: true });
await Promise.all([
  ...scripts.map((s) => {
    const source = path.join(HERE, `${s}.ts`);
    return build({
      entryPoints: [source],
      outfile: path.join(OUT, `${s}.mjs`),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) },
      logLevel: 'warning',
    });
  }),
  // The AOF rewrite's worker thread: a library finds it next to its own module, which a bundle
  // moves; benchmarks pass its bundle as the rewriteWorker option (node-script.ts).
  build({
    entryPoints: [path.join(HERE, '..', 'src', 'persistence', 'aof-compact-worker.ts')],
    outfile: path.join(OUT, 'aof-compact-worker.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  }),
]);

const r = spawnSync(process.execPath, [path.join(OUT, `${name}.mjs`), ...args], {
  stdio: 'inherit',
  env: { ...process.env, [BUNDLE_ENV]: OUT },
});
process.exit(r.status ?? 1);
