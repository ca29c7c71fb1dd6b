import { defineConfig } from '../core/config/types.ts';

/** The licenses tests' config (no Vitest import: the activation test's worker process loads it). */
export const licenseTestConfig = defineConfig({
  currency: 'usd',
  features: { export: { type: 'boolean' } },
  plans: {
    free: { name: 'Free', default: true, features: { export: false } },
    pro: { name: 'Pro', prices: { monthly: 1500 }, features: { export: true }, license: { activations: 3, features: ['export', 'sso'] } },
    team: { name: 'Team', prices: { monthly: 4900 }, features: { export: true } },
  },
  products: {
    'agent-pack': { name: 'Agent pack', price: 999, license: { activations: 1, features: ['agents'] } },
    'year-pass': { name: 'Year pass', price: 4900, license: { activations: 2, validFor: { days: 365 } } },
  },
  entitlements: { pastDueGraceDays: 7 },
  licenses: { leaseTtlSeconds: 3600 },
});
