// Licenses: offline verification throughput per core (`tollgate/license`,
// WebCrypto Ed25519), and online `POST /licenses/validate` latency over HTTP
// at a steady 1,000 requests/s (open loop, each request timed from its
// scheduled start) against `tollgate serve` on Postgres (DATABASE_URL).
// Figures are printed, never asserted. Run: BENCH_SUITES=licenses npm run bench
import { generateKeyPairSync, verify as verifyNative } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connect, defineConfig, issueLicense, migrate, signToken } from 'tollgate';
import { createLicenseVerifier } from 'tollgate/license';
import { startFloorServer } from './http.ts';
import { benchDeps } from './bench-deps.ts';
import { openLoop } from './open-loop.ts';
import { spawnServe } from './serve.ts';
import { median, percentile } from './stats.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_HTTP_RUNS ?? 3) || 3);

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Verifications per CPU-second of this process (WebCrypto may use libuv's threads: they are counted too). */
async function measure(label: string, tokens: string[], rounds: number, inFlight: number, verify: (token: string) => Promise<boolean>): Promise<void> {
  const total = tokens.length * rounds;
  let failed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const i = next++;
        if (!(await verify(tokens[i % tokens.length] as string))) failed++;
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const perCore = total / cpuSeconds(cpu);
  console.log(
    `${label}: ${Math.round(perCore).toLocaleString('en-US')} verifications per CPU-second (per core); ${Math.round(total / wall).toLocaleString('en-US')}/s wall, ${inFlight} in flight (${total.toLocaleString('en-US')} verifications, refused: ${failed})`,
  );
}

async function offlineBench(): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = { id: 'lsk_bench', privateKey, publicKey: String(publicKey.export({ format: 'jwk' }).x) };
  const iat = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: 20_000 }, (_, i) =>
    signToken('license', { v: 1, lid: `lic_${i}`, sub: `user_${i}`, plan: 'pro', product: null, features: ['export', 'sso'], act: 3, iat, exp: null }, key),
  );
  const now = Date.now();
  const options = { now, features: ['export'] };
  // Warm-up (JIT, key import).
  const warm = createLicenseVerifier([{ kid: key.id, publicKey: key.publicKey }]);
  for (const token of tokens.slice(0, 500)) await warm.verify(token, options);
  // Cold: every token new to the verifier, so each is an Ed25519 verification.
  for (const inFlight of [1, 32]) {
    const verifier = createLicenseVerifier([{ kid: key.id, publicKey: key.publicKey }]);
    await measure(
      `offline verify, each token new (one Ed25519 verification each)`,
      tokens,
      1,
      inFlight,
      async (t) => (await verifier.verify(t, options)).valid,
    );
  }
  // The floor: Node's native Ed25519 verification (OpenSSL, synchronous) of the same signed texts, nothing else.
  const signed = tokens.map((t) => {
    const dot = t.lastIndexOf('.');
    return { data: Buffer.from(t.slice(0, dot)), signature: Buffer.from(t.slice(dot + 1), 'base64url') };
  });
  const floorCpu = process.cpuUsage();
  let floorOk = 0;
  for (const { data, signature } of signed) if (verifyNative(null, data, publicKey, signature)) floorOk++;
  console.log(
    `  floor: node:crypto verify (OpenSSL Ed25519, synchronous) of the same tokens: ${Math.round(signed.length / cpuSeconds(floorCpu)).toLocaleString('en-US')} per CPU-second (${floorOk} verified)`,
  );
  // Warm: an app checks the same license key again and again (its signature is remembered; time and features are checked each time).
  const verifier = createLicenseVerifier([{ kid: key.id, publicKey: key.publicKey }]);
  const some = tokens.slice(0, 1000);
  for (const token of some) await verifier.verify(token, options);
  await measure('offline verify, the same 1,000 keys again (signature remembered)', some, 100, 1, async (t) => (await verifier.verify(t, options)).valid);
}

interface Server {
  url: URL;
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** `tollgate serve` on a fresh schema holding `count` licenses; their keys. */
async function startServer(count: number): Promise<{ server: Server; keys: string[] }> {
  // A schema of its own, migrated, dropped at the end.
  const base = process.env.DATABASE_URL ?? '';
  const schema = `bench_licenses_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const database = await connect({ url: base, searchPath: schema, poolSize: 4 });
  await migrate(database.db);
  const deps = benchDeps(defineConfig({ features: {}, plans: { free: { name: 'Free', default: true, features: {} } } }), database.db);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = await issueLicense(deps, {
      purchaseId: deps.ids.next('cs'),
      stripeCustomerId: null,
      customerId: null,
      externalId: `user_${i}`,
      planKey: null,
      productKey: 'bench',
      grant: { activations: 3, features: ['export'] },
    });
    if (row) keys.push(row.key);
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: '',
    // One generator address and a few keys send far more than real clients: lift the per-node limits.
    TOLLGATE_LICENSE_KEY_RATE_LIMIT: '1000000',
    TOLLGATE_LICENSE_ADDRESS_RATE_LIMIT: '1000000',
  };
  const served = await spawnServe(env);
  return {
    keys,
    server: {
      url: served.url,
      cpuSeconds: served.cpuSeconds,
      async stop() {
        await served.stop();
        await database.close();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    },
  };
}

interface Run {
  p50: number;
  p99: number;
  max: number;
  achieved: number;
  failed: number;
  requests: number;
}

/** Open loop: `perSecond` requests a second for `ms`, over up to 64 keep-alive connections, each timed from its scheduled start. */
async function validateLoop(server: Server, bodies: string[], ms: number, perSecond: number): Promise<Run> {
  const requests = bodies.map((body) =>
    Buffer.from(
      `POST /api/v1/billing/licenses/validate HTTP/1.1\r\nHost: ${server.url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    ),
  );
  const run = await openLoop(server.url, requests, ms, perSecond);
  const latencies = run.answers.map((a) => a.answered - a.scheduled).sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    achieved: run.achieved,
    failed: run.failed,
    requests: run.requests,
  };
}

type Timed = Run & { cpuMs: number | undefined };

async function timed(server: Server, bodies: string[]): Promise<Timed> {
  const before = server.cpuSeconds();
  const run = await validateLoop(server, bodies, 5000, 1000);
  const after = server.cpuSeconds();
  return { ...run, cpuMs: before === undefined || after === undefined ? undefined : ((after - before) * 1000) / run.requests };
}

function line(label: string, runs: Timed[]): string {
  const p99s = runs.map((r) => r.p99).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuMs).filter((v): v is number => v !== undefined);
  return `${label}: median p50 ${median(runs.map((r) => r.p50)).toFixed(2)} ms, median p99 ${median(p99s).toFixed(2)} ms (p99 runs: ${p99s.map((p) => p.toFixed(2)).join(', ')}; max ${median(runs.map((r) => r.max)).toFixed(1)} ms; achieved ${Math.round(median(runs.map((r) => r.achieved)))} req/s; non-200: ${runs.reduce((s, r) => s + r.failed, 0)}; server CPU per request ${cpu.length > 0 ? `${median(cpu).toFixed(3)} ms` : 'n/a'})`;
}

async function onlineBench(): Promise<void> {
  const { server, keys } = await startServer(500);
  // The floors (bench/http.ts): a Node server that answers {} and nothing else, and the same after one prepared Postgres query.
  const floors = { bare: await startFloorServer(), database: await startFloorServer(process.env.DATABASE_URL) };
  try {
    const variants: { label: string; server: Server; bodies: string[]; runs: Timed[] }[] = [
      {
        label: 'POST /licenses/validate over HTTP at 1,000 req/s (open loop, 5 s runs, 500 licenses)',
        server,
        bodies: keys.map((key) => JSON.stringify({ key })),
        runs: [],
      },
      {
        label: 'POST /licenses/validate with an instance and a lease (signed per request), same load',
        server,
        bodies: keys.map((key, i) => JSON.stringify({ key, instance: `machine-${i}`, lease: true })),
        runs: [],
      },
      { label: '  floor, a Node server that answers {} and does nothing else, same load', server: floors.bare, bodies: ['{}'], runs: [] },
      { label: '  floor, the same server after one prepared Postgres query per request, same load', server: floors.database, bodies: ['{}'], runs: [] },
    ];
    for (const v of variants) await validateLoop(v.server, v.bodies, 2000, 1000); // warm-up
    // Runs alternate, so every figure sees the same noise of this shared machine.
    for (let r = 0; r < RUNS; r++) for (const v of variants) v.runs.push(await timed(v.server, v.bodies));
    for (const v of variants) console.log(line(v.label, v.runs));
    // Round by round (the same stretch of this machine's noise): validate / with lease / bare floor / database floor.
    const rounds = Array.from({ length: RUNS }, (_, r) => variants.map((v) => v.runs[r]?.p99.toFixed(2) ?? '-').join(' / '));
    console.log(`  p99 by round (validate / with lease / bare floor / database floor, ms): ${rounds.join('; ')}`);
  } finally {
    await server.stop();
    await floors.bare.stop();
    await floors.database.stop();
  }
}

export async function runLicenseBench(): Promise<void> {
  await offlineBench();
  if (!process.env.DATABASE_URL) {
    console.log('online validate over HTTP: skipped (needs DATABASE_URL, Postgres)');
    return;
  }
  await onlineBench();
}
