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
