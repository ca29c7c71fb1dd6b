import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { FIXTURES } from './fixtures.ts';
import { type CliIo, apiBaseOf, apiKeyOf } from './io.ts';

const usage = () => `Usage: stripe-emulator trigger <event> [--api-base URL] [--api-key KEY]

Creates, on a running emulator, the real objects behind an event (a customer, a card, a
subscription...), so the event and the ones around it are sent to your webhook endpoints.

Supported events:
${Object.keys(FIXTURES)
  .sort()
  .map((e) => `  ${e}`)
  .join('\n')}
`;

/** The SDK pointed at an emulator base URL. */
export function sdkFor(base: string, key: string): Stripe {
  const url = new URL(base);
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 1,
  });
}

/** `stripe-emulator trigger <event>`: runs the event's fixture, then checks the emulator recorded a new event of that type. */
export async function runTrigger(argv: string[], io: CliIo): Promise<number> {
  let parsed: { values: { 'api-base'?: string; 'api-key'?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'api-base': { type: 'string' }, 'api-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.err(`stripe-emulator trigger: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const event = parsed.positionals[0];
  if (parsed.values.help || event === undefined) {
    if (parsed.values.help) io.out(usage());
    else io.err(usage());
    return parsed.values.help ? 0 : 2;
  }
  const fixture = FIXTURES[event];
  if (!fixture) {
    io.err(`stripe-emulator trigger: event \`${event}\` is not supported.\n\n${usage()}`);
    return 2;
  }
  const base = apiBaseOf(parsed.values['api-base']);
  const stripe = sdkFor(base, apiKeyOf(parsed.values['api-key']));
  try {
    const before = new Set((await stripe.events.list({ type: event, limit: 100 })).data.map((e) => e.id));
    await fixture({ stripe, base, step: (name) => io.out(`Setting up fixture for: ${name}\nRunning fixture for: ${name}\n`) });
    const produced = (await stripe.events.list({ type: event, limit: 10 })).data.filter((e) => !before.has(e.id));
    if (produced.length === 0) {
      io.err(`stripe-emulator trigger: the fixture ran but no \`${event}\` event was recorded.\n`);
      return 1;
    }
    io.out(`Trigger succeeded! ${produced.map((e) => `${e.type} [${e.id}]`).join(', ')}\n`);
    return 0;
  } catch (e) {
    io.err(`stripe-emulator trigger: ${event} failed against ${base}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
