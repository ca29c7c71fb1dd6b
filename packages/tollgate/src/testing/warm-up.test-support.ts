import { warmTestDatabases } from './db.ts';

// Vitest setup file (tollgate project), run before each test file in a worker
// process that serves many files.

// Each file starts with the platform's own Request and Response: serving over
// Node (@hono/node-server) swaps in its own classes for the rest of the
// process, as it does in an app, and a file must not inherit another's swap.
const ORIGINAL = Symbol.for('tollgate.testing.webGlobals');
const store = globalThis as unknown as Record<symbol, { Request: typeof Request; Response: typeof Response } | undefined>;
const original = (store[ORIGINAL] ??= { Request: globalThis.Request, Response: globalThis.Response });
for (const name of ['Request', 'Response'] as const) {
  if (globalThis[name] !== original[name]) Object.defineProperty(globalThis, name, { value: original[name] });
}

// Boots this worker's first PGlite and migrates its first schema outside any
// test's timeout. The worker keeps its databases between files
// (testing/db.ts), so this costs once per worker.
await warmTestDatabases();
