import { defineConfig } from 'tollgate';

// Seed 001's pricing tiers, by agent executions per month. Amounts are minor units: 9900 = $99.00.
// Pro's executions past its 1,000 are billed at $0.01 each through a Billing Meter: the seed's
// "metered price ($0.01 per unit)", whose subscription item is what usage/record names.
export const config = defineConfig({
  currency: 'usd',
  features: {
    executions: { type: 'metered', name: 'Agent executions', unit: 'execution', reset: 'billing_period' },
  },
  plans: {
    free: { name: 'Free Plan', default: true, highlights: ['10 agent executions/month', 'Basic support', 'Community access'], features: { executions: 10 } },
    basic: {
      name: 'Basic Plan',
      prices: { monthly: 2900 },
      highlights: ['100 executions/month', 'Email support', 'All agent packages'],
      features: { executions: 100 },
    },
    pro: {
      name: 'Pro Plan',
      prices: { monthly: 9900 },
      highlights: ['1,000 executions/month, then $0.01 each', 'Priority support', 'Custom agents', 'Analytics dashboard'],
      features: { executions: { included: 1000, overage: { amount: 1 } } },
    },
    enterprise: {
      name: 'Enterprise Plan',
      prices: { monthly: 49900 },
      highlights: ['Unlimited executions', 'Dedicated support', 'SLA guarantee'],
      features: { executions: 'unlimited' },
    },
  },
});
