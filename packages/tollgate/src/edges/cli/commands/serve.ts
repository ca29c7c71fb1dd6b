import { type AppOptions, createApp } from '../../server/app.ts';
import { listen } from '../../server/listen.ts';
import { availableParallelism } from 'node:os';
import type { Command, CommandIo } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { ConfigError } from '../../../core/lib/errors.ts';
import { parsePort } from '../env.ts';
import { openRuntime } from '../runtime.ts';
import { isServeWorker, primaryStop, reportListening, startServeCluster } from '../serve-cluster.ts';
import { reporterOptionsFrom, startWorkers } from '../workers.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the Tollgate HTTP API (production: DATABASE_URL, STRIPE_SECRET_KEY).',
  usage: 'tollgate serve [--port 4000] [--host 127.0.0.1] [--processes 1|N|auto] [--data DIR]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    processes: { type: 'string' },
    data: { type: 'string' },
  },
  async run({ values }, io) {
    const port = parsePort(values.port ?? io.env.PORT, 4000, '--port');
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    if (isServeWorker()) return serveProcess(io, values.data, port, host);
    const processes = parseProcesses(values.processes ?? io.env.TOLLGATE_PROCESSES, io.env);
    reporterOptionsFrom(io.env); // a bad value stops the start, before anything listens
    const runtime = await openRuntime({ env: io.env, data: values.data, migrate: true, command: 'tollgate serve' });
    const { database } = runtime;
    try {
      let server: { url: string; close(): Promise<void> };
      if (processes > 1) {
        const served = await startServeCluster(['--port', String(port), '--host', host], processes, io);
        server = { url: served.url, close: () => served.stop() };
      } else {
        const app = createApp({ deps: runtime.deps, database, ...serverOptions(io.env) });
        server = await listen(app, { port, host, ...listenOptions(io.env) });
      }
      database.lock?.describe({ url: server.url });
      io.out(`Tollgate API  ${server.url}  (database: ${database.description}${processes > 1 ? `; ${processes} processes` : ''})`);
      io.out(`Health        ${server.url}/health`);
      io.out(`Dashboard     ${server.url}/admin/  (sign in with a secret key)`);
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

/** One of several serving processes: the API only (the primary migrated and runs the background workers). */
async function serveProcess(io: CommandIo, data: unknown, port: number, host: string): Promise<number> {
  const runtime = await openRuntime({ env: io.env, data });
  try {
    const app = createApp({ deps: runtime.deps, database: runtime.database, ...serverOptions(io.env) });
    const server = await listen(app, { port, host, ...listenOptions(io.env) });
    reportListening(server.url);
    await Promise.race([primaryStop(), io.stopSignal]);
    await server.close();
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

/**
 * --processes / TOLLGATE_PROCESSES: how many processes serve HTTP on the one
 * port. Default 1: on a 2-core machine shared with Postgres, a second process
 * did not raise throughput or lower latency (bench/http.ts). `auto` is one per
 * CPU core, at most 4; more than one needs Postgres (the embedded database
 * lives inside one process).
 */
export function parseProcesses(value: unknown, env: NodeJS.ProcessEnv): number {
  const postgres = Boolean(env.DATABASE_URL);
  if (value === undefined || value === '') return 1;
  const n = value === 'auto' ? (postgres ? Math.min(MAX_AUTO_PROCESSES, availableParallelism()) : 1) : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`--processes must be auto or a whole number from 1 to 64 (got ${JSON.stringify(value)})`);
  if (n > 1 && !postgres) throw new UsageError('--processes above 1 needs DATABASE_URL (Postgres): the embedded database lives inside one process');
  return n;
}

// Each process has its own pool (10 connections): 4 keeps a node well inside Postgres's default 100.
const MAX_AUTO_PROCESSES = 4;

/** TOLLGATE_REQUEST_TIMEOUT_SECONDS: how long a client has to send its whole request (default 10). */
export function listenOptions(env: NodeJS.ProcessEnv): { requestTimeoutMs?: number } {
  const value = env.TOLLGATE_REQUEST_TIMEOUT_SECONDS;
  if (value === undefined || value === '') return {};
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600)
    throw new ConfigError(`TOLLGATE_REQUEST_TIMEOUT_SECONDS must be a number of seconds from 1 to 600 (got ${JSON.stringify(value)})`);
  return { requestTimeoutMs: seconds * 1000 };
}

/** From the environment: STRIPE_WEBHOOK_SECRET (comma-separated while rotating), TOLLGATE_CORS_ORIGINS, TOLLGATE_RATE_LIMIT (per second per key), TOLLGATE_KEY_CACHE_SECONDS (how long a verified key is trusted, default 5), TOLLGATE_TOKEN_SECRET, TOLLGATE_LICENSE_KEY_RATE_LIMIT and TOLLGATE_LICENSE_ADDRESS_RATE_LIMIT (the public license routes, per second). */
export function serverOptions(env: NodeJS.ProcessEnv): Omit<AppOptions, 'deps'> {
  const out: Omit<AppOptions, 'deps'> = {};
  const webhookSecrets = env.STRIPE_WEBHOOK_SECRET?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (webhookSecrets && webhookSecrets.length > 0) out.webhookSecret = webhookSecrets;
  const origins = env.TOLLGATE_CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins && origins.length > 0) out.cors = { origin: origins };
  const rate = Number(env.TOLLGATE_RATE_LIMIT);
  if (env.TOLLGATE_RATE_LIMIT && Number.isFinite(rate) && rate > 0) out.rateLimit = { requestsPerSecond: rate };
  const keyCache = Number(env.TOLLGATE_KEY_CACHE_SECONDS);
  if (env.TOLLGATE_KEY_CACHE_SECONDS && Number.isFinite(keyCache) && keyCache >= 0) out.apiKeyCacheSeconds = keyCache;
  if (env.TOLLGATE_TOKEN_SECRET) out.tokenSecret = env.TOLLGATE_TOKEN_SECRET;
  // The public license routes: TOLLGATE_LICENSE_KEY_RATE_LIMIT and TOLLGATE_LICENSE_ADDRESS_RATE_LIMIT (requests per second).
  const perKey = Number(env.TOLLGATE_LICENSE_KEY_RATE_LIMIT);
  const perAddress = Number(env.TOLLGATE_LICENSE_ADDRESS_RATE_LIMIT);
  if ((env.TOLLGATE_LICENSE_KEY_RATE_LIMIT && perKey > 0) || (env.TOLLGATE_LICENSE_ADDRESS_RATE_LIMIT && perAddress > 0)) {
    out.licenseRateLimit = {
      ...(perKey > 0 && Number.isFinite(perKey) ? { perKey: { requestsPerSecond: perKey } } : {}),
      ...(perAddress > 0 && Number.isFinite(perAddress) ? { perAddress: { requestsPerSecond: perAddress } } : {}),
    };
  }
  return out;
}
