import { formatMoney, money } from '../../../core/lib/money.ts';
import { migratePlan } from '../../../commands/plans/migrate.ts';
import { previewPlanMigration } from '../../../commands/plans/preview-migration.ts';
import { failure, withRuntime } from '../with-runtime.ts';
import { EXIT, UsageError } from '../command.ts';
import { type Flag, flag, flagOptions, positional, readFlags, required, text } from '../flags.ts';
import { commandGroup } from '../group.ts';
import { progressBar, render, table } from '../output.ts';

const amount = (minor: number, currency: string) => formatMoney(money(minor, currency));
const signed = (minor: number, currency: string) => (minor > 0 ? `+${amount(minor, currency)}` : amount(minor, currency));

/** `--rate N`: subscribers per second. */
const rate: Flag<number | undefined> = {
  option: { name: 'rate', type: 'string' },
  read: ({ values }) => {
    if (values.rate === undefined) return undefined;
    const value = Number(values.rate);
    if (!Number.isFinite(value) || value <= 0 || value > 100) throw new UsageError('--rate must be a number of subscribers per second from 0 to 100');
    return value;
  },
};

/** The migration's input (the operations' schema checks it), then how to run it. */
const flags = {
  plan: positional(0, 'a plan key'),
  from: required('from'),
  to: required('to'),
  at: text('at', 'period_end'),
  ratePerSecond: rate,
  dryRun: flag('dry-run'),
};

/** Ctrl-C stops before the next subscriber; running the command again resumes. */
function interruptible<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  return body(controller.signal).finally(() => process.off('SIGINT', stop));
}

export const plansCommand = commandGroup('plans', 'Move subscribers between plan versions (grandfathered prices), with a dry run first.', [
  {
    name: 'migrate',
    summary:
      "Move a plan version's subscribers to another version: --dry-run lists each with the prorated preview and the MRR change; the run resumes where it stopped.",
    usage: 'migrate PLAN --from v1 --to v2 [--at period_end|now] [--dry-run] [--rate 5] [--json]',
    options: flagOptions(flags),
    run: (args, io) => {
      const { ratePerSecond, dryRun, ...input } = readFlags(flags, args);
      const { values } = args;
      const pace = ratePerSecond === undefined ? {} : { ratePerSecond };
      const command = 'plans migrate';
      return withRuntime(io, values, async ({ deps }) => {
        const bar = progressBar(dryRun ? 'Previewing' : 'Migrating');
        const onProgress = (p: { done: number; total: number }) => bar.update(p.done, p.total);
        if (dryRun) {
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
        if (r.failures.length > 0) io.err(`tollgate ${command}: ${r.failures.length} failed (the others were moved); run the same command again to retry them`);
        return r.failures.length > 0 || r.interrupted ? EXIT.failure : EXIT.ok;
      });
    },
  },
]);
