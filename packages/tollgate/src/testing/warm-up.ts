import { warmTestDatabases } from './db.ts';

// Vitest setup file (tollgate project): boots this worker's first PGlite and
// migrates its first schema outside any test's timeout. Files share the
// worker's modules, so this costs once per worker.
await warmTestDatabases();
