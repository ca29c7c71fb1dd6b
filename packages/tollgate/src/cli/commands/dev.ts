import type { Command } from '../command.ts';
import { serveCommand } from './serve.ts';

/** `tollgate dev`: the whole stack on embedded defaults (PGlite under .tollgate/). */
export const devCommand: Command = {
  ...serveCommand,
  name: 'dev',
  summary: 'Run Tollgate locally on embedded defaults (data under .tollgate/).',
  usage: 'tollgate dev [--port 4000] [--data DIR]',
  async run(args, io) {
    // dev never reads DATABASE_URL: it is the embedded, zero-setup mode.
    const env = { ...io.env, DATABASE_URL: undefined };
    return serveCommand.run(args, { ...io, env });
  },
};
