/**
 * Which entry a question is about, learned from the entries' own ways of asking: a multinomial
 * logistic regression (softmax) whose classes are the entries and whose training samples are each
 * entry's stored questions (title and phrasings), its tags and its answer, as tf-idf over their
 * topic words. The lexical ranking asks "how much of the question does this entry contain"; this
 * asks "which words tell this entry from the others", so a word found in a few entries counts most
 * for the one whose ways of asking use it. It only orders candidates (rank.ts, CLASSIFIER_WEIGHT):
 * whether to answer stays with the lexical evidence, which is what keeps out-of-scope questions declined.
 *
 * Measured on the leave-out folds (each fold's model trained without its held-out phrasings) and
 * the readable sets, see the FAQ README. Adding the sentence vector as features did no better
 * there and made training 6× slower.
 */

export interface TrainingSample {
  key: number;
  /** Topic words, folded. */
  words: readonly string[];
}

export interface ClassifierModel {
  /** The entries (classes), in column order. */
  keys: readonly number[];
  /** Each known word's feature row and inverse document frequency. */
  words: ReadonlyMap<string, { row: number; idf: number }>;
  /** Row-major: one row per word, then the bias row; one column per key. */
  weights: Float32Array;
}

/**
 * Full-batch gradient descent, stopped early: EPOCHS × LEARNING_RATE = 800 is what regularises
 * (measured on the leave-out folds: 400 −6 right, 1,600 +3, 3,200 −1; 25 × 32, 50 × 16 and 100 × 8
 * alike). Adam converged further and did worse (−10). 50 epochs train in ~0.3 s for 78 entries.
 */
const EPOCHS = 50;
const LEARNING_RATE = 16;
/** A light L2 penalty on the word weights (sklearn's C = 1000), so that no weight grows without bound. */
const PENALTY = 1e-3;
/**
 * How a model is trained, for naming a stored one: a cached model trained otherwise is not reused.
 * The repository adds what it trains on; change the version when the features change.
 */
export const CLASSIFIER_TRAINING = `tf-idf unigrams v1; epochs ${EPOCHS}; rate ${LEARNING_RATE}; penalty ${PENALTY}`;

interface Features {
  rows: Int32Array;
  values: Float32Array;
}

/** tf-idf of the known words, scaled to length 1 (unknown words are ignored). */
function featuresOf(words: readonly string[], known: ClassifierModel['words']): Features {
  const counts = new Map<number, { n: number; idf: number }>();
  for (const w of words) {
    const found = known.get(w);
    if (!found) continue;
    const seen = counts.get(found.row);
    if (seen) seen.n++;
    else counts.set(found.row, { n: 1, idf: found.idf });
  }
  const rows = Int32Array.from(counts.keys());
  const values = Float32Array.from([...counts.values()].map((c) => c.n * c.idf));
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / norm;
  return { rows, values };
}

/** logits[k] = bias[k] + Σ value · weight[row][k]. */
function logitsOf(f: Features, weights: Float32Array, classes: number, biasRow: number, out: Float64Array): void {
  for (let k = 0; k < classes; k++) out[k] = weights[biasRow * classes + k] ?? 0;
  for (let i = 0; i < f.rows.length; i++) {
    const at = (f.rows[i] ?? 0) * classes;
    const x = f.values[i] ?? 0;
    for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) + x * (weights[at + k] ?? 0);
  }
}

function softmaxInPlace(logits: Float64Array): void {
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    const e = Math.exp((logits[k] ?? 0) - max);
    logits[k] = e;
    sum += e;
  }
  for (let k = 0; k < logits.length; k++) logits[k] = (logits[k] ?? 0) / sum;
}

export function trainClassifier(samples: readonly TrainingSample[]): ClassifierModel {
  const keys = [...new Set(samples.map((s) => s.key))].sort((a, b) => a - b);
  const classOf = new Map(keys.map((k, i) => [k, i]));
  const documents = new Map<string, number>();
  for (const s of samples) for (const w of new Set(s.words)) documents.set(w, (documents.get(w) ?? 0) + 1);
  const words = new Map(
    [...documents.keys()].sort().map((w, row) => [w, { row, idf: Math.log((1 + samples.length) / (1 + (documents.get(w) ?? 0))) + 1 }]),
  );
  const model = { keys, words, weights: new Float32Array((words.size + 1) * keys.length) };
  const training = samples.map((s) => ({ features: featuresOf(s.words, words), label: classOf.get(s.key) ?? 0 }));

  const classes = keys.length;
  const biasRow = words.size;
  const weights = model.weights;
  const gradient = new Float64Array(weights.length);
  const p = new Float64Array(classes);
  const n = Math.max(1, training.length);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    gradient.fill(0);
    for (const { features, label } of training) {
      logitsOf(features, weights, classes, biasRow, p);
      softmaxInPlace(p);
      p[label] = (p[label] ?? 0) - 1;
      for (let i = 0; i < features.rows.length; i++) {
        const at = (features.rows[i] ?? 0) * classes;
        const x = features.values[i] ?? 0;
        for (let k = 0; k < classes; k++) gradient[at + k] = (gradient[at + k] ?? 0) + x * (p[k] ?? 0);
      }
      for (let k = 0; k < classes; k++) gradient[biasRow * classes + k] = (gradient[biasRow * classes + k] ?? 0) + (p[k] ?? 0);
    }
    for (let j = 0; j < weights.length; j++) {
      const w = weights[j] ?? 0;
      const penalty = j >= biasRow * classes ? 0 : PENALTY * w;
      weights[j] = w - (LEARNING_RATE * ((gradient[j] ?? 0) + penalty)) / n;
    }
  }
  return model;
}

export interface Classifier {
  /** ln P(entry | question) for every entry; empty when the model knows none of the words. */
  logProbabilities(words: readonly string[]): ReadonlyMap<number, number>;
}

export function createClassifier(model: ClassifierModel): Classifier {
  const classes = model.keys.length;
  const biasRow = model.words.size;
  return {
    logProbabilities(words) {
      const out = new Map<number, number>();
      const features = featuresOf(words, model.words);
      if (features.rows.length === 0 || classes === 0) return out;
      const p = new Float64Array(classes);
      logitsOf(features, model.weights, classes, biasRow, p);
      softmaxInPlace(p);
      model.keys.forEach((key, k) => out.set(key, Math.log(Math.max(Number.MIN_VALUE, p[k] ?? 0))));
      return out;
    },
  };
}

const CACHE_MAGIC = 'LCLR';
const CACHE_FORMAT = 1;

/**
 * The model as bytes: 'LCLR', format, class count, word count, the keys (int32), the weights
 * (float32), each word's idf (float32), then the words themselves (UTF-8, one per line, in row order).
 */
export function encodeClassifier(model: ClassifierModel): Buffer {
  const classes = model.keys.length;
  const ordered = [...model.words].sort((a, b) => a[1].row - b[1].row);
  const text = Buffer.from(ordered.map(([w]) => w).join('\n'), 'utf8');
  const out = Buffer.alloc(16 + 4 * classes + 4 * model.weights.length + 4 * ordered.length + text.length);
  out.write(CACHE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(CACHE_FORMAT, 4);
  out.writeUInt32LE(classes, 8);
  out.writeUInt32LE(ordered.length, 12);
  let at = 16;
  for (const key of model.keys) at = out.writeInt32LE(key, at);
  for (const w of model.weights) at = out.writeFloatLE(w, at);
  for (const [, { idf }] of ordered) at = out.writeFloatLE(idf, at);
  text.copy(out, at);
  return out;
}

/** Reads encodeClassifier's bytes back; undefined for anything else (a stale or damaged cache file is trained again). */
export function decodeClassifier(bytes: Buffer): ClassifierModel | undefined {
  if (bytes.length < 16 || bytes.toString('latin1', 0, 4) !== CACHE_MAGIC || bytes.readUInt32LE(4) !== CACHE_FORMAT) return undefined;
  const classes = bytes.readUInt32LE(8);
  const wordCount = bytes.readUInt32LE(12);
  const weightCount = (wordCount + 1) * classes;
  const textAt = 16 + 4 * (classes + weightCount + wordCount);
  if (textAt > bytes.length) return undefined;
  const keys: number[] = [];
  for (let i = 0; i < classes; i++) keys.push(bytes.readInt32LE(16 + 4 * i));
  // One aligned copy of the weights (a Buffer's own offset need not be a multiple of 4).
  const weights = new Float32Array(weightCount);
  new Uint8Array(weights.buffer).set(bytes.subarray(16 + 4 * classes, 16 + 4 * (classes + weightCount)));
  const idfAt = 16 + 4 * (classes + weightCount);
  const list = wordCount === 0 ? [] : bytes.toString('utf8', textAt).split('\n');
  if (list.length !== wordCount) return undefined;
  const words = new Map(list.map((w, row) => [w, { row, idf: bytes.readFloatLE(idfAt + 4 * row) }]));
  if (words.size !== wordCount) return undefined;
  return { keys, words, weights };
}
