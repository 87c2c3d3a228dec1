import fs from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/core/paths';

/**
 * The layout rules of src/README.md, checked on the imports: the core never depends on a feature,
 * and a feature reaches another feature only through that feature's index.ts.
 */
const SRC = path.join(PROJECT_ROOT, 'src');
const FEATURES = path.join(SRC, 'features');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function relativeImports(file: string): Array<{ spec: string; target: string }> {
  const text = fs.readFileSync(file, 'utf8');
  const out: Array<{ spec: string; target: string }> = [];
  for (const m of text.matchAll(/(?:from|import|require\()\s*'(\.{1,2}\/[^']*)'/g)) {
    const spec = m[1] ?? '';
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
    if (target) out.push({ spec, target });
  }
  return out;
}

const featureOf = (file: string): string | undefined =>
  file.startsWith(`${FEATURES}${path.sep}`) ? file.slice(FEATURES.length + 1).split(path.sep)[0] : undefined;

describe('source layout', () => {
  const files = sourceFiles(SRC);

  it('the core imports no feature', () => {
    const offending = files
      .filter((f) => f.startsWith(path.join(SRC, 'core') + path.sep))
      .flatMap((f) => relativeImports(f).filter((i) => featureOf(i.target)).map((i) => `${path.relative(SRC, f)} -> ${i.spec}`));
    expect(offending).toEqual([]);
  });

  it("a feature uses another feature only through that feature's index.ts", () => {
    const offending = files.flatMap((f) => {
      const own = featureOf(f);
      if (!own) return [];
      return relativeImports(f)
        .filter((i) => {
          const other = featureOf(i.target);
          return other !== undefined && other !== own && i.target !== path.join(FEATURES, other, 'index.ts');
        })
        .map((i) => `${path.relative(SRC, f)} -> ${i.spec}`);
    });
    expect(offending).toEqual([]);
  });

  it("only the composition root imports a feature's listeners (feature.ts); index.ts registers none", () => {
    const importersOfFeatureFiles = files.flatMap((f) =>
      relativeImports(f)
        .filter((i) => featureOf(i.target) !== undefined && path.basename(i.target) === 'feature.ts')
        .map(() => path.relative(SRC, f)),
    );
    const featureNames = fs.readdirSync(FEATURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect([...new Set(importersOfFeatureFiles)]).toEqual(['features.ts']);
    expect(importersOfFeatureFiles).toHaveLength(featureNames.length);
    const listenerModules = /^(actions|commands|views|events|feature|scheduleModal|holidayCommands|pauseCommands|shareCommand|exportCommand|forgetMeCommand)$/;
    const indexesLoadingListeners = featureNames.flatMap((name) =>
      relativeImports(path.join(FEATURES, name, 'index.ts'))
        .filter((i) => listenerModules.test(path.basename(i.target, '.ts')) || path.basename(path.dirname(i.target)) === 'commands')
        .map((i) => `${name}/index.ts -> ${i.spec}`),
    );
    expect(indexesLoadingListeners).toEqual([]);
  });

  it('no module is part of an import cycle (type-only imports aside), so none can load half-initialised', () => {
    // A cycle through a feature's index once left NUDGE_ACTIONS undefined where enrolment read it at load.
    const valueImports = (file: string): string[] => {
      const text = fs.readFileSync(file, 'utf8');
      const out: string[] = [];
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)([^;]*?)from\s+'(\.{1,2}\/[^']*)'/gm)) {
        const names = (m[1] ?? '').trim();
        const typeOnly = /^\{[^}]*\}$/.test(names) && names.slice(1, -1).split(',').every((n) => !n.trim() || n.trim().startsWith('type '));
        if (typeOnly) continue;
        const base = path.resolve(path.dirname(file), m[2] ?? '');
        const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
        if (target) out.push(target);
      }
      return out;
    };
    const graph = new Map(files.map((f) => [f, valueImports(f)]));
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, trail: string[]): void => {
      if (trail.includes(file)) {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      done.add(file);
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('every feature folder has a README that says what it owns', () => {
    const missing = fs
      .readdirSync(FEATURES, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !fs.existsSync(path.join(FEATURES, e.name, 'README.md')))
      .map((e) => e.name);
    expect(missing).toEqual([]);
  });
});
