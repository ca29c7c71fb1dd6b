// Type-checked by .ci/pack-check.mjs inside a fresh project where the packed
// tarballs are installed (strict, skipLibCheck: false, nodenext): a use of
// every public entry, as an app would write it.
import { consume, createIds, defineConfig, type Deps, manualClock, silentLogger, validateConfig } from 'tollgate';
import { createApp, listen, nodeHandler, type TollgateApp } from 'tollgate/server';
import { advanceTestClock, createTestDeps, type TestDeps } from 'tollgate/testing';
import type { ConsumeResult, Entitlement, PlanCatalogue, RouteQuery, RouteResponse, TokenBody } from 'tollgate/client';
import { type LicenseVerification, verifyLicense } from 'tollgate/license';
import { fixedClock, type RunningEmulator, startEmulator } from 'stripe-emulator';
import { PricingTable, TollgateProvider, type Subscription, useUsage } from '@tollgate/react';

export const config = defineConfig({
  features: { messages: { type: 'metered', reset: 'day' } },
  plans: { free: { name: 'Free', default: true, features: { messages: 50 } }, pro: { name: 'Pro', prices: { monthly: 1500 }, features: { messages: 500 } } },
});

export async function remaining(deps: Deps, customer: string): Promise<number | null> {
  const result = await consume(deps, { customer, feature: 'messages', amount: 2, idempotencyKey: `${customer}-1` });
  if (!result.ok) return result.error.code === 'limit_reached' ? 0 : null;
  return result.value.remaining;
}

export async function serve(deps: Deps): Promise<TollgateApp> {
  const app = createApp({ deps, rateLimit: false });
  const express: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = nodeHandler(app);
  const listening = await listen(app, { port: 0 });
  await listening.close();
  void express;
  return app;
}

export async function inATest(): Promise<number> {
  const deps: TestDeps = await createTestDeps({ config });
  try {
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(deps.clock.now().getTime() / 1000) });
    await advanceTestClock(deps.stripe, clock.id, clock.frozen_time + 60);
    return (await remaining(deps, 'user_1')) ?? -1;
  } finally {
    await deps.close();
  }
}

export async function emulator(): Promise<RunningEmulator> {
  const running = await startEmulator({ clock: fixedClock(Date.UTC(2026, 0, 15)), apiKey: 'sk_test_types' });
  const customer = await running.stripe.customers.create({ email: 'a@example.com' });
  await running.reset();
  void customer.id;
  return running;
}

export function depsFor(deps: Omit<Deps, 'config' | 'clock' | 'ids' | 'log'>): Deps {
  const checked = validateConfig(config);
  if (!checked.ok) throw new Error(checked.error.map((e) => e.message).join('\n'));
  const clock = manualClock(new Date(0));
  return { ...deps, config: checked.value, clock, ids: createIds(clock), log: silentLogger };
}

// The HTTP contract, from tollgate/client.
export const consumeBody: TokenBody<'POST consume'> = { feature: 'messages', amount: 1, idempotency_key: 'k1' };
export const invoicesQuery: RouteQuery<'GET invoices'> = { limit: 10 };
export function describe(entitlement: Entitlement, result: ConsumeResult, plans: PlanCatalogue, usage: RouteResponse<'GET usage'>): string {
  return `${entitlement.feature} ${result.event.id} ${plans.data.length} ${usage.features.length}`;
}

function Meter() {
  const usage = useUsage();
  return <p>{usage.data?.plan ?? 'loading'}</p>;
}

export function Billing({ subscription }: { subscription: Subscription | null }) {
  return (
    <TollgateProvider baseUrl="/" getToken={() => 'tg_ct_example'}>
      <p>{subscription?.plan_key}</p>
      <PricingTable successUrl="/ok" cancelUrl="/pricing" />
      <Meter />
    </TollgateProvider>
  );
}

/** An app checks a license key offline with Tollgate's public keys. */
export async function licensed(token: string, publicKeys: Record<string, string>): Promise<boolean> {
  const checked: LicenseVerification = await verifyLicense(token, { keys: publicKeys, features: ['export'] });
  return checked.valid ? checked.license !== undefined : false;
}
