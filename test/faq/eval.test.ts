import fs from 'node:fs';
import path from 'node:path';

import { loadFaqContent } from '../../src/features/faq/content';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { SHARED_DIR } from '../../src/core/paths';
import { migratedTempDb } from '../support/harness';
import { answersWithExpected, FOLDS, leaveOutScore, scoreById, scoreDeclined, share } from './generalisation';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the repository serves, as the bot's does (these searches store nothing). */
const T1 = fixedWorkspace('T1');

/**
 * The quality gate: every evaluation set goes through the same search the bot uses
 * (repos.faq.search). A case is right when the best answer's title + answer contains one of
 * its expected strings; out-of-scope questions must come back unmatched.
 */
interface EvalSet {
  cases: Array<{ q: string; expect: string[] }>;
  out_of_scope: string[];
}

const REQUIRED_RANK1 = 0.9;
const SETS: Array<{ name: string; file: string }> = [
  { name: 'project set (test/faq-eval.json)', file: path.join(__dirname, '..', 'faq-eval.json') },
  { name: 'shared set (../shared/faq-eval.json)', file: path.join(SHARED_DIR, 'faq-eval.json') },
];

async function evaluate(repo: FaqRepository, set: EvalSet) {
  const wrong: string[] = [];
  let right = 0;
  for (const c of set.cases) {
    const found = await repo.search(c.q);
    const { results, matched } = found;
    const best = results[0];
    if (answersWithExpected(found, c.expect)) right++;
    else wrong.push(`  ✗ "${c.q}" -> ${matched ? '' : '(unmatched) '}${best?.entry.id ?? 'nothing'} (coverage ${best?.coverage.toFixed(2) ?? '-'})`);
  }
  const searched = [];
  for (const q of set.out_of_scope) searched.push({ q, r: await repo.search(q) });
  const answeredOutOfScope = searched
    .filter(({ r }) => r.matched)
    .map(({ q, r }) => `  ✗ out of scope "${q}" matched ${r.results[0]?.entry.id ?? '?'}`);
  return { right, total: set.cases.length, wrong, answeredOutOfScope };
}

describe('FAQ quality gate', () => {
  let repo: FaqRepository;
  beforeAll(() => {
    repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1 });
  });

  for (const { name, file } of SETS) {
    const present = fs.existsSync(file);
    if (!present) {
      console.warn(`NOTICE: FAQ evaluation ${name} skipped: ${file} does not exist in this checkout.`);
    }
    (present ? it : it.skip)(`${name}: at least 90% right at rank 1 and no out-of-scope question answered`, async () => {
      const set = JSON.parse(fs.readFileSync(file, 'utf8')) as EvalSet;
      const { right, total, wrong, answeredOutOfScope } = await evaluate(repo, set);
      const share = right / total;
      console.log(
        [
          `FAQ eval ${name}: ${right}/${total} right at rank 1 (${(share * 100).toFixed(1)}%), ` +
            `${set.out_of_scope.length - answeredOutOfScope.length}/${set.out_of_scope.length} out-of-scope declined`,
          ...wrong,
          ...answeredOutOfScope,
        ].join('\n'),
      );
      expect(total).toBeGreaterThan(0);
      expect(share).toBeGreaterThanOrEqual(REQUIRED_RANK1);
      expect(answeredOutOfScope).toEqual([]);
    });
  }
});

/**
 * Generalisation, judged on questions the search was not tuned on (see generalisation.ts). The
 * floors are what the search reached when they were set, so a change that trades generalisation
 * for the sets above fails here; raise them when the figures rise.
 */
const LEAVE_OUT_FLOOR = 0.5;
const LEAVE_OUT_TYPO_FLOOR = 0.47;
const HELD_OUT_RANK1 = 0.85;
const HELD_OUT_DECLINED = 0.9;
const HELD_OUT_FILE = path.join(__dirname, '..', 'faq-heldout.json');
/** Written from the seeds and frozen before the issue 14 search changes; its floors are what it scored then. */
const UNSEEN_FILE = path.join(__dirname, '..', 'faq-unseen.json');
const UNSEEN_RANK1 = 0.75;
const UNSEEN_DECLINED = 0.9;

/**
 * Written from the seeds by someone who had not seen the content, in the shared set's format; its
 * dev half's misses were read once, its test half scored by totals only until the seventh session,
 * which read all its misses (see its "about"): it is a development set now.
 * Floors: what it scored when added (2026-12-03: 66/90, 26/30), less a margin for content changes.
 */
const BLIND_FILE = path.join(__dirname, '..', 'faq-blind.json');
const BLIND_RANK1 = 0.7;
const BLIND_DECLINED = 0.8;

/**
 * Sets in the shared set's format with floors (what each scored when added, less a margin):
 * - a second blind set (2026-12-03, fifth session), written like the first from the seeds alone, 16
 *   questions a seed, scored by totals only until the seventh session read its misses (54/80 and
 *   17/20 before the fifth session's changes, 63/80 and 16/20 at its end);
 * - a development set (see its "about"), whose misses are printed and read: it guards against
 *   regressions rather than measuring generalisation;
 * - blind sets 3 and 4 (seventh session), written like the others by two more people who had seen
 *   neither the content nor any set: totals only (70/80, 17/20 and 64/80, 19/20 when written);
 * - blind sets 5 and 6 (end of the seventh session): 5 in the shared set's plain style, 6 asked by
 *   four personas (a first-week EM, a senior engineer weighing management, a terse EM, a director),
 *   totals only (63/80, 18/20 and 46/80, 19/20 on that session's starting build);
 * - a persona development set written like blind set 6 (`faq-personas.json`), whose misses are read;
 * - blind sets 7 (plain Slack style) and 8 (the four personas of set 6), written in the twelfth session by two
 *   more people from the seeds alone: 72/80, 19/20 and 69/80, 18/20 when written.
 * - blind sets 9 (plain Slack style) and 10 (the four personas), written in the sixteenth session by two more
 *   people from the seeds alone, scored by totals only: 65/80, 17/20 and 59/80, 18/20 when written.
 * Sets 3 to 8 had been scored by totals only until the sixteenth session, which read their misses to look for
 * a general cause (none it tried moved them, see the FAQ README): they are development sets now.
 */
const FLOORED_SETS = [
  { name: 'blind2', title: 'second blind set (test/faq-blind2.json): a development set since the seventh session, misses printed', file: 'faq-blind2.json', rank1: 0.6, declined: 0.75, showMisses: true },
  { name: 'blind3', title: 'third blind set (test/faq-blind3.json, written without seeing the content): a development set since the sixteenth session', file: 'faq-blind3.json', rank1: 0.8, declined: 0.75, showMisses: true },
  { name: 'blind4', title: 'fourth blind set (test/faq-blind4.json, written without seeing the content): a development set since the sixteenth session', file: 'faq-blind4.json', rank1: 0.75, declined: 0.85, showMisses: true },
  { name: 'blind5', title: 'fifth blind set (test/faq-blind5.json, plain questions, written without seeing the content): a development set since the sixteenth session', file: 'faq-blind5.json', rank1: 0.75, declined: 0.85, showMisses: true },
  { name: 'blind6', title: 'sixth blind set (test/faq-blind6.json, four personas, written without seeing the content): a development set since the sixteenth session', file: 'faq-blind6.json', rank1: 0.55, declined: 0.85, showMisses: true },
  { name: 'blind7', title: 'seventh blind set (test/faq-blind7.json, plain Slack-style questions, written without seeing the content): a development set since the sixteenth session', file: 'faq-blind7.json', rank1: 0.8, declined: 0.85, showMisses: true },
  { name: 'blind8', title: 'eighth blind set (test/faq-blind8.json, four personas, written without seeing the content): a development set since the sixteenth session', file: 'faq-blind8.json', rank1: 0.75, declined: 0.8, showMisses: true },
  { name: 'blind9', title: 'ninth blind set (test/faq-blind9.json, plain Slack-style questions, written without seeing the content): totals only', file: 'faq-blind9.json', rank1: 0.75, declined: 0.8, showMisses: false },
  { name: 'blind10', title: 'tenth blind set (test/faq-blind10.json, four personas, written without seeing the content): totals only', file: 'faq-blind10.json', rank1: 0.7, declined: 0.85, showMisses: false },
  { name: 'personas', title: 'persona development set (test/faq-personas.json, written like blind set 6): misses printed', file: 'faq-personas.json', rank1: 0.6, declined: 0.8, showMisses: true },
  { name: 'dev', title: 'development set (test/faq-dev.json: two weak seeds, near-domain out-of-scope questions): misses printed', file: 'faq-dev.json', rank1: 0.5, declined: 0.8, showMisses: true },
];

interface HeldOutSet {
  cases: Array<{ q: string; id: string }>;
  out_of_scope: string[];
}

const percent = (s: { right: number; total: number }) => `${s.right}/${s.total} (${(share(s) * 100).toFixed(1)}%)`;

describe('FAQ generalisation', () => {
  it(`leave-out protocol: each held-out fold of phrasings (${FOLDS} folds) asked against an index built without it`, async () => {
    const score = await leaveOutScore(loadFaqContent());
    console.log([`FAQ leave-out: ${percent(score)} right at rank 1`, ...score.misses].join('\n'));
    expect(score.total).toBeGreaterThan(200);
    expect(share(score)).toBeGreaterThanOrEqual(LEAVE_OUT_FLOOR);
  });

  it('leave-out protocol with one typo in each held-out question (typo tolerance, measured the same way)', async () => {
    const score = await leaveOutScore(loadFaqContent(), { typos: true });
    console.log(`FAQ leave-out with typos: ${percent(score)} right at rank 1`);
    expect(share(score)).toBeGreaterThanOrEqual(LEAVE_OUT_TYPO_FLOOR);
  });

  /**
   * The held-out and unseen questions that miss are printed only with FAQ_SHOW_MISSES=1: whoever
   * tunes the search or the content sees the totals, so the sets stay unseen.
   */
  const missesIfAsked = (...scores: Array<{ misses: string[] }>): string[] =>
    process.env.FAQ_SHOW_MISSES === '1' ? scores.flatMap((s) => s.misses) : [`(${scores.reduce((n, s) => n + s.misses.length, 0)} misses; FAQ_SHOW_MISSES=1 lists them)`];

  it('held-out set (test/faq-heldout.json, written from the seeds before tuning): 85% right, 90% of out-of-scope declined', async () => {
    const set = JSON.parse(fs.readFileSync(HELD_OUT_FILE, 'utf8')) as HeldOutSet;
    const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1 });
    const right = await scoreById(repo, set.cases);
    const declined = await scoreDeclined(repo, set.out_of_scope);
    console.log([`FAQ held-out: ${percent(right)} right at rank 1, ${percent(declined)} out-of-scope declined`, ...missesIfAsked(right, declined)].join('\n'));
    expect(share(right)).toBeGreaterThanOrEqual(HELD_OUT_RANK1);
    expect(share(declined)).toBeGreaterThanOrEqual(HELD_OUT_DECLINED);
  });

  it('blind set (test/faq-blind.json, written without seeing the content): totals per half', async () => {
    const set = JSON.parse(fs.readFileSync(BLIND_FILE, 'utf8')) as EvalSet;
    const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1 });
    const half = (h: 0 | 1): EvalSet => ({ cases: set.cases.filter((_, i) => i % 2 === h), out_of_scope: set.out_of_scope.filter((_, i) => i % 2 === h) });
    const [dev, test] = [await evaluate(repo, half(0)), await evaluate(repo, half(1))];
    const right = { right: dev.right + test.right, total: dev.total + test.total };
    const outOfScope = set.out_of_scope.length;
    const declined = { right: outOfScope - dev.answeredOutOfScope.length - test.answeredOutOfScope.length, total: outOfScope };
    console.log(
      `FAQ blind: ${percent(right)} right at rank 1 (dev half ${dev.right}/${dev.total}, test half ${test.right}/${test.total}), ${percent(declined)} out-of-scope declined`,
    );
    expect(share(right)).toBeGreaterThanOrEqual(BLIND_RANK1);
    expect(share(declined)).toBeGreaterThanOrEqual(BLIND_DECLINED);
  });

  for (const floored of FLOORED_SETS) {
    it(floored.title, async () => {
      const set = JSON.parse(fs.readFileSync(path.join(__dirname, '..', floored.file), 'utf8')) as EvalSet;
      const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1 });
      const { right, total, wrong, answeredOutOfScope } = await evaluate(repo, set);
      const declined = { right: set.out_of_scope.length - answeredOutOfScope.length, total: set.out_of_scope.length };
      const misses = floored.showMisses ? [...wrong, ...answeredOutOfScope] : [];
      console.log([`FAQ ${floored.name}: ${percent({ right, total })} right at rank 1, ${percent(declined)} out-of-scope declined`, ...misses].join('\n'));
      expect(right / total).toBeGreaterThanOrEqual(floored.rank1);
      expect(share(declined)).toBeGreaterThanOrEqual(floored.declined);
    });
  }

  it('unseen set (test/faq-unseen.json, frozen before the issue 14 search changes): never tuned against', async () => {
    const set = JSON.parse(fs.readFileSync(UNSEEN_FILE, 'utf8')) as HeldOutSet;
    const repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: T1 });
    const right = await scoreById(repo, set.cases);
    const declined = await scoreDeclined(repo, set.out_of_scope);
    console.log([`FAQ unseen: ${percent(right)} right at rank 1, ${percent(declined)} out-of-scope declined`, ...missesIfAsked(right, declined)].join('\n'));
    expect(share(right)).toBeGreaterThanOrEqual(UNSEEN_RANK1);
    expect(share(declined)).toBeGreaterThanOrEqual(UNSEEN_DECLINED);
  });
});
