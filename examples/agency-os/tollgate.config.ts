import { defineConfig } from 'tollgate';

// Agency OS's tiers (seed 003: Solo, Team, Enterprise), bought through Checkout by a tenant.
// Amounts are minor units: 14900 = $149.00. Solo and Team start with the seed's 14-day trial.
// Each plan grants a license (the seed's "license generation upon successful payment"),
// issued once by Tollgate and governed by billing; `activations` = instances at once.
export const config = defineConfig({
  currency: 'usd',
  features: {
    seats: { type: 'gauge', name: 'Team members', unit: 'member' },
    client_workspaces: { type: 'gauge', name: 'Client workspaces', unit: 'workspace' },
    white_label: { type: 'boolean', name: 'White label' },
  },
  plans: {
    solo: {
      name: 'Solo',
      prices: { monthly: 4900 },
      trialDays: 14,
      license: { activations: 1 },
      features: { seats: 1, client_workspaces: 5, white_label: false },
    },
    team: {
      name: 'Team',
      prices: { monthly: 14900 },
      trialDays: 14,
      license: { activations: 10 },
      features: { seats: 10, client_workspaces: 50, white_label: false },
    },
    enterprise: {
      name: 'Enterprise',
      prices: { monthly: 49900 },
      license: { activations: 100, features: ['white_label'] },
      features: { seats: 'unlimited', client_workspaces: 'unlimited', white_label: true },
    },
  },
  entitlements: { pastDueGraceDays: 7 },
});
