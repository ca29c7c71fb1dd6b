import { defineConfig } from '../../core/config/types.ts';

/** A config selling credits the way an AI product does (seed 004's chatbot, priced in credits). */
export const creditsTestConfig = defineConfig({
  currency: 'usd',
  features: {
    messages: { type: 'metered', reset: 'month' },
    agent_run: { type: 'metered', reset: 'month' },
    tokens: { type: 'metered', reset: 'day' },
    searches: { type: 'metered', reset: 'day' },
    exports: { type: 'metered', reset: 'month' },
  },
  plans: {
    free: { name: 'Free', default: true, features: { messages: true, agent_run: true, tokens: true, searches: 10 } },
    pro: {
      name: 'Pro',
      prices: { monthly: 2000 },
      features: { messages: true, agent_run: true, tokens: true, searches: 100, exports: { included: 10, overage: { amount: 50 } } },
      credits: { credits: { amount: 1000, rollover: { max: 300 } } },
      spendCaps: { credits: 5000 },
    },
  },
  credits: {
    credits: {
      name: 'Credits',
      unit: 'credit',
      costs: { messages: 1, agent_run: 25, tokens: 0.002 },
      packs: { small: { credits: 500, price: 500 }, large: { credits: 2000, price: 1800, expiresAfterDays: 365 } },
      customAmount: { min: 500, max: 100_000, credits: 1, per: 1 },
      autoTopUp: { threshold: 100, pack: 'small' },
      lowBalanceAlerts: [100, 10],
    },
  },
  alerts: { usage: [80, 100], spend: [50, 100] },
});
