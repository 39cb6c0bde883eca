#!/usr/bin/env node
// The `smplab` command: the bundled CLI (dist/cli.js, built by scripts/build.mjs on install).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('smplab: dist/cli.js is missing; build it with "npm run build"\n');
  process.exit(1);
}
require(cli).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`smplab: internal error: ${e && e.message ? e.message.split('\n')[0] : e}\n`); process.exitCode = 70; },
);
