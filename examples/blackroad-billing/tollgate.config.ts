import { defineConfig } from 'tollgate';

// Seed 002's products: the $1/user/month engine. Amounts are minor units: 100 = $1.00 per seat.
// Basic and Pro are per seat, and the seats follow each customer's user count (seat sync): the app
// keeps the `users` gauge at its count and Tollgate keeps the subscription quantity equal to it.
const seatsFollowUsers = { perSeat: true, seatSync: { feature: 'users', minimum: 1, maximum: 10_000, debounceSeconds: 60 } } as const;

export const config = defineConfig({
  currency: 'usd',
  features: {
    users: { type: 'gauge', name: 'Users', unit: 'user' },
    workspaces: { type: 'gauge', name: 'Workspaces', unit: 'workspace' },
    priority_support: { type: 'boolean', name: 'Priority support' },
  },
  plans: {
    basic: {
      name: 'BlackRoad Basic',
      ...seatsFollowUsers,
      prices: { monthly: 100 },
      highlights: ['API access', '1 workspace'],
      features: { users: 'unlimited', workspaces: 1, priority_support: false },
    },
    pro: {
      name: 'BlackRoad Pro',
      ...seatsFollowUsers,
      prices: { monthly: 500 },
      highlights: ['API access', '10 workspaces', 'Priority support'],
      features: { users: 'unlimited', workspaces: 10, priority_support: true },
    },
    enterprise: {
      name: 'BlackRoad Enterprise',
      custom: true,
      highlights: ['Everything', 'SLA', 'Dedicated support'],
      features: { users: 'unlimited', workspaces: 'unlimited', priority_support: true },
    },
  },
});
