import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { licenses } from './licenses.ts';

/**
 * A license's activations: named instances (a machine fingerprint, a
 * deployment id). At most `licenses.activation_limit` per license: every
 * writer locks the license row first (licenses/activate.ts), so concurrent
 * activations on any number of nodes count exactly.
 */
export const licenseActivations = pgTable(
  'license_activations',
  {
    id: text('id').primaryKey(),
    licenseId: text('license_id')
      .notNull()
      .references(() => licenses.id, { onDelete: 'cascade' }),
    /** The instance's own id (a fingerprint), unique per license. */
    instance: text('instance').notNull(),
    /** A label people read ("Ada's laptop"). */
    name: text('name'),
    ...createdAt(),
  },
  (t) => [uniqueIndex('license_activations_instance_idx').on(t.licenseId, t.instance)],
);
