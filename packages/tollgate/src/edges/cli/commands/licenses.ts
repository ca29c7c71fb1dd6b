import { getLicense, listLicenses } from '../../../licenses/list.ts';
import { loadLicenseByKey } from '../../../licenses/load.ts';
import { restoreLicense } from '../../../licenses/restore.ts';
import { retireSigningKey } from '../../../licenses/retire-key.ts';
import { revokeLicense } from '../../../licenses/revoke.ts';
import { rotateSigningKey } from '../../../licenses/rotate-key.ts';
import { activeSigningKey, listSigningKeys, publishedKeys } from '../../../licenses/signing-key.ts';
import { licenseStatus } from '../../../licenses/status.ts';
import { verifyLicense } from '../../../licenses/verify.ts';
import type { LicenseView } from '../../../licenses/view.ts';
import { ok } from '../../../core/lib/result.ts';
import { EXIT } from '../command.ts';
import { choice, limit, positional, repeated, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing, table } from '../output.ts';

const STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
const licenseId = positional(0, 'a license id (lic_...)');

function describeLicense(l: LicenseView): string {
  return [
    `License     ${l.id}`,
    `Status      ${l.status}${l.reason ? ` (${l.reason})` : ''}`,
    `Customer    ${l.customer}`,
    `Grant       ${l.plan ? `plan ${l.plan}` : `product ${l.product ?? '-'}`}`,
    `Features    ${l.features.join(', ') || '-'}`,
    `Activations ${l.activations.used} of ${l.activations.limit}`,
    `Issued      ${l.issuedAt.toISOString()}`,
    `Expires     ${l.expiresAt?.toISOString() ?? 'never (follows billing)'}`,
    `Source      ${l.subscriptionId ?? l.purchaseId ?? '-'}`,
    `Key         ${l.key ?? '-'}`,
  ].join('\n');
}

export const licensesCommand = commandGroup(
  'licenses',
  'Licenses issued by billing (from the local database): list, inspect, revoke, restore, verify a token offline; signing keys.',
  [
    subcommand({
      name: 'list',
      summary: 'Licenses, newest first, with their status as of now.',
      usage: 'list [--customer ID] [--status active|suspended|revoked|expired] [--limit 20] [--json]',
      flags: { status: choice('status', STATUSES, `--status must be one of ${STATUSES.join(', ')}`), customer: text('customer'), limit: limit() },
      read: listLicenses,
      show: listing('No licenses.', ['license', 'customer', 'grant', 'status', 'activations', 'issued'], (l) => [
        l.id,
        l.customer,
        l.plan ?? l.product,
        l.reason ? `${l.status} (${l.reason})` : l.status,
        `${l.activations.used}/${l.activations.limit}`,
        l.issuedAt,
      ]),
    }),
    subcommand({
      name: 'get',
      summary: 'One license with its key and activations.',
      usage: 'get <license id> [--json]',
      flags: { id: licenseId },
      run: getLicense,
      show: (license) =>
        [
          describeLicense(license),
          ...license.activationList.map((a) => `  activated  ${a.instance}${a.name ? ` (${a.name})` : ''} at ${a.createdAt.toISOString()}`),
        ].join('\n'),
    }),
    subcommand({
      name: 'revoke',
      summary: 'Revoke a license now (license.revoked); billing never brings it back, restore does.',
      usage: 'revoke <license id> [--json]',
      flags: { id: licenseId },
      run: revokeLicense,
      show: (license) => `Revoked ${license.id} (${license.customer}).`,
    }),
    subcommand({
      name: 'restore',
      summary: "Undo an operator's revocation: the license takes the status billing gives it.",
      usage: 'restore <license id> [--json]',
      flags: { id: licenseId },
      run: restoreLicense,
      show: (license) => `Restored ${license.id} (${license.customer}): ${license.status}${license.reason ? ` (${license.reason})` : ''}.`,
    }),
    subcommand({
      name: 'verify',
      summary: 'Verify a license key or lease offline with the published public keys (exit 1 when refused); a license key is also looked up.',
      usage: 'verify <token> [--feature NAME ...] [--json]',
      flags: { token: positional(0, 'a license key or lease (tg_lic.... or tg_lease....)'), features: repeated('feature') },
      run: async (deps, { token, features = [] }) => {
        const now = deps.clock.now();
        const verification = await verifyLicense(token, { keys: await publishedKeys(deps), now, features });
        const stored = await loadLicenseByKey(deps.db, token);
        const online = stored ? licenseStatus(deps.config, stored.license, stored.facts, now) : null;
        return ok({ ...verification, online });
      },
      show: (verification) => {
        const lines = verification.valid
          ? [
              `Valid ${verification.license.kind} ${verification.license.licenseId} for ${verification.license.customer} (signed by ${verification.license.keyId})`,
            ]
          : [`Refused: ${verification.reason}: ${verification.message}`];
        const l = verification.license;
        if (l)
          lines.push(
            `  grant ${l.plan ? `plan ${l.plan}` : `product ${l.product ?? '-'}`}; features ${l.features.join(', ') || '-'}; activations ${l.activationLimit}; expires ${l.expiresAt?.toISOString() ?? 'never'}`,
          );
        const { online } = verification;
        if (online) lines.push(`  online status: ${online.status}${online.reason ? ` (${online.reason})` : ''}`);
        return lines.join('\n');
      },
      exit: (verification) => (verification.valid ? EXIT.ok : EXIT.failure),
    }),
    subcommand({
      name: 'keys',
      summary: 'The signing keys (public halves; the first is made if none exists yet): give apps the active and verifying ones.',
      usage: 'keys [--json]',
      flags: {},
      read: async (deps) => {
        await activeSigningKey(deps);
        return listSigningKeys(deps);
      },
      show: (keys) =>
        table(
          ['kid', 'status', 'public key (Ed25519, base64url)', 'created'],
          keys.map((k) => [k.kid, k.status, k.publicKey, k.createdAt]),
        ),
    }),
    subcommand({
      name: 'rotate',
      summary: 'A new key signs from now on; the previous one keeps verifying until retired.',
      usage: 'rotate [--json]',
      flags: {},
      run: (deps) => rotateSigningKey(deps),
      show: (r) => `Signing with ${r.active.kid} (public key ${r.active.publicKey})${r.previous ? `; ${r.previous} keeps verifying until retired` : ''}.`,
    }),
    subcommand({
      name: 'retire',
      summary: 'Retire a key that no longer signs: what it signed stops verifying offline.',
      usage: 'retire <kid> [--json]',
      flags: { kid: positional(0, 'a signing key id (lsk_...)') },
      run: retireSigningKey,
      show: (k) => `Retired ${k.kid}.`,
    }),
  ],
);
