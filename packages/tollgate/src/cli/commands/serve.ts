import { connect } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { createApp } from '../../server/app.ts';
import { listen } from '../../server/listen.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { dataDir, parsePort } from '../env.ts';

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
    const database = await connect({ url: io.env.DATABASE_URL, dataDir: dataDir(io.env, values.data) });
    try {
      await migrate(database.db);
      const server = await listen(createApp({ database }).fetch, {
        port,
        host: typeof values.host === 'string' ? values.host : '127.0.0.1',
      });
      io.out(`Tollgate API  ${server.url}  (database: ${database.description})`);
      io.out(`Health        ${server.url}/health`);
      await io.stopSignal;
      await server.close();
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
