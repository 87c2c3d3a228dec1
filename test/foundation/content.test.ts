import fs from 'node:fs';
import path from 'node:path';

import { COACHING_FILE, ContentError, loadCoachingContent } from '../../src/core/content/coaching';
import { NUDGE_CONTENT } from '../../src/features/nudges/catalog';
import { COACHING_LINE_TEXT_KEYS } from '../../src/features/timelog/rules/coachingLine';
import { tempDir } from '../support/database';

/** content/coaching.yaml with one top-level entry removed, written to a temp file. */
function coachingWithout(key: string): string {
  const lines = fs.readFileSync(COACHING_FILE, 'utf8').split('\n');
  const start = lines.findIndex((l) => l === `${key}:`);
  expect(start).toBeGreaterThanOrEqual(0);
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^\s/.test(lines[end] ?? ''))) end++;
  const file = path.join(tempDir('lead-coach-content-'), 'coaching.yaml');
  fs.writeFileSync(file, [...lines.slice(0, start), ...lines.slice(end)].join('\n'));
  return file;
}

function requireError(run: () => void): ContentError {
  try {
    run();
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('expected a ContentError');
}

describe('coaching content checked at start', () => {
  it('the shipped content has every text and list the features use', () => {
    const coaching = loadCoachingContent();
    expect(() => coaching.require(NUDGE_CONTENT)).not.toThrow();
    expect(() => coaching.require({ texts: COACHING_LINE_TEXT_KEYS })).not.toThrow();
  });

  it.each([
    ['nudge.time-checkin', () => NUDGE_CONTENT],
    ['nudge.one-on-one-prep.checklist', () => NUDGE_CONTENT],
    ['tip.people-low', () => ({ texts: COACHING_LINE_TEXT_KEYS })],
  ])('a missing %s stops the start naming the file and the key', (key, required) => {
    const file = coachingWithout(key);
    const err = requireError(() => loadCoachingContent(file).require(required()));
    expect(err.message).toContain(file);
    expect(err.message).toContain(`"${key}"`);
  });
});
