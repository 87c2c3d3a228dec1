import {
  analyseQuestion,
  buildMatchExpression,
  coverage,
  everydayness,
  expandAbbreviations,
  foldText,
  gapKey,
  isConfident,
  MAX_QUERY_TERMS,
  MAX_QUESTION_CHARS,
  questionTerms,
  questionWords,
  quoteTerm,
  rankCandidates,
  stripMarkup,
} from '../../src/features/faq/search';
import { PHRASE_FOLDS, WORD_FOLDS } from '../../src/features/faq/search/synonyms';
import { loadFaqContent } from '../../src/features/faq/content';
import { createFaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { fixedWorkspace } from '../../src/core/workspace';
import { migratedTempDb } from '../support/harness';
import { HOSTILE_QUESTIONS } from './hostile';
import evalSet from '../faq-eval.json';

describe('normalising a question', () => {
  it('lowercases, drops punctuation and stop words', () => {
    expect(questionWords('How do I PROTECT my team’s focus-time?!')).toEqual(['protect', 'team', 'focus', 'time']);
  });

  it('folds every spelling of a one-on-one to one word, in entries and questions alike', () => {
    for (const spelling of ['1:1', '1-on-1', 'one-on-one', 'one on one', '1on1', '1:1s', 'One-on-Ones']) {
      expect(foldText(`weekly ${spelling} agenda`)).toBe('weekly oneonone agenda');
    }
  });

  it.each([
    ['my EM', 'my engineering manager'],
    ['an IC', 'an ic'],
    ['an individual contributor', 'an ic'],
    ['review PRs', 'review pullrequest'],
    ['review pull requests', 'review pullrequest'],
    ['I am burnt out', 'i am burnout'],
    ['I am burned-out', 'i am burnout'],
    ['the CTO', 'the executive'],
    ['a no-code block', 'a nocode block'],
    ['after the post-mortem', 'after the postmortem'],
    ['on-call', 'oncall'],
    ['tech debt', 'technical debt'],
    ['optimising', 'optimizing'],
    ['prod fires', 'production firefighting'],
    ['everything is on fire', 'everything is firefighting'],
    ['should I fire him', 'should i fire him'],
    ["we'd picked it, they'll see", 'we picked it they see'],
    ["I don't like people management", 'i dislike people management'],
  ])('folds %p to %p', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('folds exactly as applying every phrase fold in turn would (the quick skips change nothing)', () => {
    const slowFold = (text: string): string => {
      let s = stripMarkup(text.slice(0, MAX_QUESTION_CHARS)).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/'s\b/g, '').replace(/'(?:d|ll|re|ve|m)\b/g, '').replace(/'/g, '');
      s = expandAbbreviations(s);
      for (const [pattern, replacement] of PHRASE_FOLDS) s = s.replace(pattern, replacement);
      return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean).map((w) => WORD_FOLDS[w] ?? w).join(' ');
    };
    const texts = [
      ...evalSet.cases.map((c) => c.q),
      ...evalSet.out_of_scope,
      ...HOSTILE_QUESTIONS,
      ...loadFaqContent().entries.flatMap((e) => [e.title, e.answer, ...e.phrasings]),
    ];
    expect(texts.length).toBeGreaterThan(500);
    for (const text of texts) expect(foldText(text)).toBe(slowFold(text));
  });

  it('spells out Slack shorthand from content/abbreviations.yaml and drops chat filler', () => {
    expect(questionWords('mgmt btwn ppl w/o drama lol tbh')).toEqual(['management', 'people', 'drama']);
    expect(foldText("gonna ask my mgr b/c it's a convo")).toBe('going to ask my manager because it a conversation');
    expect(questionWords('how technical shd i stay now lowkey')).toEqual(questionWords('how technical should i stay now'));
  });

  it('reads everyday idioms from content/idioms.yaml as what they mean, whole phrases only', () => {
    expect(questionWords("my senior dev dropped the ball again and it's driving me nuts")).toEqual(
      questionWords('my senior dev underperforming again and it frustrating'),
    );
    expect(questionWords('the team seems checked out lately')).toContain('disengaged');
    expect(questionWords('we checked outages all night')).not.toContain('disengaged');
  });

  it('drops chat padding from content/chat-padding.yaml, whole phrases only, so a greeting or a thank-you changes nothing', () => {
    const bare = questionWords('how do I run a good 1:1?');
    expect(questionWords('hey there! quick question - how do I run a good 1:1? thanks in advance!')).toEqual(bare);
    expect(questionWords('sorry to bug you, this is probably a dumb question but how do I run a good 1:1? lmk')).toEqual(bare);
    // A word of a padding phrase on its own is still a word: "questions" to ask, a "quick" learner.
    expect(questionWords('what questions should I ask in a 1:1')).toContain('questions');
    expect(questionWords('how do I coach a quick learner')).toContain('quick');
  });

  it('treats asking for help or advice as the frame of a question, not its topic', () => {
    expect(questionWords('help! any advice or pointers on running a good 1:1?')).toEqual(questionWords('running a good 1:1'));
  });

  it('sets aside a preamble that only says who is asking, and keeps one that says more', () => {
    const bare = questionWords('how do I run a good 1:1?');
    expect(analyseQuestion('As a new EM at a 50-person startup, how do I run a good 1:1?').words).toEqual(bare);
    expect(analyseQuestion('I lead a backend team at a fintech company. How do I run a good 1:1?').words).toEqual(bare);
    expect(analyseQuestion("For context, I'm a first-time manager. How do I run a good 1:1?").words).toEqual(bare);
    expect(analyseQuestion('Two months into my first EM role, how do I run a good 1:1?').words).toEqual(bare);
    expect(analyseQuestion('Context: EM, 5 months in, team of 6, fintech. How do I run a good 1:1?').words).toEqual(bare);
    expect(analyseQuestion("I'm a new engineering manager. My team is six backend engineers. How do I run a good 1:1?").words).toEqual(bare);
    // Being new is often the subject: "new EM here," stays.
    expect(analyseQuestion('new EM here, how much coding should I keep doing?').words).toContain('newmanager');
    // A preamble with a situation in it is part of the question.
    expect(analyseQuestion('I manage a team where two seniors keep arguing. How do I stop it?').words).toEqual(expect.arrayContaining(['seniors', 'arguing']));
    expect(analyseQuestion('as an IC i had shipped features, as a mgr what is the equivalent').words).toContain('shipped');
    // Too little left after it: the role is the question's subject.
    expect(analyseQuestion('As a new manager, what should I focus on?').words).toEqual(questionWords('new manager focus'));
    // Nothing left after it: the whole message is the question.
    expect(analyseQuestion("I'm a new engineering manager. Any advice?").words).toEqual(questionWords("I'm a new engineering manager."));
  });

  it('drops a label in front of the question ("Question:", "Q:", "quick q -")', () => {
    const bare = questionWords('how do I run a good 1:1?');
    for (const label of ['Question: ', 'Q: ', 'quick q - ', 'Silly question: ']) expect(questionWords(`${label}how do I run a good 1:1?`)).toEqual(bare);
    expect(questionWords('what questions should I ask in a 1:1')).toContain('questions');
  });

  it("ignores the app's own name and a slash command sent as text", () => {
    const bare = questionWords('how do I run a good 1:1?');
    expect(questionWords('@lead-coach how do I run a good 1:1?')).toEqual(bare);
    expect(questionWords('Lead Coach, how do I run a good 1:1?')).toEqual(bare);
    expect(questionWords('/lead faq how do I run a good 1:1?')).toEqual(bare);
    expect(questionWords('how do I lead and coach my tech lead')).toEqual(expect.arrayContaining(['lead', 'coach']));
  });

  it('removes Slack emoji shortcodes but keeps 1:1 and clock times', () => {
    expect(questionWords(':wave: how do I run a good 1:1? :pray::skin-tone-2: :+1:')).toEqual(questionWords('how do I run a good 1:1?'));
    expect(foldText('our 1:1: at 10:30')).toBe(foldText('our 1:1 at 10:30'));
    expect(questionWords('my 1:1s: how long?')).toEqual(questionWords('my 1:1s how long?'));
  });

  it('expands shorthand only as a whole word', () => {
    expect(expandAbbreviations('lollipop w/open bcrypt pplx')).toBe('lollipop w/open bcrypt pplx');
  });

  it('adds related words to a question concept without adding them to the text', () => {
    const terms = questionTerms('thinking about a PIP');
    const pip = terms.find((t) => t.word === 'pip');
    expect(pip?.alternatives).toEqual(expect.arrayContaining(['pip', 'underperformer']));
  });

  it('removes Slack mentions, channel links and HTML but keeps link labels', () => {
    const cleaned = stripMarkup('<@U123|bob> read <https://x.test|the readme> <b>now</b> <#C1|general> &amp;');
    expect(cleaned).not.toMatch(/U123|bob|C1|general|<|>|&amp;/);
    expect(cleaned).toContain('the readme');
  });

  it('caps the number of terms so a pasted essay costs the same as a question', () => {
    const essay = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    expect(questionWords(essay)).toHaveLength(MAX_QUERY_TERMS);
  });

  it('groups the same gap asked with different filler under one key', () => {
    expect(gapKey('How do I submit an expense report?')).toBe(gapKey('how to submit expense report'));
  });
});

describe('building the FTS5 query', () => {
  it('quotes every term so FTS5 operators are plain text', () => {
    expect(quoteTerm('NEAR')).toBe('"NEAR"');
    expect(quoteTerm('a"b')).toBe('"a""b"');
    expect(buildMatchExpression(questionTerms('burnout AND NEAR'))).toBe('"burnout" OR "near"');
  });

  it.each(HOSTILE_QUESTIONS.map((q) => [q.slice(0, 40), q]))('never throws and only emits quoted terms for %p', (_label, q) => {
    const expression = buildMatchExpression(questionTerms(q));
    expect(typeof expression).toBe('string');
    // Every token is a quoted string joined by OR: nothing FTS5 could read as syntax.
    if (expression) expect(expression).toMatch(/^"[^"]+"( OR "[^"]+")*$/);
  });

  it('gives an empty expression when nothing searchable is left', () => {
    expect(buildMatchExpression(questionTerms('how do I ??? 😀'))).toBe('');
  });
});

describe('confidence', () => {
  const total = 70;
  it('is confident when the entry accounts for the rare words of the question', () => {
    const evidence = [
      { docCount: 3, match: 'strong' as const },
      { docCount: 50, match: 'answer' as const },
      { docCount: 40, match: 'none' as const },
    ];
    expect(coverage(evidence, total)).toBeGreaterThan(0.8);
    expect(isConfident(evidence, total)).toBe(true);
  });

  it('is not confident when only one word of a longer question is shared, however rare', () => {
    const evidence = [
      { docCount: 1, match: 'strong' as const },
      { docCount: 60, match: 'none' as const },
      { docCount: 55, match: 'none' as const },
    ];
    expect(coverage(evidence, total)).toBeGreaterThan(0.42);
    expect(isConfident(evidence, total)).toBe(false);
    expect(isConfident([{ docCount: 1, match: 'strong' }], total)).toBe(true);
  });

  it('weighs a word the knowledge base never saw by how common it is in English, not as its rarest word', () => {
    const topic = { docCount: 4, match: 'strong' as const };
    const withFiller = [topic, { docCount: 2, match: 'strong' as const }, { docCount: 0, match: 'none' as const, everyday: everydayness('terrible') }];
    const withSubject = [topic, { docCount: 2, match: 'strong' as const }, { docCount: 0, match: 'none' as const, everyday: everydayness('kubernetes') }];
    expect(everydayness('terrible')).toBeGreaterThan(0);
    expect(everydayness('kubernetes')).toBe(0);
    expect(coverage(withFiller, total)).toBeGreaterThan(0.7);
    expect(coverage(withSubject, total)).toBeLessThan(0.65);
  });

  it('is not confident when most of the question is words the knowledge base never uses', () => {
    const evidence = [
      { docCount: 2, match: 'strong' as const },
      { docCount: 0, match: 'none' as const },
      { docCount: 0, match: 'none' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
  });

  it('needs a match in the title, phrasings or tags, not only in the answer', () => {
    const evidence = [{ docCount: 2, match: 'answer' as const }];
    expect(isConfident(evidence, total)).toBe(false);
  });

  it('ranks a candidate that covers the question above one bm25 liked slightly more', () => {
    const concepts = [
      { any: new Set([1, 2]), strong: new Set([1, 2]), questions: new Set([10, 20]) },
      { any: new Set([2]), strong: new Set([2]), questions: new Set([20]) },
    ];
    const ranked = rankCandidates(
      [
        { key: 1, bm25: -5 },
        { key: 2, bm25: -4.5 },
      ],
      concepts,
      total,
      (key) => [{ key: key * 10, words: 2 }],
    );
    expect(ranked.map((r) => r.key)).toEqual([2, 1]);
    expect(ranked[0]?.confident).toBe(true);
  });
});

describe('searching a question put in idioms', () => {
  it('answers "checked out" and "no clue" as the plain words they stand for, where the words themselves found nothing', async () => {
    const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: fixedWorkspace('T1') });
    const found = await repo.search('my team seems checked out and i have no clue why');
    expect(found.matched).toBe(true);
    expect(found.results[0]?.entry.id).toBe('engagement-motivation');
  });
});
