import fs from 'node:fs';
import path from 'node:path';

/** The project root, found from this file whether it runs from src/ (ts-jest) or dist/src/ (compiled). */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'migrations'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the lead-coach project root above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');
export const CONTENT_DIR = path.join(PROJECT_ROOT, 'content');
/** The shared source documents and evaluation sets live beside the project. */
export const SHARED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared');
