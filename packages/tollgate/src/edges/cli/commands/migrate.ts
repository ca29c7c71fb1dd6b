import { connect } from '../../../core/db/connect.ts';
import { askHolder, DataLockedError, describeHolder } from '../../../core/db/data-lock.ts';
import { migrate, type MigrateResult } from '../../../core/db/migrate.ts';
import type { Command, CommandIo } from '../command.ts';
import { EXIT } from '../command.ts';
import { checkDataFlag, dataDir } from '../env.ts';

function report(io: CommandIo, json: unknown, description: string, result: MigrateResult, via?: string): void {
  if (json) {
    io.out(JSON.stringify({ database: description, ...result, ...(via ? { via } : {}) }));
  } else if (result.applied.length === 0) {
    io.out(`Database ${description} is up to date (${result.total} migrations)${via ? `, through ${via}` : ''}.`);
  } else {
    io.out(`Applied ${result.applied.length} migration(s) to ${description}${via ? ` through ${via}` : ''}: ${result.applied.join(', ')}`);
  }
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (DATABASE_URL, or the embedded database; through the running dev/serve that holds it).',
  usage: 'tollgate migrate [--data DIR] [--json]',
  options: { data: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const url = io.env.DATABASE_URL;
    const dir = url ? undefined : dataDir(io.env, values.data);
    if (dir) await checkDataFlag(io.env, values.data);
    let database;
    try {
      database = await connect({ url, dataDir: dir, holder: 'tollgate migrate' });
    } catch (e) {
      // The embedded database is held by a running server: it migrates it (it is the one process that may).
      if (!(e instanceof DataLockedError) || !dir) throw e;
      const asked = await askHolder(dir, 'migrate');
      if (!asked || asked.error !== undefined || asked.value === undefined) throw e;
      report(io, values.json, `pglite:${dir}`, asked.value as MigrateResult, describeHolder(asked.holder));
      return EXIT.ok;
    }
    try {
      report(io, values.json, database.description, await migrate(database.db));
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
