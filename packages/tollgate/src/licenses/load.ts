import { type SQL, sql } from 'drizzle-orm';
import { queryPrepared } from '../db/prepared.ts';
import type { Db } from '../db/connect.ts';
import { dateOrNull, type LicenseRow } from './row.ts';
import type { SourceFacts } from './status.ts';

/** A license with the billing facts its status follows and its activation count, as one read gives them. */
export interface LoadedLicense {
  license: LicenseRow;
  facts: SourceFacts | null;
  /** Instances activated. */
  used: number;
  /** Whether the instance asked about (if any) is activated. */
  activated: boolean;
}

interface Row extends Record<string, unknown> {
  id: string;
  key: string;
  signing_key_id: string;
  stripe_customer_id: string | null;
  customer_id: string | null;
  external_id: string;
  subscription_id: string | null;
  purchase_id: string | null;
  plan_key: string | null;
  product_key: string | null;
  features: unknown;
  activation_limit: number;
  status: string;
  status_reason: string | null;
  issued_at: unknown;
  expires_at: unknown;
  status_changed_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  sub_status: string | null;
  sub_plan: string | null;
  sub_past_due_since: unknown;
  sub_period_start: unknown;
  pur_status: string | null;
  pur_payment_status: string | null;
  pur_product: string | null;
  pur_refunded_at: unknown;
  used: number | string;
  activated: boolean;
}

const required = (value: unknown): Date => dateOrNull(value) ?? new Date(Number.NaN);

function licenseOf(row: Row): LicenseRow {
  return {
    id: row.id,
    key: row.key,
    signingKeyId: row.signing_key_id,
    stripeCustomerId: row.stripe_customer_id,
    customerId: row.customer_id,
    externalId: row.external_id,
    subscriptionId: row.subscription_id,
    purchaseId: row.purchase_id,
    planKey: row.plan_key,
    productKey: row.product_key,
    features: (typeof row.features === 'string' ? JSON.parse(row.features) : row.features) as string[],
    activationLimit: Number(row.activation_limit),
    status: row.status,
    statusReason: row.status_reason,
    issuedAt: required(row.issued_at),
    expiresAt: dateOrNull(row.expires_at),
    statusChangedAt: required(row.status_changed_at),
    createdAt: required(row.created_at),
    updatedAt: required(row.updated_at),
  };
}

function loaded(row: Row): LoadedLicense {
  const license = licenseOf(row);
  let facts: SourceFacts | null = null;
  if (license.subscriptionId && row.sub_status !== null) {
    facts = {
      kind: 'subscription',
      subscription: { status: row.sub_status, planKey: row.sub_plan, pastDueSince: dateOrNull(row.sub_past_due_since), currentPeriodStart: dateOrNull(row.sub_period_start) },
    };
  } else if (license.purchaseId && row.pur_status !== null) {
    facts = { kind: 'purchase', purchase: { status: row.pur_status, paymentStatus: row.pur_payment_status ?? '', productKey: row.pur_product, refundedAt: dateOrNull(row.pur_refunded_at) } };
  }
  return { license, facts, used: Number(row.used), activated: row.activated === true };
}

/**
 * Licenses with their facts, in one statement (a prepared one: `validate`
 * runs it on every call). `where` filters `licenses l`; `instance` asks
 * whether that instance is activated. `lock` takes the license rows'
 * locks (`for update of l`): activations count under it.
 */
async function select(db: Db, where: SQL, options: { instance?: string | undefined; lock?: boolean; limit?: number } = {}): Promise<LoadedLicense[]> {
  const rows = await queryPrepared<Row>(
    db,
    sql`select l.*,
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
  return rows.map(loaded);
}

/** The license whose key is `key`, or undefined. */
export async function loadLicenseByKey(db: Db, key: string, options: { instance?: string | undefined; lock?: boolean } = {}): Promise<LoadedLicense | undefined> {
  return (await select(db, sql`l.key = ${key}`, options))[0];
}

export async function loadLicenseById(db: Db, id: string): Promise<LoadedLicense | undefined> {
  return (await select(db, sql`l.id = ${id}`))[0];
}

/** Licenses, newest first, filtered by the app's customer id, (stored) status, and `where` over `licenses l` and `subscriptions s`. */
export async function loadLicenses(
  db: Db,
  filter: { externalId?: string | undefined; status?: string | undefined; where?: SQL; limit: number },
): Promise<LoadedLicense[]> {
  const where = sql`(${filter.externalId ?? null}::text is null or l.external_id = ${filter.externalId ?? null}::text)
    and (${filter.status ?? null}::text is null or l.status = ${filter.status ?? null}::text)
    and ${filter.where ?? sql`true`}`;
  return select(db, where, { limit: filter.limit });
}
