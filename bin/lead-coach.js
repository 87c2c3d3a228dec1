#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI lives in compiled TypeScript (npm run build).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('lead-coach is not built yet: run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
const envFile = path.join(process.cwd(), '.env');
if (fs.existsSync(envFile) && typeof process.loadEnvFile === 'function') {
  // Values already in the environment win over .env, as with Node's --env-file.
  process.loadEnvFile(envFile);
}
require(entry).main(process.argv.slice(2)).then(
  (code) => {
    // Exit once output is flushed: Socket Mode and timers would otherwise keep the process alive.
    process.stdout.write('', () => process.exit(typeof code === 'number' ? code : 0));
  },
  (err) => {
    process.stderr.write(`lead-coach: ${err && err.message ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
