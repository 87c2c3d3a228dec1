// The PostgreSQL run of `npm test`: the test files that say `@engines sqlite postgres` (storage and
// end-to-end tests written against t.sql rather than SQLite itself), with LEAD_COACH_TEST_ENGINE=postgres.
const fs = require('node:fs');
const path = require('node:path');
const base = require('./jest.config.js');

const MARK = '@engines sqlite postgres';

function markedTests(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markedTests(full));
    else if (entry.name.endsWith('.test.ts') && fs.readFileSync(full, 'utf8').includes(MARK)) found.push(full);
  }
  return found.sort();
}

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: markedTests(path.join(__dirname, 'test')),
};
