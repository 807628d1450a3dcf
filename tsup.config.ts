import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/main': 'src/cli/main.ts',
    // The background AOF rewrite's worker thread, next to each module that starts it
    // (src/persistence/aof-compact.ts looks for it beside its own file).
    'aof-compact-worker': 'src/persistence/aof-compact-worker.ts',
    'cli/aof-compact-worker': 'src/persistence/aof-compact-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  // import.meta.url in the CommonJS build (where the worker script is found from).
  shims: true,
});
