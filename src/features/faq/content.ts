import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { z } from '../../core/zod';

import { errorMessage } from '../../core/errorMessage';
import { CONTENT_DIR, SHARED_DIR } from '../../core/paths';
import { ContentError, seedFileSchema, sourceSchema, type SourceRef } from '../../core/content/coaching';
import { readYamlFile } from '../../core/content/yamlFile';
import { SLACK_LIMITS } from '../../core/blockKit';

export const FAQ_DIR = path.join(CONTENT_DIR, 'faq');
export const SEEDS_DIR = path.join(SHARED_DIR, 'seeds');
const TOPICS_FILE = '_topics.yaml';

/** How many ways of asking an entry may list: enough variety for the search, few enough to stay reviewable. */
export const MAX_PHRASINGS = 24;

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens'),
  // Titles are offered as buttons (related questions, "Did you mean…?"), which Slack cuts at 75 characters.
  title: z.string().trim().min(5).max(SLACK_LIMITS.buttonText, `must fit a Slack button (${SLACK_LIMITS.buttonText} characters): it is offered as one`),
  phrasings: z.array(z.string().trim().min(3)).min(3, 'needs at least 3 phrasings').max(MAX_PHRASINGS, `allows at most ${MAX_PHRASINGS} phrasings`),
  answer: z.string().trim().min(20),
  next_step: z.string().trim().min(10),
  topic: z.string().min(1),
  tags: z.array(z.string().trim().min(1)).min(1),
  source: sourceSchema,
  // Other documents the answer or next step draws a fact, figure or piece of advice from; their
  // titles are the ones the entries sourced from them give.
  also_from: z.array(seedFileSchema).default([]),
});

const topicsSchema = z
  .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), label: z.string().trim().min(1), description: z.string().trim().min(1) }))
  .min(1);

export interface FaqEntry {
  id: string;
  title: string;
  phrasings: string[];
  answer: string;
  nextStep: string;
  topic: string;
  tags: string[];
  source: SourceRef;
  /** Further documents the answer draws on, after `source`, each named where the answer is shown. */
  alsoFrom: SourceRef[];
  /** File the entry was read from, relative to the content folder (e.g. faq/one-on-ones.yaml). */
  file: string;
}

export interface FaqTopic {
  id: string;
  label: string;
  description: string;
}

export interface FaqContent {
  topics: FaqTopic[];
  entries: FaqEntry[];
  /** sha256 over the validated content: changes exactly when what would be indexed changes. */
  hash: string;
}

export interface LoadFaqOptions {
  dir?: string;
  /** Where the seed documents live; when the folder exists, every `source.file` must be one of them. */
  seedsDir?: string;
}

function readYaml(file: string): unknown {
  try {
    return readYamlFile(file);
  } catch (err) {
    throw new ContentError(`${file}: cannot be read as YAML (${errorMessage(err)})`);
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  const problem = issue?.code === 'invalid_type' && issue.message.includes('undefined') ? 'is missing' : issue?.message;
  return `${where} ${problem ?? 'is invalid'}`;
}

/**
 * Reads and validates content/faq: `_topics.yaml` plus one entry per `*.yaml` file.
 * Any broken entry throws a ContentError that names the file, so a bad edit stops the start.
 */
export function loadFaqContent(options: LoadFaqOptions = {}): FaqContent {
  const dir = options.dir ?? FAQ_DIR;
  const seedsDir = options.seedsDir ?? SEEDS_DIR;
  const topicsPath = path.join(dir, TOPICS_FILE);
  if (!fs.existsSync(topicsPath)) throw new ContentError(`${topicsPath}: the FAQ topic list is missing`);
  const topicsParsed = topicsSchema.safeParse(readYaml(topicsPath));
  if (!topicsParsed.success) throw new ContentError(`${topicsPath}: invalid topic list: ${describeIssue(topicsParsed.error)}`);
  const topics = topicsParsed.data;
  const topicIds = new Set(topics.map((t) => t.id));
  const seeds = fs.existsSync(seedsDir) ? new Set(fs.readdirSync(seedsDir)) : undefined;

  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('_'))
    .sort();
  const seenIds = new Map<string, string>();
  const parsedEntries: Array<{ file: string; e: z.infer<typeof entrySchema> }> = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const parsed = entrySchema.safeParse(readYaml(file));
    if (!parsed.success) throw new ContentError(`${file}: invalid FAQ entry: ${describeIssue(parsed.error)}`);
    parsedEntries.push({ file, e: parsed.data });
  }
  // One title per document, so a further source is named the way its own entries name it.
  const titleOfSeed = new Map<string, { title: string; file: string }>();
  for (const { file, e } of parsedEntries) {
    const first = titleOfSeed.get(e.source.file);
    if (first && first.title !== e.source.title) {
      throw new ContentError(`${file}: source.title "${e.source.title}" differs from "${first.title}" (${first.file}) for ${e.source.file}`);
    }
    titleOfSeed.set(e.source.file, { title: e.source.title, file });
  }
  const entries: FaqEntry[] = [];
  for (const { file, e } of parsedEntries) {
    const earlier = seenIds.get(e.id);
    if (earlier) throw new ContentError(`${file}: duplicate FAQ id "${e.id}" (already used by ${earlier})`);
    seenIds.set(e.id, file);
    if (!topicIds.has(e.topic)) {
      throw new ContentError(`${file}: topic "${e.topic}" is not one of ${[...topicIds].join(', ')} (see ${TOPICS_FILE})`);
    }
    if (seeds && !seeds.has(e.source.file)) {
      throw new ContentError(`${file}: source.file "${e.source.file}" is not a document in ${seedsDir}`);
    }
    const alsoFrom = e.also_from.map((seedFile): SourceRef => {
      const title = titleOfSeed.get(seedFile)?.title;
      if (seedFile === e.source.file) throw new ContentError(`${file}: also_from repeats the entry's own source "${seedFile}"`);
      if (e.also_from.indexOf(seedFile) !== e.also_from.lastIndexOf(seedFile)) {
        throw new ContentError(`${file}: also_from lists "${seedFile}" twice`);
      }
      if (title === undefined) {
        throw new ContentError(`${file}: also_from "${seedFile}" is no entry's source.file, so its title is unknown`);
      }
      return { title, file: seedFile };
    });
    entries.push({
      id: e.id,
      title: e.title,
      phrasings: e.phrasings,
      answer: e.answer,
      nextStep: e.next_step,
      topic: e.topic,
      tags: e.tags,
      source: e.source,
      alsoFrom,
      file: path.relative(path.dirname(dir), file),
    });
  }
  if (entries.length === 0) throw new ContentError(`${dir}: no FAQ entries found`);
  const hash = crypto.createHash('sha256').update(JSON.stringify({ topics, entries })).digest('hex');
  return { topics, entries, hash };
}
