import { parseArgs } from 'node:util';
import type { DeliveryAttempt } from '../core/records.ts';
import type { ListenSession } from '../resources/webhook-endpoints/listen.ts';
import { type CliIo, apiBaseOf, apiKeyOf } from './io.ts';

const USAGE = `Usage: stripe-emulator listen --forward-to URL [--events a,b] [--api-base URL] [--print-secret]

Registers a webhook endpoint on a running emulator that forwards every event (or --events) to URL,
signed with this emulator's listen secret (stable across runs with --data), prints that secret like
\`stripe listen\`, then each event and the answer it got, until ^C, when the endpoint is removed.

  -f, --forward-to URL   where to POST events
  -e, --events a,b       event types to forward (default: all)
      --print-secret     print the signing secret and exit
      --api-base URL     the emulator (default $STRIPE_EMULATOR_URL or http://127.0.0.1:12111)
      --api-key KEY      the secret key to use (default $STRIPE_API_KEY or sk_test_emulator)
      --skip-verify      accepted for compatibility with the Stripe CLI (nothing to verify locally)
`;

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

async function call(base: string, key: string, method: string, path: string, form?: URLSearchParams): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: form.toString() } : {}),
  });
  const body: unknown = await response.json();
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

/** Waits `ms`, or less when the command is stopped. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * `stripe-emulator listen`: registers the forwarding endpoint, prints the secret, then prints each
 * delivery from the emulator's delivery log until `signal` aborts, then removes the endpoint.
 */
export async function runListen(argv: string[], io: CliIo, signal: AbortSignal, pollMs = 200): Promise<number> {
  let values: {
    'forward-to'?: string;
    events?: string;
    'print-secret'?: boolean;
    'api-base'?: string;
    'api-key'?: string;
    'skip-verify'?: boolean;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args: argv,
      options: {
        'forward-to': { type: 'string', short: 'f' },
        events: { type: 'string', short: 'e' },
        'print-secret': { type: 'boolean' },
        'api-base': { type: 'string' },
        'api-key': { type: 'string' },
        'skip-verify': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    io.err(`stripe-emulator listen: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values['print-secret'] && !values['forward-to']) {
    io.err('stripe-emulator listen: --forward-to URL is required (or --print-secret)\n');
    return 2;
  }
  const base = apiBaseOf(values['api-base']);
  const key = apiKeyOf(values['api-key']);
  const form = new URLSearchParams();
  if (!values['print-secret'] && values['forward-to']) form.set('forward_to', values['forward-to']);
  for (const event of (values.events ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean))
    form.append('events[]', event);
  let session: ListenSession;
  try {
    session = (await call(base, key, 'POST', '/_emulator/listen', form)) as ListenSession;
  } catch (e) {
    io.err(`stripe-emulator listen: cannot register with the emulator at ${base}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (values['print-secret']) {
    io.out(`${session.secret}\n`);
    return 0;
  }
  io.out(`> Ready! You are using Stripe API Version [${session.api_version}]. Your webhook signing secret is ${session.secret} (^C to quit)\n`);
  const seen = new Set<string>();
  try {
    while (!signal.aborted) {
      const page = (await call(base, key, 'GET', `/_emulator/webhook_deliveries?endpoint=${session.endpoint ?? ''}&limit=100`)) as { data: DeliveryAttempt[] };
      for (const delivery of [...page.data].reverse()) {
        if (seen.has(delivery.id)) continue;
        seen.add(delivery.id);
        if (delivery.attempt === 1) io.out(`${stamp(delivery.at)}   --> ${delivery.type ?? 'event'} [${delivery.event}]\n`);
        io.out(
          `${stamp(delivery.at)}  <--  [${delivery.status ?? 'ERROR'}] POST ${session.forward_to ?? ''} [${delivery.event}]${delivery.error ? ` (${delivery.error})` : ''}\n`,
        );
      }
      await pause(pollMs, signal);
    }
  } catch (e) {
    io.err(`stripe-emulator listen: lost the emulator at ${base}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    // Stop forwarding once the command stops, as `stripe listen` does.
    await call(base, key, 'DELETE', `/_emulator/listen/${session.endpoint ?? ''}`).catch(() => undefined);
  }
  return 0;
}
