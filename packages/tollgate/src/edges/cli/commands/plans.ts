import { formatMoney, money } from '../../../core/lib/money.ts';
import { migratePlan } from '../../../commands/plans/migrate.ts';
import { previewPlanMigration } from '../../../commands/plans/preview-migration.ts';
import { commonOptions, failure, withRuntime } from '../with-runtime.ts';
import { EXIT, UsageError } from '../command.ts';
import { commandGroup, requirePositional, requireString } from '../group.ts';
import { progressBar, render, table } from '../output.ts';

const amount = (minor: number, currency: string) => formatMoney(money(minor, currency));
const signed = (minor: number, currency: string) => (minor > 0 ? `+${amount(minor, currency)}` : amount(minor, currency));

function rate(values: Record<string, unknown>): { ratePerSecond?: number } {
  if (values.rate === undefined) return {};
  const value = Number(values.rate);
  if (!Number.isFinite(value) || value <= 0 || value > 100) throw new UsageError('--rate must be a number of subscribers per second from 0 to 100');
  return { ratePerSecond: value };
}

/** Ctrl-C stops before the next subscriber; running the command again resumes. */
function interruptible<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  return body(controller.signal).finally(() => process.off('SIGINT', stop));
}

export const plansCommand = commandGroup(
  'plans',
  'Move subscribers between plan versions (grandfathered prices), with a dry run first.',
  { ...commonOptions, from: { type: 'string' }, to: { type: 'string' }, at: { type: 'string' }, 'dry-run': { type: 'boolean' }, rate: { type: 'string' } },
  [
    {
      name: 'migrate',
      summary:
        "Move a plan version's subscribers to another version: --dry-run lists each with the prorated preview and the MRR change; the run resumes where it stopped.",
      usage: 'migrate PLAN --from v1 --to v2 [--at period_end|now] [--dry-run] [--rate 5] [--json]',
      run: ({ values, positionals }, io) => {
        const input = {
          plan: requirePositional(positionals, 'a plan key'),
          from: requireString(values, 'from'),
          to: requireString(values, 'to'),
          at: values.at ?? 'period_end',
        };
        const pace = rate(values);
        const command = 'plans migrate';
        return withRuntime(io, values, async ({ deps }) => {
          const bar = progressBar(values['dry-run'] ? 'Previewing' : 'Migrating');
          const onProgress = (p: { done: number; total: number }) => bar.update(p.done, p.total);
          if (values['dry-run']) {
            const preview = await interruptible((signal) => previewPlanMigration(deps, input, { ...pace, onProgress, signal }));
            bar.done();
            if (!preview.ok) return failure(io, command, preview.error);
            const p = preview.value;
            render(io, values.json, p, () => {
              const rows = p.customers.map((c) => [
                c.customer,
                c.subscription,
                amount(c.prorationAmount, c.currency),
                amount(c.amountDue, c.currency),
                signed(c.mrrChange, c.currency),
                c.error ?? '',
              ]);
              const totals = p.totals.map(
                (t) => `MRR ${amount(t.mrrBefore, t.currency)} -> ${amount(t.mrrAfter, t.currency)} (${signed(t.mrrChange, t.currency)})`,
              );
              return [
                `Dry run: ${p.customers.length} subscriber(s) of ${p.spec.plan} v${p.spec.from} -> v${p.spec.to} at ${p.spec.at}. Nothing was changed.`,
                ...(rows.length > 0 ? [table(['customer', 'subscription', 'proration', 'amount due', 'mrr change', 'error'], rows)] : []),
                ...totals,
              ].join('\n');
            });
            return p.failed > 0 ? EXIT.failure : EXIT.ok;
          }
          const run = await interruptible((signal) => migratePlan(deps, input, { ...pace, onProgress, signal }));
          bar.done();
          if (!run.ok) return failure(io, command, run.error);
          const r = run.value;
          render(io, values.json, r, () =>
            [
              `${r.resumed ? 'Resumed' : 'Started'} migration ${r.migrationId}: ${r.moved}/${r.total} subscriber(s) of ${r.spec.plan} moved to v${r.spec.to} (at ${r.spec.at}).`,
              ...(r.interrupted ? ['Interrupted: run the same command again to resume.'] : []),
            ].join('\n'),
          );
          for (const f of r.failures) io.err(`tollgate ${command}: ${f.customer} (${f.subscription}): ${f.error}`);
          if (r.failures.length > 0)
            io.err(`tollgate ${command}: ${r.failures.length} failed (the others were moved); run the same command again to retry them`);
          return r.failures.length > 0 || r.interrupted ? EXIT.failure : EXIT.ok;
        });
      },
    },
  ],
);
