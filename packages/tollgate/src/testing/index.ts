export { createTestDatabase, testDriver, type TestDatabase } from './db.ts';
