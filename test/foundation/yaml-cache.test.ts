import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadFaqContent, FAQ_DIR } from '../../src/features/faq/content';
import { readYamlFile } from '../../src/core/content/yamlFile';

describe('parsed content YAML, cached by file contents', () => {
  let dir: string;
  let cacheDir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-yaml-'));
    cacheDir = path.join(dir, 'cache');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cachedFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);

  it('a second read returns the same value from the cache, and an edit is read anew', () => {
    const file = path.join(dir, 'entry.yaml');
    fs.writeFileSync(file, 'title: First\ntags: [a, b]\n');
    expect(readYamlFile(file, cacheDir)).toEqual({ title: 'First', tags: ['a', 'b'] });
    expect(cachedFiles()).toHaveLength(1);
    expect(readYamlFile(file, cacheDir)).toEqual({ title: 'First', tags: ['a', 'b'] });

    fs.writeFileSync(file, 'title: Second\ntags: [a, b]\n');
    expect(readYamlFile(file, cacheDir)).toEqual({ title: 'Second', tags: ['a', 'b'] });
    expect(cachedFiles()).toHaveLength(2);
  });

  it('broken YAML still throws, cached or not, and nothing is cached for it', () => {
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'title: [unclosed\n');
    expect(() => readYamlFile(file, cacheDir)).toThrow();
    expect(() => readYamlFile(file, cacheDir)).toThrow();
    expect(cachedFiles()).toHaveLength(0);
  });

  it('a value JSON cannot keep (.nan) is not cached, so it reads the same every time', () => {
    const file = path.join(dir, 'odd.yaml');
    fs.writeFileSync(file, 'min: .nan\n');
    expect(readYamlFile(file, cacheDir)).toEqual({ min: NaN });
    expect(readYamlFile(file, cacheDir)).toEqual({ min: NaN });
    expect(cachedFiles()).toHaveLength(0);
  });

  it('an entry that breaks validation stops the load naming the file, also once its parse is cached', () => {
    const faqDir = path.join(dir, 'faq');
    fs.cpSync(FAQ_DIR, faqDir, { recursive: true });
    const [first] = fs.readdirSync(faqDir).filter((f) => !f.startsWith('_'));
    const file = path.join(faqDir, first!);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: Not An Id'));
    const named = new RegExp(`${first!.replace('.', '\\.')}: invalid FAQ entry: id must be lowercase`);
    expect(() => loadFaqContent({ dir: faqDir })).toThrow(named);
    expect(() => loadFaqContent({ dir: faqDir })).toThrow(named);
  });
});
