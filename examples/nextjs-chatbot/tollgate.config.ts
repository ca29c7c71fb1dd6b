import type { TollgateConfig } from 'tollgate';

/**
 * Seed 004's tiers (amounts in cents): Free 50 messages a day and 1 agent;
 * Pro $15/month, 500 a day, 5 agents (14-day trial); Business $49/month,
 * 2,000 a day, 25 agents and analytics; Enterprise on contact.
 */
export const config: TollgateConfig = {
  currency: 'usd',
  features: {
    messages: { type: 'metered', name: 'Messages', unit: 'message', reset: 'day' },
    agents: { type: 'gauge', name: 'Agents', unit: 'agent' },
    analytics: { type: 'boolean', name: 'Analytics' },
  },
  plans: {
    free: {
      name: 'Free',
      description: 'Basic features for personal use',
      default: true,
      highlights: ['Basic chat', '50 messages a day', '1 personal agent'],
      features: { messages: 50, agents: 1, analytics: false },
    },
    pro: {
      name: 'Pro',
      description: 'Advanced features for power users',
      prices: { monthly: 1500 },
      trialDays: 14,
      highlights: ['All tools, priority queue', '500 messages a day', '5 agents'],
      features: { messages: 500, agents: 5, analytics: false },
    },
    business: {
      name: 'Business',
      description: 'Enhanced features for teams',
      prices: { monthly: 4900 },
      highlights: ['Team features and analytics', '2,000 messages a day', '25 agents'],
      features: { messages: 2000, agents: 25, analytics: true },
    },
    enterprise: {
      name: 'Enterprise',
      description: 'Custom integrations and an SLA',
      custom: true,
      highlights: ['Unlimited messages', 'Unlimited agents', 'SLA'],
      features: { messages: 'unlimited', agents: 'unlimited', analytics: true },
    },
  },
};
