import { defineConfig } from './types.ts';

/**
 * The default config: the AI chatbot of seed 004. `tollgate dev` pushes it when
 * the project has no tollgate.config.ts; `tollgate init` writes it out.
 */
export const defaultConfig = defineConfig({
  currency: 'usd',
  features: {
    messages: { type: 'metered', name: 'Messages', unit: 'message', reset: 'day' },
    agents: { type: 'gauge', name: 'Agents', unit: 'agent' },
    analytics: { type: 'boolean', name: 'Analytics' },
  },
  plans: {
    free: {
      name: 'Free',
      default: true,
      highlights: ['50 messages a day', '1 agent'],
      features: { messages: 50, agents: 1, analytics: false },
    },
    pro: {
      name: 'Pro',
      prices: { monthly: 1500, yearly: 15000 },
      trialDays: 14,
      highlights: ['500 messages a day', '5 agents'],
      features: { messages: 500, agents: 5, analytics: false },
    },
    business: {
      name: 'Business',
      prices: { monthly: 4900 },
      highlights: ['2,000 messages a day', '25 agents', 'Analytics'],
      features: { messages: 2000, agents: 25, analytics: true },
    },
    enterprise: {
      name: 'Enterprise',
      custom: true,
      highlights: ['Unlimited messages', 'Unlimited agents', 'Analytics', 'SLA'],
      features: { messages: 'unlimited', agents: 'unlimited', analytics: true },
    },
  },
  entitlements: { pastDueGraceDays: 7 },
});
