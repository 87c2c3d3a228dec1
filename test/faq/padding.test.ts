import fs from 'node:fs';
import path from 'node:path';

import { z } from '../../src/core/zod';
import { createFaqRepository, type FaqRepository } from '../../src/features/faq/repository';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { SHARED_DIR } from '../../src/core/paths';
import { fixedWorkspace } from '../../src/core/workspace';
import { migratedTempDb } from '../support/harness';
import { answersWithExpected } from './generalisation';

/**
 * People wrap a question in chat padding ("hey! quick q", "sorry if this is dumb", "thanks in advance :pray:")
 * and start it by saying who they are ("As a new EM at a 40-person startup, ..."). The padding in
 * test/faq-wrappers.json and the introductions in test/faq-preambles.json were written by people who had seen
 * neither the search nor content/chat-padding.yaml, and are held out: this test prints totals by kind, never
 * a wrapper, so whoever edits the search judges it without reading the sets it is judged on.
 *
 * Every question of three readable sets is asked bare and inside each wrapper; a wrapped question is
 * right when the bare one's rule holds (the best confident answer contains an expected term).
 */
const wrappersSchema = z.object({
  wrappers: z.array(z.object({ before: z.string(), after: z.string(), kind: z.string() })).min(20),
});
const preamblesSchema = z.object({
  preambles: z.array(z.object({ text: z.string(), shape: z.string() })).min(20),
});
const setSchema = z.object({
  cases: z.array(z.object({ q: z.string(), expect: z.array(z.string()).min(1) })),
  out_of_scope: z.array(z.string()),
});

const SET_FILES = [path.join(__dirname, '..', 'faq-blind.json'), path.join(__dirname, '..', 'faq-blind2.json'), path.join(SHARED_DIR, 'faq-eval.json')];
/**
 * Floors, set when each was added (2026-12-05), less a margin. Padding: wrapped questions 84.6% right against
 * 88.5% bare (63.0% before the padding list), 86.7% of wrapped out-of-scope questions declined against 86.8%
 * bare; the list was grown on another 80 wrappers (a development list, read), not on these. Introductions:
 * 68.2% right, 90.3% declined when first set aside ("As a …," and "I lead … ." only), 77.4% and 88.6% once the
 * openers were grown on 80 other introductions (a development list, read: 58.4% -> 71.3%).
 */
const FLOORS = {
  padding: { maxRightLoss: 0.06, maxDeclinedLoss: 0.03 },
  introductions: { maxRightLoss: 0.15, maxDeclinedLoss: 0.03 },
};

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));


interface Wrapper {
  before: string;
  after: string;
  kind: string;
}

function lowerFirst(q: string): string {
  return q.charAt(0).toLowerCase() + q.slice(1);
}

describe('FAQ questions wrapped in chat padding or introduced by who is asking (held out, totals only)', () => {
  const sets = SET_FILES.filter((f) => fs.existsSync(f)).map((f) => setSchema.parse(readJson(f)));
  const cases = sets.flatMap((s) => s.cases);
  const outOfScope = sets.flatMap((s) => s.out_of_scope);
  const padding: Wrapper[] = wrappersSchema.parse(readJson(path.join(__dirname, '..', 'faq-wrappers.json'))).wrappers;
  // A clause ("As a new EM, ") runs into the question, which then starts in lowercase; a sentence does not.
  const introductions: Wrapper[] = preamblesSchema
    .parse(readJson(path.join(__dirname, '..', 'faq-preambles.json')))
    .preambles.map((p) => ({ before: p.text, after: '', kind: p.shape }));
  const wrap = (w: Wrapper, q: string) => `${w.before}${/(?:^|[,(-])\s*$/.test(w.before) ? lowerFirst(q) : q}${w.after}`;

  let repo: FaqRepository;
  beforeAll(() => {
    repo = createFaqRepository(sqliteDatabase(migratedTempDb().db), { workspace: fixedWorkspace('T1'), cacheResults: false });
  });

  const score = async (shape: (q: string) => string) => {
    let right = 0;
    for (const c of cases) if (answersWithExpected(await repo.search(shape(c.q)), c.expect)) right++;
    let declined = 0;
    for (const q of outOfScope) if (!(await repo.search(shape(q))).matched) declined++;
    return { right: right / cases.length, declined: declined / outOfScope.length };
  };

  for (const [name, wrappers] of [
    ['padding', padding],
    ['introductions', introductions],
  ] as const) {
    it(`${name}: answered about as often as bare questions, out-of-scope ones still declined`, async () => {
      const bare = await score((q) => q);
      const byKind = new Map<string, { right: number; declined: number; n: number }>();
      for (const w of wrappers) {
        const s = await score((q) => wrap(w, q));
        const k = byKind.get(w.kind) ?? { right: 0, declined: 0, n: 0 };
        byKind.set(w.kind, { right: k.right + s.right, declined: k.declined + s.declined, n: k.n + 1 });
      }
      const all = [...byKind.values()].reduce((a, k) => ({ right: a.right + k.right, declined: a.declined + k.declined, n: a.n + k.n }), { right: 0, declined: 0, n: 0 });
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      console.log(
        [
          `FAQ ${name}: ${cases.length} questions and ${outOfScope.length} out of scope, bare and with each of ${wrappers.length} held-out ${name}`,
          `  bare: ${pct(bare.right)} right, ${pct(bare.declined)} out-of-scope declined`,
          `  with ${name}: ${pct(all.right / all.n)} right, ${pct(all.declined / all.n)} declined`,
          ...[...byKind].map(([kind, k]) => `  ${kind} (${k.n}): ${pct(k.right / k.n)} right, ${pct(k.declined / k.n)} declined`),
        ].join('\n'),
      );
      expect(cases.length).toBeGreaterThan(100);
      expect(all.right / all.n).toBeGreaterThanOrEqual(bare.right - FLOORS[name].maxRightLoss);
      expect(all.declined / all.n).toBeGreaterThanOrEqual(bare.declined - FLOORS[name].maxDeclinedLoss);
    });
  }
});
