import { configure } from '@testing-library/react';

// Vitest setup file (react project). `waitFor` gives up after 1 s by default:
// a busy machine can take longer to answer from a real engine app. Ten
// seconds bounds a wait; it asserts nothing about speed.
configure({ asyncUtilTimeout: 10_000 });
