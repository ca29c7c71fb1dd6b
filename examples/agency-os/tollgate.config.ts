import { defineConfig } from 'tollgate';

// Agency OS's tiers (seed 003: Solo, Team, Enterprise), bought through Checkout by a tenant.
// Amounts are minor units: 14900 = $149.00. Solo and Team start with the seed's 14-day trial.
// Each plan grants a license (the seed's "license generation upon successful payment"),
// issued once by Tollgate and governed by billing; `activations` = instances at once.

/** Solo and Team: self-serve, with the seed's 14-day trial and no white label. */
const selfServe = (name: string, monthly: number, limits: { activations: number; seats: number; clientWorkspaces: number }) => ({
  name,
  prices: { monthly },
  trialDays: 14,
  license: { activations: limits.activations },
  features: { seats: limits.seats, client_workspaces: limits.clientWorkspaces, white_label: false },
});

export const config = defineConfig({
  currency: 'usd',
  features: {
    seats: { type: 'gauge', name: 'Team members', unit: 'member' },
    client_workspaces: { type: 'gauge', name: 'Client workspaces', unit: 'workspace' },
    white_label: { type: 'boolean', name: 'White label' },
  },
  plans: {
    solo: selfServe('Solo', 4900, { activations: 1, seats: 1, clientWorkspaces: 5 }),
    team: selfServe('Team', 14900, { activations: 10, seats: 10, clientWorkspaces: 50 }),
    enterprise: {
      name: 'Enterprise',
      prices: { monthly: 49900 },
      license: { activations: 100, features: ['white_label'] },
      features: { seats: 'unlimited', client_workspaces: 'unlimited', white_label: true },
    },
  },
  entitlements: { pastDueGraceDays: 7 },
});
