import { defaultConfig, defineConfig } from 'tollgate';

// Seed 004's AI chatbot with its agent marketplace. Its tiers are Tollgate's default config (seed 004's:
// Free, Pro $15/month with a 14-day trial, Business $49/month, Enterprise on contact); the marketplace
// adds a one-time product. Amounts are minor units: 900 = $9.00.
export const config = defineConfig({
  ...defaultConfig,
  products: { 'agent-template': { name: 'Premium agent template', price: 900 } },
});

export default config;
