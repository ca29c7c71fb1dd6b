import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/errors.ts';
import { connect } from './connect.ts';

describe('connect() configuration errors', () => {
  it('names the variable when DATABASE_URL is malformed', async () => {
    await expect(connect({ url: 'not a url' })).rejects.toThrow(
      new ConfigError('DATABASE_URL is malformed: expected postgres://user:password@host:port/database'),
    );
  });

  it('rejects a URL of another scheme', async () => {
    await expect(connect({ url: 'mysql://localhost/db' })).rejects.toThrow(/DATABASE_URL must start with postgres:\/\//);
  });

  it('names the variable and the host when the server cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const error = await connect({ url: 'postgres://nobody@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/127\.0\.0\.1:1\/none \(/);
    expect((error as Error).message).not.toContain('\n');
  });
});
