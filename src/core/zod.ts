import Module from 'node:module';

/**
 * zod, for every module of lead-coach (eslint refuses `from 'zod'` elsewhere in src/).
 *
 * zod's core loads the error messages of its ~45 languages when it loads, though lead-coach only
 * ever uses the English ones (which zod loads on their own). That is half of what loading zod
 * costs, about 40 ms of every start and of every one-shot command on this project's 2-core machine
 * (126 of 248 million instructions, measured with callgrind). So before zod first loads, its
 * locales module is put in Node's module cache as a stand-in that loads the real one the first
 * time anything reads it: `z.locales.fr()` still works, a little later. Under jest, whose module
 * registry is its own, the stand-in is never consulted and zod loads as published.
 */
function deferZodLocales(): void {
  let localesFile: string;
  try {
    localesFile = require.resolve('zod/v4/locales');
  } catch {
    return;
  }
  if (require.cache[localesFile]) return;
  let real: Record<string | symbol, unknown> | undefined;
  const load = (): Record<string | symbol, unknown> => {
    if (!real) {
      // Drop the stand-in so that require reads the file, then keep the real module cached.
      const standIn = require.cache[localesFile];
      delete require.cache[localesFile];
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- by absolute path, after the stand-in is gone
        real = require(localesFile) as Record<string | symbol, unknown>;
      } catch (err) {
        if (standIn) require.cache[localesFile] = standIn;
        throw err;
      }
    }
    return real;
  };
  const locales = new Proxy<Record<string | symbol, unknown>>({}, {
    // zod's `__importStar` takes a module flagged as an ES module as it is, without reading its keys.
    get: (_target, key) => (key === '__esModule' ? true : load()[key]),
    has: (_target, key) => key === '__esModule' || key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(load(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
  const standIn = new Module(localesFile);
  standIn.filename = localesFile;
  standIn.loaded = true;
  standIn.exports = locales;
  require.cache[localesFile] = standIn;
}

deferZodLocales();

// eslint-disable-next-line no-restricted-imports -- the one place that imports zod itself
export { z } from 'zod';
