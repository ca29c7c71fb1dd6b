import { describe, expect, it } from 'vitest';
import { mayNeedCleaning, storable } from './storable.ts';

const NUL = '\u0000';

describe('storable: what Postgres text and jsonb refuse', () => {
  it('replaces NUL and lone surrogates, copying only what changed', () => {
    const price = { id: 'price_1', nested: { keep: ['a'] } };
    const object = { id: 'cus_1', metadata: { note: `a${NUL}b`, [`k${NUL}`]: 'v', pair: '\ud83d\ude00', lone: 'x\ud800' }, price };
    const { value, altered } = storable(object);
    expect(value.metadata).toEqual({ note: 'a\ufffdb', 'k\ufffd': 'v', pair: '\ud83d\ude00', lone: 'x\ufffd' });
    expect(altered.sort()).toEqual(['metadata.k\ufffd (key)', 'metadata.lone', 'metadata.note']);
    expect(value.price).toBe(price);
    expect(object.metadata.note).toBe(`a${NUL}b`);
    const clean = { id: 'cus_2', metadata: { a: 'b' } };
    expect(storable(clean).value).toBe(clean);
  });

  it('finds the JSON escapes that may need cleaning', () => {
    expect(mayNeedCleaning(JSON.stringify({ a: `x${NUL}` }))).toBe(true);
    expect(mayNeedCleaning(JSON.stringify({ a: 'x\ud800' }))).toBe(true);
    expect(mayNeedCleaning(JSON.stringify({ a: 'plain \u00e9 text' }))).toBe(false);
  });
});
