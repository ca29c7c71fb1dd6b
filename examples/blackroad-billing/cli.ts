import { parseArgs } from 'node:util';
import type { Deps } from 'tollgate';
import { type CliIo, customersGet, customersList, metricsMrr, setup, subscriptionsCreate } from './commands.ts';
import { startWebhookServer, type WebhookServer } from './webhook-server.ts';

export type { CliIo } from './commands.ts';

export const USAGE = `stripe_billing <command>

  setup                                             create the products and prices of tollgate.config.ts in Stripe
  customers list [--limit 20]                       customers, newest first
  customers get <cus_xxx>                           one customer, its subscription and MRR
  subscriptions create --customer cus_xxx --price price_xxx
  metrics mrr                                       MRR: $4,523.00 (4,523 active subscriptions)
  webhook --port 8000                               Stripe's webhooks, the signals, seat sync`;

export interface CliResult {
  code: number;
  /** `webhook`: the running server (the process keeps it until stopped). */
  server?: WebhookServer;
}

/**
 * Seed 002's `stripe_billing` CLI over the Tollgate library: each command
 * parses its flags, calls one operation and prints the seed's lines. Exit
 * codes: 0 done, 1 an expected failure (one line naming the flag), 2 usage.
 */
export interface CliContext {
  deps: Deps;
  webhookSecret: () => string | undefined;
  /** `webhook`: how often hooks are drained and seats synced (tests drive them by hand instead). */
  timers?: { drainEveryMs?: number; seatSyncEveryMs?: number };
}

export async function runCli(argv: string[], io: CliIo, context: CliContext): Promise<CliResult> {
  const { deps } = context;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { customer: { type: 'string' }, price: { type: 'string' }, port: { type: 'string' }, limit: { type: 'string' } },
    });
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n\n${USAGE}`);
    return { code: 2 };
  }
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  const usage = () => {
    io.err(USAGE);
    return { code: 2 };
  };
  switch (`${command ?? ''} ${command === 'setup' || command === 'webhook' ? '' : (sub ?? '')}`.trim()) {
    case 'setup':
      return { code: await setup(deps, io) };
    case 'customers list': {
      const limit = values.limit === undefined ? undefined : /^\d{1,3}$/.test(values.limit) ? Number(values.limit) : Number.NaN;
      return { code: await customersList(deps, io, limit) };
    }
    case 'customers get':
      return { code: await customersGet(deps, io, arg) };
    case 'subscriptions create':
      return { code: await subscriptionsCreate(deps, io, values.customer, values.price) };
    case 'metrics mrr':
      return { code: await metricsMrr(deps, io) };
    case 'webhook': {
      const port = Number(values.port ?? '8000');
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        io.err('error: validation_failed (--port): --port must be a port number (0 to 65535)');
        return { code: 1 };
      }
      const server = await startWebhookServer(deps, { port, secret: context.webhookSecret, print: (line) => io.out(line), ...context.timers });
      io.out(`Listening for Stripe webhooks on ${server.url}`);
      return { code: 0, server };
    }
    default:
      return usage();
  }
}
