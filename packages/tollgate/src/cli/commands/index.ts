import type { Command } from '../command.ts';
import { devCommand } from './dev.ts';
import { keysCommand } from './keys.ts';
import { initCommand } from './init.ts';
import { migrateCommand } from './migrate.ts';
import { pushCommand } from './push.ts';
import { serveCommand } from './serve.ts';

/** Every CLI command, in the order `tollgate --help` lists them. */
export const commands: Command[] = [devCommand, serveCommand, migrateCommand, initCommand, pushCommand, keysCommand];
