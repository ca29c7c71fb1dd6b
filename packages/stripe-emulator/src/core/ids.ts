import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomChars(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 62];
  return out;
}

export interface IdGenerator {
  /** A Stripe-style id: `cus_` + 14+ characters, unique within this process's lifetime and across restarts. */
  next(prefix: string): string;
  /** A random token for secrets (`whsec_...`, client secrets). */
  secret(prefix: string, length?: number): string;
}

/** Ids are a per-process random salt plus a counter: cheap, unique, and increasing within a run. */
export function createIdGenerator(): IdGenerator {
  const salt = randomChars(8);
  let counter = 0;
  return {
    next(prefix) {
      counter++;
      return `${prefix}_${salt}${counter.toString(36).padStart(6, '0')}`;
    },
    secret(prefix, length = 32) {
      return `${prefix}_${randomChars(length)}`;
    },
  };
}
