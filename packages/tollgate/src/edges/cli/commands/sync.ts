import { SYNC_RESOURCES, type SyncResource, syncStripe } from '../../../stripe-in/sync/sync-stripe.ts';
import { resyncObject } from '../../../stripe-in/sync/resync-object.ts';
import { commonOptions, finish, withRuntime } from '../with-runtime.ts';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { progressBar } from '../output.ts';

/** `tollgate sync`: repairs missed webhooks by paging through Stripe (resumable), or resyncs one object. */
export const syncCommand: Command = {
  name: 'sync',
  summary: 'Reconcile the local mirror with Stripe (resumable; STRIPE_SECRET_KEY).',
  usage: `tollgate sync [--only ${SYNC_RESOURCES.join(',')}] [--restart] [--id OBJECT_ID] [--json]`,
  options: { ...commonOptions, only: { type: 'string' }, restart: { type: 'boolean' }, id: { type: 'string' } },
  run: ({ values }, io) => {
    const only = typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()) : undefined;
    const unknown = only?.find((r) => !(SYNC_RESOURCES as readonly string[]).includes(r));
    if (unknown) throw new UsageError(`--only: unknown resource "${unknown}" (expected ${SYNC_RESOURCES.join(', ')})`);
    return withRuntime(io, { ...values, __command: 'sync' }, async ({ deps }) => {
      if (typeof values.id === 'string') {
        const id = values.id;
        return finish(io, 'sync', await resyncObject(deps, { id }), (result) => io.out(values.json ? JSON.stringify(result) : `Resynced ${id}.`));
      }
      const bar = progressBar('Syncing');
      const result = await syncStripe(deps, {
        ...(only ? { resources: only as SyncResource[] } : {}),
        ...(values.restart ? { restart: true } : {}),
        onProgress: (p) => bar.update(p.applied),
      });
      bar.done();
      const counts = Object.entries(result.applied)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      const retried = result.retries > 0 ? ` (${result.retries} Stripe call(s) retried)` : '';
      io.out(values.json ? JSON.stringify(result) : `Synced: ${counts}.${retried}`);
      if (result.failures.length === 0) return EXIT.ok;
      // The sweep carried on past each failure; the exit code says some were left.
      for (const f of result.failures) io.err(`tollgate sync: ${f.resource}${f.id ? ` ${f.id}` : ''}: ${f.error}`);
      io.err(`tollgate sync: ${result.failures.length} could not be applied (everything else was synced); repair one with tollgate sync --id ID`);
      return EXIT.failure;
    });
  },
};
