import { type AppOptions, createApp } from '../../server/app.ts';
import { listen } from '../../server/listen.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { parsePort } from '../env.ts';
import { openRuntime } from '../runtime.ts';
import { startWorkers } from '../workers.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the Tollgate HTTP API (production: DATABASE_URL, STRIPE_SECRET_KEY).',
  usage: 'tollgate serve [--port 4000] [--host 127.0.0.1] [--data DIR]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
  },
  async run({ values }, io) {
    const port = parsePort(values.port ?? io.env.PORT, 4000, '--port');
    const runtime = await openRuntime({ env: io.env, data: values.data, migrate: true });
    const { database } = runtime;
    try {
      const app = createApp({ deps: runtime.deps, database, ...serverOptions(io.env) });
      const server = await listen(app.fetch, {
        port,
        host: typeof values.host === 'string' ? values.host : '127.0.0.1',
      });
      io.out(`Tollgate API  ${server.url}  (database: ${database.description})`);
      io.out(`Health        ${server.url}/health`);
      const workers = startWorkers(runtime.deps, { env: io.env, stripe: Boolean(io.env.STRIPE_SECRET_KEY) });
      if (workers.names.length > 0) io.out(`Workers       ${workers.names.join(', ')}`);
      await io.stopSignal;
      await server.close();
      await workers.stop();
      return EXIT.ok;
    } finally {
      await runtime.close();
    }
  },
};

/** From the environment: STRIPE_WEBHOOK_SECRET (comma-separated while rotating), TOLLGATE_CORS_ORIGINS, TOLLGATE_RATE_LIMIT (per second per key), TOLLGATE_TOKEN_SECRET. */
export function serverOptions(env: NodeJS.ProcessEnv): Omit<AppOptions, 'deps'> {
  const out: Omit<AppOptions, 'deps'> = {};
  const webhookSecrets = env.STRIPE_WEBHOOK_SECRET?.split(',').map((s) => s.trim()).filter(Boolean);
  if (webhookSecrets && webhookSecrets.length > 0) out.webhookSecret = webhookSecrets;
  const origins = env.TOLLGATE_CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins && origins.length > 0) out.cors = { origin: origins };
  const rate = Number(env.TOLLGATE_RATE_LIMIT);
  if (env.TOLLGATE_RATE_LIMIT && Number.isFinite(rate) && rate > 0) out.rateLimit = { requestsPerSecond: rate };
  if (env.TOLLGATE_TOKEN_SECRET) out.tokenSecret = env.TOLLGATE_TOKEN_SECRET;
  return out;
}
