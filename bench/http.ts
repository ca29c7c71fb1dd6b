// The engine over real HTTP (Postgres at DATABASE_URL): single-event
// `POST /api/v1/billing/track` throughput (closed loop, 32 connections), and
// `POST /api/v1/billing/check` latency at a steady 2,000 requests/s (open loop,
// each request timed from its scheduled start). `tollgate serve` runs in its
// own process(es) on a fresh schema, once per `--processes` value in
// BENCH_HTTP_PROCESSES (default "1,2"). Load: `wrk` when it is on the PATH
// (track), otherwise, and always for the open loop, a raw-socket generator in
// this process (no HTTP client library: a few microseconds per request). The
// open loop also runs, alternately, against servers that do (almost) no work: the
// floors this machine, Postgres and the generator set (see startFloorServer).
// Figures are printed, never asserted.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { createTestDatabase } from 'tollgate/testing';
import { Connection, openLoop } from './open-loop.ts';
import { BIN, spawnServe } from './serve.ts';
import { postgresCpu, processTreeCpu } from './proc-cpu.ts';
import { median, percentile } from './stats.ts';

const CONNECTIONS = 32;
/** Timed runs per figure (BENCH_HTTP_RUNS, default 3); each figure is their median. */
const RUNS = Math.max(1, Number(process.env.BENCH_HTTP_RUNS ?? 3) || 3);

interface Server {
  url: URL;
  key: string;
  /** CPU seconds used so far by the server's processes (Linux /proc), or undefined elsewhere. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

async function startServer(processes: number): Promise<Server> {
  // A fresh, migrated schema; the server finds it through the URL's search_path.
  const database = await createTestDatabase({ poolSize: 1 });
  const url = new URL(database.url ?? '');
  url.searchParams.set('options', `-c search_path=${database.schema}`);
  // One bench key sends far more than a real credential: lift the per-key limit (default 100/s).
  const env = { ...process.env, DATABASE_URL: url.toString(), STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', TOLLGATE_RATE_LIMIT: '1000000' };
  const created = JSON.parse(execFileSync(process.execPath, [BIN, 'keys', 'create', '--name', 'bench', '--json'], { env }).toString()) as { key: string };
  const served = await spawnServe(env, ['--processes', String(processes)]);
  return {
    url: served.url,
    key: created.key,
    cpuSeconds: served.cpuSeconds,
    async stop() {
      await served.stop();
      await database.close();
    },
  };
}

function requestBytes(server: Server, path: string, body: string): Buffer {
  return Buffer.from(
    `POST ${path} HTTP/1.1\r\nHost: ${server.url.host}\r\nAuthorization: Bearer ${server.key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

interface Throughput {
  rate: number;
  failed: number;
  requests: number;
}

/** Closed loop with the built-in generator: CONNECTIONS requests always in flight for `ms`. */
async function trackNode(server: Server, run: string, ms: number): Promise<Throughput> {
  const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => Connection.open(server.url)));
  let done = 0;
  let failed = 0;
  let n = 0;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < end) {
        const i = n++;
        const body = `{"customer":"user_${i % 500}","feature":"messages","idempotency_key":"${run}-${i}"}`;
        if ((await connection.send(requestBytes(server, '/api/v1/billing/track', body))) === 200) done++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const c of connections) c.close();
  return { rate: done / seconds, failed, requests: done + failed };
}

/** Closed loop with wrk (one thread, CONNECTIONS connections); every request a new idempotency key. */
function trackWrk(server: Server, run: string, ms: number, dir: string): Throughput {
  const script = join(dir, `track-${run}.lua`);
  writeFileSync(
    script,
    `local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/v1/billing/track", nil, string.format('{"customer":"user_%d","feature":"messages","idempotency_key":"${run}-%d"}', n % 500, n))
end
`,
  );
  const out = execFileSync('wrk', [
    '-t1',
    `-c${CONNECTIONS}`,
    `-d${Math.round(ms / 1000)}s`,
    '-s',
    script,
    '-H',
    `authorization: Bearer ${server.key}`,
    '-H',
    'content-type: application/json',
    server.url.origin,
  ]).toString();
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const failed =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
    Number(
      /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
        .exec(out)
        ?.slice(1)
        .reduce((s, v) => s + Number(v), 0) ?? 0,
    );
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  return { rate: requests > 0 ? (rate * (requests - failed)) / requests : 0, failed, requests };
}

/** Open loop: one `check` every 0.5 ms (2,000/s) for `ms` over up to 64 connections, each timed from its scheduled start (coordinated omission counted). */
interface CheckRun {
  /** From each request's scheduled start to its answer (what a caller waits). */
  p50: number;
  p99: number;
  /** From the moment the generator wrote the request to its answer (the server's and the network's part). */
  sentP99: number;
  /** How late the generator wrote requests (its timer and event loop), p99. */
  lagP99: number;
  max: number;
  achieved: number;
  failed: number;
  requests: number;
}

async function checkLatency(server: Server, ms: number, perSecond = 2000): Promise<CheckRun> {
  const requests = Array.from({ length: 500 }, (_, i) => requestBytes(server, '/api/v1/billing/check', `{"customer":"user_${i}","feature":"messages"}`));
  const run = await openLoop(server.url, requests, ms, perSecond);
  // BENCH_HTTP_TRACE=file appends "scheduled,sent,answered" (ms from the run's start) per request.
  if (process.env.BENCH_HTTP_TRACE)
    appendFileSync(
      process.env.BENCH_HTTP_TRACE,
      `${run.answers.map((a) => `${a.scheduled.toFixed(3)},${a.sent.toFixed(3)},${a.answered.toFixed(3)}`).join('\n')}\n`,
    );
  const latencies = run.answers.map((a) => a.answered - a.scheduled).sort((a, b) => a - b);
  const sentLatencies = run.answers.map((a) => a.answered - a.sent).sort((a, b) => a - b);
  const lags = run.answers.map((a) => a.sent - a.scheduled).sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    sentP99: percentile(sentLatencies, 99),
    lagP99: percentile(lags, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    achieved: run.achieved,
    failed: run.failed,
    requests: run.requests,
  };
}

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** Runs `measure` with the server's CPU accounted; returns its result and the server's CPU ms per request. */
async function withCpu<T extends { requests: number }>(
  server: Server,
  measure: () => Promise<T> | T,
): Promise<T & { cpuMs: number | undefined; postgresMs: number | undefined }> {
  const before = server.cpuSeconds();
  const postgresBefore = postgresCpu();
  const result = await measure();
  const after = server.cpuSeconds();
  const postgresAfter = postgresCpu();
  const perRequest = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || result.requests === 0 ? undefined : ((b - a) * 1000) / result.requests;
  return { ...result, cpuMs: perRequest(before, after), postgresMs: perRequest(postgresBefore, postgresAfter) };
}

const cpuText = (runs: { cpuMs: number | undefined; postgresMs: number | undefined }[]) => {
  const medianOf = (values: (number | undefined)[]) => {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length === 0 ? 'n/a' : `${median(known).toFixed(3)} ms`;
  };
  // Postgres's figure counts every local Postgres process, so it is only meaningful when nothing else uses the server.
  return `CPU per request: server ${medianOf(runs.map((r) => r.cpuMs))}, Postgres ${medianOf(runs.map((r) => r.postgresMs))}`;
};

export async function runHttpBench(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench/http needs DATABASE_URL (Postgres)');
  const processList = (process.env.BENCH_HTTP_PROCESSES ?? '1,2')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const wrk = hasWrk();
  // BENCH_HTTP_ONLY=track or check runs one half.
  const only = process.env.BENCH_HTTP_ONLY;
  console.log(
    `load generator: ${wrk ? 'wrk (closed loop, 1 thread)' : 'built-in raw-socket generator (closed loop; install wrk for a C one)'} for track; built-in raw-socket generator (open loop) for check`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-http-'));
  const floors = only === 'track' ? undefined : { bare: await startFloorServer(), database: await startFloorServer(process.env.DATABASE_URL) };
  try {
    for (const processes of processList) {
      const server = await startServer(processes);
      try {
        if (only !== 'check') await trackBench(server, processes, wrk, dir);
        if (floors) await checkBench(server, processes, floors);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await floors?.bare.stop();
    await floors?.database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function trackBench(server: Server, processes: number, wrk: boolean, dir: string): Promise<void> {
  const track = (run: string, ms: number) => (wrk ? trackWrk(server, run, ms, dir) : trackNode(server, run, ms));
  await track('warm', 2000); // warm-up: JIT, pools, first windows
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await withCpu(server, () => track(`r${run}`, 5000)));
  const rates = runs.map((r) => Math.round(r.rate)).sort((a, b) => a - b);
  console.log(
    `POST /track over HTTP, ${processes} process(es) (${CONNECTIONS} connections, one event each): median ${median(rates).toLocaleString('en-US')} req/s (runs: ${rates.join(', ')}; non-200: ${runs.reduce((s, r) => s + r.failed, 0)}; ${cpuText(runs)})`,
  );
}

/**
 * The floors: a Node HTTP server in its own process that answers every
 * request with `{}` and does nothing else; and, with `database`, the same
 * server making one prepared Postgres query (`select $1`, node-postgres, a
 * pool of 10) per request before it answers: the least any endpoint that
 * reads the database per request costs here. The same open loop against them
 * measures what this machine's scheduler, its network stack, Postgres and the
 * generator cost by themselves; their runs alternate with the real ones, so
 * all see the same noise.
 */
export async function startFloorServer(database?: string): Promise<Server> {
  const answer = `res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }); res.end('{}');`;
  const code = `const http = require('node:http');
${database ? `const pool = new (require(${JSON.stringify(createRequire(import.meta.url).resolve('pg'))}).Pool)({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });` : ''}
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { ${database ? `pool.query({ name: 'floor', text: 'select $1::text as url', values: [req.url] }).then(() => { ${answer} });` : answer} });
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));`;
  const env = { ...process.env, ...(database ? { FLOOR_DATABASE_URL: database } : {}) };
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    key: 'none',
    cpuSeconds: () => (child.pid === undefined ? undefined : processTreeCpu(child.pid)),
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function checkBench(server: Server, processes: number, floors: { bare: Server; database: Server }): Promise<void> {
  await checkLatency(server, 2000); // warm-up
  await checkLatency(floors.bare, 1000);
  await checkLatency(floors.database, 1000);
  const checks = [];
  const bare = [];
  const database = [];
  for (let run = 0; run < RUNS; run++) {
    bare.push(await withCpu(floors.bare, () => checkLatency(floors.bare, 5000)));
    database.push(await withCpu(floors.database, () => checkLatency(floors.database, 5000)));
    checks.push(await withCpu(server, () => checkLatency(server, 5000)));
  }
  const p99s = checks.map((c) => c.p99).sort((a, b) => a - b);
  console.log(
    `POST /check over HTTP at 2,000 req/s, ${processes} process(es) (open loop, 5 s runs): median p50 ${median(checks.map((c) => c.p50)).toFixed(2)} ms, median p99 ${median(p99s).toFixed(2)} ms (p99 runs: ${p99s.map((p) => p.toFixed(2)).join(', ')}; from the write: p99 ${median(checks.map((c) => c.sentP99)).toFixed(2)} ms; generator lag p99 ${median(checks.map((c) => c.lagP99)).toFixed(2)} ms; max ${median(checks.map((c) => c.max)).toFixed(1)} ms; achieved ${Math.round(median(checks.map((c) => c.achieved)))} req/s; non-200: ${checks.reduce((s, c) => s + c.failed, 0)}; ${cpuText(checks)})`,
  );
  const floorLine = (label: string, runs: (CheckRun & { cpuMs: number | undefined; postgresMs: number | undefined })[]) => {
    const sorted = runs.map((c) => c.p99).sort((a, b) => a - b);
    console.log(
      `  floor, ${label}, the same load in alternating runs: median p50 ${median(runs.map((c) => c.p50)).toFixed(2)} ms, median p99 ${median(sorted).toFixed(2)} ms (p99 runs: ${sorted.map((p) => p.toFixed(2)).join(', ')}; generator lag p99 ${median(runs.map((c) => c.lagP99)).toFixed(2)} ms; ${cpuText(runs)})`,
    );
  };
  floorLine('a Node server that answers {} and does nothing else', bare);
  floorLine('the same server after one prepared Postgres query per request', database);
}
