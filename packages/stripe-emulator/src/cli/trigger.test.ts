import { describe, expect, it } from 'vitest';
import { fixedClock } from '../core/clock.ts';
import { suiteWebhooks } from '../testing/fixtures.ts';
import { suiteEmulator } from '../testing/sdk.ts';
import { FIXTURES } from './fixtures.ts';
import type { CliIo } from './io.ts';
import { runCli } from './main.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), stdout: () => out, stderr: () => err };
}

describe('stripe-emulator trigger', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW) });
  const webhooks = suiteWebhooks(t, ['checkout.session.completed', 'invoice.payment_failed']);

  it('creates the real objects behind every supported event, and each event is recorded', async () => {
    for (const event of Object.keys(FIXTURES)) {
      const io = capture();
      const code = await runCli(['trigger', event, '--api-base', t.emulator.url], io);
      expect({ event, code, stderr: io.stderr() }).toEqual({ event, code: 0, stderr: '' });
      expect(io.stdout()).toMatch(/Running fixture for: \w+\n/);
      expect(io.stdout()).toMatch(new RegExp(`Trigger succeeded! .*${event.replaceAll('.', '\\.')} \\[evt_`));
    }
    const session = (await t.stripe.checkout.sessions.list({ status: 'complete' })).data[0]!;
    expect(session).toMatchObject({ mode: 'payment', payment_status: 'paid', amount_total: 1500 });
    const failed = (await t.stripe.invoices.list({ status: 'open' })).data.find((i) => i.attempt_count > 0);
    expect(failed?.attempted).toBe(true);
    const types = (await webhooks.waitForEvents(2)).map((e) => e.type).sort();
    expect(types).toEqual(['checkout.session.completed', 'invoice.payment_failed']);
  });

  it('refuses an unknown event, listing the supported ones, and a missing one', async () => {
    const before = t.emulator.emulator.db.events.size;
    const io = capture();
    expect(await runCli(['trigger', 'customer.exploded', '--api-base', t.emulator.url], io)).toBe(2);
    expect(io.stderr()).toContain('`customer.exploded` is not supported');
    expect(io.stderr()).toContain('  checkout.session.completed\n');
    const none = capture();
    expect(await runCli(['trigger'], none)).toBe(2);
    expect(t.emulator.emulator.db.events.size).toBe(before);
    const away = capture();
    expect(await runCli(['trigger', 'customer.created', '--api-base', 'http://127.0.0.1:9'], away)).toBe(1);
    expect(away.stderr()).toContain('customer.created failed');
  });
});
