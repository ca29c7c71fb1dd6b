import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';

/**
 * Prefixed, time-ordered identifiers: `usg_01JD3X8M2Q7R5T0VWXYZABCDEF`.
 * The body is 10 Crockford base-32 characters of milliseconds followed by 16 of
 * randomness (ULID layout), so ids sort by creation time as plain strings.
 * Within one millisecond the random part is incremented, keeping order strict.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = /^[a-z][a-z0-9]{1,15}$/;

export interface Ids {
  next(prefix: string): string;
}

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => b % 32);
}

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const d = next[i] ?? 0;
    if (d < 31) {
      next[i] = d + 1;
      return next;
    }
    next[i] = 0;
  }
  return randomDigits(); // overflow of 80 bits inside one millisecond: start afresh
}

export function createIds(clock: Clock): Ids {
  let lastMs = -1;
  let lastRandom: number[] = [];
  return {
    next(prefix) {
      if (!PREFIX.test(prefix)) throw new TypeError(`ids.next: invalid prefix "${prefix}"`);
      const ms = Math.max(clock.now().getTime(), lastMs);
      lastRandom = ms === lastMs ? increment(lastRandom) : randomDigits();
      lastMs = ms;
      return `${prefix}_${encodeTime(ms)}${lastRandom.map((d) => ALPHABET[d]).join('')}`;
    },
  };
}

/** The creation time encoded in an id made by `createIds`. */
export function idTime(id: string): Date {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  let ms = 0;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new TypeError(`idTime: "${id}" is not a Tollgate id`);
    ms = ms * 32 + v;
  }
  return new Date(ms);
}
