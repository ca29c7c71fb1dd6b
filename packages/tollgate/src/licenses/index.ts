// Licenses: issued by billing, signed (Ed25519) for offline verification, with activations and leases.
export { type Activation, type ActivateLicenseInput, activateLicense } from './activate.ts';
export { deactivateLicense } from './deactivate.ts';
export { type IssueLicenseInput, issueLicense } from './issue.ts';
export { getLicense, listLicenses } from './list.ts';
export { restoreLicense } from './restore.ts';
export { retireSigningKey } from './retire-key.ts';
export { revokeLicense } from './revoke.ts';
export { rotateSigningKey } from './rotate-key.ts';
export { type SettleScope, settleLicenses } from './settle.ts';
export { activeSigningKey, listSigningKeys, publishedKeys, type SigningKeyView } from './signing-key.ts';
export { type LicenseReason, type LicenseStatus, licenseStatus } from './status.ts';
export { type SweepResult, sweepLicenses } from './sweep.ts';
export { type SigningKey, signToken } from './sign.ts';
export { type LicenseSweeper, startLicenseSweeper } from './sweep-worker.ts';
export { type LicenseValidation, type ValidateLicenseInput, type ValidationCode, validateLicense } from './validate.ts';
export {
  createLicenseVerifier,
  type LicenseClaims,
  type LicenseFailure,
  type LicenseKeys,
  type LicensePublicKey,
  type LicenseVerification,
  type LicenseVerifier,
  type TokenKind,
  type VerifiedLicense,
  type VerifyLicenseOptions,
  verifyLicense,
} from './verify.ts';
export type { LicenseView } from './view.ts';
