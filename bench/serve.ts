// `tollgate serve` in its own process(es) for the HTTP benchmarks (bench/http.ts, bench/licenses.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processTreeCpu } from './proc-cpu.ts';

export const BIN = fileURLToPath(new URL('../packages/tollgate/bin/tollgate.mjs', import.meta.url));

export interface Served {
  /** The API's base URL, as the server prints it. */
  url: URL;
  /** CPU seconds used so far by the server's processes (Linux /proc), or undefined elsewhere. */
  cpuSeconds: () => number | undefined;
  /** SIGTERM, and the server's exit awaited. */
  stop: () => Promise<void>;
}

/**
 * Starts `tollgate serve --port 0 [...args]` with `env`, once it prints its
 * URL. BENCH_HTTP_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/x" profiles
 * the server's processes only (what the server prints then goes to stderr).
 */
export async function spawnServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Served> {
  const nodeArgs = (process.env.BENCH_HTTP_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (nodeArgs.length > 0) process.stderr.write(chunk);
      out += chunk.toString();
      const match = /Tollgate API\s+(\S+)/.exec(out);
      if (match?.[1]) resolve(new URL(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`tollgate serve exited with ${code}`)));
  });
  return {
    url,
    cpuSeconds: () => (child.pid === undefined ? undefined : processTreeCpu(child.pid)),
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
