import { type SQL, sql } from 'drizzle-orm';
import { queryPrepared } from '../core/db/sql.ts';
import type { Db } from '../core/db/connect.ts';
import { dateOrNull, type LicenseRow } from './row.ts';
import type { LicenseCore, LoadedLicense } from './loaded.ts';
import type { SourceFacts } from './status.ts';

export type { LicenseCore, LoadedLicense };

type Row = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));
const required = (value: unknown): Date => dateOrNull(value) ?? new Date(Number.NaN);

function coreOf(row: Row): LicenseCore {
  return {
    id: str(row.id),
    key: str(row.key),
    externalId: str(row.external_id),
    subscriptionId: strOrNull(row.subscription_id),
    purchaseId: strOrNull(row.purchase_id),
    planKey: strOrNull(row.plan_key),
    productKey: strOrNull(row.product_key),
    features: (typeof row.features === 'string' ? JSON.parse(row.features) : row.features) as string[],
    activationLimit: Number(row.activation_limit),
    status: str(row.status),
    statusReason: strOrNull(row.status_reason),
    issuedAt: required(row.issued_at),
    expiresAt: dateOrNull(row.expires_at),
  };
}

function fullOf(row: Row): LicenseRow {
  return {
    ...coreOf(row),
    signingKeyId: str(row.signing_key_id),
    stripeCustomerId: strOrNull(row.stripe_customer_id),
    customerId: strOrNull(row.customer_id),
    statusChangedAt: required(row.status_changed_at),
    createdAt: required(row.created_at),
    updatedAt: required(row.updated_at),
  };
}

function factsOf(license: LicenseCore, row: Row): SourceFacts | null {
  if (license.subscriptionId && row.sub_status !== null) {
    return {
      kind: 'subscription',
      subscription: {
        status: str(row.sub_status),
        planKey: strOrNull(row.sub_plan),
        pastDueSince: dateOrNull(row.sub_past_due_since),
        currentPeriodStart: dateOrNull(row.sub_period_start),
      },
    };
  }
  if (license.purchaseId && row.pur_status !== null) {
    return {
      kind: 'purchase',
      purchase: {
        status: str(row.pur_status),
        paymentStatus: strOrNull(row.pur_payment_status) ?? '',
        productKey: strOrNull(row.pur_product),
        refundedAt: dateOrNull(row.pur_refunded_at),
      },
    };
  }
  return null;
}

// The hot path (validate) reads only the columns it uses: every column costs the driver a parser per row.
const CORE = sql.raw(
  'l.id, l.key, l.external_id, l.subscription_id, l.purchase_id, l.plan_key, l.product_key, l.features, l.activation_limit, l.status, l.status_reason, l.issued_at, l.expires_at',
);
const FULL = sql.raw('l.*');

/**
 * Licenses with their facts, in one statement (a prepared one: `validate`
 * runs it on every call). `where` filters `licenses l` (and may read
 * `subscriptions s`); `instance` asks whether that instance is activated;
 * `lock` takes the license rows' locks (`for update of l`): activations
 * count under it.
 */
async function select(db: Db, columns: SQL, where: SQL, options: { instance?: string | undefined; lock?: boolean; limit?: number }): Promise<Row[]> {
  return queryPrepared<Row>(
    db,
    sql`select ${columns},
        s.status as sub_status, s.plan_key as sub_plan, s.past_due_since as sub_past_due_since, s.current_period_start as sub_period_start,
        p.status as pur_status, p.payment_status as pur_payment_status, p.product_key as pur_product, p.refunded_at as pur_refunded_at,
        (select count(*) from license_activations a where a.license_id = l.id)::int as used,
        exists(select 1 from license_activations a where a.license_id = l.id and a.instance = ${options.instance ?? null}::text) as activated
      from licenses l
      left join subscriptions s on s.id = l.subscription_id
      left join purchases p on p.id = l.purchase_id
      where ${where}
      order by l.id desc
      limit ${options.limit ?? 1}
      ${options.lock ? sql`for update of l` : sql``}`,
  );
}

function loadedCore(row: Row): LoadedLicense {
  const license = coreOf(row);
  return { license, facts: factsOf(license, row), used: Number(row.used), activated: row.activated === true };
}

function loadedFull(row: Row): LoadedLicense<LicenseRow> {
  const license = fullOf(row);
  return { license, facts: factsOf(license, row), used: Number(row.used), activated: row.activated === true };
}

/** The license whose key is `key`, or undefined. */
export async function loadLicenseByKey(
  db: Db,
  key: string,
  options: { instance?: string | undefined; lock?: boolean } = {},
): Promise<LoadedLicense | undefined> {
  const [row] = await select(db, CORE, sql`l.key = ${key}`, options);
  return row ? loadedCore(row) : undefined;
}

/** The license with id `id`, whole (a write follows: revoke, restore). */
export async function loadLicenseById(db: Db, id: string): Promise<LoadedLicense<LicenseRow> | undefined> {
  const [row] = await select(db, FULL, sql`l.id = ${id}`, {});
  return row ? loadedFull(row) : undefined;
}

/** Licenses, newest first, whole, filtered by the app's customer id, (stored) status, and `where` over `licenses l` and `subscriptions s`. */
export async function loadLicenses(
  db: Db,
  filter: { externalId?: string | undefined; status?: string | undefined; where?: SQL; limit: number },
): Promise<LoadedLicense<LicenseRow>[]> {
  const where = sql`(${filter.externalId ?? null}::text is null or l.external_id = ${filter.externalId ?? null}::text)
    and (${filter.status ?? null}::text is null or l.status = ${filter.status ?? null}::text)
    and ${filter.where ?? sql`true`}`;
  return (await select(db, FULL, where, { limit: filter.limit })).map(loadedFull);
}
