// Chromium (Debian's /usr/bin/chromium driven by playwright-core): the default entry over fetch, with
// and without the right MIME type, and the inline entry, all from pages on a localhost server.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, expectComplete, pageResult, prepareConsumer, serve, writeBrowserPages } from './harness.js';

const present = existsSync(CHROMIUM);
if (!present) console.warn(`SKIPPED Chromium tests: ${CHROMIUM} is absent (apt-get install -y chromium); .ci/run installs it.`);

describe.skipIf(!present)('Chromium', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = prepareConsumer('chromium', ['browser.mjs', 'bundled-browser.mjs']);
    writeBrowserPages(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => browser?.close());

  it.each([
    ['the default entry, wasm served as application/wasm (streaming compile)', 'index.html', false],
    ['the default entry, wasm served as application/octet-stream (fallback)', 'index.html', true],
    ['the inline entry', 'inline.html', false],
  ] as const)('%s', async (_, pageName, wrongMime) => {
    const server = await serve(dir, wrongMime);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Counts streaming compiles, to tell the streaming path from the fallback over the bytes.
    await page.addInitScript(() => {
      const original = WebAssembly.compileStreaming;
      (window as unknown as { streamed: number }).streamed = 0;
      WebAssembly.compileStreaming = (source) => {
        (window as unknown as { streamed: number }).streamed++;
        return original.call(WebAssembly, source);
      };
    });
    try {
      await page.goto(server.url + pageName);
      const result = await pageResult((s) => page.evaluate(s));
      expect(errors).toEqual([]);
      // Chromium has relaxed SIMD: the default entry runs all three builds; the inline entry embeds two.
      const inline = pageName === 'inline.html';
      expect(expectComplete(result, inline ? 2 : 3)).toBe('');
      const wasmFetched = server.requests.filter((r) => r.endsWith('.wasm'));
      expect(await page.evaluate('window.streamed')).toBe(inline || wrongMime ? 0 : 3);
      expect(wasmFetched).toEqual(inline ? [] : ['relaxed', 'simd', 'scalar'].map((b) => `/node_modules/zorro-wasm/build/zorro.${b}.wasm`));
    } finally {
      await page.close();
      await server.close();
    }
  });
});
