import { describe, expect, it } from 'vitest';
import { unsupportedNode } from './node-version.ts';

describe('the Node.js version check of the library entries', () => {
  it('names the version needed, in one line, on an older Node', () => {
    expect(unsupportedNode('18.20.8')).toBe('tollgate needs Node.js 20.19 or newer (this is v18.20.8)');
    expect(unsupportedNode('20.18.3')).toBe('tollgate needs Node.js 20.19 or newer (this is v20.18.3)');
    for (const version of ['20.19.0', '20.20.2', '22.1.0', '24.21.0']) expect(unsupportedNode(version)).toBeUndefined();
  });
});
