import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { readDerived, writeDerived } from '../../src/core/content/derivedCache';

describe('derived-data cache folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-derived-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const files = () => fs.readdirSync(dir).sort();
  /** Files stored one a minute apart in the past, oldest first, as successive content versions leave them. */
  function storedLongAgo(names: string[]): void {
    names.forEach((name, i) => {
      fs.writeFileSync(path.join(dir, name), name);
      const at = new Date(Date.UTC(2026, 0, 1, 0, i));
      fs.utimesSync(path.join(dir, name), at, at);
    });
  }

  it('keeps the most recently used files when a new one is stored, so old content versions do not pile up', () => {
    storedLongAgo(['v1.bin', 'v2.bin', 'v3.bin', 'v4.bin']);
    expect(readDerived(dir, 'v1.bin')?.toString()).toBe('v1.bin'); // the oldest, but in use

    writeDerived(dir, 'v5.bin', 'v5', 3);

    expect(files()).toEqual(['v1.bin', 'v4.bin', 'v5.bin']);
    expect(readDerived(dir, 'v5.bin')?.toString()).toBe('v5');
    expect(readDerived(dir, 'v2.bin')).toBeUndefined();
  });

  it('prunes nothing below the limit, and never another process\'s file still being written', () => {
    storedLongAgo(['a.bin', 'b.bin', 'c.bin.4242.tmp']);
    writeDerived(dir, 'd.bin', 'd', 3);
    expect(files()).toEqual(['a.bin', 'b.bin', 'c.bin.4242.tmp', 'd.bin']);
    writeDerived(dir, 'e.bin', 'e', 3);
    expect(files()).toEqual(['b.bin', 'c.bin.4242.tmp', 'd.bin', 'e.bin']);
  });

  it('reads and stores nothing, without an error, where the folder cannot be written', () => {
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the cache folder would go');
    expect(() => writeDerived(blocked, 'x.bin', 'x', 3)).not.toThrow();
    expect(readDerived(blocked, 'x.bin')).toBeUndefined();
  });
});
