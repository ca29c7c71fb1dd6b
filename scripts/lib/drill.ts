// Shared by the chaos and scale-out drills: what they stand on (a Postgres schema, a stripe-emulator, a
// project folder holding the default config), the engine set up in it, and the checks both make at the end.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type Stripe from 'stripe';
import { type RunningEmulator, startEmulator } from 'stripe-emulator';
import { createStripeClient, defaultConfig } from 'tollgate';
import { createTestDatabase } from 'tollgate/testing';
import { sleep, tollgate } from './engine.ts';

export interface Drill {
  /** The drill's schema, read directly for the checks. */
  db: pg.Pool;
  emulator: RunningEmulator;
  /** This script's own Stripe client against the emulator. */
  stripe: Stripe;
  /** The environment of the `tollgate` processes: this schema, the emulator, the config folder, `extra` on top. */
  env(webhookSecret: string, extra?: Record<string, string>): Record<string, string>;
  /** The emulator's faults (`null` turns them off). */
  faults: (settings: object | null) => Promise<Response>;
  /** Waits until every event the emulator emitted has a delivery answered 2xx; resolves with the events. */
  untilDelivered(timeoutMs: number): Promise<{ id: string }[]>;
  /** The app hooks in the outbox, and how many of them were fired more than once. */
  hooks(): Promise<{ hooks: { type: string; object_id: string; payload: unknown }[]; twice: number }>;
  close(): Promise<void>;
}

export async function startDrill(name: string, options: { webhookRetryDelaysMs: number[]; maxNetworkRetries: number }): Promise<Drill> {
  const database = await createTestDatabase({ poolSize: 1 });
  const url = new URL(database.url ?? '');
  url.searchParams.set('options', `-c search_path=${database.schema}`);
  const db = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const emulator = await startEmulator({ port: 0, webhookRetryDelaysMs: options.webhookRetryDelaysMs });
  const apiKey = `sk_test_${name}`;
  const stripe = createStripeClient({ apiKey, baseUrl: emulator.url, maxNetworkRetries: options.maxNetworkRetries });
  const dir = await mkdtemp(join(tmpdir(), `tollgate-${name}-`));
  await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify(defaultConfig));
  const { db: state } = emulator.emulator;
  return {
    db,
    emulator,
    stripe,
    env: (webhookSecret, extra = {}) => ({
      DATABASE_URL: url.toString(),
      INIT_CWD: dir,
      STRIPE_SECRET_KEY: apiKey,
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      TOLLGATE_LOG_LEVEL: 'warn',
      ...extra,
    }),
    faults: (settings) =>
      fetch(
        `${emulator.url}/_emulator/faults`,
        settings ? { method: 'POST', body: JSON.stringify(settings), headers: { 'content-type': 'application/json' } } : { method: 'DELETE' },
      ),
    async untilDelivered(timeoutMs) {
      const events = [...state.events.values()];
      const since = Date.now();
      for (;;) {
        const delivered = new Set([...state.deliveries.values()].filter((d) => d.succeeded).map((d) => d.event));
        const missing = events.filter((e) => !delivered.has(e.id));
        if (missing.length === 0) return events;
        if (Date.now() - since > timeoutMs) throw new Error(`${missing.length} event(s) never delivered`);
        await sleep(500);
      }
    },
    async hooks() {
      const hooks = (await db.query<{ type: string; object_id: string; payload: unknown }>(`select type, object_id, payload from outbox`)).rows;
      const fired = new Map<string, number>();
      for (const h of hooks) {
        const key = `${h.type} ${h.object_id} ${JSON.stringify(h.payload)}`;
        fired.set(key, (fired.get(key) ?? 0) + 1);
      }
      return { hooks, twice: [...fired.values()].filter((n) => n > 1).length };
    },
    async close() {
      await emulator.close();
      await db.end();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a `tollgate` command that must succeed; resolves with its output. */
export async function must(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const run = await tollgate(args, env);
  if (run.code !== 0) throw new Error(`tollgate ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Migrates the schema, pushes the config to the emulator and creates a secret API key; resolves with the key. */
export async function setUpEngine(env: NodeJS.ProcessEnv, keyName: string): Promise<string> {
  await must(['migrate'], env);
  await must(['push', '--yes'], env);
  return (JSON.parse(await must(['keys', 'create', '--name', keyName, '--json'], env)) as { key: string }).key;
}
