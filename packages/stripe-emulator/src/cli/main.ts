import { type CliIo, processIo } from './io.ts';
import { runListen } from './listen.ts';
import { runServe } from './serve.ts';
import { runTrigger } from './trigger.ts';

/**
 * The `stripe-emulator` command: `listen` and `trigger` talk to a running emulator; anything else
 * starts one. Resolves with an exit code, or null while a server runs.
 */
export async function runCli(argv: string[], io: CliIo = processIo, signal?: AbortSignal): Promise<number | null> {
  const [command, ...rest] = argv;
  if (command === 'trigger') return runTrigger(rest, io);
  if (command === 'listen') {
    const stop = signal ? null : new AbortController();
    if (stop) for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => stop.abort());
    return runListen(rest, io, signal ?? stop!.signal);
  }
  return runServe(argv, io);
}
