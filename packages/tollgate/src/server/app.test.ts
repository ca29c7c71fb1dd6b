import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDriver } from '../testing/db.ts';
import { createApp } from './app.ts';

describe(`HTTP app (${testDriver()})`, () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.close());

  it('answers /health with the database driver', async () => {
    database = await createTestDatabase();
    const response = await createApp({ database }).request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0', database: testDriver() });
  });
});
