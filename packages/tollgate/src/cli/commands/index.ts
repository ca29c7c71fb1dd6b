import type { Command } from '../command.ts';
import { creditsCommand } from './credits.ts';
import { customersCommand } from './customers.ts';
import { devCommand } from './dev.ts';
import { eventsCommand } from './events.ts';
import { initCommand } from './init.ts';
import { keysCommand } from './keys.ts';
import { metricsCommand } from './metrics.ts';
import { migrateCommand } from './migrate.ts';
import { pushCommand } from './push.ts';
import { serveCommand } from './serve.ts';
import { subscriptionsCommand } from './subscriptions.ts';
import { syncCommand } from './sync.ts';
import { usageCommand } from './usage.ts';
import { webhooksCommand } from './webhooks.ts';

/** Every CLI command, in the order `tollgate --help` lists them. */
export const commands: Command[] = [
  devCommand,
  serveCommand,
  migrateCommand,
  initCommand,
  pushCommand,
  syncCommand,
  keysCommand,
  customersCommand,
  subscriptionsCommand,
  usageCommand,
  creditsCommand,
  metricsCommand,
  eventsCommand,
  webhooksCommand,
];
