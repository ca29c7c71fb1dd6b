import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/keys.ts';
import { flag, positional, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing } from '../output.ts';

export const keysCommand = commandGroup('keys', 'Create, list and revoke secret API keys (tg_sk_...).', [
  subcommand({
    name: 'create',
    summary: 'Create a key; it is shown once and stored hashed.',
    usage: 'create [--name NAME] [--json]',
    flags: { name: text('name', 'default') },
    run: createApiKey,
    show: (key) =>
      [`Created API key ${key.id} (${key.name}).`, '', `  ${key.key}`, '', 'Copy it now: it is stored hashed and cannot be shown again.'].join('\n'),
  }),
  subcommand({
    name: 'list',
    summary: 'List active keys (--all includes revoked ones).',
    usage: 'list [--all] [--json]',
    flags: { includeRevoked: flag('all') },
    read: listApiKeys,
    show: listing('No API keys. Create one with: tollgate keys create --name backend', ['id', 'name', 'prefix', 'created', 'revoked'], (k) => [
      k.id,
      k.name,
      `${k.prefix}...`,
      k.createdAt,
      k.revokedAt,
    ]),
  }),
  subcommand({
    name: 'revoke',
    summary: 'Revoke a key by id; refused at once by this process, by running servers within TOLLGATE_KEY_CACHE_SECONDS (default 5).',
    usage: 'revoke <key_id> [--json]',
    flags: { id: positional(0, 'the id of the key to revoke (tollgate keys list)') },
    run: revokeApiKey,
    show: (key) => `Revoked ${key.id} (${key.name}).`,
  }),
]);
