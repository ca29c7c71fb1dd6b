import { getCustomerRecord, listCustomers } from '../../../reads/operator/list.ts';
import { updateCustomer } from '../../../commands/customers/update.ts';
import { appError } from '../../../core/lib/errors.ts';
import { commonOptions, failure, finish, limitOption, withRuntime } from '../with-runtime.ts';
import { EXIT, UsageError } from '../command.ts';
import { commandGroup, requirePositional } from '../group.ts';
import { render, table } from '../output.ts';

export const customersCommand = commandGroup(
  'customers',
  "List and inspect billing customers (from the local mirror); set a customer's time zone.",
  { ...commonOptions, limit: { type: 'string' } },
  [
    {
      name: 'list',
      summary: 'Customers, newest first.',
      usage: 'list [--limit 20] [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          const rows = await listCustomers(deps, limitOption(values));
          render(io, values.json, rows, () =>
            rows.length === 0
              ? 'No customers yet.'
              : table(
                  ['customer', 'email', 'stripe id', 'created'],
                  rows.map((c) => [c.externalId, c.email, c.stripeCustomerId, c.createdAt]),
                ),
          );
          return EXIT.ok;
        }),
    },
    {
      name: 'get',
      summary: "One customer by the app's id.",
      usage: 'get <customer> [--json]',
      run: ({ values, positionals }, io) => {
        const id = requirePositional(positionals, "the app's id of the customer");
        return withRuntime(io, values, async ({ deps }) => {
          const customer = await getCustomerRecord(deps, { externalId: id });
          if (!customer) return failure(io, 'customers get', appError('customer_not_found', `no customer "${id}"`));
          render(io, values.json, customer, () =>
            [
              `Customer  ${customer.externalId ?? '-'}`,
              `Email     ${customer.email ?? '-'}`,
              `Name      ${customer.name ?? '-'}`,
              `Stripe    ${customer.stripeCustomerId ?? '-'}`,
              `Time zone ${customer.timeZone ?? 'UTC (not set)'}`,
              `Created   ${customer.createdAt.toISOString()}`,
            ].join('\n'),
          );
          return EXIT.ok;
        });
      },
    },
    {
      name: 'set-time-zone',
      summary: "Set the zone of the customer's calendar usage windows (UTC or an IANA name); in effect at once.",
      usage: 'set-time-zone <customer> <zone> [--json]',
      run: ({ values, positionals }, io) => {
        const id = requirePositional(positionals, "the app's id of the customer");
        const zone = positionals[1];
        if (zone === undefined) throw new UsageError('expected a time zone: UTC or an IANA name such as Europe/Paris');
        return withRuntime(io, values, async ({ deps }) =>
          finish(
            io,
            'customers set-time-zone',
            await updateCustomer(deps, { customer: id, timeZone: zone }),
            ({ customer: { raw: _raw, sourceAt: _s, ...customer }, previousTimeZone }) =>
              render(
                io,
                values.json,
                { customer, previousTimeZone },
                () => `Time zone of ${id}: ${customer.timeZone ?? 'UTC'} (was ${previousTimeZone ?? 'UTC, not set'}), in effect now.`,
              ),
          ),
        );
      },
    },
  ],
);
