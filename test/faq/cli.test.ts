// @engines sqlite postgres
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import type { Database } from '../../src/core/db/database';
import { createFaqRepository } from '../../src/features/faq/repository';
import { freshDatabase, isPostgresLocator, testEngine, type DatabaseLocator } from '../support/database';
import { tempDbPath } from '../support/harness';
import { fixedWorkspace } from '../../src/core/workspace';

/** The workspace the managers of these tests belong to (their rows are stored under it). */
const T1 = fixedWorkspace('T1');

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env, stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** Only the database in the environment: DATABASE_URL on PostgreSQL, else DATABASE_PATH. */
function envFor(locator: DatabaseLocator): NodeJS.ProcessEnv {
  return isPostgresLocator(locator) ? { DATABASE_URL: locator } : { DATABASE_PATH: locator };
}

/** A database the test fills first (migrated), and the CLI's environment pointing at it. */
async function sharedDatabase(): Promise<{ db: Database; env: NodeJS.ProcessEnv }> {
  const { db, locator } = await freshDatabase();
  return { db, env: envFor(locator) };
}

describe('lead-coach faq and faq-gaps (in process, only DATABASE_PATH or DATABASE_URL set, no Slack token)', () => {
  // On SQLite a file that does not exist yet (the CLI creates and migrates it); on PostgreSQL an empty database of its own.
  const env = async (): Promise<NodeJS.ProcessEnv> => {
    if (testEngine() === 'sqlite') return envFor(tempDbPath());
    const { db, env: shared } = await sharedDatabase();
    await db.close();
    return shared;
  };

  it('prints exactly {query, matched, results[{id,title,answer,next_step,source,also_from,score}]} with --json, best first', async () => {
    const io = captureIo(await env());
    expect(await main(['faq', 'how do I run good 1:1 meetings?', '--json'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const out = JSON.parse(io.stdout[0]!) as Record<string, unknown> & { results: Array<Record<string, unknown>> };
    expect(Object.keys(out)).toEqual(['query', 'matched', 'results']);
    expect(out.query).toBe('how do I run good 1:1 meetings?');
    expect(out.matched).toBe(true);
    expect(out.results.length).toBeGreaterThanOrEqual(1);
    expect(out.results.length).toBeLessThanOrEqual(3);
    for (const r of out.results) {
      expect(Object.keys(r)).toEqual(['id', 'title', 'answer', 'next_step', 'source', 'also_from', 'score']);
      expect(r.source).toEqual({ title: expect.any(String), file: expect.stringMatching(/^\d{3}_[0-9a-f]+\.txt$/) });
      for (const s of r.also_from as unknown[]) expect(s).toEqual({ title: expect.any(String), file: expect.stringMatching(/^\d{3}_[0-9a-f]+\.txt$/) });
      expect(typeof r.score).toBe('number');
    }
    expect(out.results[0]).toMatchObject({
      id: 'one-on-ones',
      title: 'How do I run good 1:1 meetings with my reports?',
      also_from: [{ title: 'The Engineering Manager is not a Tech Lead', file: '002_bc950693dbf1942d.txt' }],
    });
    const scores = out.results.map((r) => r.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('reports matched false with no results for an out-of-scope question', async () => {
    const io = captureIo(await env());
    expect(await main(['faq', 'what is the capital of Australia', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0]!)).toEqual({ query: 'what is the capital of Australia', matched: false, results: [] });
  });

  it('prints a readable answer without --json', async () => {
    const io = captureIo(await env());
    expect(await main(['faq', 'my', 'team', 'is', 'burning', 'out'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('How do I prevent burnout on my team and in myself?');
    expect(text).toMatch(/Next step: /);
    expect(text).toMatch(/Source: .+ \(003_08b3a2d1ebd68598\.txt\)/);
    expect(text).toContain('Also from: Tech Leadership: Why Top Engineers Fail as Managers (And How to Avoid It) (001_71e1dac80e58b185.txt)');
    expect(text).not.toMatch(/^\{/);
  });

  it('offers the closest entries as "Did you mean" when it is not sure, as the bot does, instead of only the topics', async () => {
    const io = captureIo(await env());
    expect(await main(['faq', 'my 1:1s feel pointless'], io)).toBe(0);
    const lines = io.stdout;
    expect(lines[0]).toBe("I'm not sure I have this one. Did you mean…?");
    const offered = lines.filter((l) => l.startsWith('  - '));
    expect(offered.length).toBeGreaterThanOrEqual(1);
    expect(offered.length).toBeLessThanOrEqual(3);
    expect(offered[0]).toBe('  - How do I run good 1:1 meetings with my reports? [one-on-ones]');
    expect(lines.join('\n')).not.toContain('Topics you can ask about');
    // --json keeps its documented shape: not matched, so no results.
    const json = captureIo(await env());
    expect(await main(['faq', 'my 1:1s feel pointless', '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout[0]!)).toEqual({ query: 'my 1:1s feel pointless', matched: false, results: [] });
  });

  it('lists unanswered questions managers asked in Slack with counts, most asked first; its own questions are not recorded', async () => {
    const { db, env: shared } = await sharedDatabase();
    const faq = createFaqRepository(db, { workspace: T1 });
    await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES ('U1', 'T1', '2026-01-01T00:00:00Z')");
    for (const q of ['recipe for banana bread', 'Recipe for banana bread?', 'how do I renew my visa', 'how do I run good 1:1 meetings?']) {
      await faq.recordQuestion({ userId: 'U1', question: q, result: await faq.search(q), channel: 'slack', askedAt: new Date('2026-11-20T10:00:00Z') });
    }
    await db.close();
    const fromCli = captureIo(shared);
    expect(await main(['faq', 'recipe for lemon cake'], fromCli)).toBe(0);
    expect(fromCli.stdout[0]).toBe("I don't have guidance on that yet.");
    // No topic word at all: nothing to have guidance on, so it says what to ask.
    const thanks = captureIo(shared);
    expect(await main(['faq', 'thanks! :pray:'], thanks)).toBe(0);
    expect(thanks.stdout[0]).toMatch(/^Ask a question in your own words/);
    const io = captureIo(shared);
    expect(await main(['faq-gaps'], io)).toBe(0);
    const lines = io.stdout.join('\n');
    expect(lines).toMatch(/^\s+2 .+Recipe for banana bread\?$/m);
    expect(lines).toMatch(/^\s+1 .+how do I renew my visa$/m);
    expect(lines).not.toContain('1:1 meetings');
    expect(lines).not.toContain('lemon cake');
    expect(lines.indexOf('banana')).toBeLessThan(lines.indexOf('visa'));
  });

  it('groups declined questions, low-confidence answers and "Not helpful" votes by the entry they came closest to', async () => {
    const { db, env: shared } = await sharedDatabase();
    const faq = createFaqRepository(db, { workspace: T1 });
    for (const u of ['U1', 'U2']) await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES (?, 'T1', '2026-01-01T00:00:00Z')", [u]);
    const ask = async (userId: string, q: string) =>
      faq.recordQuestion({ userId, question: q, result: await faq.search(q), channel: 'slack', askedAt: new Date('2026-11-20T10:00:00Z') });
    const unsure = await faq.search('how to deal with stakeholders');
    const nearest = unsure.results[0]!.entry.id;
    await ask('U1', 'how to deal with stakeholders');
    await ask('U2', 'how to deal with stakeholders??');
    await ask('U1', 'give me a recipe for banana bread');
    for (const u of ['U1', 'U2']) {
      await faq.vote({ questionId: await ask(u, 'my team is burning out'), entryId: 'team-burnout', userId: u, helpful: u === 'U2', votedAt: new Date() });
    }
    await db.close();
    const io = captureIo(shared);
    expect(await main(['faq-gaps'], io)).toBe(0);
    const lines = io.stdout.join('\n');
    const byEntry = lines.slice(lines.indexOf('By the entry each came closest to'));
    expect(byEntry).toMatch(new RegExp(`^  ${nearest} \\(.+\\): 2 low-confidence "did you mean"$`, 'm'));
    expect(byEntry).toContain('e.g. how to deal with stakeholders??');
    expect(byEntry).toMatch(/^  team-burnout \(How do I prevent burnout on my team and in myself\?\): 1 vote not helpful \(1 helpful\)$/m);
    expect(byEntry).toMatch(/^  \(no entry came close\): 1 declined$/m);
    expect(byEntry).toContain('e.g. give me a recipe for banana bread');
  });

  it('lists the gaps of every workspace sharing the database together (an operator tool, not any one workspace\'s)', async () => {
    const { db, env: shared } = await sharedDatabase();
    for (const team of ['T1', 'T2']) {
      await db.run("INSERT INTO managers (user_id, team_id, enrolled_at) VALUES ('U1', ?, '2026-01-01T00:00:00Z')", [team]);
      const faq = createFaqRepository(db, { workspace: fixedWorkspace(team) });
      for (const q of ['recipe for banana bread', `how do I renew my visa in ${team}`]) {
        await faq.recordQuestion({ userId: 'U1', question: q, result: await faq.search(q), channel: 'slack', askedAt: new Date('2026-11-20T10:00:00Z') });
      }
    }
    await db.close();
    const io = captureIo(shared);
    expect(await main(['faq-gaps'], io)).toBe(0);
    const lines = io.stdout.join('\n');
    expect(lines).toMatch(/^\s+2 .+recipe for banana bread$/m);
    expect(lines).toMatch(/visa in T1$/m);
    expect(lines).toMatch(/visa in T2$/m);
  });

  it('says so when there are no gaps', async () => {
    const io = captureIo(await env());
    expect(await main(['faq-gaps'], io)).toBe(0);
    expect(io.stdout).toEqual(['No unanswered FAQ questions recorded yet.']);
  });

  it('--explain shows the verdict the search gives and why the other candidates do not answer, and records nothing', async () => {
    const environment = await env();
    const plain = captureIo(environment);
    expect(await main(['faq', 'my 1:1s feel like status updates', '--json'], plain)).toBe(0);
    const answeredBy = (JSON.parse(plain.stdout[0]!) as { results: Array<{ id: string }> }).results[0]!.id;

    const io = captureIo(environment);
    expect(await main(['faq', '--explain', 'my 1:1s feel like status updates'], io)).toBe(0);
    expect(io.stdout[0]).toBe('Words searched: oneonone, status, updates');
    expect(io.stdout[1]).toBe(`Verdict: answered by ${answeredBy}`);
    expect(io.stdout).toContainEqual(expect.stringMatching(new RegExp(`^  1\\. ${answeredBy} \\[confident\\] \\d\\.\\d\\d / `)));
    const candidates = io.stdout.filter((l) => /^ {1,2}\d+\. /.test(l));
    expect(candidates.length).toBeGreaterThan(1);
    expect(candidates.length).toBeLessThanOrEqual(10);

    // The operator's questions are not managers' gaps.
    const gaps = captureIo(environment);
    expect(await main(['faq-gaps'], gaps)).toBe(0);
    expect(gaps.stdout).toEqual(['No unanswered FAQ questions recorded yet.']);
  });

  it('--explain names the word that keeps an out-of-scope question declined', async () => {
    const io = captureIo(await env());
    expect(await main(['faq', 'which laptop should I order for a new engineer', '--explain'], io)).toBe(0);
    expect(io.stdout[1]).toBe('Verdict: declined');
    const first = io.stdout.findIndex((l) => l.startsWith('  1. '));
    expect(io.stdout[first]).toMatch(/\[no\]/);
    expect(io.stdout.slice(first + 1)).toContain('       - words with nothing like them in it: laptop');

    const unknown = captureIo(io.env);
    expect(await main(['faq', '--explain', 'kubernetes helm'], unknown)).toBe(0);
    expect(unknown.stdout).toEqual(['Words searched: kubernetes, helm', 'Verdict: declined', '', 'No entry has any of these words.']);
    const thanks = captureIo(io.env);
    expect(await main(['faq', '--explain', 'thanks!'], thanks)).toBe(0);
    expect(thanks.stdout.slice(0, 2)).toEqual(['Words searched: (none)', 'Verdict: declined']);
    expect(thanks.stdout[3]).toMatch(/^Nothing to search for/);
  });

  it('explains the usage when the question is missing or an option is unknown', async () => {
    const missing = captureIo(await env());
    expect(await main(['faq', '--json'], missing)).toBe(2);
    expect(missing.stderr[0]).toMatch(/Missing question\. Usage: lead-coach faq "<question>" \[--json \| --explain\]/);
    const unknown = captureIo(await env());
    expect(await main(['faq', 'burnout', '--yaml'], unknown)).toBe(2);
    expect(unknown.stderr[0]).toContain('Unknown option --yaml');
    const both = captureIo(await env());
    expect(await main(['faq', 'burnout', '--json', '--explain'], both)).toBe(2);
    expect(both.stderr[0]).toMatch(/^Choose one of --json and --explain\. Usage: /);
  });
});
