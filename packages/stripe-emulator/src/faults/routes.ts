import { invalidRequest } from '../errors.ts';
import type { Emulator } from '../core/emulator.ts';
import { collections } from '../core/db.ts';
import { p, parseShape } from '../core/params.ts';
import type { Router } from '../core/router.ts';
import { indexPage } from '../hosted/index-page.ts';
import { html } from '../hosted/layout.ts';
import { type FaultSettings, faultsOf } from './faults.ts';

const faultShape = {
  rate: p.decimal(),
  kinds: p.arr(p.enum(['rate_limit', 'server_error', 'drop', 'latency'])),
  paths: p.arr(p.string({ nonEmpty: true })),
  latency_ms: p.int({ min: 0, max: 120_000 }),
  webhooks: p.obj({ duplicate_rate: p.decimal(), shuffle_window_ms: p.int({ min: 0, max: 600_000 }), delay_ms: p.int({ min: 0, max: 3_600_000 }) }),
};
export type FaultInput = ReturnType<typeof parseFaultInput>;

function rate(value: string | undefined, param: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw invalidRequest(`Invalid ${param}: must be between 0 and 1.`, param);
  return n;
}

export function parseFaultInput(body: unknown) {
  return parseShape(faultShape, body);
}

/** Merges control-endpoint input into the current settings (unspecified fields keep their values). */
export function applyFaultInput(current: FaultSettings, input: FaultInput): FaultSettings {
  return {
    rate: rate(input.rate, 'rate', current.rate),
    kinds: input.kinds ?? current.kinds,
    paths: input.paths ?? current.paths,
    latencyMs: input.latency_ms ?? current.latencyMs,
    webhooks: {
      duplicateRate: rate(input.webhooks?.duplicate_rate, 'webhooks[duplicate_rate]', current.webhooks.duplicateRate),
      shuffleWindowMs: input.webhooks?.shuffle_window_ms ?? current.webhooks.shuffleWindowMs,
      delayMs: input.webhooks?.delay_ms ?? current.webhooks.delayMs,
    },
  };
}

/** Empties every collection, forgets idempotency keys, turns faults off and forgets scheduled webhook deliveries. */
export function resetEmulator(em: Emulator): void {
  for (const collection of collections(em.db)) collection.load([]);
  em.idempotency.clear();
  // Persistence (--data) saves when the log's version moves.
  em.db.log.changed();
  faultsOf(em).reset();
}

/** `/_emulator/...` control routes (fault injection, reset) and the inspection page at `/`. */
export function emulatorControlRoutes(r: Router, em: Emulator): void {
  const faults = faultsOf(em);
  em.hooks.webhookSchedule.push((event, send) => faults.scheduleWebhook(event, send));
  em.hooks.requestFault.push((_method, path) => faults.forRequest(path));
  r.get('/', ({ em }) => html(indexPage(em, faults)), { public: true });
  r.get('/_emulator/faults', () => ({ object: 'emulator.faults', settings: faults.settings, injected: faults.injected }));
  r.post('/_emulator/faults', ({ body }) => {
    faults.configure(applyFaultInput(faults.settings, parseFaultInput(body)));
    return { object: 'emulator.faults', settings: faults.settings, injected: faults.injected };
  });
  r.delete('/_emulator/faults', () => {
    faults.reset();
    return { object: 'emulator.faults', settings: faults.settings, injected: faults.injected };
  });
  r.post('/_emulator/reset', ({ em }) => {
    resetEmulator(em);
    return { object: 'emulator.reset', reset: true };
  });
}
