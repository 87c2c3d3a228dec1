import fs from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/core/paths';

// `npm run lint` checks the syntax with dockerfile-utils; this checks what the image promises.
const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);

describe('Dockerfile', () => {
  it('is multi-stage on node:20 slim, with build tools only in the build stage', () => {
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/^node:20[\w.-]*slim AS build/);
    expect(runtime).toMatch(/^node:20[\w.-]*slim AS runtime/);
    expect(build).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
    expect(runtime).not.toMatch(/apt-get|g\+\+/);
    expect(build).toMatch(/npm prune --omit=dev|npm ci --omit=dev/);
  });

  it('runs as a non-root user with the database on a volume, a health check and an exec-form CMD', () => {
    const runtime = stages[1] ?? '';
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^VOLUME \/data$/m);
    expect(runtime).toMatch(/DATABASE_PATH=\/data\/lead-coach\.db/);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(runtime).toMatch(/^CMD \["node", "--max-old-space-size=192", "bin\/lead-coach\.js", "start"\]$/m);
  });

  it('starts the bot with the same Node flags as `npm start`, so the image keeps the measured memory budget', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const cmd = /^CMD (\[.*\])$/m.exec(stages[1] ?? '')?.[1];
    expect(cmd).toBeDefined();
    expect((JSON.parse(cmd ?? '[]') as string[]).join(' ')).toBe(pkg.scripts.start);
  });

  it('copies everything the running bot reads: compiled code, migrations, content', () => {
    for (const dir of ['dist', 'migrations', 'content', 'bin']) expect(stages[1]).toContain(`./${dir}`);
  });
});
