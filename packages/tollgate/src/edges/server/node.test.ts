import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHandler } from './node.ts';
import { createTestApp } from './app.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

describe('Node (Express-style) adapter', () => {
  const t = perSuite(createTestApp);
  let server: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    const handler = nodeHandler(t.app.fetch);
    // What Express does with app.use(handler): call it with Node's req and res.
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('serves the API with a JSON body and a request id', async () => {
    const response = await fetch(`${url}/api/v1/billing/track`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'n1', feature: 'messages', amount: 2 }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ customer: 'n1', amount: 2 });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
