import { configureTestingLibrary } from './testing-library.ts';

// Vitest setup file (react project). Under the jsdom environment the document
// exists now; tests that run a real engine in the node environment install
// one through ./dom.ts, which configures testing-library itself once it has
// (importing testing-library before a document exists binds its `screen` to
// nothing).
if (typeof document !== 'undefined') await configureTestingLibrary();
