import { defineConfig } from 'tollgate';

// Seed 004's AI chatbot with its agent marketplace. Amounts are minor units: 1500 = $15.00.
export const config = defineConfig({
  currency: 'usd',
  features: {
    messages: { type: 'metered', name: 'Messages', unit: 'message', reset: 'day' },
    agents: { type: 'gauge', name: 'Agents', unit: 'agent' },
    analytics: { type: 'boolean', name: 'Analytics' },
  },
  plans: {
    free: { name: 'Free', default: true, features: { messages: 50, agents: 1, analytics: false } },
    pro: { name: 'Pro', prices: { monthly: 1500, yearly: 15000 }, trialDays: 14, features: { messages: 500, agents: 5, analytics: false } },
    business: { name: 'Business', prices: { monthly: 4900 }, features: { messages: 2000, agents: 25, analytics: true } },
    enterprise: { name: 'Enterprise', custom: true, features: { messages: 'unlimited', agents: 'unlimited', analytics: true } },
  },
  products: { 'agent-template': { name: 'Premium agent template', price: 900 } },
});

export default config;
