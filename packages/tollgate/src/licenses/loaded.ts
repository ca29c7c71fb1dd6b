import type { LicenseRow } from './row.ts';
import type { SourceFacts } from './status.ts';

/** What reads of a license (validate, activate, views) need: the row without its bookkeeping. */
export type LicenseCore = Pick<
  LicenseRow,
  | 'id'
  | 'key'
  | 'externalId'
  | 'subscriptionId'
  | 'purchaseId'
  | 'planKey'
  | 'productKey'
  | 'features'
  | 'activationLimit'
  | 'status'
  | 'statusReason'
  | 'issuedAt'
  | 'expiresAt'
>;

/** A license with the billing facts its status follows and its activation count, as one read gives them. */
export interface LoadedLicense<L extends LicenseCore = LicenseCore> {
  license: L;
  facts: SourceFacts | null;
  /** Instances activated. */
  used: number;
  /** Whether the instance asked about (if any) is activated. */
  activated: boolean;
}
