import path from 'node:path';

import { z } from '../zod';

import { CATEGORY_IDS, type CategoryId } from '../categories';
import { CONTENT_DIR } from '../paths';
import { readYamlFile } from './yamlFile';
import { errorMessage } from '../errorMessage';

/** A seed document's file name in ../shared/seeds/. */
export const seedFileSchema = z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/, 'must be a seed file name such as 001_71e1dac80e58b185.txt');
/** Where a piece of guidance comes from: the seed document's title and file. */
export const sourceSchema = z.object({ title: z.string().trim().min(1), file: seedFileSchema });
const textEntry = z.object({ text: z.string().min(1), source: sourceSchema });
const listEntry = z.object({ items: z.array(z.string().min(1)).min(1), source: sourceSchema });
const targetEntry = z.object({
  min: z.number().int().min(0).max(100),
  max: z.number().int().min(0).max(100),
  text: z.string().min(1),
  source: sourceSchema,
});

export type SourceRef = z.infer<typeof sourceSchema>;
export type CoachingText = z.infer<typeof textEntry>;
export type CoachingList = z.infer<typeof listEntry>;
export type TargetGuidance = z.infer<typeof targetEntry>;

/** Nudge texts, weekly tips and target rationales, each with the source document it comes from. */
export interface CoachingContent {
  text(key: string): CoachingText;
  list(key: string): CoachingList;
  target(category: CategoryId): TargetGuidance;
  keys(): string[];
  /**
   * Stops the start when a text or list a feature uses is missing, naming the file and the key, so
   * a gap in the content never surfaces later inside a job or a listener.
   */
  require(keys: { texts?: readonly string[]; lists?: readonly string[] }): void;
}

export class ContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentError';
  }
}

export const COACHING_FILE = path.join(CONTENT_DIR, 'coaching.yaml');

/** Reads and validates content/coaching.yaml; a broken entry stops the start with the key named. */
export function loadCoachingContent(file: string = COACHING_FILE): CoachingContent {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    throw new ContentError(`${file}: cannot be read as YAML (${errorMessage(err)})`);
  }
  if (!raw || typeof raw !== 'object') throw new ContentError(`${file}: expected a map of keys to entries`);
  const entries = raw as Record<string, unknown>;
  const texts = new Map<string, CoachingText>();
  const lists = new Map<string, CoachingList>();
  const targets = new Map<CategoryId, TargetGuidance>();
  for (const [key, value] of Object.entries(entries)) {
    const schema = key.startsWith('target.') ? targetEntry : key.endsWith('.checklist') ? listEntry : textEntry;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ContentError(`${file}: entry "${key}" is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`);
    }
    if (key.startsWith('target.')) {
      const category = key.slice('target.'.length) as CategoryId;
      if (!CATEGORY_IDS.includes(category)) throw new ContentError(`${file}: "${key}" names no known category`);
      const t = parsed.data as TargetGuidance;
      if (t.min > t.max) throw new ContentError(`${file}: "${key}" has min above max`);
      targets.set(category, t);
    } else if ('items' in parsed.data) {
      lists.set(key, parsed.data);
    } else {
      texts.set(key, parsed.data);
    }
  }
  for (const c of CATEGORY_IDS) if (!targets.has(c)) throw new ContentError(`${file}: "target.${c}" is missing`);
  return {
    text(key) {
      const t = texts.get(key);
      if (!t) throw new ContentError(`${file}: no text entry "${key}"`);
      return t;
    },
    list(key) {
      const l = lists.get(key);
      if (!l) throw new ContentError(`${file}: no list entry "${key}"`);
      return l;
    },
    target(category) {
      const t = targets.get(category);
      if (!t) throw new ContentError(`${file}: "target.${category}" is missing`);
      return t;
    },
    keys: () => [...texts.keys(), ...lists.keys(), ...[...targets.keys()].map((c) => `target.${c}`)],
    require({ texts: textKeys = [], lists: listKeys = [] }) {
      const missing = [
        ...textKeys.filter((k) => !texts.has(k)).map((k) => `text entry "${k}"`),
        ...listKeys.filter((k) => !lists.has(k)).map((k) => `list entry "${k}"`),
      ];
      if (missing.length > 0) throw new ContentError(`${file}: missing ${missing.join(', ')}`);
    },
  };
}

function readingListNumber(ref: SourceRef): number {
  return Number.parseInt(ref.file.slice(0, 3), 10) + 1;
}

/**
 * "Source: _<title>_ (reading list #2)", the way every piece of guidance names its origin in Slack.
 * Guidance drawn from several documents names its main one first, then the others:
 * "Sources: _<title>_ (reading list #2); also _<title>_ (#1)".
 * Readers see the document's title and its place in the reading list; the file name stays in the
 * content files, the CLI's JSON and the export, where people who maintain the content look.
 */
export function formatSource(ref: SourceRef, alsoFrom: readonly SourceRef[] = []): string {
  const main = `_${ref.title}_ (reading list #${readingListNumber(ref)})`;
  if (alsoFrom.length === 0) return `Source: ${main}`;
  return `Sources: ${main}; also ${alsoFrom.map((r) => `_${r.title}_ (#${readingListNumber(r)})`).join(', ')}`;
}
