import { randomFillSync } from 'node:crypto';
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

// Random bytes are drawn in blocks (one call per 256 ids) rather than one call per id.
const DIGITS = 16;
const BLOCK = new Uint8Array(DIGITS * 256);
let blockAt = BLOCK.length;

/** Fills `into` with 16 random base-32 digits (a byte's low 5 bits: uniform, as 256 is a multiple of 32). */
function randomDigits(into: Uint8Array): void {
  if (blockAt + DIGITS > BLOCK.length) {
    randomFillSync(BLOCK);
    blockAt = 0;
  }
  for (let i = 0; i < DIGITS; i++) into[i] = (BLOCK[blockAt + i] ?? 0) & 31;
  blockAt += DIGITS;
}

/** Adds one to the 80-bit random part in place; false when it overflows. */
function increment(digits: Uint8Array): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits[i] ?? 0;
    if (d < 31) {
      digits[i] = d + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

export function createIds(clock: Clock): Ids {
  let lastMs = -1;
  let lastTime = '';
  const random = new Uint8Array(DIGITS);
  return {
    next(prefix) {
      if (!PREFIX.test(prefix)) throw new TypeError(`ids.next: invalid prefix "${prefix}"`);
      const ms = Math.max(clock.now().getTime(), lastMs);
      if (ms !== lastMs) {
        randomDigits(random);
        lastTime = encodeTime(ms);
        lastMs = ms;
      } else if (!increment(random)) {
        randomDigits(random); // overflow of 80 bits inside one millisecond: start afresh
      }
      let body = lastTime;
      for (let i = 0; i < DIGITS; i++) body += ALPHABET[random[i] ?? 0];
      return `${prefix}_${body}`;
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
