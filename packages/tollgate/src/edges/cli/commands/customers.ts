import { getCustomerRecord, listCustomers } from '../../../reads/operator/list.ts';
import { updateCustomer } from '../../../commands/customers/update.ts';
import { appError } from '../../../core/lib/errors.ts';
import { err, ok } from '../../../core/lib/result.ts';
import { limit, positional } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing } from '../output.ts';

const customer = positional(0, "the app's id of the customer");

export const customersCommand = commandGroup('customers', "List and inspect billing customers (from the local mirror); set a customer's time zone.", [
  subcommand({
    name: 'list',
    summary: 'Customers, newest first.',
    usage: 'list [--limit 20] [--json]',
    flags: { limit: limit() },
    read: listCustomers,
    show: listing('No customers yet.', ['customer', 'email', 'stripe id', 'created'], (c) => [c.externalId, c.email, c.stripeCustomerId, c.createdAt]),
  }),
  subcommand({
    name: 'get',
    summary: "One customer by the app's id.",
    usage: 'get <customer> [--json]',
    flags: { externalId: customer },
    run: async (deps, { externalId }) => {
      const found = await getCustomerRecord(deps, { externalId });
      return found ? ok(found) : err(appError('customer_not_found', `no customer "${externalId}"`));
    },
    show: (c) =>
      [
        `Customer  ${c.externalId ?? '-'}`,
        `Email     ${c.email ?? '-'}`,
        `Name      ${c.name ?? '-'}`,
        `Stripe    ${c.stripeCustomerId ?? '-'}`,
        `Time zone ${c.timeZone ?? 'UTC (not set)'}`,
        `Created   ${c.createdAt.toISOString()}`,
      ].join('\n'),
  }),
  subcommand({
    name: 'set-time-zone',
    summary: "Set the zone of the customer's calendar usage windows (UTC or an IANA name); in effect at once.",
    usage: 'set-time-zone <customer> <zone> [--json]',
    flags: { customer, timeZone: positional(1, 'a time zone: UTC or an IANA name such as Europe/Paris') },
    run: updateCustomer,
    json: ({ customer: { raw: _raw, sourceAt: _s, ...rest }, previousTimeZone }) => ({ customer: rest, previousTimeZone }),
    show: ({ customer: updated, previousTimeZone }, { customer: id }) =>
      `Time zone of ${id}: ${updated.timeZone ?? 'UTC'} (was ${previousTimeZone ?? 'UTC, not set'}), in effect now.`,
  }),
]);
