import '../core/lib/node-version.ts';
export { createTestDatabase, testDriver, type TestDatabase } from './db.ts';
export { createTestDeps, type TestDeps, type TestDepsOptions } from './deps.ts';
export { freePort } from './free-port.ts';
export { DEFAULT_TEST_NOW, daysBefore, testNow } from './now.ts';
export { startTestStripe, type TestStripe, type TestStripeOptions } from './stripe.ts';
export { advanceTestClock } from './test-clock.ts';
