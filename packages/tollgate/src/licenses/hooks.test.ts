import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHooks, startHookWorker } from '../notify/hooks/create-hooks.ts';
import type { HookMessage } from '../notify/hooks/types.ts';
import { unixSeconds } from '../core/lib/clock.ts';
import { unwrap } from '../core/lib/result.ts';
import { deliverToEndpoint } from '../notify/outbound/deliver.ts';
import { createWebhookEndpoint } from '../notify/outbound/endpoints.ts';
import { type Receiver, startReceiver } from '../notify/outbound/receiver.test-support.ts';
import { verifyWebhook } from '../notify/outbound/sign.ts';
import { createTestDeps } from '../testing/deps.ts';
import { restoreLicense } from './restore.ts';
import { revokeLicense } from './revoke.ts';
import { issueTestLicense, licenseTestConfig } from './fixtures.test-support.ts';
import { perTest } from '../testing/per-test.test-support.ts';

describe('license changes reach the app: typed hooks in process, signed outbound webhooks', () => {
  const deps = perTest(() => createTestDeps({ stripe: false, config: { ...licenseTestConfig, outbound: { allowPrivateNetworks: true } } }));
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('issued, revoked and restored: each once, to a handler (in order) and to an endpoint (signed)', async () => {
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: receiver.url, events: ['license.issued', 'license.revoked', 'license.restored'] }));
    const license = await issueTestLicense(deps);
    unwrap(await revokeLicense(deps, { id: license.id }));
    unwrap(await revokeLicense(deps, { id: license.id })); // already revoked: no second hook
    unwrap(await restoreLicense(deps, { id: license.id }));

    const hooks = createHooks();
    const seen: HookMessage[] = [];
    hooks.on('license.issued', (m) => void seen.push(m));
    hooks.on('license.revoked', (m) => void seen.push(m));
    hooks.on('license.restored', (m) => void seen.push(m));
    const worker = startHookWorker(deps, hooks, { intervalMs: 60_000 });
    await worker.drain();
    await worker.stop();
    expect(seen.map((m) => [m.type, (m.payload as { license: { id: string; status: string } }).license.status])).toEqual([
      ['license.issued', 'active'],
      ['license.revoked', 'revoked'],
      ['license.restored', 'active'],
    ]);
    expect(seen[0]).toMatchObject({
      externalId: null,
      objectId: license.id,
      payload: { license: { key: license.key, customer: 'user_1', features: ['agents'] } },
    });

    // A pass takes one message per lane (two lanes): pass until nothing is left.
    let delivered = 0;
    for (let pass = 0; pass < 5; pass++) delivered += (await deliverToEndpoint(deps, endpoint)).delivered;
    expect(delivered).toBe(3);
    // Lanes may reorder deliveries: the outbox id (time-ordered) gives the order they happened in.
    const bodies = receiver.received
      .map((r) => JSON.parse(r.body) as { id: string; type: string; data: { license: { id: string }; previousStatus?: string } })
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(bodies.map((b) => [b.type, b.data.previousStatus ?? null])).toEqual([
      ['license.issued', null],
      ['license.revoked', 'active'],
      ['license.restored', 'revoked'],
    ]);
    for (const r of receiver.received) {
      const headers = new Headers(Object.entries(r.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      expect(verifyWebhook(endpoint.secret, headers, r.body, unixSeconds(deps.clock.now()))).toBe(true);
    }
  });
});
