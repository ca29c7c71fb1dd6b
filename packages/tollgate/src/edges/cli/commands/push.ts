import { resolve } from 'node:path';
import { findConfigFile, loadConfigFile } from '../../../core/config/load.ts';
import { createIds } from '../../../core/lib/ids.ts';
import { systemClock } from '../../../core/lib/clock.ts';
import { ConfigError } from '../../../core/lib/errors.ts';
import { createLogger } from '../../../core/lib/log.ts';
import { describeStep, stepAction } from '../../../commands/push/describe.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { askHolder, describeHolder } from '../../../core/db/data-lock.ts';
import { createStripeClient } from '../../../core/stripe/client.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';
import { dataDir, userCwd } from '../env.ts';

async function configPath(env: NodeJS.ProcessEnv, flag: unknown): Promise<string> {
  if (typeof flag === 'string' && flag.length > 0) return resolve(userCwd(env), flag);
  const found = await findConfigFile(userCwd(env));
  if (!found) throw new ConfigError(`no tollgate.config.ts (or .js/.json) in ${userCwd(env)}: run "tollgate init" or pass --config`);
  return found;
}

function counts(actions: string[]): string {
  const n = (a: string) => actions.filter((x) => x === a).length;
  return `${n('create')} to create, ${n('update')} to update, ${n('archive')} to archive`;
}

/**
 * A running server reads the config at start and serves its plans and
 * prices from memory: after a push, the one holding this folder's database
 * (`tollgate dev`, `tollgate serve` on the embedded database) re-reads the
 * config; any other must be restarted, which the line says.
 */
async function reloadRunningServer(env: NodeJS.ProcessEnv, data: unknown): Promise<string> {
  const restart = 'Restart running Tollgate servers (serve, dev, apps) to offer the new plans and prices: they read the config at start.';
  const asked = await askHolder(dataDir(env, data), 'reload-config').catch(() => null);
  if (!asked) return restart;
  const holder = describeHolder(asked.holder);
  if (asked.error !== undefined) return `${holder} could not reload the config (${asked.error}). ${restart}`;
  return `${holder} reloaded the config: it offers the new plans and prices now. ${restart.replace('Restart running', 'Restart other')}`;
}

/** `tollgate push`: show what the config changes in Stripe; `--yes` applies it. */
export const pushCommand: Command = {
  name: 'push',
  summary: 'Push plans, prices and meters from tollgate.config.ts to Stripe (STRIPE_SECRET_KEY).',
  usage: 'tollgate push [--yes] [--check] [--json] [--config FILE] [--data DIR]   (exit 1 with --check when Stripe differs)',
  options: {
    yes: { type: 'boolean', short: 'y' },
    check: { type: 'boolean' },
    json: { type: 'boolean' },
    config: { type: 'string' },
    data: { type: 'string' },
  },
  async run({ values }, io) {
    const file = await configPath(io.env, values.config);
    const config = await loadConfigFile(file);
    const key = io.env.STRIPE_SECRET_KEY;
    if (!key) throw new ConfigError('STRIPE_SECRET_KEY is not set (a test-mode key sk_test_... to try it out)');
    const stripe = createStripeClient({ apiKey: key, baseUrl: io.env.STRIPE_API_BASE || undefined });
    const log = createLogger({ level: io.env.TOLLGATE_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
    const apply = values.yes === true;
    const result = await pushConfig({ config, stripe, ids: createIds(systemClock), log, clock: systemClock }, { apply });
    if (!result.ok) {
      if (values.json) io.out(JSON.stringify({ error: result.error }));
      io.err(`tollgate push: ${result.error.message}`);
      return EXIT.failure;
    }
    const { plan, applied } = result.value;
    if (values.json) {
      io.out(
        JSON.stringify({
          config: file,
          steps: plan.steps.map((s) => ({ ...s, action: stepAction(s), line: describeStep(s) })),
          applied: applied?.map((a) => a.id) ?? null,
        }),
      );
    } else if (plan.steps.length === 0) {
      io.out(`Stripe matches ${file}: nothing to do.`);
    } else {
      io.out(`Plan for ${file} (${counts(plan.steps.map(stepAction))}):`);
      for (const step of plan.steps) io.out(`  ${describeStep(step)}`);
      io.out(applied ? `Applied ${applied.length} change(s).` : 'Nothing changed yet: run "tollgate push --yes" to apply.');
    }
    if (applied && applied.length > 0) io.err(await reloadRunningServer(io.env, values.data));
    return values.check === true && plan.steps.length > 0 && !applied ? EXIT.failure : EXIT.ok;
  },
};
