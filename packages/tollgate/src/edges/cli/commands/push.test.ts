import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../core/config/load.ts';
import { startTestStripe, type TestStripe } from '../../../testing/stripe.ts';
import type { CommandIo } from '../command.ts';
import { runCli } from '../run.ts';
import { TEMPLATES } from './init-templates.ts';

const PACKAGE_DIR = fileURLToPath(new URL('../../../..', import.meta.url));

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const errors: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: (l) => errors.push(l), env, stopSignal: new Promise(() => undefined) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: errors.join('\n') };
}

describe('tollgate init and push', () => {
  let dir: string;
  let stripe: TestStripe;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-push-'));
    // The written config imports 'tollgate', as in an app that depends on it.
    await mkdir(join(dir, 'node_modules'));
    await symlink(PACKAGE_DIR, join(dir, 'node_modules', 'tollgate'), 'dir');
    stripe = await startTestStripe();
    env = { INIT_CWD: dir, STRIPE_SECRET_KEY: 'sk_test_cli', STRIPE_API_BASE: stripe.emulator.url };
  });
  afterEach(async () => {
    await stripe.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each template as a config that loads, and refuses to overwrite without --force', async () => {
    for (const name of Object.keys(TEMPLATES)) {
      const run = await cli(['init', '--template', name, '--force'], env);
      expect(run.code).toBe(0);
      const text = await readFile(join(dir, 'tollgate.config.ts'), 'utf8');
      expect(text).toMatch(/import \{ defineConfig \} from 'tollgate';/);
      const file = join(dir, `check-${name}.config.ts`);
      await writeFile(file, text);
      expect(await loadConfigFile(file)).toEqual({ ...TEMPLATES[name]?.config, currency: 'usd' });
    }
    const again = await cli(['init'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists \(pass --force/);
    const bad = await cli(['init', '--template', 'nope'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--template must be one of chatbot, per-seat, marketplace/);
  });

  it('prints the plan, applies it with --yes, then has nothing to do', async () => {
    expect((await cli(['init', '--template', 'per-seat'], env)).code).toBe(0);
    const dry = await cli(['push', '--check'], env);
    expect(dry.code).toBe(1);
    expect(dry.out).toMatch(/\(5 to create, 0 to update, 0 to archive\)/);
    expect(dry.out).toMatch(/\+ price {4}tollgate:plan:team:month: \$10\.00\/month/);
    expect(dry.out).toMatch(/run "tollgate push --yes" to apply/);

    const applied = await cli(['push', '--yes', '--json'], env);
    expect(applied.code).toBe(0);
    const body = JSON.parse(applied.out) as { steps: { action: string; line: string }[]; applied: string[] };
    expect(body.applied).toHaveLength(5);
    expect(body.steps.every((s) => s.action === 'create')).toBe(true);

    const second = await cli(['push', '--check'], env);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/nothing to do/);
  });

  it('exits 78 naming what is missing: the config file or the Stripe key', async () => {
    const noConfig = await cli(['push'], env);
    expect(noConfig.code).toBe(78);
    expect(noConfig.err).toMatch(/no tollgate\.config\.ts .*tollgate init/);
    await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify({ features: {}, plans: { a: { name: 'A', prices: { monthly: -1 }, features: {} } } }));
    const invalid = await cli(['push'], env);
    expect(invalid.code).toBe(78);
    expect(invalid.err).toMatch(/tollgate\.config\.json: plans\.a\.prices\.monthly/);
    await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify({ features: {}, plans: {} }));
    const noKey = await cli(['push'], { ...env, STRIPE_SECRET_KEY: '' });
    expect(noKey.code).toBe(78);
    expect(noKey.err).toMatch(/STRIPE_SECRET_KEY is not set/);
  });
});
