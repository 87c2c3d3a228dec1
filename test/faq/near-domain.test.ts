import { confidenceShortfalls, isConfident, questionWords, unmatchedConceptIndexes } from '../../src/features/faq/search';
import { createFaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { fixedWorkspace } from '../../src/core/workspace';
import { migratedTempDb } from '../support/harness';

describe('FAQ confidence for workplace questions outside management', () => {
  const total = 70;
  it('declines one distinctive shared word when the question also has a word the knowledge base never uses', () => {
    // "which laptop should I order for a new engineer": laptop unseen, order rare, engineer generic.
    const evidence = [
      { docCount: 0, match: 'none' as const },
      { docCount: 2, match: 'strong' as const },
      { docCount: 57, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
    // What `lead-coach faq --explain` reports: the unseen word, and nothing else.
    expect(confidenceShortfalls(evidence, total)).toEqual(['unmatched-words']);
    expect(unmatchedConceptIndexes(evidence)).toEqual([0]);
  });

  it('still answers when two distinctive words match, even next to an unseen one', () => {
    const evidence = [
      { docCount: 0, match: 'none' as const },
      { docCount: 3, match: 'strong' as const },
      { docCount: 5, match: 'strong' as const },
      { docCount: 57, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(true);
    expect(confidenceShortfalls(evidence, total)).toEqual([]);
  });

  it('declines when two words have nothing like them in the entry, however many other words match', () => {
    // "can I expense the team lunch after our sprint review": two subjects the entry knows nothing of.
    const evidence = [
      { docCount: 0, match: 'none' as const },
      { docCount: 57, match: 'strong' as const },
      { docCount: 0, match: 'none' as const, everyday: 0.6, related: 0.2 },
      { docCount: 5, match: 'strong' as const },
      { docCount: 16, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
    // One of them close enough in meaning to a word of the entry, and it answers again.
    expect(isConfident(evidence.map((c, i) => (i === 2 ? { ...c, related: 0.6 } : c)), total)).toBe(true);
  });

  it('declines when every shared word only resembles the entry\'s words and none is its own', () => {
    // "who won the champions league final": won ~ wins, champions ~ champion, league ~ team; final is in one answer.
    const evidence = [
      { docCount: 0, match: 'none' as const, everyday: 0.74, related: 0.72 },
      { docCount: 0, match: 'none' as const, everyday: 0.64, related: 0.54 },
      { docCount: 0, match: 'none' as const, everyday: 0.73, related: 0.57 },
      { docCount: 1, match: 'none' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
    expect(isConfident(evidence.map((c, i) => (i === 0 ? { ...c, docCount: 3, match: 'strong' as const } : c)), total)).toBe(true);
  });

  it('treats a word that one other entry\'s answer mentions in passing as unseen', () => {
    // "best mechanical keyboard for coding": "mechanical" stems like "mechanism" in one answer.
    const evidence = [
      { docCount: 1, strongCount: 0, match: 'none' as const },
      { docCount: 2, strongCount: 2, match: 'strong' as const },
      { docCount: 44, strongCount: 40, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
    // Asked by an entry's title, phrasings or tags, the word is the knowledge base's own, not a passing mention.
    expect(isConfident(evidence.map((c, i) => (i === 0 ? { ...c, strongCount: 1 } : c)), total)).toBe(true);
  });

  it('lets a long message keep one more word with nothing like it in the entry, as context rather than subject', () => {
    // Two unmatched words: declined in a short question, answered among the twelve concepts of three sentences of context.
    const unmatchedWord = { docCount: 0, match: 'none' as const };
    const clue = { docCount: 4, match: 'strong' as const };
    const setting = { docCount: 20, match: 'answer' as const };
    const short = [unmatchedWord, unmatchedWord, clue, clue, clue];
    expect(isConfident(short, total)).toBe(false);
    const long = [unmatchedWord, unmatchedWord, clue, clue, clue, clue, clue, clue, setting, setting, setting, setting];
    expect(isConfident(long, total)).toBe(true);
    expect(isConfident([unmatchedWord, ...long], total)).toBe(false);
  });

  it('never takes a number for the subject of the question', () => {
    // "my team spans 8 hours of time difference": "8" says how much, "spans" is the one unseen word.
    const evidence = [
      { docCount: 0, match: 'none' as const },
      { docCount: 0, match: 'none' as const, numeric: true },
      { docCount: 5, match: 'strong' as const },
      { docCount: 3, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(true);
    expect(isConfident(evidence.map((c) => ({ ...c, numeric: false })), total)).toBe(false);
  });

  it('still answers one distinctive word next to generic ones when every word is known', () => {
    // "how do I give feedback to my engineers"
    const evidence = [
      { docCount: 4, match: 'strong' as const },
      { docCount: 57, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(true);
  });
});

describe('FAQ vocabulary that keeps workplace admin apart from coaching topics', () => {
  it('reads expense claims as their own topic, not as "expensive"', () => {
    expect(questionWords('can managers approve their own expenses')).toContain('expenseclaim');
    expect(questionWords('promoting the wrong person is expensive')).not.toContain('expenseclaim');
  });

  it('keeps overtime pay apart from overwork, and meeting rooms apart from meetings', () => {
    expect(questionWords('who approves overtime pay')).toContain('overtimepay');
    expect(questionWords('who approves overtime pay')).not.toContain('pay');
    expect(questionWords('can my team get a bigger meeting room')).toContain('meetingroom');
    expect(questionWords('can my team get a bigger meeting room')).not.toContain('meeting');
  });
});

describe('FAQ search on admin questions that share words with coaching topics', () => {
  const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: fixedWorkspace('T1') });

  it('declines a visa question about a senior engineer instead of answering with leadership potential', async () => {
    const found = await repo.search('who signs off on the visa paperwork for a senior engineer');
    expect(found.matched).toBe(false);
  });

  it('declines a question about PTO days: the shorthand is left as the unknown subject, not spelt out as "time off"', async () => {
    expect((await repo.search('how much pto can an engineering manager take each year')).matched).toBe(false);
  });

  it('still answers a question with a number in it', async () => {
    const found = await repo.search('my team is spread over 3 continents and 9 timezones, how do we collaborate');
    expect(found.matched).toBe(true);
    expect(found.results[0]?.entry.id).toBe('remote-teams');
  });
});
