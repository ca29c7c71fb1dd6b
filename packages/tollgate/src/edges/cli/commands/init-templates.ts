import { defaultConfig } from '../../../core/config/default-config.ts';
import { defineConfig, type TollgateConfig } from '../../../core/config/types.ts';

/** Per-seat SaaS: $10 per user per month, a free tier, enterprise by sales. */
const perSeat = defineConfig({
  currency: 'usd',
  features: {
    projects: { type: 'gauge', name: 'Projects', unit: 'project' },
    sso: { type: 'boolean', name: 'Single sign-on' },
  },
  plans: {
    free: { name: 'Free', default: true, highlights: ['1 user', '3 projects'], features: { projects: 3, sso: false } },
    team: {
      name: 'Team',
      perSeat: true,
      prices: { monthly: 1000, yearly: 10000 },
      trialDays: 14,
      highlights: ['$10 per user per month', 'Unlimited projects'],
      features: { projects: 'unlimited', sso: false },
    },
    enterprise: { name: 'Enterprise', custom: true, highlights: ['SSO', 'Invoiced billing'], features: { projects: 'unlimited', sso: true } },
  },
});

/** AI agent marketplace (seed 004): tiers, metered executions with overage, one-time agents and templates. */
const marketplace = defineConfig({
  currency: 'usd',
  features: {
    messages: { type: 'metered', name: 'Messages', unit: 'message', reset: 'day' },
    executions: { type: 'metered', name: 'Agent executions', unit: 'execution', reset: 'billing_period' },
    agents: { type: 'gauge', name: 'Agents', unit: 'agent' },
  },
  plans: {
    free: { name: 'Free', default: true, features: { messages: 50, executions: 100, agents: 1 } },
    pro: {
      name: 'Pro',
      prices: { monthly: 1500, yearly: 15000 },
      features: { messages: 500, executions: { included: 5000, overage: { amount: 1, per: 10 } }, agents: 5 },
    },
    business: {
      name: 'Business',
      prices: { monthly: 4900 },
      features: { messages: 2000, executions: { included: 50000, overage: { amount: 1, per: 20 } }, agents: 25 },
    },
  },
  products: {
    'agent-license': { name: 'Marketplace agent license', price: 2900 },
    'premium-template': { name: 'Premium agent template', price: 900 },
  },
});

export const TEMPLATES: Record<string, { summary: string; config: TollgateConfig }> = {
  chatbot: { summary: 'AI chatbot tiers: free, pro, business, enterprise (the default)', config: defaultConfig },
  'per-seat': { summary: 'per-seat SaaS: $10/user/month, free tier, enterprise', config: perSeat },
  marketplace: { summary: 'AI agent marketplace: tiers, metered executions with overage, one-time products', config: marketplace },
};

function literal(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    return `[${value.map((v) => literal(v, indent)).join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const inner = `${indent}  `;
    const entries = Object.entries(value).map(([k, v]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${literal(v, inner)},`);
    return `{\n${entries.join('\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return String(value);
}

/** The text of a tollgate.config.ts for a template. */
export function renderConfigFile(name: string, config: TollgateConfig): string {
  return [
    `// Plans as code for Tollgate (template: ${name}). Amounts are minor units: 1500 = $15.00.`,
    '// Edit, then run "tollgate push" to see what changes in Stripe and "tollgate push --yes" to apply.',
    "import { defineConfig } from 'tollgate';",
    '',
    `export default defineConfig(${literal(config, '')});`,
    '',
  ].join('\n');
}
