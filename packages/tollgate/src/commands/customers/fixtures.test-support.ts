import { defineConfig } from '../../core/config/types.ts';

/** Three chats a day and ten reports a month in the customer's zone; five exports a day in UTC. */
export const zonedConfig = defineConfig({
  currency: 'usd',
  features: {
    chats: { type: 'metered', reset: 'day', timeZone: 'customer' },
    reports: { type: 'metered', reset: 'month', timeZone: 'customer' },
    exports: { type: 'metered', reset: 'day' },
  },
  plans: { free: { name: 'Free', default: true, features: { chats: 3, reports: 10, exports: 5 } } },
});
