import { afterAll } from 'vitest';
import { builtinEnvironments } from 'vitest/environments';
import { configureTestingLibrary } from './testing-library.ts';

/**
 * A jsdom document for tests that also run a real engine app in-process.
 *
 * Such tests declare `// @vitest-environment node` and import this module
 * first. Under the stock jsdom environment Vitest transforms source for a
 * browser, which rewrites the engine's `new URL('../../drizzle/',
 * import.meta.url)` (where it finds its migrations) into an http URL, so the
 * engine cannot start; in the node environment its source is left alone and
 * this module adds the same jsdom globals the jsdom environment would.
 */
const installed = await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost:3000/' } });
await configureTestingLibrary();
afterAll(async () => {
  // React flushes a commit's passive effects in a scheduler task (setImmediate
  // on Node) that reads `window`: let the tasks of the last unmount run before
  // the globals go, or that task throws "window is not defined" after the file.
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await installed.teardown(globalThis);
});
