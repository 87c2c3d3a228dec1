#!/usr/bin/env node
'use strict';
// `npm start`'s pre-start step: compiles only when an input of the build changed since the last
// successful build. Plain JavaScript, because it runs before anything is compiled.
//
// The fingerprint lists every input file (src/ and bench/, as tsconfig.build.json includes them, the
// tsconfig files and package.json) with its size and mtime, so an edit, an added, a deleted or a
// renamed file all change it. It is taken before compiling and written to dist/.build-stamp only
// after tsc succeeds, so a failed build is retried on the next start. Compiled files whose source
// is gone are deleted, so nothing can load JavaScript from a deleted source.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const SOURCE_DIRS = ['src', 'bench'];
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const ENTRY = path.join(DIST, 'src', 'cli', 'main.js');

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name));
}

function fingerprint() {
  const files = [...SOURCE_DIRS.flatMap((d) => listFiles(path.join(ROOT, d))), ...CONFIG_FILES.map((f) => path.join(ROOT, f))].sort();
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(ROOT, file)}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

/** Deletes dist/<dir>/**.js (with its .map and .d.ts) whose dir/**.ts no longer exists. */
function removeOrphans() {
  const removed = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of listFiles(path.join(DIST, dir))) {
      const match = /^(.*)\.(js|js\.map|d\.ts)$/.exec(path.relative(DIST, file));
      if (!match) continue;
      const source = path.join(ROOT, `${match[1]}.ts`);
      if (!fs.existsSync(source)) {
        fs.rmSync(file);
        removed.push(path.relative(ROOT, file));
      }
    }
  }
  return removed;
}

function main() {
  const before = fingerprint();
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  if (stamp === before && fs.existsSync(ENTRY)) return 0;
  process.stderr.write(stamp ? 'lead-coach: sources changed since the last build, compiling...\n' : 'lead-coach: no build stamp, compiling...\n');
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) {
    fs.rmSync(STAMP, { force: true });
    process.stderr.write('lead-coach: the build failed; fix the errors above and start again.\n');
    return 1;
  }
  const removed = removeOrphans();
  if (removed.length) process.stderr.write(`lead-coach: removed compiled files whose source is gone: ${removed.join(', ')}\n`);
  fs.writeFileSync(STAMP, `${before}\n`);
  return 0;
}

process.exitCode = main();
