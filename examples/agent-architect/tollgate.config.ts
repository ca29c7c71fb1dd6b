import { defineConfig } from 'tollgate';

// Seed 000's agent products, billed per qualified lead. Amounts are minor units: 200 = $2.00.
// - Starter: $49/month with 100 qualified leads a month (the seed's gate: "Plan limit reached").
// - Growth: $99/month plus $2 per qualified lead, reported to a Stripe Billing Meter and invoiced
//   in arrears at the end of each billing period.
// A failed payment keeps the plan for 3 days; then `entitlements.suspended` pauses the org's agents.
export const config = defineConfig({
  currency: 'usd',
  features: {
    qualified_leads: { type: 'metered', name: 'Qualified leads', unit: 'lead', reset: 'billing_period' },
  },
  plans: {
    starter: { name: 'Starter', prices: { monthly: 4900 }, highlights: ['100 qualified leads a month'], features: { qualified_leads: 100 } },
    growth: {
      name: 'Growth',
      prices: { monthly: 9900 },
      highlights: ['$2 per qualified lead', 'No monthly cap'],
      features: { qualified_leads: { included: 0, overage: { amount: 200 } } },
    },
  },
  entitlements: { pastDueGraceDays: 3 },
});
