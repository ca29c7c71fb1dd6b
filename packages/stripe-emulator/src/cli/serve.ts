import { parseArgs } from 'node:util';
import { FAULT_FLAGS, FAULT_USAGE, faultSettingsFromFlags } from '../faults/flags.ts';
import { faultsOf } from '../faults/faults.ts';
import { startEmulator } from '../server.ts';
import type { CliIo } from './io.ts';

export const USAGE = `Usage: stripe-emulator [--port 12111] [--host 127.0.0.1] [--data FILE]
       stripe-emulator listen --forward-to URL [--events a,b] [--print-secret]
       stripe-emulator trigger <event>

A stateful, offline Stripe API for development and tests. Point the official SDK at it:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })

Options:
  --port N       port to listen on (default 12111; 0 picks a free one)
  --host H       interface to bind (default 127.0.0.1)
  --data FILE    keep every object in FILE (JSON) so a restart keeps state
  -h, --help     show this help

Commands (against a running emulator: --api-base URL, default $STRIPE_EMULATOR_URL or http://127.0.0.1:12111):
  listen         forward events to a local URL, signed like \`stripe listen\` (see: listen --help)
  trigger EVENT  create the objects behind a common event, like \`stripe trigger\` (see: trigger --help)

${FAULT_USAGE}`;

/** Starts the server (the default command). Resolves with an exit code on bad input, or null once it is running. */
export async function runServe(argv: string[], io: CliIo): Promise<number | null> {
  let values: { port: string; host: string; data?: string; help?: boolean } & Partial<Record<keyof typeof FAULT_FLAGS, string>>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '12111' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...FAULT_FLAGS,
      },
    }).values;
  } catch (e) {
    io.err(`stripe-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    io.err(`stripe-emulator: --port must be a port number (got "${values.port}")\n`);
    return 2;
  }
  let faults: ReturnType<typeof faultSettingsFromFlags>;
  try {
    faults = faultSettingsFromFlags(values);
  } catch (e) {
    io.err(`stripe-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const emulator = await startEmulator({ port, host: values.host, ...(values.data ? { dataFile: values.data } : {}) });
  faultsOf(emulator.emulator).configure(faults);
  io.out(`stripe-emulator listening on ${emulator.url}${values.data ? ` (state in ${values.data})` : ''}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void emulator.close().then(() => process.exit(0));
    });
  }
  return null;
}
