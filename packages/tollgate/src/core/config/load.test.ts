import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './load.ts';

const config = (name: string, monthly: number) => `export default {
  features: { seats: { type: 'boolean' } },
  plans: { free: { name: 'Free', default: true, features: { seats: false } }, pro: { name: '${name}', prices: { monthly: ${monthly} }, features: { seats: true } } },
};
`;

describe('loadConfigFile', () => {
  it('reads a TypeScript config again as it is now when asked for a fresh copy (a running server after a push)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-config-'));
    try {
      const file = join(dir, 'tollgate.config.ts');
      await writeFile(file, config('Pro', 1500));
      expect((await loadConfigFile(file)).plans.pro?.prices?.monthly).toBe(1500);
      await writeFile(file, config('Pro+', 1200));
      const fresh = await loadConfigFile(file, { fresh: true });
      expect(fresh.plans.pro).toMatchObject({ name: 'Pro+', prices: { monthly: 1200 } });
      await writeFile(file, config('Pro++', 900));
      expect((await loadConfigFile(file, { fresh: true })).plans.pro?.prices?.monthly).toBe(900);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
