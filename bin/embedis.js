#!/usr/bin/env node
// The `embedis` binary: runs the built shell (src/cli/main.ts, built by `npm run build`).
import '../dist/cli/main.js';
