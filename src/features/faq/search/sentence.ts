import type { WordVectors } from './vectors';

/**
 * Whole-question meaning, for ranking only: a question and each entry become one sentence vector
 * each, and entries are ordered partly by how close the two point. This is "smooth inverse
 * frequency" (Arora et al., 2017): a sentence is the weighted sum of its words' vectors, each word
 * weighing less the more common it is in English, with the one direction every sentence shares
 * (the first principal component of the stored questions, mostly "this is about work") taken out.
 *
 * An entry's vector is the mean of its stored questions' vectors (title and phrasings) plus its
 * tags' vector: the gist of all the ways of asking it, so a new phrasing that shares no word with
 * any one of them but speaks of the same thing still lands near (see CENTROID_SHARE for how it is
 * mixed with the closest single stored question). It only orders candidates: whether
 * to answer stays with the lexical evidence (confidence.ts), which is what keeps out-of-scope
 * questions declined.
 */

/**
 * A word's weight is rank / (rank + SIF_RANK): the hundred or so most common English words weigh
 * under a half, a word ranked in the thousands nearly 1 (the SIF weight a / (a + p(word)) with
 * p from Zipf's law; measured on the leave-out folds, 30-300 all do about as well).
 */
export const SIF_RANK = 110;

/**
 * An entry's similarity mixes the cosine to its mean vector (this share) with the cosine to its
 * closest single stored question (the rest): the mean carries the gist of every way of asking, the
 * closest one keeps a question asked almost as stored on that entry. Measured on the leave-out
 * folds: 0.4-0.5 do equally well, the mean alone 3 fewer right, the closest alone 10 fewer.
 */
export const CENTROID_SHARE = 0.45;

export interface EntryText {
  key: number;
  /** Topic words of each stored way of asking the entry (title and phrasings), folded. */
  questions: ReadonlyArray<readonly string[]>;
  /** Topic words of its tags, folded. */
  tags: readonly string[];
}

export interface SentenceIndex {
  /**
   * The similarity (-1..1) to the question of each entry asked for (all when `keys` is absent), see
   * CENTROID_SHARE; empty when no question word has a vector.
   */
  similarities(words: readonly string[], keys?: Iterable<number>): ReadonlyMap<number, number>;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** The dominant direction of a set of vectors (power iteration on their Gram matrix). */
function principalDirection(rows: readonly Float32Array[], dims: number): Float32Array {
  const gram = new Float64Array(dims * dims);
  for (const r of rows) {
    for (let i = 0; i < dims; i++) {
      const ri = r[i] ?? 0;
      if (ri === 0) continue;
      for (let j = 0; j < dims; j++) gram[i * dims + j] = (gram[i * dims + j] ?? 0) + ri * (r[j] ?? 0);
    }
  }
  let v = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let iter = 0; iter < 100; iter++) {
    const next = new Float64Array(dims);
    for (let i = 0; i < dims; i++) {
      let s = 0;
      for (let j = 0; j < dims; j++) s += (gram[i * dims + j] ?? 0) * (v[j] ?? 0);
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) break;
    for (let i = 0; i < dims; i++) next[i] = (next[i] ?? 0) / norm;
    v = next;
  }
  return Float32Array.from(v);
}

/** An embedder over the word vectors: a question's or a stored text's topic words as one sentence vector. */
function createEmbedder(vectors: WordVectors): (words: readonly string[]) => Float32Array {
  const dims = vectors.dimensions;
  const wordCache = new Map<string, { v: Float32Array; weight: number } | null>();
  function word(w: string): { v: Float32Array; weight: number } | null {
    let found = wordCache.get(w);
    if (found === undefined) {
      const row = vectors.indexOf(w);
      const rank = vectors.rankOf(w) ?? Infinity;
      found = row === undefined ? null : { v: vectors.vector(row), weight: rank === Infinity ? 1 : rank / (rank + SIF_RANK) };
      if (wordCache.size >= 20000) wordCache.clear();
      wordCache.set(w, found);
    }
    return found;
  }
  /** Weighted sum of the words' vectors (each word once). */
  return (words) => {
    const out = new Float32Array(dims);
    for (const w of new Set(words)) {
      const found = word(w);
      if (!found) continue;
      for (let d = 0; d < dims; d++) out[d] = (out[d] ?? 0) + found.weight * (found.v[d] ?? 0);
    }
    return out;
  };
}

/** Without the shared direction, scaled to length 1 (zero stays zero). */
function prepare(v: Float32Array, common: Float32Array): Float32Array {
  const dims = v.length;
  const along = dot(v, common);
  const out = new Float32Array(dims);
  for (let d = 0; d < dims; d++) out[d] = (v[d] ?? 0) - along * (common[d] ?? 0);
  const norm = Math.sqrt(dot(out, out));
  if (norm > 0) for (let d = 0; d < dims; d++) out[d] = (out[d] ?? 0) / norm;
  return out;
}

/** The entry side of the index: what building it derives from the entries and the word vectors (cached on disk by the repository). */
export interface EntryVectors {
  dimensions: number;
  /** The direction every stored question shares, taken out of each vector. */
  common: Float32Array;
  entries: ReadonlyArray<{ key: number; v: Float32Array; questions: readonly Float32Array[] }>;
}

export function buildEntryVectors(vectors: WordVectors, entries: readonly EntryText[]): EntryVectors {
  const dims = vectors.dimensions;
  const embed = createEmbedder(vectors);
  const raw = entries.map((e) => ({ key: e.key, questions: e.questions.map(embed), tags: embed(e.tags) }));
  const common = principalDirection(
    raw.flatMap((e) => e.questions),
    dims,
  );
  return {
    dimensions: dims,
    common,
    entries: raw.map((e) => {
      const sum = new Float32Array(dims);
      for (const q of e.questions) {
        const p = prepare(q, common);
        for (let d = 0; d < dims; d++) sum[d] = (sum[d] ?? 0) + (p[d] ?? 0) / Math.max(1, e.questions.length);
      }
      const tags = prepare(e.tags, common);
      for (let d = 0; d < dims; d++) sum[d] = (sum[d] ?? 0) + (tags[d] ?? 0);
      return { key: e.key, v: prepare(sum, common), questions: e.questions.map((q) => prepare(q, common)) };
    }),
  };
}

const CACHE_MAGIC = 'LCSV';
const CACHE_FORMAT = 1;

/** The entry side as bytes: 'LCSV', format, dimensions, entry count, the shared direction, then per entry its key, question count and vectors (float32). */
export function encodeEntryVectors(built: EntryVectors): Buffer {
  const dims = built.dimensions;
  const floats = dims * (1 + built.entries.reduce((n, e) => n + 1 + e.questions.length, 0));
  const out = Buffer.alloc(16 + 8 * built.entries.length + 4 * floats);
  out.write(CACHE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(CACHE_FORMAT, 4);
  out.writeUInt32LE(dims, 8);
  out.writeUInt32LE(built.entries.length, 12);
  let at = 16;
  const put = (v: Float32Array) => {
    for (let d = 0; d < dims; d++) at = out.writeFloatLE(v[d] ?? 0, at);
  };
  put(built.common);
  for (const e of built.entries) {
    at = out.writeInt32LE(e.key, at);
    at = out.writeUInt32LE(e.questions.length, at);
    put(e.v);
    e.questions.forEach(put);
  }
  return out;
}

/** Reads encodeEntryVectors' bytes back; undefined for anything else (a stale or damaged cache file is derived again). */
export function decodeEntryVectors(bytes: Buffer, dimensions: number): EntryVectors | undefined {
  if (bytes.length < 16 || bytes.toString('latin1', 0, 4) !== CACHE_MAGIC || bytes.readUInt32LE(4) !== CACHE_FORMAT) return undefined;
  if (bytes.readUInt32LE(8) !== dimensions) return undefined;
  const count = bytes.readUInt32LE(12);
  // One aligned copy, then views into it: reading float by float cost ~10 ms for 70 entries.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  let at = 16;
  const take = (): Float32Array | undefined => {
    if (at + 4 * dimensions > bytes.length || at % 4 !== 0) return undefined;
    const v = new Float32Array(aligned.buffer, at, dimensions);
    at += 4 * dimensions;
    return v;
  };
  const common = take();
  if (!common) return undefined;
  const entries: Array<{ key: number; v: Float32Array; questions: Float32Array[] }> = [];
  for (let i = 0; i < count; i++) {
    if (at + 8 > bytes.length) return undefined;
    const key = bytes.readInt32LE(at);
    const questionCount = bytes.readUInt32LE(at + 4);
    at += 8;
    const v = take();
    if (!v) return undefined;
    const questions: Float32Array[] = [];
    for (let q = 0; q < questionCount; q++) {
      const qv = take();
      if (!qv) return undefined;
      questions.push(qv);
    }
    entries.push({ key, v, questions });
  }
  return at === bytes.length ? { dimensions, common, entries } : undefined;
}

export function createSentenceIndex(vectors: WordVectors, built: EntryVectors): SentenceIndex {
  const embed = createEmbedder(vectors);
  const byKey = new Map(built.entries.map((e) => [e.key, e]));

  return {
    similarities(words, keys) {
      const out = new Map<number, number>();
      const q = prepare(embed(words), built.common);
      if (!q.some((x) => x !== 0)) return out;
      const wanted = keys ? [...keys].flatMap((k) => byKey.get(k) ?? []) : built.entries;
      for (const e of wanted) {
        let closest = -1;
        for (const v of e.questions) closest = Math.max(closest, dot(q, v));
        out.set(e.key, CENTROID_SHARE * dot(q, e.v) + (1 - CENTROID_SHARE) * Math.max(0, closest));
      }
      return out;
    },
  };
}
