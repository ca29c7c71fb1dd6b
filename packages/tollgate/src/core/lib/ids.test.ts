import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { createIds, idTime } from './ids.ts';

describe('ids', () => {
  it('are prefixed and carry their creation time', () => {
    const clock = manualClock('2026-03-01T12:00:00.123Z');
    const id = createIds(clock).next('usg');
    expect(id).toMatch(/^usg_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(id).toISOString()).toBe('2026-03-01T12:00:00.123Z');
  });

  it('sort in creation order, also within one millisecond', () => {
    const clock = manualClock('2026-03-01T00:00:00Z');
    const ids = createIds(clock);
    const made: string[] = [];
    for (let i = 0; i < 500; i++) {
      made.push(ids.next('lic'));
      if (i % 100 === 0) clock.advance(1);
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('draw fresh randomness for every millisecond, across many blocks of random bytes', () => {
    const clock = manualClock('2026-03-01T00:00:00Z');
    const ids = createIds(clock);
    const randomParts = new Set<string>();
    const made: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const id = ids.next('usg');
      made.push(id);
      randomParts.add(id.slice(-16));
      clock.advance(1);
    }
    expect(randomParts.size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    // Every digit value shows up in every position: the random part is not stuck or biased to a few values.
    for (let pos = 0; pos < 16; pos++) expect(new Set(made.map((id) => id.at(-16 + pos))).size).toBe(32);
  });

  it('never go backwards when the clock does', () => {
    const clock = manualClock('2026-03-01T00:00:01Z');
    const ids = createIds(clock);
    const first = ids.next('evt');
    clock.advance(-1000);
    expect(ids.next('evt') > first).toBe(true);
  });

  it('reject a malformed prefix', () => {
    expect(() => createIds(manualClock()).next('Bad-Prefix')).toThrow(/invalid prefix/);
  });
});
