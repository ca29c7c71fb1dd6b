export { createTestDatabase, testDriver, type TestDatabase } from './db.ts';
export { createTestDeps, type TestDeps, type TestDepsOptions } from './deps.ts';
export { startTestStripe, type TestStripe } from './stripe.ts';
export { advanceTestClock } from './test-clock.ts';
