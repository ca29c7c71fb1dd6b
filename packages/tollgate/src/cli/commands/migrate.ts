import { connect } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { dataDir } from '../env.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (DATABASE_URL, or the embedded database).',
  usage: 'tollgate migrate [--data DIR] [--json]',
  options: { data: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const database = await connect({ url: io.env.DATABASE_URL, dataDir: dataDir(io.env, values.data) });
    try {
      const result = await migrate(database.db);
      if (values.json) {
        io.out(JSON.stringify({ database: database.description, ...result }));
      } else if (result.applied.length === 0) {
        io.out(`Database ${database.description} is up to date (${result.total} migrations).`);
      } else {
        io.out(`Applied ${result.applied.length} migration(s) to ${database.description}: ${result.applied.join(', ')}`);
      }
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
