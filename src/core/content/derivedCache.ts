import fs from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../paths';

/**
 * Derived data kept beside the build (parsed YAML, the FAQ's sentence vectors), each file named by a
 * hash of everything it was derived from, so a changed input is simply a new name. It only saves
 * time: a missing, unreadable or read-only cache means the data is derived again, as without it.
 */
export const DERIVED_CACHE_DIR = path.join(PROJECT_ROOT, 'dist', '.cache');

/**
 * Files a cache folder keeps by default. Every edit of the content leaves one file behind, so a
 * folder is pruned to its most recently used files whenever one is stored; the limit must stay above
 * what one start reads (the YAML cache: one file per content file, about 90 today).
 */
export const DERIVED_FILES_KEPT = 512;

/** The bytes stored under `name` in `dir`, or undefined when there are none. A read marks the file as used. */
export function readDerived(dir: string, name: string): Buffer | undefined {
  const file = path.join(dir, name);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // A read-only tree: nothing is pruned there either.
  }
  return bytes;
}

/**
 * Stores atomically (write then rename), so a concurrent reader never sees half a file; a read-only
 * tree just skips it. Then removes all but the `keep` most recently used files of the folder (a
 * process still reading a removed one keeps its open file; one about to read it derives it again).
 */
export function writeDerived(dir: string, name: string, bytes: Buffer | string, keep = DERIVED_FILES_KEPT): void {
  const file = path.join(dir, name);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
    pruneDerived(dir, name, keep);
  } catch {
    // Derived again next time.
  }
}

function pruneDerived(dir: string, kept: string, keep: number): void {
  // Another process's partial file is renamed into place shortly; it is never pruned.
  const others = fs.readdirSync(dir).filter((f) => f !== kept && !f.endsWith('.tmp'));
  if (others.length < keep) return;
  const used = others.flatMap((f) => {
    try {
      return [{ f, at: fs.statSync(path.join(dir, f)).mtimeMs }];
    } catch {
      return [];
    }
  });
  used.sort((a, b) => b.at - a.at);
  for (const { f } of used.slice(Math.max(0, keep - 1))) {
    try {
      fs.unlinkSync(path.join(dir, f));
    } catch {
      // Already gone (another process pruned it).
    }
  }
}
