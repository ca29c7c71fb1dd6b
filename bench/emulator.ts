// Emulator benchmarks: POST /v1/customers and POST /v1/subscriptions throughput over real HTTP
// with 10 concurrent keep-alive connections (server in its own process), and memory per object.
// Figures are printed (medians of several runs), never asserted.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEmulatorApp, type RawRequest } from 'stripe-emulator';

const BIN = new URL('../packages/stripe-emulator/bin/stripe-emulator.mjs', import.meta.url).pathname;
const AUTH = `Bearer sk_test_bench`;
const CONNECTIONS = 10;
const RUN_MS = 3000;
/** Unmeasured load first, so the JIT has compiled the hot path. */
const WARMUP_MS = 1500;
const RUNS = 3;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function startServer(): Promise<{ url: URL; pid: number | undefined; stop: () => void }> {
  const child = spawn(process.execPath, [BIN, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ url: new URL(match[1]), pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

function post(agent: Agent, url: URL, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Rate {
  /** Requests per wall-clock second. */
  wall: number;
  /** Requests per second of server CPU time: what one free core sustains, whatever else the machine runs. */
  perCpu: number | null;
}

/** Requests per second with CONNECTIONS workers hammering `path` for RUN_MS. */
async function throughput(url: URL, pid: number | undefined, path: string, body: () => string, runMs = RUN_MS): Promise<Rate> {
  const cpuBefore = cpuSeconds(pid);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let done = 0;
  const end = Date.now() + runMs;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const res = await post(agent, url, path, body());
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
        done++;
      }
    }),
  );
  agent.destroy();
  const cpuAfter = cpuSeconds(pid);
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return { wall: done / ((Date.now() - start) / 1000), perCpu: cpu ? done / cpu : null };
}

function report(label: string, rates: Rate[]): void {
  const wall = Math.round(median(rates.map((r) => r.wall)));
  const perCpu = rates.every((r) => r.perCpu !== null) ? Math.round(median(rates.map((r) => r.perCpu ?? 0))) : null;
  console.log(
    `${label}: median ${wall} req/s wall-clock (runs: ${rates.map((r) => Math.round(r.wall)).join(', ')})${perCpu !== null ? `; ${perCpu} req per server CPU-second` : ''}`,
  );
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

function rawPost(path: string, body: string): RawRequest {
  const headers: Record<string, string> = { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' };
  return {
    method: 'POST',
    target: path,
    origin: 'http://emulator',
    header: (name) => headers[name] ?? null,
    text: () => Promise.resolve(body),
    toRequest: () => new Request(`http://emulator${path}`, { method: 'POST', headers, body }),
  };
}

/** Heap per customer, and the app's own cost (no HTTP) in requests per CPU-second. */
async function inProcess(count: number): Promise<{ bytesPerCustomer: number; perCpu: number }> {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  const app = createEmulatorApp();
  gc();
  const before = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const result = await app.handle(rawPost('/v1/customers', `email=user${i}%40example.com&name=Customer&metadata[plan]=pro`));
    if (result instanceof Response || result.status !== 200) throw new Error('customer create failed');
  }
  const used = process.cpuUsage(cpu);
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if (app.emulator.db.customers.size !== count) throw new Error('customers missing');
  return { bytesPerCustomer: bytes / count, perCpu: count / ((used.user + used.system) / 1e6) };
}

/**
 * The same POST /v1/customers load from Debian's `wrk` (a lean C load
 * generator) when it is installed: a Node client costs as much CPU per request
 * as the server, and both share this machine's two cores.
 */
function wrkCustomers(url: URL): void {
  const found = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (found.error) {
    console.log('POST /v1/customers with wrk: skipped (apt-get install wrk for a load generator that leaves the server a core)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'emulator-wrk-'));
  const script = join(dir, 'post-customer.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.body = "email=wrk%40example.com&name=Customer&metadata[plan]=pro"',
      'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
      `wrk.headers["Authorization"] = "${AUTH}"`,
    ].join('\n'),
  );
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${RUN_MS / 1000}s`, '-s', script, new URL('/v1/customers', url).toString()], {
      encoding: 'utf8',
    });
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1];
    const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(run.stdout)?.[1] ?? '0';
    if (rate) rates.push(Math.round(Number(rate)));
    if (non2xx !== '0') console.log(`  wrk run ${i + 1}: ${non2xx} non-2xx responses`);
  }
  rmSync(dir, { recursive: true, force: true });
  const sorted = [...rates].sort((a, b) => a - b);
  console.log(`POST /v1/customers with wrk (1 thread, ${CONNECTIONS} connections): median ${median(rates)} req/s (runs: ${sorted.join(', ')})`);
}

export async function runEmulatorBench(): Promise<void> {
  const local = await inProcess(50_000);
  console.log(`memory: ~${(local.bytesPerCustomer / 1024).toFixed(2)} KiB of heap per customer (with its customer.created event), over 50,000 customers`);
  console.log(`POST /v1/customers in process (app.handle, no HTTP): ${Math.round(local.perCpu)} req per CPU-second`);
  const server = await startServer();
  try {
    const agent = new Agent({ keepAlive: true });
    const product = JSON.parse((await post(agent, server.url, '/v1/products', 'name=Bench')).text) as { id: string };
    const price = JSON.parse(
      (await post(agent, server.url, '/v1/prices', `product=${product.id}&currency=usd&unit_amount=1000&recurring[interval]=month`)).text,
    ) as { id: string };
    const customer = JSON.parse((await post(agent, server.url, '/v1/customers', 'email=bench%40example.com&payment_method=pm_card_visa')).text) as {
      id: string;
    };
    const pms = await new Promise<string>((resolve) => {
      request(
        { agent, host: server.url.hostname, port: server.url.port, path: `/v1/customers/${customer.id}/payment_methods`, headers: { authorization: AUTH } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      ).end();
    });
    const pm = (JSON.parse(pms) as { data: { id: string }[] }).data[0]!.id;
    await post(agent, server.url, `/v1/customers/${customer.id}`, `invoice_settings[default_payment_method]=${pm}`);
    agent.destroy();

    let n = 0;
    console.log(`(${RUNS} runs of ${RUN_MS / 1000}s each, ${CONNECTIONS} keep-alive connections, server in its own process)`);
    await throughput(server.url, server.pid, '/v1/customers', () => `email=w${n++}%40example.com`, WARMUP_MS);
    const customers: Rate[] = [];
    for (let i = 0; i < RUNS; i++)
      customers.push(await throughput(server.url, server.pid, '/v1/customers', () => `email=c${n++}%40example.com&name=Customer&metadata[plan]=pro`));
    report('POST /v1/customers', customers);
    wrkCustomers(server.url);
    await throughput(server.url, server.pid, '/v1/subscriptions', () => `customer=${customer.id}&items[0][price]=${price.id}`, WARMUP_MS);
    const subs: Rate[] = [];
    for (let i = 0; i < RUNS; i++)
      subs.push(
        await throughput(server.url, server.pid, '/v1/subscriptions', () => `customer=${customer.id}&items[0][price]=${price.id}&items[0][quantity]=2`),
      );
    report('POST /v1/subscriptions (invoiced and paid by card)', subs);
  } finally {
    server.stop();
  }
}
