import { describe, expect, it } from 'vitest';
import { badPercentEncoding, checkText, decodeUtf8, jsonProblem, parseTimestamp, stringProblem, text } from './input.ts';

const NOW = new Date('2026-03-31T23:00:00Z');

describe('the input rules (lib/input.ts)', () => {
  it('strings: NUL and unpaired surrogates are refused; paired surrogates and U+FFFD are text', () => {
    for (const bad of ['a\u0000b', '\ud800', 'x\udc00', '\udc00\ud800', 'end\ud83d']) expect(stringProblem(bad), JSON.stringify(bad)).not.toBeNull();
    for (const good of ['', 'plain', '\ufffd', '🙂', 'é漢字', '\ud83d\ude42']) expect(stringProblem(good), JSON.stringify(good)).toBeNull();
    expect(checkText('x'.repeat(256), 'customer', { max: 255 })).toMatchObject({ code: 'validation_failed', param: 'customer' });
    expect(checkText('   ', 'customer', { max: 255, notBlank: true })).toMatchObject({ param: 'customer' });
    expect(checkText(42, 'customer', { max: 255 })).toMatchObject({ param: 'customer' });
    expect(checkText('\ufffd', 'customer', { max: 255 })).toBeNull();
    expect(text(10).safeParse('a\u0000').success).toBe(false);
    expect(text(10).safeParse('x'.repeat(11)).success).toBe(false);
    expect(text(10).safeParse('\ufffd').success).toBe(true);
  });

  it('JSON: depth is bounded without recursion to the bottom, and every string and key is checked, named by its path', () => {
    const depth = 100_000;
    const deep = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;
    expect(jsonProblem(deep)).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/nested more than 32 levels/) as unknown });
    const arrays = JSON.parse(`{"events":${'['.repeat(depth)}${']'.repeat(depth)}}`) as unknown;
    expect(jsonProblem(arrays)?.param).toMatch(/^events(\.0)+$/);
    expect(jsonProblem({ events: [{ a: 1 }, { properties: { note: 'x\u0000' } }] })).toMatchObject({ param: 'events.1.properties.note' });
    expect(jsonProblem({ properties: { 'k\ud800': 1 } })).toMatchObject({ param: 'properties' });
    expect(jsonProblem({ a: [1, 'two', { b: null }], c: '\ufffd' })).toBeNull();
    expect(jsonProblem({ a: { b: { c: 1 } } }, 'properties', 2)).toMatchObject({ param: 'properties.a.b' });
  });

  it('UTF-8: malformed bytes are refused, a real U+FFFD is kept', () => {
    expect(decodeUtf8(Buffer.from('{"k":"\ufffd"}'))).toBe('{"k":"\ufffd"}');
    expect(() => decodeUtf8(Buffer.from([0x7b, 0xed, 0xa0, 0x80, 0x7d]))).toThrow(/not valid UTF-8/);
    expect(() => decodeUtf8(Buffer.from([0xff]))).toThrow(/not valid UTF-8/);
    expect(badPercentEncoding('%ED%A0%80')).toBe(true);
    expect(badPercentEncoding('%FF')).toBe(true);
    expect(badPercentEncoding('%EF%BF%BD')).toBe(false);
    expect(badPercentEncoding('100%25+off')).toBe(false);
  });

  it('timestamps: ISO 8601 or epoch ms, from 35 days ago to 5 minutes ahead', () => {
    for (const bad of [
      0,
      -1,
      '0001-01-01',
      -8.64e15,
      8.64e15,
      1.5,
      Number.NaN,
      '2026-03-31T22:00:00',
      'March 31',
      '',
      1_774_990_800,
      '2026-02-24T22:59:59Z',
      '2026-03-31T23:05:01Z',
    ]) {
      expect(parseTimestamp(bad, NOW), JSON.stringify(bad)).toMatchObject({ code: 'validation_failed', param: 'timestamp' });
    }
    const ok = ['2026-02-24T23:00:00Z', '2026-03-31T23:05:00Z', '2026-03-31', '2026-03-31T22:00:00+02:00', '2026-03-31T22:00:00.123456Z', NOW.getTime() - 1000];
    for (const good of ok) expect(parseTimestamp(good, NOW), JSON.stringify(good)).toBeInstanceOf(Date);
    expect(parseTimestamp(undefined, NOW)).toEqual(NOW);
    expect(parseTimestamp(new Date('2026-03-30T00:00:00Z'), NOW, 'events[2].timestamp')).toEqual(new Date('2026-03-30T00:00:00Z'));
    expect(parseTimestamp('1999-01-01', NOW, 'events[2].timestamp')).toMatchObject({ param: 'events[2].timestamp' });
  });
});
