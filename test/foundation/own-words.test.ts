import fs from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { COACHING_FILE } from '../../src/core/content/coaching';
import { SEEDS_DIR, loadFaqContent } from '../../src/features/faq/content';

/**
 * Coaching content carries the source documents' facts and advice in the project's own words: no
 * text a user reads shares a run of RUN_LENGTH consecutive words with a seed. Shorter shared runs are
 * names and figures ("deployment frequency, lead time for changes", "$100,000 to $300,000").
 */
const RUN_LENGTH = 8;

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .split(/[^a-z0-9%]+/)
    .filter(Boolean);

function runsOf(text: string): string[] {
  const words = wordsOf(text);
  const runs: string[] = [];
  for (let i = 0; i + RUN_LENGTH <= words.length; i++) runs.push(words.slice(i, i + RUN_LENGTH).join(' '));
  return runs;
}

const seedRuns = new Set(fs.readdirSync(SEEDS_DIR).flatMap((file) => runsOf(fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8'))));

/** The first run of `text` found word for word in a seed, if any. */
const copiedRun = (text: string): string | undefined => runsOf(text).find((run) => seedRuns.has(run));

/** Every string a user may read; `source` names the document by its title, which is quoted on purpose. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => (key === 'source' ? [] : stringsIn(v)));
  return [];
}

describe('content in the project own words', () => {
  it('finds a sentence copied from a seed (the check can fail)', () => {
    const seed = fs.readFileSync(path.join(SEEDS_DIR, fs.readdirSync(SEEDS_DIR)[0] ?? ''), 'utf8');
    const copied = wordsOf(seed).slice(100, 100 + RUN_LENGTH + 2).join(' ');
    expect(copiedRun(`As the guide says, ${copied}.`)).toBeDefined();
    expect(copiedRun('Block two afternoons a week for work without code and tell the team why.')).toBeUndefined();
  });

  it(`no FAQ title, answer or next step shares ${RUN_LENGTH} words in a row with a seed`, () => {
    const copied = loadFaqContent().entries.flatMap((e) =>
      [e.title, e.answer, e.nextStep].flatMap((text) => {
        const run = copiedRun(text);
        return run ? [`${e.id}: "${run}"`] : [];
      }),
    );
    expect(copied).toEqual([]);
  });

  it(`no text of content/coaching.yaml shares ${RUN_LENGTH} words in a row with a seed`, () => {
    const texts = stringsIn(parse(fs.readFileSync(COACHING_FILE, 'utf8')));
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.map(copiedRun).filter(Boolean)).toEqual([]);
  });
});
