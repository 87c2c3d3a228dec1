import fs from 'node:fs';
import path from 'node:path';

import { ContentError } from '../../src/core/content/coaching';
import { FAQ_DIR, loadFaqContent, MAX_PHRASINGS, SEEDS_DIR } from '../../src/features/faq/content';
import { createFaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { migratedTempDb, tempDir } from '../support/harness';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the repository serves, as the bot's does (these searches store nothing). */
const T1 = fixedWorkspace('T1');

/** A copy of content/faq in a temp folder, to break on purpose. */
function copyOfContent(): string {
  const dir = tempDir('faq-content-');
  for (const f of fs.readdirSync(FAQ_DIR)) fs.copyFileSync(path.join(FAQ_DIR, f), path.join(dir, f));
  return dir;
}

function editFile(dir: string, name: string, edit: (text: string) => string): void {
  const file = path.join(dir, name);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

function loadError(dir: string, seedsDir = SEEDS_DIR): ContentError {
  try {
    loadFaqContent({ dir, seedsDir });
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('content loaded although it is broken');
}

describe('FAQ content', () => {
  it('has at least 45 valid entries drawn from all five source documents, every topic used', () => {
    const content = loadFaqContent();
    expect(content.entries.length).toBeGreaterThanOrEqual(45);
    const files = new Set(content.entries.map((e) => e.source.file));
    expect([...files].sort()).toEqual([
      '000_978f1a730f53699e.txt',
      '001_71e1dac80e58b185.txt',
      '002_bc950693dbf1942d.txt',
      '003_08b3a2d1ebd68598.txt',
      '004_8553f9b9dd2d9d6a.txt',
    ]);
    for (const topic of content.topics) expect(content.entries.some((e) => e.topic === topic.id)).toBe(true);
    for (const e of content.entries) {
      expect(e.phrasings.length).toBeGreaterThanOrEqual(3);
      expect(e.phrasings.length).toBeLessThanOrEqual(MAX_PHRASINGS);
      expect(e.file).toBe(`faq/${e.id}.yaml`);
    }
  });

  it('names the file when an entry misses a field', () => {
    const dir = copyOfContent();
    editFile(dir, 'team-burnout.yaml', (t) => t.replace(/^next_step:[\s\S]*?(?=^topic:)/m, ''));
    const err = loadError(dir);
    expect(err.message).toContain(path.join(dir, 'team-burnout.yaml'));
    expect(err.message).toContain('next_step is missing');
  });

  it('names the file when a title would not fit the button it is offered as', () => {
    const dir = copyOfContent();
    const long = 'How do I keep my team healthy, motivated and shipping while the whole company is reorganising?';
    editFile(dir, 'team-burnout.yaml', (t) => t.replace(/^title: .*$/m, `title: "${long}"`));
    const err = loadError(dir);
    expect(err.message).toContain(path.join(dir, 'team-burnout.yaml'));
    expect(err.message).toContain('title must fit a Slack button (75 characters)');
  });

  it('names both files when two entries share an id', () => {
    const dir = copyOfContent();
    fs.writeFileSync(path.join(dir, 'zz-copy.yaml'), fs.readFileSync(path.join(dir, 'team-burnout.yaml')));
    const err = loadError(dir);
    expect(err.message).toContain(path.join(dir, 'zz-copy.yaml'));
    expect(err.message).toContain('duplicate FAQ id "team-burnout"');
    expect(err.message).toContain(path.join(dir, 'team-burnout.yaml'));
  });

  it('names the file when the source document does not exist', () => {
    const dir = copyOfContent();
    editFile(dir, 'one-on-ones.yaml', (t) => t.replace(/file: \S+/, 'file: 009_0000000000000000.txt'));
    const seeds = tempDir('seeds-');
    for (const f of ['000_978f1a730f53699e.txt', '001_71e1dac80e58b185.txt', '002_bc950693dbf1942d.txt', '003_08b3a2d1ebd68598.txt', '004_8553f9b9dd2d9d6a.txt']) {
      fs.writeFileSync(path.join(seeds, f), '');
    }
    const err = loadError(dir, seeds);
    expect(err.message).toContain(path.join(dir, 'one-on-ones.yaml'));
    expect(err.message).toContain('009_0000000000000000.txt');
  });

  it('names each further source by the title its own entries give it, and refuses one it cannot name', () => {
    const dir = copyOfContent();
    // one-on-ones is drawn from 003; its further sources are set here, whatever the content says today.
    const withAlsoFrom = (files: string[]) => (t: string) =>
      t.replace(/\nalso_from:.*(\n  - .*)*/, '') + `\nalso_from: [${files.join(', ')}]\n`;
    editFile(dir, 'one-on-ones.yaml', withAlsoFrom(['000_978f1a730f53699e.txt', '004_8553f9b9dd2d9d6a.txt']));
    const entry = loadFaqContent({ dir }).entries.find((e) => e.id === 'one-on-ones');
    expect(entry?.source.file).toBe('003_08b3a2d1ebd68598.txt');
    expect(entry?.alsoFrom).toEqual([
      { title: "Tech Leadership: Why Great Engineers Don't Always Make Great Managers", file: '000_978f1a730f53699e.txt' },
      { title: 'Technical Leadership: Where Engineering Meets Strategy', file: '004_8553f9b9dd2d9d6a.txt' },
    ]);

    editFile(dir, 'one-on-ones.yaml', withAlsoFrom(['003_08b3a2d1ebd68598.txt']));
    expect(loadError(dir).message).toMatch(/one-on-ones\.yaml: also_from repeats the entry's own source/);
    editFile(dir, 'one-on-ones.yaml', withAlsoFrom(['000_978f1a730f53699e.txt', '000_978f1a730f53699e.txt']));
    expect(loadError(dir).message).toMatch(/one-on-ones\.yaml: also_from lists "000_978f1a730f53699e\.txt" twice/);
    editFile(dir, 'one-on-ones.yaml', withAlsoFrom(['009_0000000000000000.txt']));
    expect(loadError(dir).message).toMatch(/one-on-ones\.yaml: also_from "009_0000000000000000\.txt" is no entry's source\.file/);
    editFile(dir, 'one-on-ones.yaml', withAlsoFrom(['notes.txt']));
    expect(loadError(dir).message).toMatch(/one-on-ones\.yaml: invalid FAQ entry: also_from\.0 must be a seed file name/);
  });

  it('names both files when two entries give one document different titles', () => {
    const dir = copyOfContent();
    editFile(dir, 'one-on-ones.yaml', (t) => t.replace(/title: "A guide to engineering management[^"]*"/, 'title: "An engineering management guide"'));
    const err = loadError(dir);
    expect(err.message).toMatch(/source\.title "(An engineering management guide|A guide to engineering management[^"]*)" differs from/);
    expect(err.message).toContain('one-on-ones.yaml');
    expect(err.message).toContain('003_08b3a2d1ebd68598.txt');
  });

  it('names the file when the topic is unknown or the YAML is broken', () => {
    const dir = copyOfContent();
    editFile(dir, 'dora-metrics.yaml', (t) => t.replace('topic: measuring', 'topic: astrology'));
    expect(loadError(dir).message).toMatch(/dora-metrics\.yaml: topic "astrology"/);
    const dir2 = copyOfContent();
    editFile(dir2, 'dora-metrics.yaml', (t) => `${t}\n  - : : [`);
    expect(loadError(dir2).message).toContain(path.join(dir2, 'dora-metrics.yaml'));
  });

  it('refuses to build the repository (and so the app) on broken content', () => {
    const dir = copyOfContent();
    editFile(dir, 'team-burnout.yaml', (t) => t.replace(/^answer:/m, 'answr:'));
    const { db } = migratedTempDb();
    expect(() => createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) })).toThrow(/team-burnout\.yaml/);
  });
});

describe('FAQ index', () => {
  it('indexes at the first start, skips unchanged content at the next, and re-indexes edited content', async () => {
    const dir = copyOfContent();
    const entryFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_')).length;
    const { db } = migratedTempDb();
    const first = createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) });
    expect(first.sync).toEqual({ reindexed: true, entries: entryFiles });
    const again = createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) });
    expect(again.sync.reindexed).toBe(false);
    expect((await again.search('my team is burning out')).results[0]?.entry.id).toBe('team-burnout');

    editFile(dir, 'team-burnout.yaml', (t) => t.replace(/^answer: >-\n/m, 'answer: >-\n  Zebra-crossing breaks help.\n'));
    const edited = createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) });
    expect(edited.sync.reindexed).toBe(true);
    expect((await edited.entry('team-burnout'))?.answer).toMatch(/^Zebra-crossing breaks help\./);
    expect(db.prepare('SELECT COUNT(*) AS n FROM faq_fts').get()).toEqual({ n: entryFiles });
  });

  it('ranks a word in the title or phrasings above the same word in an answer', async () => {
    const dir = tempDir('faq-weights-');
    fs.writeFileSync(path.join(dir, '_topics.yaml'), '- id: team\n  label: Team\n  description: Team things\n');
    const entry = (id: string, title: string, answer: string) =>
      [
        `id: ${id}`,
        `title: "${title}"`,
        'phrasings: ["first way to ask", "second way to ask", "third way to ask"]',
        `answer: "${answer}"`,
        'next_step: "Do one small thing this week."',
        'topic: team',
        'tags: [team]',
        'source: { title: "A guide", file: 003_08b3a2d1ebd68598.txt }',
      ].join('\n');
    fs.writeFileSync(path.join(dir, 'in-answer.yaml'), entry('in-answer', 'How do teams plan?', 'Planning rituals matter. Rituals of planning, rituals of review, rituals everywhere.'));
    fs.writeFileSync(path.join(dir, 'in-title.yaml'), entry('in-title', 'Which rituals help a team?', 'Keep meetings few and purposeful, and review them each quarter.'));
    const { db } = migratedTempDb();
    const repo = createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) });
    expect((await repo.search('team rituals')).results.map((r) => r.entry.id)).toEqual(['in-title', 'in-answer']);
  });

  it('drops entries whose file was deleted', async () => {
    const dir = copyOfContent();
    const { db } = migratedTempDb();
    createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) });
    fs.rmSync(path.join(dir, 'team-burnout.yaml'));
    const repo = createFaqRepository(sqliteDatabase(db), { workspace: T1, content: loadFaqContent({ dir }) });
    expect(await repo.entry('team-burnout')).toBeUndefined();
    expect((await repo.search('how do I prevent burnout')).results.map((r) => r.entry.id)).not.toContain('team-burnout');
  });
});
