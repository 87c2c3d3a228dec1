import fs from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../paths';

/**
 * Derived data kept beside the build (parsed YAML, the FAQ's sentence vectors), each file named by a
 * hash of everything it was derived from, so a changed input is simply a new name. It only saves
 * time: a missing, unreadable or read-only cache means the data is derived again, as without it.
 */
export const DERIVED_CACHE_DIR = path.join(PROJECT_ROOT, 'dist', '.cache');

/** The bytes stored under `name` in `dir`, or undefined when there are none. */
export function readDerived(dir: string, name: string): Buffer | undefined {
  try {
    return fs.readFileSync(path.join(dir, name));
  } catch {
    return undefined;
  }
}

/** Stores atomically (write then rename), so a concurrent reader never sees half a file; a read-only tree just skips it. */
export function writeDerived(dir: string, name: string, bytes: Buffer | string): void {
  const file = path.join(dir, name);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
  } catch {
    // Derived again next time.
  }
}
