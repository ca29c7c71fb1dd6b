import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { acquireDataLock } from '../../../core/db/data-lock.ts';
import { createLogger } from '../../../core/lib/log.ts';
import { createStripeClient } from '../../../core/stripe/client.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { createApp } from '../../server/app.ts';
import { mountDemo } from '../../server/demo/mount.ts';
import { listen } from '../../server/listen.ts';
import { WEBHOOK_PATH } from '../../server/webhook-route.ts';
import type { Command, CommandIo } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { devApiKey } from '../dev/dev-key.ts';
import { startEmulatorProcess } from '../dev/emulator-process.ts';
import { startingGate } from '../dev/starting-gate.ts';
import { registerDevWebhook } from '../dev/register-webhook.ts';
import { checkDataFlag, dataDir, parsePort } from '../env.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { startWorkers } from '../workers.ts';
import { listenOptions } from './serve.ts';

/** Runs `step`; on failure says so in one line and carries on (dev keeps serving what works). Resolves with its note. */
async function optional(io: CommandIo, what: string, step: () => Promise<string>): Promise<string | undefined> {
  try {
    return await step();
  } catch (e) {
    io.err(`tollgate dev: ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

async function pushCatalog(runtime: Runtime): Promise<string> {
  const pushed = await pushConfig(runtime.deps, { apply: true });
  if (!pushed.ok) throw new Error(pushed.error.message);
  const n = pushed.value.plan.steps.length;
  return `Config       ${runtime.configFile ?? 'built-in default (AI chatbot: free, pro, business, enterprise)'}: ${n === 0 ? 'up to date in Stripe' : `${n} change(s) pushed`}`;
}

/**
 * `tollgate dev` (= `npm run dev`): the stripe-emulator as a child process, the
 * engine on PGlite under .tollgate/ (or on DATABASE_URL when it is set), the
 * config pushed, the demo page, all stopped by Ctrl-C. A second start keeps
 * the engine's data. The data folder is this process's while it runs (a lock
 * the system releases when the process ends, however it ends): a second dev,
 * a serve or an admin command on it refuses in one line naming this one;
 * `tollgate migrate` and `tollgate push` go through it.
 */
export const devCommand: Command = {
  name: 'dev',
  summary: 'Run the whole stack locally: stripe-emulator, engine on PGlite (.tollgate/), demo page.',
  usage:
    'tollgate dev [--port 4000] [--emulator-port 12111] [--data DIR]   (TOLLGATE_API_KEY: the secret key to accept; DATABASE_URL: Postgres instead of the embedded database)',
  options: { port: { type: 'string' }, 'emulator-port': { type: 'string' }, data: { type: 'string' }, host: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (flags: --port, --emulator-port, --data)`);
    const env = io.env;
    const port = parsePort(values.port ?? io.env.PORT, 4000, '--port');
    const emulatorPort = parsePort(values['emulator-port'], 12111, '--emulator-port');
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    await checkDataFlag(env, values.data);
    const database = dataDir(env, values.data);
    const folder = dirname(database);
    const started = performance.now();
    await mkdir(database, { recursive: true });
    // Before anything starts: the folder (its database, the emulator's state, the dev key) is this process's.
    const lock = await acquireDataLock(database, { command: 'tollgate dev' });

    // The emulator and the database start side by side (each takes about a second).
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const [emulatorStart, runtimeStart] = await Promise.allSettled([
      startEmulatorProcess({ port: emulatorPort, dataFile: join(folder, 'emulator.json') }),
      openRuntime({
        env,
        data: values.data,
        migrate: true,
        stripeBaseUrl: emulatorUrl,
        stripeKey: 'sk_test_tollgate_dev',
        log: createLogger({ level: 'warn' }),
        allowPrivateOutbound: true,
        command: 'tollgate dev',
        lock,
      }),
    ]);
    if (emulatorStart.status === 'rejected') {
      if (runtimeStart.status === 'fulfilled') await runtimeStart.value.close();
      await lock.release();
      throw emulatorStart.reason;
    }
    const emulator = emulatorStart.value;
    let runtime: Runtime | undefined;
    try {
      if (runtimeStart.status === 'rejected') throw runtimeStart.reason;
      runtime = runtimeStart.value;
      runtime.deps.stripe = createStripeClient({ apiKey: 'sk_test_tollgate_dev', baseUrl: emulator.url });
      const key = await devApiKey(runtime.deps, join(folder, 'dev-api-key'), io.env.TOLLGATE_API_KEY);
      let webhookSecret: string | undefined;
      const app = createApp({ deps: runtime.deps, database: runtime.database, webhookSecret: () => webhookSecret });
      // Listening at once, but answering 503 `starting` until the plans are in Stripe (starting-gate.ts).
      const gate = startingGate(mountDemo(app, runtime.deps).fetch);
      const server = await listen(gate.fetch, { port, host, ...listenOptions(env) });
      lock.describe({ url: server.url });
      const opened = runtime;
      // Both talk to the emulator and neither needs the other: side by side.
      const notes = await Promise.all([
        optional(io, 'pushing the config', () => pushCatalog(opened)),
        optional(io, 'registering the webhook endpoint with the emulator', async () => {
          webhookSecret = await registerDevWebhook(opened.deps.stripe, `${server.url}${WEBHOOK_PATH}`);
          return `Webhooks     ${server.url}${WEBHOOK_PATH} (registered with the emulator)`;
        }),
      ]);
      gate.open();
      io.out(`Tollgate dev is running (ready in ${Math.round(performance.now() - started)} ms)`);
      io.out(`Demo         ${server.url}/`);
      io.out(`API          ${server.url}/api/v1/billing`);
      io.out(`API docs     ${server.url}/api/v1/docs`);
      io.out(`Dashboard    ${server.url}/admin/  (sign in with the API key below)`);
      io.out(`Emulator     ${emulator.url}  (Stripe API, test mode)`);
      io.out(`Data         ${folder}${runtime.database.driver === 'postgres' ? ` (database: ${runtime.database.description})` : ''}`);
      io.out(`API key      ${key}`);
      for (const note of notes) if (note) io.out(note);
      const workers = startWorkers(opened.deps, { env: io.env, stripe: true });
      io.out(`Workers      ${workers.names.join(', ') || 'off (TOLLGATE_WORKERS=0)'}`);
      io.out('Press Ctrl-C to stop.');
      await Promise.race([io.stopSignal, new Promise((resolve) => emulator.child.once('exit', resolve))]);
      await server.close();
      await workers.stop();
      return EXIT.ok;
    } finally {
      await runtime?.close();
      await emulator.stop();
      await lock.release();
    }
  },
};
