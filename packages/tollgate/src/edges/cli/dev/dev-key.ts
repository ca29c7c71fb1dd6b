import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureApiKey, isSecretKeyShaped, SECRET_KEY_PREFIX } from '../../auth/keys.ts';
import type { Deps } from '../../../core/lib/deps.ts';
import { ConfigError } from '../../../core/lib/errors.ts';

/**
 * The key `tollgate dev` accepts: TOLLGATE_API_KEY when set, otherwise one made
 * on first start and kept in `.tollgate/dev-api-key` (a local development
 * convenience so it can be printed again; `serve` never does this).
 */
export async function devApiKey(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, file: string, fromEnv: string | undefined): Promise<string> {
  let key = fromEnv;
  if (key !== undefined && key !== '') {
    if (!isSecretKeyShaped(key)) throw new ConfigError('TOLLGATE_API_KEY must look like tg_sk_ followed by 20 to 100 letters, digits, - or _');
  } else {
    key = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (!isSecretKeyShaped(key)) {
      key = `${SECRET_KEY_PREFIX}dev_${randomBytes(24).toString('base64url')}`;
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${key}\n`, { mode: 0o600 });
    }
  }
  const ensured = await ensureApiKey(deps, { name: 'dev', key });
  if (!ensured.ok) throw new ConfigError(ensured.error.message);
  return key;
}
