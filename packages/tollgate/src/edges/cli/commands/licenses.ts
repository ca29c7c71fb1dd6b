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
import { commonOptions, finish, limitOption, withRuntime } from '../with-runtime.ts';
import { EXIT, UsageError } from '../command.ts';
import { commandGroup, requirePositional } from '../group.ts';
import { render, table } from '../output.ts';

const STATUSES = ['active', 'suspended', 'revoked', 'expired'];

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
  { ...commonOptions, limit: { type: 'string' }, customer: { type: 'string' }, status: { type: 'string' }, feature: { type: 'string', multiple: true } },
  [
    {
      name: 'list',
      summary: 'Licenses, newest first, with their status as of now.',
      usage: 'list [--customer ID] [--status active|suspended|revoked|expired] [--limit 20] [--json]',
      run: ({ values }, io) => {
        const status = values.status;
        if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status)))
          throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
        const customer = typeof values.customer === 'string' ? values.customer : undefined;
        return withRuntime(io, values, async ({ deps }) => {
          const rows = await listLicenses(deps, { ...limitOption(values), ...(customer ? { customer } : {}), ...(status ? { status } : {}) });
          render(io, values.json, rows, () =>
            rows.length === 0
              ? 'No licenses.'
              : table(
                  ['license', 'customer', 'grant', 'status', 'activations', 'issued'],
                  rows.map((l) => [
                    l.id,
                    l.customer,
                    l.plan ?? l.product,
                    l.reason ? `${l.status} (${l.reason})` : l.status,
                    `${l.activations.used}/${l.activations.limit}`,
                    l.issuedAt,
                  ]),
                ),
          );
          return EXIT.ok;
        });
      },
    },
    {
      name: 'get',
      summary: 'One license with its key and activations.',
      usage: 'get <license id> [--json]',
      run: ({ values, positionals }, io) => {
        const id = requirePositional(positionals, 'a license id (lic_...)');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'licenses get', await getLicense(deps, { id }), (license) =>
            render(io, values.json, license, () =>
              [
                describeLicense(license),
                ...license.activationList.map((a) => `  activated  ${a.instance}${a.name ? ` (${a.name})` : ''} at ${a.createdAt.toISOString()}`),
              ].join('\n'),
            ),
          ),
        );
      },
    },
    {
      name: 'revoke',
      summary: 'Revoke a license now (license.revoked); billing never brings it back, restore does.',
      usage: 'revoke <license id> [--json]',
      run: ({ values, positionals }, io) => {
        const id = requirePositional(positionals, 'a license id (lic_...)');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'licenses revoke', await revokeLicense(deps, { id }), (license) =>
            render(io, values.json, license, () => `Revoked ${license.id} (${license.customer}).`),
          ),
        );
      },
    },
    {
      name: 'restore',
      summary: "Undo an operator's revocation: the license takes the status billing gives it.",
      usage: 'restore <license id> [--json]',
      run: ({ values, positionals }, io) => {
        const id = requirePositional(positionals, 'a license id (lic_...)');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'licenses restore', await restoreLicense(deps, { id }), (license) =>
            render(
              io,
              values.json,
              license,
              () => `Restored ${license.id} (${license.customer}): ${license.status}${license.reason ? ` (${license.reason})` : ''}.`,
            ),
          ),
        );
      },
    },
    {
      name: 'verify',
      summary: 'Verify a license key or lease offline with the published public keys (exit 1 when refused); a license key is also looked up.',
      usage: 'verify <token> [--feature NAME ...] [--json]',
      run: ({ values, positionals }, io) => {
        const token = requirePositional(positionals, 'a license key or lease (tg_lic.... or tg_lease....)');
        const features = Array.isArray(values.feature) ? values.feature.filter((f): f is string => typeof f === 'string') : [];
        return withRuntime(io, values, async ({ deps }) => {
          const now = deps.clock.now();
          const verification = await verifyLicense(token, { keys: await publishedKeys(deps), now, features });
          const stored = await loadLicenseByKey(deps.db, token);
          const online = stored ? licenseStatus(deps.config, stored.license, stored.facts, now) : null;
          render(io, values.json, { ...verification, online }, () => {
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
            if (online) lines.push(`  online status: ${online.status}${online.reason ? ` (${online.reason})` : ''}`);
            return lines.join('\n');
          });
          return verification.valid ? EXIT.ok : EXIT.failure;
        });
      },
    },
    {
      name: 'keys',
      summary: 'The signing keys (public halves; the first is made if none exists yet): give apps the active and verifying ones.',
      usage: 'keys [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          await activeSigningKey(deps);
          const keys = await listSigningKeys(deps);
          render(io, values.json, keys, () =>
            table(
              ['kid', 'status', 'public key (Ed25519, base64url)', 'created'],
              keys.map((k) => [k.kid, k.status, k.publicKey, k.createdAt]),
            ),
          );
          return EXIT.ok;
        }),
    },
    {
      name: 'rotate',
      summary: 'A new key signs from now on; the previous one keeps verifying until retired.',
      usage: 'rotate [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) =>
          finish(io, 'licenses rotate', await rotateSigningKey(deps), (r) =>
            render(
              io,
              values.json,
              r,
              () => `Signing with ${r.active.kid} (public key ${r.active.publicKey})${r.previous ? `; ${r.previous} keeps verifying until retired` : ''}.`,
            ),
          ),
        ),
    },
    {
      name: 'retire',
      summary: 'Retire a key that no longer signs: what it signed stops verifying offline.',
      usage: 'retire <kid> [--json]',
      run: ({ values, positionals }, io) => {
        const kid = requirePositional(positionals, 'a signing key id (lsk_...)');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'licenses retire', await retireSigningKey(deps, { kid }), (k) => render(io, values.json, k, () => `Retired ${k.kid}.`)),
        );
      },
    },
  ],
);
