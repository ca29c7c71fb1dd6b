import { parseArgs } from 'node:util';
import { FAULT_FLAGS, FAULT_USAGE, faultSettingsFromFlags } from './faults/flags.ts';
import { faultsOf } from './faults/faults.ts';
import { startEmulator } from './server.ts';

const USAGE = `Usage: stripe-emulator [--port 12111] [--host 127.0.0.1] [--data FILE]

A stateful, offline Stripe API for development and tests. Point the official SDK at it:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })

Options:
  --port N       port to listen on (default 12111; 0 picks a free one)
  --host H       interface to bind (default 127.0.0.1)
  --data FILE    keep every object in FILE (JSON) so a restart keeps state
  -h, --help     show this help

${FAULT_USAGE}`;

function fail(message: string): never {
  process.stderr.write(`stripe-emulator: ${message}\n`);
  process.exit(2);
}

let values: { port: string; host: string; data?: string; help?: boolean } & Partial<Record<keyof typeof FAULT_FLAGS, string>>;
try {
  values = parseArgs({
    options: {
      port: { type: 'string', default: '12111' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...FAULT_FLAGS,
    },
  }).values;
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a port number (got "${values.port}")`);

let faults: ReturnType<typeof faultSettingsFromFlags>;
try {
  faults = faultSettingsFromFlags(values);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

const emulator = await startEmulator({ port, host: values.host, ...(values.data ? { dataFile: values.data } : {}) });
faultsOf(emulator.emulator).configure(faults);
process.stdout.write(`stripe-emulator listening on ${emulator.url}${values.data ? ` (state in ${values.data})` : ''}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
