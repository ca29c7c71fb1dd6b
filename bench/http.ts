// The engine over real HTTP (Postgres at DATABASE_URL): single-event
// `POST /api/v1/billing/track` throughput, and `POST /api/v1/billing/check`
// latency at a steady 2,000 requests/s. `tollgate serve` runs in its own
// process on a fresh schema; this process is the load generator.
// Figures are printed, never asserted.
import { execFileSync, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from 'tollgate/testing';

const BIN = fileURLToPath(new URL('../packages/tollgate/bin/tollgate.mjs', import.meta.url));
const CONNECTIONS = 32;

interface Server {
  url: URL;
  key: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  // A fresh, migrated schema; the server finds it through the URL's search_path.
  const database = await createTestDatabase({ poolSize: 1 });
  const url = new URL(database.url ?? '');
  url.searchParams.set('options', `-c search_path=${database.schema}`);
  // One bench key sends far more than a real credential: lift the per-key limit (default 100/s).
  const env = { ...process.env, DATABASE_URL: url.toString(), STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', TOLLGATE_RATE_LIMIT: '1000000' };
  const created = JSON.parse(execFileSync(process.execPath, [BIN, 'keys', 'create', '--name', 'bench', '--json'], { env }).toString()) as { key: string };
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const apiUrl = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Tollgate API\s+(\S+)/.exec(out);
      if (match?.[1]) resolve(new URL(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`tollgate serve exited with ${code}`)));
  });
  return {
    url: apiUrl,
    key: created.key,
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      await database.close();
    },
  };
}

function post(agent: Agent, server: Server, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server.url),
      { method: 'POST', agent, headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/** Closed loop: CONNECTIONS requests always in flight for `ms`; returns requests/s and non-200s. */
async function trackThroughput(server: Server, run: number, ms: number): Promise<{ rate: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let done = 0;
  let failed = 0;
  let n = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const i = n++;
        const body = JSON.stringify({ customer: `user_${i % 500}`, feature: 'messages', idempotency_key: `r${run}-${i}` });
        const status = await post(agent, server, '/api/v1/billing/track', body);
        if (status === 200) done++;
        else failed++;
      }
    }),
  );
  agent.destroy();
  return { rate: done / ((performance.now() - started) / 1000), failed };
}

/** Open loop: one `check` every 0.5 ms (2,000/s) for `ms`, each timed from its scheduled start. */
async function checkLatency(server: Server, ms: number): Promise<{ p50: number; p99: number; achieved: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const intervalMs = 1000 / 2000;
  const total = Math.floor(ms / intervalMs);
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ customer: `user_${i % 500}`, feature: 'messages' });
    inFlight.push(
      post(agent, server, '/api/v1/billing/check', body).then((status) => {
        if (status === 200) latencies.push(performance.now() - due);
        else failed++;
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), achieved: total / elapsed, failed };
}

export async function runHttpBench(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench/http needs DATABASE_URL (Postgres)');
  const server = await startServer();
  try {
    await trackThroughput(server, -1, 1000); // warm-up: JIT, pool, first windows
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await trackThroughput(server, run, 3000));
    const rates = runs.map((r) => Math.round(r.rate)).sort((a, b) => a - b);
    console.log(
      `POST /track over HTTP (${CONNECTIONS} connections, one event each): median ${rates[1]?.toLocaleString('en-US')} req/s (runs: ${rates.join(', ')}; non-200: ${runs.reduce((s, r) => s + r.failed, 0)})`,
    );
    await checkLatency(server, 1000); // warm-up
    const checks = [];
    for (let run = 0; run < 3; run++) checks.push(await checkLatency(server, 5000));
    const p99s = checks.map((c) => c.p99).sort((a, b) => a - b);
    const p50s = checks.map((c) => c.p50).sort((a, b) => a - b);
    console.log(
      `POST /check over HTTP at 2,000 req/s (open loop, 5 s runs): median p50 ${p50s[1]?.toFixed(2)} ms, median p99 ${p99s[1]?.toFixed(2)} ms (p99 runs: ${p99s.map((p) => p.toFixed(2)).join(', ')}; achieved ${Math.round(checks[1]?.achieved ?? 0)} req/s; non-200: ${checks.reduce((s, c) => s + c.failed, 0)})`,
    );
  } finally {
    await server.stop();
  }
}
