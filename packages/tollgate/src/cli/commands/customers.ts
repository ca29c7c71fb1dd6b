import { getCustomerRecord, listCustomers } from '../../admin/list.ts';
import { appError } from '../../lib/errors.ts';
import { commonOptions, failure, limitOption, withRuntime } from '../admin.ts';
import { EXIT } from '../command.ts';
import { commandGroup, requirePositional } from '../group.ts';
import { render, table } from '../output.ts';

export const customersCommand = commandGroup('customers', 'List and inspect billing customers (from the local mirror).', { ...commonOptions, limit: { type: 'string' } }, [
  {
    name: 'list',
    summary: 'Customers, newest first.',
    usage: 'list [--limit 20] [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        const rows = await listCustomers(deps, limitOption(values));
        render(io, values.json, rows, () =>
          rows.length === 0 ? 'No customers yet.' : table(['customer', 'email', 'stripe id', 'created'], rows.map((c) => [c.externalId, c.email, c.stripeCustomerId, c.createdAt])),
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
            `Created   ${customer.createdAt.toISOString()}`,
          ].join('\n'),
        );
        return EXIT.ok;
      });
    },
  },
]);
