import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';

import { PROJECT_ROOT } from '../../src/core/paths';

/**
 * src/core/zod.ts defers zod's translations through Node's module cache, which jest's own module
 * registry never consults: so the module is compiled and run in a plain Node process, as the built
 * app runs it.
 */
function runWithProjectZod(script: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-zod-'));
  const source = fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'core', 'zod.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  fs.writeFileSync(path.join(dir, 'zod.js'), outputText);
  try {
    return execFileSync(process.execPath, ['-e', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(PROJECT_ROOT, 'node_modules') },
      encoding: 'utf8',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('zod as the app loads it (src/core/zod.ts)', () => {
  it('does not load the other languages at start, validates in English, and still gives a language when asked', () => {
    const out = runWithProjectZod(`
      const { z } = require('./zod.js');
      const loaded = () => Object.keys(require.cache).filter((f) => /zod[\\/]v4[\\/]locales[\\/]/.test(f)).map((f) => require('path').basename(f)).sort();
      const before = loaded();
      const english = z.object({ n: z.number() }).safeParse({ n: 'x' }).error.issues[0].message;
      z.config(z.locales.fr());
      const french = z.number().safeParse('x').error.issues[0].message;
      console.log(JSON.stringify({ before, english, french, after: loaded().length, languages: Object.keys(z.locales).length }));
    `);
    const result = JSON.parse(out) as { before: string[]; english: string; french: string; after: number; languages: number };
    expect(result.before).toEqual(['en.cjs', 'index.cjs']);
    expect(result.english).toBe('Invalid input: expected number, received string');
    expect(result.french).toMatch(/^Entrée invalide/);
    expect(result.after).toBeGreaterThan(40);
    expect(result.languages).toBeGreaterThan(40);
  });
});
