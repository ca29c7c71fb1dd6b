import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

interface Closeable {
  close(): unknown;
}

/**
 * Inside a describe: `open()` before each test, and what it opened closed
 * after that test, e.g. `const deps = perTest(() => createTestDeps())`.
 * What it returns stands for the running test's value: read it in tests and
 * in hooks registered after this call, not while the describe is collected.
 */
export function perTest<T extends Closeable>(open: () => Promise<T>): T {
  return opened(beforeEach, afterEach, open);
}

/** As `perTest`, but one value for the whole describe: opened before its first test, closed after its last. */
export function perSuite<T extends Closeable>(open: () => Promise<T>): T {
  return opened(beforeAll, afterAll, open);
}

type Hook = (fn: () => Promise<void>) => void;

function opened<T extends Closeable>(before: Hook, after: Hook, open: () => Promise<T>): T {
  let value: T | undefined;
  before(async () => {
    value = await open();
  });
  after(async () => {
    const closing = value;
    value = undefined;
    await closing?.close();
  });
  const current = (): T => {
    if (value === undefined) throw new Error('perTest/perSuite values are opened in a hook: read them in a later hook or a test');
    return value;
  };
  // Every read and write (property, `in`, spread) goes to the value opened for the running test.
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(current(), key),
    set: (_target, key, v) => Reflect.set(current(), key, v),
    has: (_target, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
