import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/core/paths';
import { runCli, type CliRun } from '../support/cli';

/**
 * `npm start` runs bin/build-if-stale.js first. It runs here, unchanged, in a small temp project
 * (its own src/, tsconfig files and package.json, the real TypeScript compiler), so each build
 * takes a second rather than the full project's build.
 */
describe('the npm start build check', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-coach-build-check-'));
  const file = (...parts: string[]) => path.join(root, ...parts);
  const compiled = file('dist', 'src', 'cli', 'main.js');
  const check = (): Promise<CliRun> => runCli([], {}, { entry: file('bin', 'build-if-stale.js'), cwd: root });
  const compiledText = () => fs.readFileSync(compiled, 'utf8');

  beforeAll(() => {
    fs.mkdirSync(file('bin'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'bin', 'build-if-stale.js'), file('bin', 'build-if-stale.js'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), file('node_modules'));
    fs.writeFileSync(file('package.json'), JSON.stringify({ name: 'build-check-fixture', private: true }));
    fs.writeFileSync(
      file('tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [], outDir: 'dist', rootDir: '.' } }),
    );
    fs.writeFileSync(file('tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src', 'bench'] }));
    fs.mkdirSync(file('src', 'cli'), { recursive: true });
    fs.writeFileSync(file('src', 'cli', 'main.ts'), "export const greeting: string = 'first';\n");
    fs.writeFileSync(file('src', 'retired.ts'), 'export const retired = 1;\n');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds a tree that was never built, then does not build again when nothing changed', async () => {
    const first = await check();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('compiling');
    expect(compiledText()).toContain("'first'");
    const builtAt = fs.statSync(compiled).mtimeMs;

    const second = await check();
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(fs.statSync(compiled).mtimeMs).toBe(builtAt);
  }, 60_000);

  it('builds again when a source file is only touched', async () => {
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(file('src', 'cli', 'main.ts'), later, later);
    const run = await check();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('sources changed');
  }, 60_000);

  it('compiles an edit, and deletes the compiled file of a deleted source', async () => {
    fs.writeFileSync(file('src', 'cli', 'main.ts'), "export const greeting: string = 'second';\n");
    fs.rmSync(file('src', 'retired.ts'));
    const run = await check();
    expect(run.code).toBe(0);
    expect(compiledText()).toContain("'second'");
    expect(fs.existsSync(file('dist', 'src', 'retired.js'))).toBe(false);
    expect(fs.existsSync(file('dist', 'src', 'retired.js.map'))).toBe(false);
  }, 60_000);

  it('a failed build exits non-zero and writes no stamp, so the next start compiles again', async () => {
    fs.writeFileSync(file('src', 'cli', 'main.ts'), 'export const greeting: number = "not a number";\n');
    const failed = await check();
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain('TS2322');
    expect(failed.stderr).toContain('the build failed');
    expect(fs.existsSync(file('dist', '.build-stamp'))).toBe(false);

    fs.writeFileSync(file('src', 'cli', 'main.ts'), "export const greeting: string = 'third';\n");
    const fixed = await check();
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('compiling');
    expect(compiledText()).toContain("'third'");
    const unchanged = await check();
    expect(unchanged.stderr).toBe('');
  }, 60_000);
});
