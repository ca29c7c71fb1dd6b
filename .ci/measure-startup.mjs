#!/usr/bin/env node
// Start-up figures of the installed package (a benchmark: printed, never
// asserted, not run by CI). In a project where the packed tarballs are
// installed (by default a fresh one from `.ci/pack-check.mjs --install-only`):
//   - `node_modules/.bin/tollgate --version` and `--help`, spawn to exit;
//   - `tollgate dev` on a new data folder, and started again on the same one:
//     spawn to the first 200 from /health (dev answers 503 `starting` until
//     its plans are pushed), then a checkout is sent to prove the plans are in
//     the emulator.
// Medians of several runs, with the machine's load before and after.
// Usage: node .ci/measure-startup.mjs [PROJECT_DIR] [--runs N]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
let project = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
if (!project) {
  const installed = spawnSync(process.execPath, [join(ROOT, '.ci/pack-check.mjs'), '--install-only'], { cwd: ROOT, encoding: 'utf8' });
  project = /^installed (\S+)$/m.exec(installed.stdout)?.[1];
  if (installed.status !== 0 || !project) throw new Error(`pack-check --install-only failed:\n${installed.stdout}${installed.stderr}`);
}
const bin = join(project, 'node_modules/.bin/tollgate');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function timeCommand(args) {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(bin, args, { stdio: 'ignore' });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(performance.now() - start) : fail(new Error(`tollgate ${args.join(' ')} exited ${code}`))));
  });
}

/** Starts dev on `data`, returns ms from spawn to the first 200 from /health, after proving a checkout works. */
async function timeDev(data) {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const start = performance.now();
  const child = spawn(bin, ['dev', '--port', String(port), '--emulator-port', String(emulatorPort), '--data', data], {
    cwd: project,
    env: { ...process.env, INIT_CWD: project, DATABASE_URL: '', TOLLGATE_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((done) => child.once('exit', done));
  try {
    let ready;
    while (ready === undefined) {
      if (child.exitCode !== null) throw new Error(`dev exited: ${out}`);
      const health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (health?.status === 200) ready = performance.now() - start;
      else await sleep(5);
    }
    while (!/^API key\s+(\S+)/m.test(out)) await sleep(5);
    const key = /^API key\s+(\S+)/m.exec(out)[1];
    const url = `http://127.0.0.1:${port}`;
    const checkout = await fetch(`${url}/api/v1/billing/checkout/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'measure', plan: 'pro', success_url: url, cancel_url: url }),
    });
    if (checkout.status !== 201) throw new Error(`a checkout right after start answered ${checkout.status}: ${await checkout.text()}`);
    return ready;
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

function report(label, values) {
  const ms = values.map((v) => Math.round(v));
  console.log(`${label.padEnd(38)} median ${String(median(ms)).padStart(5)} ms   (min ${Math.min(...ms)}, max ${Math.max(...ms)}; ${ms.join(', ')})`);
}

console.log(`measuring ${bin}`);
console.log(`node ${process.version}, ${cpus().length} cores, load average before: ${load()}`);
const version = [];
const help = [];
for (let i = 0; i < RUNS + 2; i++) {
  version.push(await timeCommand(['--version']));
  help.push(await timeCommand(['--help']));
}
report('tollgate --version', version.slice(2));
report('tollgate --help', help.slice(2));

const cold = [];
const again = [];
for (let i = 0; i < RUNS; i++) {
  const folder = mkdtempSync(join(tmpdir(), 'tollgate-measure-dev-'));
  try {
    cold.push(await timeDev(join(folder, 'data')));
    again.push(await timeDev(join(folder, 'data')));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
report('tollgate dev, new data folder', cold);
report('tollgate dev, second start', again);
console.log(`load average after: ${load()}`);
