import crypto from 'node:crypto';
import path from 'node:path';

import { z } from '../../core/zod';

import { loadFaqContent, type FaqContent, type FaqEntry, type FaqTopic } from './content';
import {
  analyseQuestion,
  ANSWER_ONLY_CREDIT,
  buildMatchExpression,
  createSemanticIndex,
  buildEntryVectors,
  createSentenceIndex,
  CLASSIFIER_TRAINING,
  createClassifier,
  decodeClassifier,
  encodeClassifier,
  trainClassifier,
  type Classifier,
  type ClassifierModel,
  decodeEntryVectors,
  encodeEntryVectors,
  SIF_RANK,
  STOP_WORDS,
  wordVectorsIdentity,
  type SentenceIndex,
  createSpellingCorrector,
  type SpellingCorrector,
  everydayness,
  everydayRank,
  foldText,
  foldingIdentity,
  groupExpression,
  learnedBoost,
  MAX_QUESTION_CHARS,
  questionWords,
  rankCandidates,
  confidenceShortfalls,
  evidenceFor,
  unlikeAsSentence,
  unmatchedConceptIndexes,
  LEARNING_MIN_PEOPLE,
  RELATED_THRESHOLD,
  termGroup,
  vocabularyOf,
  wordVectors,
  worthOffering,
  type Candidate,
  type ConceptOccurrences,
  type EntryVectors,
  type SemanticIndex,
  type WordVectors,
  type StoredQuestion,
  type TermGroup,
} from './search';
import { sourceSchema } from '../../core/content/coaching';
import { DERIVED_CACHE_DIR, readDerived, writeDerived } from '../../core/content/derivedCache';
import { openDatabase, type Db } from '../../core/db/connection';
import type { Database } from '../../core/db/database';
import { runMigrations } from '../../core/db/migrations';
import type { SqlDatabase } from '../../core/db/sql';
import { WorkspaceNotKnown, type Workspace } from '../../core/workspace';
import type { EntryGaps, ExplainedCandidate, FaqExplanation, FaqGap, FaqResult, FaqSearch, LearningSignal, NewQuestion, RecordedQuestion, SyncResult, UnhelpfulAnswer } from './entities';

/** Column weights for bm25, in table order (entry_id, title, phrasings, tags, answer). */
const BM25_WEIGHTS = [0, 4, 3, 2, 1] as const;
/** How many bm25 candidates are re-ranked by coverage. */
const CANDIDATES = 12;
/** Concept lookups cached per repository; the index only changes at start, so entries never go stale. */
const MAX_CACHED_CONCEPTS = 5000;
const MAX_CACHED_RESULTS = 2000;
/** Longer questions are not kept word for word: they are rarely repeated exactly and would fill memory. */
const MAX_EXACT_CACHE_CHARS = 300;
/** How old the in-memory view of what people taught the search may get before it is read again. */
const LEARNING_REFRESH_MS = 60_000;

interface EntryRow {
  id: string;
  title: string;
  phrasings: string;
  answer: string;
  next_step: string;
  topic: string;
  tags: string;
  source_title: string;
  source_file: string;
  also_from: string;
  content_file: string;
}

const storedSourcesSchema = z.array(sourceSchema);

function toEntry(r: EntryRow): FaqEntry {
  return {
    id: r.id,
    title: r.title,
    phrasings: JSON.parse(r.phrasings) as string[],
    answer: r.answer,
    nextStep: r.next_step,
    topic: r.topic,
    tags: JSON.parse(r.tags) as string[],
    source: { title: r.source_title, file: r.source_file },
    alsoFrom: storedSourcesSchema.parse(JSON.parse(r.also_from)),
    file: r.content_file,
  };
}

/** What goes into the full-text index for one entry: every field folded the way questions are. */
function indexedText(e: FaqEntry) {
  return {
    title: foldText(e.title),
    phrasings: e.phrasings.map(foldText).join(' . '),
    tags: foldText(e.tags.join(' ')),
    answer: foldText(e.answer),
  };
}

/** The topic words of text the index holds already folded (stop words and single letters left out, repeats kept). */
function topicWordsOf(folded: string): string[] {
  return folded.split(' ').filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

/** What the stored index was built from: the raw content and what folded it (see foldingIdentity). */
function indexKey(content: FaqContent, folding: string): string {
  return crypto.createHash('sha256').update(content.hash).update(`\0folding:${folding}`).digest('hex');
}

/**
 * Copies the FAQ content into SQLite and rebuilds the FTS5 index, unless the content and the
 * folding (foldText's version and tables) changed since the last start: only then is every entry
 * folded again (100-180 ms), so an ordinary start compares one hash. Safe when two processes start at once.
 */
export function syncFaqIndex(db: Db, content: FaqContent, now: Date = new Date(), folding = foldingIdentity()): SyncResult {
  const hash = indexKey(content, folding);
  const current = db.prepare('SELECT content_hash FROM faq_index_state WHERE singleton = 1');
  const indexedCount = db.prepare('SELECT COUNT(*) AS n FROM faq_fts');
  const run = db.transaction((): SyncResult => {
    const state = current.get() as { content_hash: string } | undefined;
    const count = (indexedCount.get() as { n: number }).n;
    if (state?.content_hash === hash && count === content.entries.length) {
      return { reindexed: false, entries: count };
    }
    const indexed = content.entries.map(indexedText);
    db.exec('DELETE FROM faq_fts; DELETE FROM faq_question_fts; DELETE FROM faq_entries; DELETE FROM faq_topics;');
    const insertTopic = db.prepare('INSERT INTO faq_topics (id, position, label, description) VALUES (?, ?, ?, ?)');
    content.topics.forEach((t, i) => insertTopic.run(t.id, i, t.label, t.description));
    const insertEntry = db.prepare(
      `INSERT INTO faq_entries (id, position, title, phrasings, answer, next_step, topic, tags, source_title, source_file, also_from, content_file)
       VALUES (@id, @position, @title, @phrasings, @answer, @nextStep, @topic, @tags, @sourceTitle, @sourceFile, @alsoFrom, @file)`,
    );
    const insertFts = db.prepare(
      'INSERT INTO faq_fts (rowid, entry_id, title, phrasings, tags, answer) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertQuestionText = db.prepare('INSERT INTO faq_question_fts (entry_id, text) VALUES (?, ?)');
    content.entries.forEach((e, i) => {
      insertEntry.run({
        id: e.id,
        position: i,
        title: e.title,
        phrasings: JSON.stringify(e.phrasings),
        answer: e.answer,
        nextStep: e.nextStep,
        topic: e.topic,
        tags: JSON.stringify(e.tags),
        sourceTitle: e.source.title,
        sourceFile: e.source.file,
        alsoFrom: JSON.stringify(e.alsoFrom),
        file: e.file,
      });
      const text = indexed[i];
      if (text) insertFts.run(i + 1, e.id, text.title, text.phrasings, text.tags, text.answer);
      for (const asked of [e.title, ...e.phrasings]) insertQuestionText.run(e.id, foldText(asked));
    });
    db.exec("INSERT INTO faq_fts (faq_fts) VALUES ('optimize'); INSERT INTO faq_question_fts (faq_question_fts) VALUES ('optimize');")
    db.prepare(
      `INSERT INTO faq_index_state (singleton, content_hash, entry_count, indexed_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET content_hash = excluded.content_hash, entry_count = excluded.entry_count,
       indexed_at = excluded.indexed_at`,
    ).run(hash, content.entries.length, now.toISOString());
    return { reindexed: true, entries: content.entries.length };
  });
  return run.immediate();
}

function questionRow(q: NewQuestion, team: string | null) {
  const best = q.result.matched ? q.result.results[0] : undefined;
  const closest = q.result.matched ? undefined : q.result.results[0];
  return {
    team,
    userId: q.userId,
    question: q.question.slice(0, MAX_QUESTION_CHARS),
    normalized: q.result.gapKey || q.question.trim().toLowerCase().slice(0, 200),
    matched: q.result.matched ? 1 : 0,
    entryId: best?.entry.id ?? null,
    confidence: best?.coverage ?? q.result.results[0]?.coverage ?? 0,
    closestEntryId: closest?.entry.id ?? null,
    plausible: q.result.plausible ? 1 : 0,
    channel: q.channel,
    askedAt: q.askedAt.toISOString(),
  };
}

export interface FaqRepositoryOptions {
  /** Content to index; defaults to content/faq, validated (a broken entry throws ContentError naming the file). */
  content?: FaqContent;
  /** Remember results of questions that normalise alike (default true); the latency bench turns it off. */
  cacheResults?: boolean;
  /**
   * Match words related in meaning through the shipped word vectors (content/word-vectors.bin, unless
   * LEAD_COACH_WORD_VECTORS=off): 'lazy' (default) reads them on the first question that needs them,
   * 'eager' now (the bot, at start, which also readies the classifier then), 'off' never (the benches' baseline).
   */
  wordVectors?: 'lazy' | 'eager' | 'off';
  /** Where the built sentence vectors and the trained classifier are kept between starts (default dist/.cache/faq-sentences); null: never kept. */
  derivedCacheDir?: string | null;
  /**
   * How often (at most) a search starts a background re-read of the learning signals, so that other
   * processes' votes and choices reach this one's ranking (default 60 s; 0: on every search).
   */
  learningRefreshMs?: number;
  /**
   * The workspace whose people ask, vote and choose (read at each statement: the installed one is
   * learned after this is built). Questions, votes and learning signals are stored under it, and
   * only its signals re-rank its answers. Without one (the `lead-coach faq` / `faq-gaps` operator
   * tools) questions are stored without a team or user, gaps and votes are read across every
   * workspace, and anything a person does from Slack (a vote, a choice) throws.
   */
  workspace?: Workspace;
}

/**
 * The search index when the app runs on PostgreSQL, which has no FTS5: a private in-memory SQLite
 * with the SQLite migrations (only the FAQ index tables are used), filled by syncFaqIndex.
 */
function inMemoryIndex(): Db {
  const index = openDatabase(':memory:');
  runMigrations(index);
  return index;
}

/** The FAQ's derived files (sentence vectors and the classifier; the folder is named after the first of them). */
const FAQ_DERIVED_DIR = path.join(DERIVED_CACHE_DIR, 'faq-sentences');
/**
 * Derived files kept: per content version one of sentence vectors (~0.6 MB) and one classifier
 * (~0.9 MB); the leave-out tests use four versions at once.
 */
const FAQ_DERIVED_KEPT = 32;

/** The FAQ knowledge base (loaded at start) and what people asked of it. */
export interface FaqRepository {
  /** Whether this start re-indexed the content (false when it was unchanged). */
  readonly sync: SyncResult;
  search(question: string, limit?: number): Promise<FaqSearch>;
  /** How the search reads the question and why each candidate does or does not answer (`lead-coach faq --explain`). */
  explain(question: string, limit?: number): Promise<FaqExplanation>;
  topics(): Promise<FaqTopic[]>;
  topic(id: string): Promise<FaqTopic | undefined>;
  entry(id: string): Promise<FaqEntry | undefined>;
  entriesInTopic(topicId: string): Promise<FaqEntry[]>;
  /** Stores one question now and resolves its id (the app goes through the batched question log instead). */
  recordQuestion(q: NewQuestion): Promise<number>;
  /** Reserves `count` consecutive question ids (for storeQuestions) and resolves the first. */
  reserveQuestionIds(count: number): Promise<number>;
  /** Stores questions under ids from reserveQuestionIds, in one transaction; resolves how many were stored. */
  storeQuestions(rows: ReadonlyArray<{ id: number; question: NewQuestion }>): Promise<number>;
  question(id: number): Promise<RecordedQuestion | undefined>;
  /**
   * Stores one person's vote on the answer to a question, replacing any vote they gave that
   * question before (on this entry or another), and teaches the search what they said.
   */
  vote(v: { questionId: number; entryId: string; userId: string; helpful: boolean; votedAt: Date }): Promise<void>;
  /** The vote this person gave the question, if any. */
  voteOf(questionId: number, userId: string): Promise<{ entryId: string; helpful: boolean } | undefined>;
  /** Records the "Did you mean…?" candidate the asker picked, and teaches the search the choice. */
  choose(c: { questionId: number; entryId: string; userId: string; chosenAt: Date }): Promise<void>;
  /** Declined questions, low-confidence answers and votes, grouped by the entry they came closest to. */
  entryGaps(examplesPerEntry?: number): Promise<EntryGaps[]>;
  /** Unanswered questions grouped by their topic words, most asked first. */
  gaps(limit?: number): Promise<FaqGap[]>;
  /** Entries someone marked "Not helpful", with both counts. */
  unhelpfulAnswers(): Promise<UnhelpfulAnswer[]>;
}

/**
 * The FAQ knowledge base and what people asked of it. Building it loads and validates the
 * content and brings the search index up to date, so the app cannot start on broken content.
 */
export function createFaqRepository(database: Database, options: FaqRepositoryOptions = {}): FaqRepository {
  const content = options.content ?? loadFaqContent();
  // The search index is SQLite's (FTS5): on SQLite it is kept in the app's file between starts; on
  // PostgreSQL it is built in memory at each start. What people ask, vote and choose goes to `db`.
  const index = database.engine === 'sqlite' ? database.connection : inMemoryIndex();
  const db: SqlDatabase = database;
  const sync = syncFaqIndex(index, content);
  const workspace = options.workspace;

  /** The workspace's key, for what only someone in a workspace does (ask from Slack, vote, choose, read their vote). */
  function teamFor(what: string): string {
    if (!workspace) throw new Error(`The FAQ repository has no workspace (only the operator CLI builds it without one), so it cannot ${what}`);
    return workspace.id;
  }
  /** The workspace reads are limited to; null, every workspace, for the operator CLI. */
  function readScope(): string | null {
    return workspace ? workspace.id : null;
  }
  /** Like readScope, but undefined while the installed workspace is not learned yet (before start). */
  function learningScope(): string | null | undefined {
    try {
      return readScope();
    } catch (err) {
      if (err instanceof WorkspaceNotKnown) return undefined;
      throw err;
    }
  }

  const entries = new Map<string, FaqEntry>();
  for (const row of index.prepare<[], EntryRow>('SELECT * FROM faq_entries ORDER BY position').all()) {
    entries.set(row.id, toEntry(row));
  }
  const entryByRowid = new Map<number, FaqEntry>();
  for (const row of index.prepare<[], { rowid: number; entry_id: string }>('SELECT rowid, entry_id FROM faq_fts').all()) {
    const entry = entries.get(row.entry_id);
    if (entry) entryByRowid.set(row.rowid, entry);
  }
  // Each entry's stored questions are counted in words on first use, not at start: counting them
  // all means folding every phrasing again (about 150 ms), which a one-shot `lead-coach faq` never needs.
  const storedTextsByRowid = new Map<number, Array<{ key: number; text: string }>>();
  const rowidByEntryId = new Map([...entryByRowid].map(([rowid, e]) => [e.id, rowid]));
  const questionRows = index.prepare<[], { rowid: number; entry_id: string; text: string }>('SELECT rowid, entry_id, text FROM faq_question_fts').all();
  for (const row of questionRows) {
    const entryRowid = rowidByEntryId.get(row.entry_id);
    if (entryRowid === undefined) continue;
    const texts = storedTextsByRowid.get(entryRowid) ?? [];
    texts.push({ key: row.rowid, text: row.text });
    storedTextsByRowid.set(entryRowid, texts);
  }
  const storedQuestionsByRowid = new Map<number, StoredQuestion[]>();
  function storedQuestionsOf(entryRowid: number): readonly StoredQuestion[] {
    let stored = storedQuestionsByRowid.get(entryRowid);
    if (!stored) {
      stored = (storedTextsByRowid.get(entryRowid) ?? []).map((q) => ({ key: q.key, words: questionWords(q.text).length }));
      storedQuestionsByRowid.set(entryRowid, stored);
    }
    return stored;
  }
  const topics = index
    .prepare<[], FaqTopic>('SELECT id, label, description FROM faq_topics ORDER BY position')
    .all();
  const totalDocs = entryByRowid.size;

  const candidatesQuery = index.prepare<[string, number], { rowid: number; rank: number }>(
    `SELECT rowid, bm25(faq_fts, ${BM25_WEIGHTS.join(', ')}) AS rank FROM faq_fts WHERE faq_fts MATCH ? ORDER BY rank LIMIT ?`,
  );
  const rowidsMatching = index.prepare<[string], { rowid: number }>('SELECT rowid FROM faq_fts WHERE faq_fts MATCH ?');
  const questionRowsMatching = index.prepare<[string], { rowid: number }>(
    'SELECT rowid FROM faq_question_fts WHERE faq_question_fts MATCH ?',
  );
  const conceptCache = new Map<string, ConceptOccurrences>();
  // The index holds every entry already folded: reading it back spares folding them all on each start.
  const foldedColumnsQuery = index.prepare<[], { rowid: number; title: string; phrasings: string; tags: string; answer: string }>(
    'SELECT rowid, title, phrasings, tags, answer FROM faq_fts ORDER BY rowid',
  );
  // Built at the first word no entry contains: most questions never need it.
  let spelling: SpellingCorrector | undefined;
  function spellingCorrector(): SpellingCorrector {
    spelling ??= createSpellingCorrector(
      vocabularyOf(foldedColumnsQuery.all().flatMap((r) => [r.title, r.phrasings, r.tags, r.answer])),
      options.wordVectors === 'off' ? undefined : everydayRank,
    );
    return spelling;
  }
  // Built on first need (a question word no entry uses): a one-shot `lead-coach faq` whose words the
  // entries all use never reads the vectors; the bot builds it at start ('eager').
  let semantic: SemanticIndex | null | undefined = options.wordVectors === 'off' ? null : undefined;
  function semanticIndex(): SemanticIndex | null {
    if (semantic === undefined) {
      const vectors = wordVectors();
      semantic = vectors
        ? createSemanticIndex(
            vectors,
            foldedColumnsQuery.all().map((r) => ({ key: r.rowid, strong: `${r.title} ${r.phrasings} ${r.tags}`, answer: r.answer })),
            questionRows.map((r) => ({ key: r.rowid, text: r.text })),
            ANSWER_ONLY_CREDIT,
          )
        : null;
    }
    return semantic;
  }
  if (options.wordVectors === 'eager') semanticIndex();
  // Each entry's sentence vector (search/sentence.ts), built on the first search: unlike the per-word
  // matching above, every question is ranked with it, so a one-shot `lead-coach faq` reads the vectors too.
  // Building the entry side takes ~60 ms (650 stored questions), so it is kept on disk, named by the
  // indexed content, the vector file, the stop words and the entries' row numbers it was built from.
  let sentences: SentenceIndex | null | undefined = options.wordVectors === 'off' ? null : undefined;
  function sentenceIndex(): SentenceIndex | null {
    if (sentences === undefined) {
      const vectors = wordVectors();
      sentences = vectors ? createSentenceIndex(vectors, entryVectors(vectors)) : null;
    }
    return sentences;
  }
  /**
   * Data derived from the indexed entries, read from the derived-file folder when a file of the same
   * name is there and decodes, otherwise built and stored. The name hashes the indexed content (whose
   * key covers the stop words: foldingIdentity hashes them), what else it was derived with
   * (`identity`), and the entries' row numbers: another database may number them otherwise.
   */
  function derivedFromEntries<T>(
    identity: string,
    extension: string,
    codec: { decode: (bytes: Buffer) => T | undefined; encode: (value: T) => Buffer },
    build: () => T,
  ): T {
    const cacheDir = options.derivedCacheDir === undefined ? FAQ_DERIVED_DIR : options.derivedCacheDir;
    const name = `${crypto
      .createHash('sha256')
      .update(`${indexKey(content, foldingIdentity())}\0${identity}`)
      .update([...entryByRowid].map(([rowid, e]) => `${rowid}:${e.id}`).join(','))
      .digest('hex')}.${extension}`;
    const cached = cacheDir === null ? undefined : readDerived(cacheDir, name);
    const decoded = cached && codec.decode(cached);
    if (decoded) return decoded;
    const built = build();
    if (cacheDir !== null) writeDerived(cacheDir, name, codec.encode(built), FAQ_DERIVED_KEPT);
    return built;
  }
  function entryVectors(vectors: WordVectors): EntryVectors {
    return derivedFromEntries(
      `${wordVectorsIdentity()}\0${SIF_RANK}`,
      'bin',
      { decode: (bytes) => decodeEntryVectors(bytes, vectors.dimensions), encode: encodeEntryVectors },
      () =>
        buildEntryVectors(
          vectors,
          foldedColumnsQuery.all().map((r) => ({
            key: r.rowid,
            questions: (storedTextsByRowid.get(r.rowid) ?? []).map((q) => topicWordsOf(q.text)),
            tags: topicWordsOf(r.tags),
          })),
        ),
    );
  }
  if (options.wordVectors === 'eager') sentenceIndex();

  // The classifier (search/classifier.ts), trained on the first search from the indexed entries
  // (~0.3 s for 78 entries) and kept on disk beside the sentence vectors, named by what it learned from.
  let classifier: Classifier | undefined;
  function entryClassifier(): Classifier {
    classifier ??= createClassifier(classifierModel());
    return classifier;
  }
  function classifierModel(): ClassifierModel {
    // The samples are each stored question, the tags and the answer: the name says so beside the training.
    return derivedFromEntries(`${CLASSIFIER_TRAINING}; samples: questions, tags, answer`, 'clf', { decode: decodeClassifier, encode: encodeClassifier }, () =>
      trainClassifier(
        foldedColumnsQuery.all().flatMap((r) => [
          ...(storedTextsByRowid.get(r.rowid) ?? []).map((q) => ({ key: r.rowid, words: topicWordsOf(q.text) })),
          { key: r.rowid, words: topicWordsOf(r.tags) },
          { key: r.rowid, words: topicWordsOf(r.answer) },
        ]),
      ),
    );
  }
  if (options.wordVectors === 'eager') entryClassifier();

  /**
   * A word no entry contains, when it is a typo of one they do or of an everyday English word, is
   * searched as the intended word (see createSpellingCorrector).
   */
  function withTyposCorrected(groups: TermGroup[]): TermGroup[] {
    return groups.flatMap((g) => {
      if (occurrences(g).any.size > 0) return [g];
      const meant = spellingCorrector().correct(g.word);
      if (!meant) return [g];
      // Spelt right, the word is folded like any other: a filler word drops out, a synonym takes its one spelling.
      const folded = foldText(meant);
      if (STOP_WORDS.has(folded)) return [];
      return [termGroup(folded && !folded.includes(' ') ? folded : meant)];
    });
  }

  function occurrences(group: TermGroup): ConceptOccurrences {
    const key = group.alternatives.join(' ');
    const cached = conceptCache.get(key);
    if (cached) return cached;
    const any = new Set(rowidsMatching.all(groupExpression(group, false)).map((r) => r.rowid));
    const strong = new Set(rowidsMatching.all(groupExpression(group, true)).map((r) => r.rowid));
    const questions = new Set(questionRowsMatching.all(groupExpression(group, false)).map((r) => r.rowid));
    if (conceptCache.size >= MAX_CACHED_CONCEPTS) conceptCache.clear();
    // Only a word no entry uses looks for related words: one the entries use already says where it belongs.
    const related = any.size === 0 ? semanticIndex()?.related(group.word) : undefined;
    // A word no entry uses is filler when it is common English and the entries speak of something like
    // it ("terrible", "gonna"); common or not, one with nothing like it in them ("laptop") is the subject.
    const everyday = related && related.any.size > 0 ? everydayness(group.word) : 0;
    const found = { any, strong, questions, everyday, related, numeric: /^\d/.test(group.word) };
    conceptCache.set(key, found);
    return found;
  }

  // The index only changes at start, so a search is a pure function of the question's terms:
  // questions that normalise alike (the common ones, asked again and again) skip SQLite entirely.
  const resultCache = new Map<string, Pick<FaqSearch, 'matched' | 'plausible' | 'results'>>();
  // In front of it, the same question word for word skips normalising too.
  const exactCache = new Map<string, FaqSearch>();
  const cacheResults = options.cacheResults ?? true;

  function searchNow(question: string, limit = 3): FaqSearch {
    if (!cacheResults) return withLearning(analyseAndSearch(question, limit));
    const exactKey = `${limit}:${question}`;
    const cached = exactCache.get(exactKey);
    if (cached) return withLearning(cached);
    const found = analyseAndSearch(question, limit);
    if (exactCache.size >= MAX_CACHED_RESULTS) exactCache.clear();
    if (question.length <= MAX_EXACT_CACHE_CHARS) exactCache.set(exactKey, found);
    return withLearning(found);
  }

  // Learned adjustments per way of asking (topic words) and entry, only those enough people agree on.
  // Ranking reads them on every search, synchronously, so they are kept in memory: loaded at start,
  // updated after this process's own votes and choices, and refreshed from the database at most
  // every learningRefreshMs (in the background, never in a search's way), so that other processes'
  // signals and forgotten people's rows show up here too. The same on both engines.
  const learned = new Map<string, Map<string, number>>();
  const refreshMs = options.learningRefreshMs ?? LEARNING_REFRESH_MS;
  // Reads are numbered as they start: a read that started earlier never overwrites what a later one
  // found (a full refresh read before a vote must not undo the vote's relearn, nor the other way).
  let reads = 0;
  let refreshedBy = 0;
  const relearnedBy = new Map<string, number>();
  let lastRefreshAt = 0;
  let refreshing: Promise<void> | undefined;

  function boostsOf(rows: ReadonlyArray<{ entry_id: string; people: number; net: number }>): Map<string, number> {
    const boosts = new Map<string, number>();
    for (const r of rows) {
      const boost = learnedBoost(r.people, r.net);
      if (boost !== 0) boosts.set(r.entry_id, boost);
    }
    return boosts;
  }
  function setLearned(termKey: string, boosts: Map<string, number> | undefined): void {
    if (boosts && boosts.size > 0) learned.set(termKey, boosts);
    else learned.delete(termKey);
  }

  /** Reads one way of asking again (after this process stored a vote or choice for it): this workspace's signals only. */
  async function relearn(termKey: string): Promise<void> {
    const team = teamFor('learn from a vote or choice');
    const read = ++reads;
    const rows = await db.all<{ entry_id: string; people: number; net: number }>(
      `SELECT entry_id, COUNT(*) AS people, SUM(signal) AS net FROM faq_learning
       WHERE term_key = ? AND team_id = ? GROUP BY entry_id HAVING COUNT(*) >= ?`,
      [termKey, team, LEARNING_MIN_PEOPLE],
    );
    if (read < refreshedBy || read < (relearnedBy.get(termKey) ?? 0)) return;
    relearnedBy.set(termKey, read);
    setLearned(termKey, boostsOf(rows));
  }

  /**
   * Reads every way of asking enough people agree on, replacing the view (keys relearned since stay):
   * only this workspace's signals, so one workspace's votes never re-rank another's answers. Without
   * a workspace (the operator CLI) every workspace's signals count. Does nothing while the installed
   * workspace is not learned yet.
   */
  async function refreshLearning(): Promise<void> {
    const scope = learningScope();
    if (scope === undefined) return;
    const read = ++reads;
    lastRefreshAt = Date.now();
    const rows = await db.all<{ term_key: string; entry_id: string; people: number; net: number }>(
      scope === null
        ? `SELECT term_key, entry_id, COUNT(*) AS people, SUM(signal) AS net FROM faq_learning
           GROUP BY term_key, entry_id HAVING COUNT(*) >= ?`
        : `SELECT term_key, entry_id, COUNT(*) AS people, SUM(signal) AS net FROM faq_learning
           WHERE team_id = ? GROUP BY term_key, entry_id HAVING COUNT(*) >= ?`,
      scope === null ? [LEARNING_MIN_PEOPLE] : [scope, LEARNING_MIN_PEOPLE],
    );
    const byKey = new Map<string, Array<{ entry_id: string; people: number; net: number }>>();
    for (const r of rows) {
      const list = byKey.get(r.term_key) ?? [];
      list.push(r);
      byKey.set(r.term_key, list);
    }
    for (const termKey of new Set([...learned.keys(), ...byKey.keys()])) {
      if ((relearnedBy.get(termKey) ?? 0) > read) continue;
      const found = byKey.get(termKey);
      setLearned(termKey, found && boostsOf(found));
    }
    refreshedBy = read;
    for (const [termKey, by] of relearnedBy) if (by < read) relearnedBy.delete(termKey);
  }

  /** Starts a background refresh when the view is older than refreshMs; a failed one is retried after as long. */
  function refreshLearningWhenDue(): void {
    if (refreshing || Date.now() - lastRefreshAt < refreshMs) return;
    refreshing = refreshLearning()
      .catch(() => undefined)
      .finally(() => {
        refreshing = undefined;
      });
  }

  // Searches wait for the first load only; a failed load leaves the view empty until the next refresh.
  // The app builds this repository before it has learned its workspace (at start, from auth.test):
  // the first load then waits for the first search, and a search before the workspace is known runs
  // without learning (the next one loads it).
  let learningLoaded = false;
  let learningLoad: Promise<void> | undefined;
  function loadLearning(): Promise<void> {
    if (learningScope() === undefined) return Promise.resolve();
    learningLoad ??= refreshLearning()
      .catch(() => undefined)
      .then(() => {
        learningLoaded = true;
      });
    return learningLoad;
  }
  void loadLearning();

  function search(question: string, limit = 3): Promise<FaqSearch> {
    if (!learningLoaded) return loadLearning().then(() => searchLoaded(question, limit));
    return searchLoaded(question, limit);
  }

  function searchLoaded(question: string, limit: number): Promise<FaqSearch> {
    if (learningLoaded) refreshLearningWhenDue();
    try {
      return Promise.resolve(searchNow(question, limit));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /**
   * The search result adjusted by what people said about these entries for questions with the same
   * topic words: results re-ordered, and a "Did you mean…?" whose boosted best entry enough people
   * chose becomes the answer. Applied on every search, after the caches, so it is always current.
   */
  function withLearning(found: FaqSearch): FaqSearch {
    const boosts = found.gapKey ? learned.get(found.gapKey) : undefined;
    if (!boosts || found.results.length === 0) return { ...found };
    const results = found.results
      .map((r) => ({ ...r, score: r.score + (boosts.get(r.entry.id) ?? 0) }))
      .sort((a, b) => b.score - a.score);
    const top = results[0];
    const learnedAnswer = found.plausible && top !== undefined && (boosts.get(top.entry.id) ?? 0) > 0;
    if (learnedAnswer) return { ...found, matched: true, plausible: false, results };
    return { ...found, results };
  }

  /** The question as searched: cut to MAX_QUESTION_CHARS, its topic words folded and typos corrected. */
  function prepareQuestion(question: string): { query: string; gapKey: string; groups: TermGroup[] } {
    const query = question.slice(0, MAX_QUESTION_CHARS);
    const { terms, gapKey } = analyseQuestion(query);
    return { query, gapKey, groups: withTyposCorrected(terms) };
  }

  function analyseAndSearch(question: string, limit: number): FaqSearch {
    const { query, gapKey, groups } = prepareQuestion(question);
    const cacheKey = `${limit}:${groups.map((g) => g.alternatives.join(' ')).join('|')}`;
    const cached = cacheResults ? resultCache.get(cacheKey) : undefined;
    if (cached) return { query, gapKey, ...cached };
    const found = searchIndex(groups, limit);
    if (cacheResults) {
      if (resultCache.size >= MAX_CACHED_RESULTS) resultCache.clear();
      resultCache.set(cacheKey, found);
    }
    return { query, gapKey, ...found };
  }

  /** Every candidate for the question's words, ranked (rank.ts), with what ranked them; undefined when nothing can be looked for. */
  function rankIndex(groups: TermGroup[]) {
    const expression = buildMatchExpression(groups);
    if (!expression) return undefined;
    const candidates: Candidate[] = candidatesQuery
      .all(expression, CANDIDATES)
      .map((r) => ({ key: r.rowid, bm25: r.rank }));
    const concepts = groups.map(occurrences);
    // Entries found only through words related in meaning join the candidates, with no bm25 relevance.
    const seen = new Set(candidates.map((c) => c.key));
    for (const c of concepts) {
      for (const key of c.related?.strong.keys() ?? []) {
        if (!seen.has(key)) {
          seen.add(key);
          candidates.push({ key, bm25: 0 });
        }
      }
    }
    const similar = sentenceIndex()?.similarities(
      groups.map((g) => g.word),
      candidates.map((c) => c.key),
    );
    const likely = entryClassifier().logProbabilities(groups.map((g) => g.word));
    const ranked = rankCandidates(candidates, concepts, totalDocs, storedQuestionsOf, similar, likely);
    const matched = ranked[0]?.confident ?? false;
    return { concepts, likely, ranked, matched, plausible: !matched && worthOffering(ranked[0]) };
  }

  function searchIndex(groups: TermGroup[], limit: number): Pick<FaqSearch, 'matched' | 'plausible' | 'results'> {
    const ranking = rankIndex(groups);
    if (!ranking) return { matched: false, plausible: false, results: [] };
    const { ranked, matched, plausible } = ranking;
    const results: FaqResult[] = [];
    for (const r of ranked) {
      if (results.length >= limit) break;
      // "Did you mean…?" offers only plausible candidates; otherwise results after the first are related entries.
      const offered = plausible ? r.plausible : results.length === 0 || r.coverage >= RELATED_THRESHOLD;
      if (!offered) continue;
      const entry = entryByRowid.get(r.key);
      if (entry) results.push({ entry, score: r.score, coverage: r.coverage, plausible: r.plausible });
    }
    return { matched, plausible, results };
  }

  function explain(question: string, limit = 10): FaqExplanation {
    const { query, groups } = prepareQuestion(question);
    const words = groups.map((g) => g.word);
    const ranking = rankIndex(groups);
    if (!ranking) return { query, words, matched: false, plausible: false, candidates: [] };
    const { ranked, concepts, likely, matched, plausible } = ranking;
    const candidates: ExplainedCandidate[] = [];
    for (const r of ranked) {
      if (candidates.length >= limit) break;
      const entry = entryByRowid.get(r.key);
      if (!entry) continue;
      const evidence = evidenceFor(r.key, concepts);
      const logP = likely.get(r.key);
      candidates.push({
        entry,
        confident: r.confident,
        plausible: r.plausible,
        coverage: r.coverage,
        questionMatch: r.questionMatch,
        sentence: r.sentence,
        classifierProbability: logP === undefined ? undefined : Math.exp(logP),
        score: r.score,
        shortfalls: [...confidenceShortfalls(evidence, totalDocs), ...(unlikeAsSentence(r.sentence) ? (['unlike-as-a-sentence'] as const) : [])],
        unmatchedWords: unmatchedConceptIndexes(evidence).flatMap((i) => words[i] ?? []),
      });
    }
    return { query, words, matched, plausible, candidates };
  }

  // Rows written later under an id handed out earlier; a question whose asker has since been
  // forgotten (/lead forget-me) is dropped rather than stored again. The casts give PostgreSQL the
  // parameters' types (an INSERT … SELECT does not take them from the columns). A question someone
  // asked is stored under their workspace; one from the CLI has neither team nor user.
  const insertQuestionWithId = `INSERT INTO faq_questions
       (id, team_id, user_id, question, normalized, matched, entry_id, confidence, channel, asked_at, closest_entry_id, plausible)
     SELECT CAST(@id AS BIGINT), CAST(@team AS TEXT), CAST(@userId AS TEXT), CAST(@question AS TEXT), CAST(@normalized AS TEXT),
       CAST(@matched AS INTEGER), CAST(@entryId AS TEXT), CAST(@confidence AS DOUBLE PRECISION), CAST(@channel AS TEXT),
       CAST(@askedAt AS TEXT), CAST(@closestEntryId AS TEXT), CAST(@plausible AS INTEGER)
     WHERE CAST(@userId AS TEXT) IS NULL
       OR EXISTS (SELECT 1 FROM managers WHERE team_id = CAST(@team AS TEXT) AND user_id = CAST(@userId AS TEXT))`;

  /**
   * Moves the id sequence of faq_questions forward by `count` and resolves the first id of the
   * block, which neither this process's nor another's inserts will reuse. Question ids are one
   * sequence shared by every workspace, so the highest stored id is read across all of them.
   */
  function reserveIds(count: number): Promise<number> {
    return db.transaction(async () => {
      let last: number | undefined;
      if (db.engine === 'sqlite') {
        // faq_questions uses AUTOINCREMENT, so sqlite_sequence holds the highest id ever handed out.
        await db.run(
          `INSERT INTO sqlite_sequence (name, seq)
           SELECT 'faq_questions', (SELECT COALESCE(MAX(id), 0) FROM faq_questions)
           WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'faq_questions')`,
        );
        last = (await db.get<{ seq: number }>("UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'faq_questions' RETURNING seq", [count]))?.seq;
      } else {
        // The identity column's sequence, moved by a whole block while this transaction holds the lock
        // every reservation takes (nextval alone hands out one id at a time, interleaved between
        // processes); never behind the highest stored id, should rows have been copied in with theirs.
        await db.get("SELECT pg_advisory_xact_lock(hashtext('lead-coach faq_questions ids')) AS locked");
        last = (
          await db.get<{ last: number }>(
            `SELECT setval(pg_get_serial_sequence('faq_questions', 'id'),
               GREATEST(nextval(pg_get_serial_sequence('faq_questions', 'id')), (SELECT COALESCE(MAX(id), 0) + 1 FROM faq_questions))
               + CAST(? AS BIGINT) - 1) AS last`,
            [count],
          )
        )?.last;
      }
      if (last === undefined) throw new Error('faq_questions has no id sequence');
      return last - count + 1;
    });
  }

  /** Stores questions under reserved ids, all or none (the question log retries a failed batch whole). */
  function insertReserved(rows: ReadonlyArray<{ id: number; question: NewQuestion }>): Promise<number> {
    return db.transaction(async () => {
      let stored = 0;
      for (const { id, question } of rows) {
        const team = question.userId === null ? null : teamFor("store a person's question");
        stored += (await db.run(insertQuestionWithId, { id, ...questionRow(question, team) })).changes;
      }
      return stored;
    });
  }

  /** The topic words of a question asked in this workspace (undefined for any other's). */
  async function termKeyOf(questionId: number, team: string): Promise<string | undefined> {
    return (await db.get<{ normalized: string }>('SELECT normalized FROM faq_questions WHERE id = ? AND team_id = ?', [questionId, team]))
      ?.normalized;
  }

  async function teach(s: LearningSignal, team: string): Promise<void> {
    if (!s.termKey) return;
    await db.run(
      `INSERT INTO faq_learning (term_key, entry_id, team_id, user_id, signal, updated_at) VALUES (@termKey, @entryId, @team, @userId, @signal, @at)
       ON CONFLICT (term_key, entry_id, team_id, user_id) DO UPDATE SET signal = excluded.signal, updated_at = excluded.updated_at`,
      { termKey: s.termKey, entryId: s.entryId, team, userId: s.userId, signal: s.signal, at: s.at.toISOString() },
    );
  }

  function storeVote(v: { questionId: number; entryId: string; userId: string; helpful: boolean; votedAt: Date }): Promise<string | undefined> {
    const team = teamFor('store a vote');
    return db.transaction(async () => {
      const termKey = await termKeyOf(v.questionId, team);
      const replaced = await db.all<{ entry_id: string }>(
        'DELETE FROM faq_votes WHERE question_id = ? AND team_id = ? AND user_id = ? AND entry_id <> ? RETURNING entry_id',
        [v.questionId, team, v.userId, v.entryId],
      );
      if (termKey) {
        for (const { entry_id } of replaced) {
          await db.run('DELETE FROM faq_learning WHERE term_key = ? AND entry_id = ? AND team_id = ? AND user_id = ?', [
            termKey,
            entry_id,
            team,
            v.userId,
          ]);
        }
      }
      await db.run(
        `INSERT INTO faq_votes (question_id, entry_id, team_id, user_id, helpful, voted_at)
         VALUES (@questionId, @entryId, @team, @userId, @helpful, @votedAt)
         ON CONFLICT (question_id, entry_id, team_id, user_id) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at`,
        { questionId: v.questionId, entryId: v.entryId, team, userId: v.userId, helpful: v.helpful ? 1 : 0, votedAt: v.votedAt.toISOString() },
      );
      if (termKey) await teach({ termKey, entryId: v.entryId, userId: v.userId, signal: v.helpful ? 1 : -1, at: v.votedAt }, team);
      return termKey;
    });
  }

  function storeChoice(c: { questionId: number; entryId: string; userId: string; chosenAt: Date }): Promise<string | undefined> {
    const team = teamFor('store a "Did you mean" choice');
    return db.transaction(async () => {
      await db.run('UPDATE faq_questions SET chosen_entry_id = ? WHERE id = ? AND team_id = ?', [c.entryId, c.questionId, team]);
      const termKey = await termKeyOf(c.questionId, team);
      if (termKey) await teach({ termKey, entryId: c.entryId, userId: c.userId, signal: 1, at: c.chosenAt }, team);
      return termKey;
    });
  }

  /** Votes per entry with at least one "Not helpful": this workspace's, or every workspace's for the operator CLI. */
  function voteTotals(): Promise<Array<{ entry_id: string; helpful: number; not_helpful: number }>> {
    const team = readScope();
    return db.all(
      `SELECT entry_id, SUM(helpful) AS helpful, SUM(1 - helpful) AS not_helpful FROM faq_votes
       ${team === null ? '' : 'WHERE team_id = ?'}
       GROUP BY entry_id HAVING SUM(1 - helpful) > 0 ORDER BY not_helpful DESC, entry_id`,
      team === null ? [] : [team],
    );
  }

  return {
    /** Whether this start re-indexed the content (false when it was unchanged). */
    sync,
    search,
    explain(question: string, limit?: number): Promise<FaqExplanation> {
      return Promise.resolve().then(() => explain(question, limit));
    },
    topics(): Promise<FaqTopic[]> {
      return Promise.resolve(topics);
    },
    topic(id: string): Promise<FaqTopic | undefined> {
      return Promise.resolve(topics.find((t) => t.id === id));
    },
    entry(id: string): Promise<FaqEntry | undefined> {
      return Promise.resolve(entries.get(id));
    },
    entriesInTopic(topicId: string): Promise<FaqEntry[]> {
      return Promise.resolve([...entries.values()].filter((e) => e.topic === topicId));
    },
    /** Stores one question now and resolves its id (the app goes through the batched question log instead). */
    async recordQuestion(q: NewQuestion): Promise<number> {
      const id = await reserveIds(1);
      await insertReserved([{ id, question: q }]);
      return id;
    },
    /** Reserves `count` consecutive question ids (for storeQuestions) and resolves the first. */
    reserveQuestionIds: reserveIds,
    /** Stores questions under ids from reserveQuestionIds, in one transaction; resolves how many were stored. */
    storeQuestions: insertReserved,
    /** A question asked in this workspace (the operator CLI, without one, reads any). */
    async question(id: number): Promise<RecordedQuestion | undefined> {
      const team = readScope();
      const r = await db.get<{
        id: number;
        user_id: string | null;
        question: string;
        normalized: string;
        matched: number;
        entry_id: string | null;
        asked_at: string;
        chosen_entry_id: string | null;
      }>(
        `SELECT id, user_id, question, normalized, matched, entry_id, asked_at, chosen_entry_id FROM faq_questions
         WHERE id = ?${team === null ? '' : ' AND team_id = ?'}`,
        team === null ? [id] : [id, team],
      );
      return r
        ? {
            id: r.id,
            userId: r.user_id,
            question: r.question,
            matched: r.matched === 1,
            entryId: r.entry_id,
            askedAt: r.asked_at,
            termKey: r.normalized,
            chosenEntryId: r.chosen_entry_id,
          }
        : undefined;
    },
    async vote(v: { questionId: number; entryId: string; userId: string; helpful: boolean; votedAt: Date }): Promise<void> {
      const termKey = await storeVote(v);
      if (termKey) await relearn(termKey);
    },
    async voteOf(questionId: number, userId: string): Promise<{ entryId: string; helpful: boolean } | undefined> {
      const team = teamFor("read a person's vote");
      const r = await db.get<{ entry_id: string; helpful: number }>(
        'SELECT entry_id, helpful FROM faq_votes WHERE question_id = ? AND team_id = ? AND user_id = ?',
        [questionId, team, userId],
      );
      return r ? { entryId: r.entry_id, helpful: r.helpful === 1 } : undefined;
    },
    async choose(c: { questionId: number; entryId: string; userId: string; chosenAt: Date }): Promise<void> {
      const termKey = await storeChoice(c);
      if (termKey) await relearn(termKey);
    },
    async entryGaps(examplesPerEntry = 3): Promise<EntryGaps[]> {
      const byEntry = new Map<string | null, EntryGaps>();
      const row = (entryId: string | null): EntryGaps => {
        let g = byEntry.get(entryId);
        if (!g) {
          g = { entryId, declined: 0, lowConfidence: 0, notHelpful: 0, helpful: 0, examples: [] };
          byEntry.set(entryId, g);
        }
        return g;
      };
      // This workspace's questions and votes; the operator CLI (no workspace) sees every workspace's and its own.
      const team = readScope();
      const inTeam = team === null ? '' : ' AND team_id = ?';
      const teamParams = team === null ? [] : [team];
      const gaps = await db.all<{ entry_id: string | null; declined: number; low_confidence: number }>(
        `SELECT closest_entry_id AS entry_id, SUM(1 - plausible) AS declined, SUM(plausible) AS low_confidence
         FROM faq_questions WHERE matched = 0${inTeam} GROUP BY closest_entry_id`,
        teamParams,
      );
      for (const r of gaps) Object.assign(row(r.entry_id), { declined: r.declined, lowConfidence: r.low_confidence });
      for (const r of await voteTotals()) Object.assign(row(r.entry_id), { notHelpful: r.not_helpful, helpful: r.helpful });
      const examples = await db.all<{ entry_id: string | null; question: string }>(
        `SELECT closest_entry_id AS entry_id, question FROM faq_questions WHERE matched = 0${inTeam} ORDER BY id DESC LIMIT 5000`,
        teamParams,
      );
      for (const r of examples) {
        const g = byEntry.get(r.entry_id);
        const oneLine = r.question.replace(/\s+/g, ' ').trim();
        if (g && g.examples.length < examplesPerEntry && !g.examples.includes(oneLine)) g.examples.push(oneLine);
      }
      const weight = (g: EntryGaps) => g.declined + g.lowConfidence + g.notHelpful;
      return [...byEntry.values()].sort((a, b) => weight(b) - weight(a) || (a.entryId ?? '~').localeCompare(b.entryId ?? '~'));
    },
    /**
     * Unanswered questions grouped by their topic words, most asked first: this workspace's, or, for
     * the operator CLI (no workspace), every workspace's and the CLI's own together.
     */
    async gaps(limit = 100): Promise<FaqGap[]> {
      const team = readScope();
      const rows = await db.all<{ normalized: string; count: number; last_asked_at: string; example: string }>(
        team === null
          ? `SELECT normalized, COUNT(*) AS count, MAX(asked_at) AS last_asked_at,
               (SELECT q2.question FROM faq_questions q2 WHERE q2.matched = 0 AND q2.normalized = q.normalized ORDER BY q2.id DESC LIMIT 1) AS example
             FROM faq_questions q WHERE matched = 0 GROUP BY normalized ORDER BY count DESC, last_asked_at DESC, normalized LIMIT @limit`
          : `SELECT normalized, COUNT(*) AS count, MAX(asked_at) AS last_asked_at,
               (SELECT q2.question FROM faq_questions q2
                WHERE q2.matched = 0 AND q2.team_id = @team AND q2.normalized = q.normalized ORDER BY q2.id DESC LIMIT 1) AS example
             FROM faq_questions q WHERE matched = 0 AND team_id = @team
             GROUP BY normalized ORDER BY count DESC, last_asked_at DESC, normalized LIMIT @limit`,
        team === null ? { limit } : { limit, team },
      );
      return rows.map((r) => ({ example: r.example, count: r.count, lastAskedAt: r.last_asked_at }));
    },
    /** Entries someone marked "Not helpful", with both counts. */
    async unhelpfulAnswers(): Promise<UnhelpfulAnswer[]> {
      return (await voteTotals()).map((r) => ({ entryId: r.entry_id, helpful: r.helpful, notHelpful: r.not_helpful }));
    },
  };
}
