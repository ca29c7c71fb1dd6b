import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/keys.ts';
import { commonOptions, finish, withRuntime } from '../with-runtime.ts';
import { EXIT } from '../command.ts';
import { commandGroup, requirePositional } from '../group.ts';
import { render, table } from '../output.ts';

export const keysCommand = commandGroup(
  'keys',
  'Create, list and revoke secret API keys (tg_sk_...).',
  { ...commonOptions, name: { type: 'string' }, all: { type: 'boolean' } },
  [
    {
      name: 'create',
      summary: 'Create a key; it is shown once and stored hashed.',
      usage: 'create [--name NAME] [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          const created = await createApiKey(deps, { name: typeof values.name === 'string' ? values.name : 'default' });
          return finish(io, 'keys create', created, (key) =>
            render(io, values.json, key, () =>
              [`Created API key ${key.id} (${key.name}).`, '', `  ${key.key}`, '', 'Copy it now: it is stored hashed and cannot be shown again.'].join('\n'),
            ),
          );
        }),
    },
    {
      name: 'list',
      summary: 'List active keys (--all includes revoked ones).',
      usage: 'list [--all] [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          const keys = await listApiKeys(deps, { includeRevoked: Boolean(values.all) });
          render(io, values.json, keys, () =>
            keys.length === 0
              ? 'No API keys. Create one with: tollgate keys create --name backend'
              : table(
                  ['id', 'name', 'prefix', 'created', 'revoked'],
                  keys.map((k) => [k.id, k.name, `${k.prefix}...`, k.createdAt, k.revokedAt]),
                ),
          );
          return EXIT.ok;
        }),
    },
    {
      name: 'revoke',
      summary: 'Revoke a key by id; refused at once by this process, by running servers within TOLLGATE_KEY_CACHE_SECONDS (default 5).',
      usage: 'revoke <key_id> [--json]',
      run: ({ values, positionals }, io) => {
        const id = requirePositional(positionals, 'the id of the key to revoke (tollgate keys list)');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'keys revoke', await revokeApiKey(deps, { id }), (key) => render(io, values.json, key, () => `Revoked ${key.id} (${key.name}).`)),
        );
      },
    },
  ],
);
