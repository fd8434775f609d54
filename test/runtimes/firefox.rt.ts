// Firefox ESR (Debian's firefox-esr) driven by puppeteer-core over WebDriver BiDi.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectComplete, pageResult, prepareConsumer, serve, writeBrowserPages, BROWSER_PAGES } from './harness.js';

const FIREFOX = '/usr/bin/firefox-esr';

describe('Firefox ESR', () => {
  let browser: Browser;
  let dir: string;
  const profile = mkdtempSync(join(tmpdir(), 'zorro-firefox-'));
  beforeAll(async () => {
    if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} is absent: apt-get install -y firefox-esr`);
    dir = prepareConsumer('firefox', ['browser.mjs', 'bundled-browser.mjs']);
    writeBrowserPages(dir);
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it.each(BROWSER_PAGES)('%s', async (_, pageName, wrongMime) => {
    const server = await serve(dir, wrongMime);
    const page = await browser.newPage();
    try {
      await page.goto(server.url + pageName);
      const result = await pageResult((s) => page.evaluate(s));
      expect(expectComplete(result, 2)).toBe('');
      console.log(`Firefox ${await browser.version()} ${pageName}${wrongMime ? ' (wrong MIME)' : ''}: ${result.lines.at(-1)}`);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
