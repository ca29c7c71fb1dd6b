import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../testing/now.ts';
import { type SigningKey, signToken } from './sign.ts';

const CHROMIUM = '/usr/bin/chromium';
const SOURCE = new URL('./verify.ts', import.meta.url);

/** The verifier module as a browser gets it: the TypeScript source with its types stripped, nothing bundled in. */
function verifierJs(): string {
  return ts.transpileModule(readFileSync(SOURCE, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

const PAGE = `<!doctype html><script type="module">
import { verifyLicense } from '/license.js';
window.verifyIn = (token, keys, now, features) => verifyLicense(token, { keys, now, features });
window.verifyInWorker = (token, keys, now) => new Promise((resolve) => {
  const worker = new Worker('/worker.js', { type: 'module' });
  worker.onmessage = (e) => resolve(e.data);
  worker.postMessage({ token, keys, now });
});
window.ready = true;
</script>`;
const WORKER = `import { verifyLicense } from '/license.js';
self.onmessage = async (e) => {
  const result = await verifyLicense(e.data.token, { keys: e.data.keys, now: e.data.now });
  self.postMessage(result.valid ? { valid: true, licenseId: result.license.licenseId } : { valid: false, reason: result.reason });
};`;

/** `tollgate/license` in a real browser page and in a Web Worker (no DOM, as on edge runtimes): WebCrypto Ed25519 only. */
describe.skipIf(!existsSync(CHROMIUM))('the license verifier in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    const js = verifierJs();
    server = createServer((req, res) => {
      const body = req.url === '/license.js' ? js : req.url === '/worker.js' ? WORKER : PAGE;
      res.writeHead(200, { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : 'text/html' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('verifies a key the engine signed, and refuses a tampered, foreign or expired one, in a page and in a worker', async () => {
    expect(verifierJs()).not.toMatch(/^\s*import\s/m); // self-contained: nothing to resolve
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key: SigningKey = { id: 'lsk_browser', privateKey, publicKey: String(publicKey.export({ format: 'jwk' }).x) };
    const other = String(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x);
    const now = testNow().getTime();
    const iat = Math.floor(now / 1000);
    const token = signToken(
      'license',
      { v: 1, lid: 'lic_b', sub: 'user_b', plan: 'pro', product: null, features: ['export'], act: 2, iat, exp: iat + 60 },
      key,
    );
    const keys = [{ kid: key.id, public_key: key.publicKey }];

    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      type Verify = (
        token: string,
        keys: unknown,
        now: number,
        features?: string[],
      ) => Promise<{ valid: boolean; reason?: string; license?: { licenseId: string } }>;
      const run = (t: string, k: unknown, at: number, features: string[] = []) =>
        page.evaluate(([t2, k2, at2, f2]) => (window as unknown as { verifyIn: Verify }).verifyIn(t2, k2, at2, f2), [t, k, at, features] as const);
      expect(await run(token, keys, now, ['export'])).toMatchObject({ valid: true, license: { licenseId: 'lic_b', customer: 'user_b' } });
      expect(await run(`${token.slice(0, -4)}AAAA`, keys, now)).toMatchObject({ valid: false, reason: 'bad_signature' });
      expect(await run(token, [{ kid: key.id, public_key: other }], now)).toMatchObject({ valid: false, reason: 'bad_signature' });
      expect(await run(token, [{ kid: 'lsk_other', public_key: other }], now)).toMatchObject({ valid: false, reason: 'unknown_key' });
      expect(await run(token, keys, now + 61_000)).toMatchObject({ valid: false, reason: 'expired' });
      expect(await run(token, keys, now, ['sso'])).toMatchObject({ valid: false, reason: 'missing_feature' });
      const inWorker = (t: string) =>
        page.evaluate(
          ([t2, k2, at2]) => (window as unknown as { verifyInWorker: (a: string, b: unknown, c: number) => Promise<unknown> }).verifyInWorker(t2, k2, at2),
          [t, keys, now] as const,
        );
      expect(await inWorker(token)).toEqual({ valid: true, licenseId: 'lic_b' });
      expect(await inWorker(token.replace('.', '.x'))).toEqual({ valid: false, reason: 'unknown_key' });
    } finally {
      await page.close();
    }
  }, 60_000);
});
