/** Where a command writes (the process's streams, or a test's buffers). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Where `listen` and `trigger` find the emulator: `--api-base`, else STRIPE_EMULATOR_URL, else the default port. */
export function apiBaseOf(flag: string | undefined): string {
  return (flag ?? process.env.STRIPE_EMULATOR_URL ?? 'http://127.0.0.1:12111').replace(/\/+$/, '');
}

/** The key `listen` and `trigger` send: `--api-key`, else STRIPE_API_KEY when it is a test key, else a test key. */
export function apiKeyOf(flag: string | undefined): string {
  const env = process.env.STRIPE_API_KEY;
  return flag ?? (env?.startsWith('sk_test_') ? env : 'sk_test_emulator');
}
