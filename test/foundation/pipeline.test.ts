import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';

import { requestPipeline, type RequestArgs, type RequestStep } from '../../src/core/slack/pipeline';

/** Runs the composed middleware the way Bolt runs a global middleware: one args object whose next() leads on to Bolt's listeners. */
async function runThrough(middleware: Middleware<AnyMiddlewareArgs>, reachedListeners: () => void): Promise<RequestArgs> {
  const args = {
    context: {},
    next: () => {
      reachedListeners();
      return Promise.resolve();
    },
  } as unknown as RequestArgs;
  await middleware(args);
  return args;
}

describe('the request pipeline (the app\'s one global middleware)', () => {
  it('runs its stages in order, each after the previous one lets the request go on, then Bolt\'s listeners', async () => {
    const seen: string[] = [];
    const stage =
      (name: string): RequestStep =>
      async (args, next) => {
        seen.push(`${name} in`);
        args.context[name] = true;
        await next();
        seen.push(`${name} out`);
      };
    const args = await runThrough(requestPipeline([stage('scope'), stage('guard'), stage('dispatch')]), () => seen.push('listeners'));
    expect(seen).toEqual(['scope in', 'guard in', 'dispatch in', 'listeners', 'dispatch out', 'guard out', 'scope out']);
    expect(args.context).toMatchObject({ scope: true, guard: true, dispatch: true });
  });

  it('stops where a stage does not call next: later stages and Bolt\'s listeners never see the request', async () => {
    const seen: string[] = [];
    const refuse: RequestStep = async () => {
      seen.push('guard refused');
      await Promise.resolve();
    };
    const later: RequestStep = async (_args, next) => {
      seen.push('dispatch');
      await next();
    };
    await runThrough(requestPipeline([refuse, later]), () => seen.push('listeners'));
    expect(seen).toEqual(['guard refused']);
  });

  it('lets a stage\'s error reach Bolt (and so the app\'s one error handler) instead of swallowing it', async () => {
    const failing: RequestStep = () => Promise.reject(new Error('database gone'));
    await expect(runThrough(requestPipeline([failing]), () => undefined)).rejects.toThrow('database gone');
  });
});
