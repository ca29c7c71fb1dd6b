// Test support, run as a child process (`node --import tsx`): holds the data lock of
// argv[2] (mode argv[3]) until it is killed, and says so on stdout.
import { acquireDataLock, type LockMode } from './data-lock.ts';

const lock = await acquireDataLock(process.argv[2] ?? '', { command: 'test holder', mode: (process.argv[3] ?? 'abstract') as LockMode });
lock.describe({ url: 'http://127.0.0.1:1' });
lock.handle('migrate', () => Promise.resolve({ applied: [], total: 0 }));
process.stdout.write(`held ${process.pid}\n`);
setInterval(() => {}, 1 << 30);
