import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type * as Yaml from 'yaml';
import { version as YAML_VERSION } from 'yaml/package.json';

import { DERIVED_CACHE_DIR, readDerived, writeDerived } from './derivedCache';

/**
 * Parsed YAML, keyed by the file's bytes: parsing the content with the yaml package is most of
 * what a start costs (~2 ms per file in a fresh process, 70 FAQ files). Callers still validate
 * what they get, so only the parse is skipped, and any change to a file is a new key.
 */
export const YAML_CACHE_DIR = path.join(DERIVED_CACHE_DIR, 'yaml');

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** True when JSON keeps the value exactly (no NaN/Infinity, dates, maps or undefined). */
function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isJsonValue);
  }
  return false;
}

function parseJson(bytes: Buffer | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads and parses a YAML file (throwing the read or parse error, as `yaml.parse` does). The yaml
 * package itself loads only on a cache miss.
 */
export function readYamlFile(file: string, cacheDir: string = YAML_CACHE_DIR): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const key = crypto.createHash('sha256').update(`yaml ${YAML_VERSION}\0`).update(text).digest('hex');
  const cached = parseJson(readDerived(cacheDir, `${key}.json`));
  if (cached && typeof cached === 'object' && 'value' in cached) return cached.value;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof Yaml;
  const value: unknown = parse(text);
  if (isJsonValue(value)) writeDerived(cacheDir, `${key}.json`, JSON.stringify({ value }));
  return value;
}
