import type { Command } from '../command.ts';

/**
 * A command as `tollgate --help` lists it, and how to load it. Each command's
 * module (and the part of the engine it needs) is imported only when that
 * command runs, so `tollgate --version` and `--help` load none of them. The
 * summary here is the one `--help` prints; cli.test.ts checks it is the
 * loaded command's own.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every CLI command, in the order `tollgate --help` lists them. */
export const commands: CommandEntry[] = [
  {
    name: 'dev',
    summary: 'Run the whole stack locally: stripe-emulator, engine on PGlite (.tollgate/), demo page.',
    load: async () => (await import('./dev.ts')).devCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the Tollgate HTTP API (production: DATABASE_URL, STRIPE_SECRET_KEY).',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'migrate',
    summary: 'Apply pending database migrations (DATABASE_URL, or the embedded database; through the running dev/serve that holds it).',
    load: async () => (await import('./migrate.ts')).migrateCommand,
  },
  {
    name: 'init',
    summary: 'Write a tollgate.config.ts from a template (chatbot, per-seat, marketplace).',
    load: async () => (await import('./init.ts')).initCommand,
  },
  {
    name: 'push',
    summary: 'Push plans, prices and meters from tollgate.config.ts to Stripe (STRIPE_SECRET_KEY).',
    load: async () => (await import('./push.ts')).pushCommand,
  },
  {
    name: 'plans',
    summary: 'Move subscribers between plan versions (grandfathered prices), with a dry run first.',
    load: async () => (await import('./plans.ts')).plansCommand,
  },
  {
    name: 'sync',
    summary: 'Reconcile the local mirror with Stripe (resumable; STRIPE_SECRET_KEY).',
    load: async () => (await import('./sync.ts')).syncCommand,
  },
  {
    name: 'keys',
    summary: 'Create, list and revoke secret API keys (tg_sk_...).',
    load: async () => (await import('./keys.ts')).keysCommand,
  },
  {
    name: 'customers',
    summary: "List and inspect billing customers (from the local mirror); set a customer's time zone.",
    load: async () => (await import('./customers.ts')).customersCommand,
  },
  {
    name: 'discounts',
    summary: "Apply a coupon from the config or a promotion code to a customer's subscription (Stripe).",
    load: async () => (await import('./discounts.ts')).discountsCommand,
  },
  {
    name: 'subscriptions',
    summary: 'List subscriptions (mirror), start one (a Checkout link), cancel one (Stripe).',
    load: async () => (await import('./subscriptions.ts')).subscriptionsCommand,
  },
  {
    name: 'licenses',
    summary: 'Licenses issued by billing (from the local database): list, inspect, revoke, restore, verify a token offline; signing keys.',
    load: async () => (await import('./licenses.ts')).licensesCommand,
  },
  {
    name: 'usage',
    summary: 'Record usage for a customer, or show where they stand against their plan.',
    load: async () => (await import('./usage.ts')).usageCommand,
  },
  {
    name: 'credits',
    summary: 'Grant prepaid credits to a customer, or show their balance and its movements.',
    load: async () => (await import('./credits.ts')).creditsCommand,
  },
  {
    name: 'metrics',
    summary: 'Revenue figures from the local mirror.',
    load: async () => (await import('./metrics.ts')).metricsCommand,
  },
  {
    name: 'events',
    summary: 'Stripe events received through the webhook (the event ledger).',
    load: async () => (await import('./events.ts')).eventsCommand,
  },
  {
    name: 'webhooks',
    summary: 'Outbound webhooks to the app: endpoints, failed deliveries, replays.',
    load: async () => (await import('./webhooks.ts')).webhooksCommand,
  },
];
