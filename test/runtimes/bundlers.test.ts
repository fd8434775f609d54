// A consumer app bundled for the browser by esbuild (inline entry) and by Vite (default entry, the
// wasm emitted as an asset), each built from the packed package and run in Chromium.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { createServer as viteServer, build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, expectComplete, pageResult, prepareConsumer, serve } from './harness.js';

const present = existsSync(CHROMIUM);
if (!present) console.warn(`SKIPPED bundler tests: ${CHROMIUM} is absent (apt-get install -y chromium); .ci/run installs it.`);

/** The app both bundlers build: the README snippet, then the suite through the same entry. */
const app = (snippet: string, entry: string) => `import { y } from './${snippet}';
import { loadZorro } from '${entry}';
import { buildsFor, optionsFor, runSuite } from './suite.js';
window.zorroResult = (async () => {
  return runSuite((build) => loadZorro(optionsFor(build)), y, buildsFor((await loadZorro()).features));
})();
`;
const html = (script: string) => `<!doctype html><meta charset="utf-8"><title>bundled</title><script type="module" src="${script}"></script>`;

describe.skipIf(!present)('bundled browser apps in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => browser?.close());

  async function runAt(url: string) {
    const page = await browser.newPage();
    const wasm: string[] = [];
    page.on('response', (r) => void (r.url().endsWith('.wasm') && wasm.push(`${r.status()} ${new URL(r.url()).pathname}`)));
    try {
      await page.goto(url);
      // A dev server's modules may still be loading when the page's load event fires.
      await page.waitForFunction('window.zorroResult !== undefined');
      return { result: await pageResult((s) => page.evaluate(s)), wasm };
    } finally {
      await page.close();
    }
  }

  async function runIn(dir: string) {
    const server = await serve(dir);
    try {
      const { result } = await runAt(server.url);
      return { result, requests: server.requests };
    } finally {
      await server.close();
    }
  }

  it('esbuild bundle of zorro-wasm/inline', async () => {
    const dir = prepareConsumer('esbuild-browser', ['bundled-browser.mjs']);
    writeFileSync(join(dir, 'app.mjs'), app('bundled-browser.mjs', 'zorro-wasm/inline'));
    await esbuild.build({
      entryPoints: [join(dir, 'app.mjs')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
      outfile: join(dir, 'dist/app.js'), absWorkingDir: dir, logLevel: 'error',
    });
    writeFileSync(join(dir, 'dist/index.html'), html('./app.js'));
    const { result, requests } = await runIn(join(dir, 'dist'));
    expect(expectComplete(result, 2)).toBe('');
    expect(requests.filter((r) => r.endsWith('.wasm'))).toEqual([]);
  });

  it('Vite build of the default entry (wasm emitted as an asset)', async () => {
    const dir = prepareConsumer('vite-browser', ['vite.mjs']);
    writeFileSync(join(dir, 'app.mjs'), app('vite.mjs', 'zorro-wasm'));
    writeFileSync(join(dir, 'index.html'), html('./app.mjs'));
    await viteBuild({ root: dir, logLevel: 'error', configFile: false, build: { target: 'es2022', outDir: 'dist' } });
    const assets = readdirSync(join(dir, 'dist/assets'));
    // All three builds are assets; Chromium has relaxed SIMD, so the suite fetches all three.
    expect(assets.filter((f) => f.endsWith('.wasm')).length).toBe(3);
    const { result, requests } = await runIn(join(dir, 'dist'));
    expect(expectComplete(result, 3)).toBe('');
    expect(requests.filter((r) => r.endsWith('.wasm')).length).toBe(3);
  });

  it('Vite dev server with the default entry (no configuration)', async () => {
    const dir = prepareConsumer('vite-dev', ['vite.mjs']);
    writeFileSync(join(dir, 'app.mjs'), app('vite.mjs', 'zorro-wasm'));
    writeFileSync(join(dir, 'index.html'), html('./app.mjs'));
    const server = await viteServer({ root: dir, logLevel: 'error', configFile: false, server: { host: '127.0.0.1', port: 0 } });
    await server.listen();
    try {
      const { result, wasm } = await runAt(server.resolvedUrls!.local[0]);
      expect(expectComplete(result, 3)).toBe('');
      expect(wasm.sort()).toEqual([
        '200 /node_modules/zorro-wasm/build/zorro.relaxed.wasm',
        '200 /node_modules/zorro-wasm/build/zorro.scalar.wasm',
        '200 /node_modules/zorro-wasm/build/zorro.simd.wasm',
      ]);
    } finally {
      await server.close();
    }
  });
});
