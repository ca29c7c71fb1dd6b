import { describe, expect, it } from 'vitest';
import { startingGate } from './starting-gate.ts';

describe('the starting gate of tollgate dev', () => {
  it('answers 503 starting with Retry-After until opened, then hands every request to the app', async () => {
    const seen: string[] = [];
    const gate = startingGate((request) => {
      seen.push(new URL(request.url).pathname);
      return new Response('ok');
    });
    for (const path of ['/health', '/api/v1/billing/checkout/session']) {
      const waiting = await gate.fetch(new Request(`http://dev.test${path}`, { method: 'POST' }));
      expect(waiting.status).toBe(503);
      expect(waiting.headers.get('retry-after')).toBe('1');
      expect(await waiting.json()).toEqual({
        error: { code: 'starting', message: 'tollgate dev is starting: pushing the plans to Stripe; retry in a second' },
      });
    }
    expect(seen).toEqual([]);
    gate.open();
    const served = await gate.fetch(new Request('http://dev.test/health'));
    expect(await served.text()).toBe('ok');
    expect(seen).toEqual(['/health']);
  });
});
