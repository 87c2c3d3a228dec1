import fs from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

import { PROJECT_ROOT, SHARED_DIR } from '../../src/core/paths';

const SCHEMA_DIR = path.join(SHARED_DIR, 'slack-manifest-schema');
const REMOTE_BASE = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';
const haveSchema = fs.existsSync(path.join(SCHEMA_DIR, 'manifest.schema.json'));

if (!haveSchema) {
  console.warn(`NOTICE: ${SCHEMA_DIR} is missing; the manifest schema validation test is skipped.`);
}

function loadJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
}

function manifestValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The top-level schema refers to the versioned schemas by their published URLs.
  ajv.addSchema(loadJson('manifest.schema.1.0.0.json'), `${REMOTE_BASE}manifest.schema.1.0.0.json`);
  ajv.addSchema(loadJson('manifest.schema.2.0.0.json'), `${REMOTE_BASE}manifest.schema.2.0.0.json`);
  return ajv.compile(loadJson('manifest.schema.json'));
}

const manifest = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'manifest.yml'), 'utf8')) as Record<string, any>;

describe('manifest.yml', () => {
  (haveSchema ? it : it.skip)("is valid against Slack's app manifest JSON schema", () => {
    const validate = manifestValidator();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  (haveSchema ? it : it.skip)('the validator rejects a broken manifest (the check can fail)', () => {
    const validate = manifestValidator();
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = 'lead-without-slash';
    expect(validate(broken)).toBe(false);
  });

  it('declares what the bot needs: /lead with a usage hint, App Home and Messages tabs, interactivity, app_home_opened, Socket Mode, scopes', () => {
    const lead = manifest.features.slash_commands.find((c: { command: string }) => c.command === '/lead');
    expect(lead.usage_hint).toEqual(expect.any(String));
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.bot_user.display_name).toBe('lead-coach');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'files:write']),
    );
  });
});
