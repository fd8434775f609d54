// The demo page in headless Chromium, served from the static build (dist-demo/) exactly as a
// static host would: loads without console errors or outside requests, redraws when a slider
// moves, refuses an out-of-domain parameter, shows the presets, and completes the benchmark.
// Screenshots go to test-results/demo/.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without types
import { serveDemo } from '../scripts/serve-demo.mjs';

const ARTIFACTS = 'test-results/demo';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Server;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const outsideRequests: string[] = [];

const save = (name: string, png: Buffer) => writeFileSync(`${ARTIFACTS}/${name}`, png);

/** Number of pixels that differ between two PNG screenshots of the same size, decoded by the browser. */
async function pixelDifference(a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(async ([pngA, pngB]) => {
    const pixels = async (base64: string) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    };
    const [p, q] = [await pixels(pngA), await pixels(pngB)];
    if (p.length !== q.length) return Math.max(p.length, q.length) / 4;
    let differing = 0;
    for (let i = 0; i < p.length; i += 4) {
      if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) differing++;
    }
    return differing;
  }, [a.toString('base64'), b.toString('base64')]);
}

/** Sets a range input the way a user's drag does: value, then an input event. */
const moveSlider = (selector: string, value: number) =>
  page.$eval(selector, (input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ server, url } = await serveDemo({ port: 0, dir: 'dist-demo' }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(url) || target.startsWith('data:')) return route.continue();
    outsideRequests.push(target);
    return route.abort();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('demo page', () => {
  it('loads the SIMD build with no console errors and no outside requests', async () => {
    save('page.png', await page.screenshot({ fullPage: true }));
    expect(consoleErrors).toEqual([]);
    expect(outsideRequests).toEqual([]);
    const features = await page.textContent('#features');
    // The page must pick the best build the engine has: relaxed SIMD where the browser supports it
    // with a fused multiply-add (Chromium ≥ 114 on x64 with FMA3), otherwise the plain SIMD build.
    const relaxed = /Engine: relaxed SIMDyes/.test(features ?? '') && /Engine: fused multiply-addyes/.test(features ?? '');
    expect(features).toMatch(/Engine: relaxed SIMD(yes|no)/);
    expect(features).toMatch(/Engine: fused multiply-add(yes|no|n\/a)/);
    expect(features).toContain(relaxed
      ? 'Running buildrelaxed SIMD (z.features = {"simd":true,"relaxedSimd":true})'
      : 'Running buildSIMD (z.features = {"simd":true,"relaxedSimd":false})');
  });

  it('draws f and f\' for all five functions with one slider and box per parameter', async () => {
    for (const [variant, names] of Object.entries({
      symmetric: ['a', 'b'], asymmetric: ['aNeg', 'bNeg', 'aPos', 'bPos'], sigmoid: ['a', 'b', 's'],
      tanh: ['a', 'b', 's'], sloped: ['a', 'b', 'm'],
    })) {
      const card = `#card-${variant}`;
      expect(await page.$$eval(`${card} svg path`, (paths) => paths.length)).toBe(2);
      expect(await page.$$eval(`${card} input[type=range]`, (inputs) => inputs.map((i) => i.dataset.param))).toEqual(names);
      expect(await page.$$eval(`${card} input[type=number]`, (inputs) => inputs.map((i) => i.dataset.param))).toEqual(names);
    }
  });

  it('redraws when a slider moves and mirrors the value in the number box', async () => {
    const plot = page.locator('#card-symmetric .plot');
    const before = await plot.screenshot();
    await moveSlider('#card-symmetric input[type=range][data-param="a"]', 5);
    const after = await plot.screenshot();
    save('symmetric-a-1.2.png', before);
    save('symmetric-a-5.png', after);
    expect(await page.inputValue('#card-symmetric input[type=number][data-param="a"]')).toBe('5');
    expect(await pixelDifference(before, before)).toBe(0);
    expect(await pixelDifference(before, after)).toBeGreaterThan(200);
  });

  it('refuses an out-of-domain value without redrawing or throwing', async () => {
    const plot = page.locator('#card-sigmoid .plot');
    const before = await plot.screenshot();
    await page.fill('#card-sigmoid input[type=number][data-param="s"]', '-1');
    expect(await page.textContent('#card-sigmoid .error')).toContain('s = -1 is outside its domain');
    expect(await pixelDifference(before, await plot.screenshot())).toBe(0);
    await page.fill('#card-sigmoid input[type=number][data-param="s"]', '0.5');
    expect(await page.textContent('#card-sigmoid .error')).toBe('');
    expect(consoleErrors).toEqual([]);
  });

  it('overlays each preset on its target with the error shaded, within the stated max error', async () => {
    const cards = await page.$$eval('#presets .card', (els) => els.map((e) => e.id));
    expect(cards).toEqual(expect.arrayContaining(['preset-gelu', 'preset-silu', 'preset-dgelu', 'preset-sigmoid', 'preset-tanh']));
    for (const id of cards) {
      expect(await page.$$eval(`#${id} svg polygon`, (p) => p.length)).toBe(1);
      const { measuredError, statedError } = await page.$eval(`#${id}`, (e: HTMLElement) => ({ ...e.dataset }));
      // The page measures the float32 kernel on 801 points; the stated bound is float64 on 4001 points, rounded up.
      expect(Number(measuredError)).toBeLessThanOrEqual(Number(statedError) + 1e-6);
      expect(Number(measuredError)).toBeGreaterThan(0.95 * Number(statedError));
    }
  });

  it('runs the benchmark to completion with a progress bar and a positive rate per cell', async () => {
    await page.click('#bench-run');
    expect(await page.isVisible('#bench-progress')).toBe(true);
    await page.waitForSelector('#bench-status[data-done="true"]', { timeout: 150_000 });
    expect(await page.$eval('#bench-progress', (p: HTMLProgressElement) => p.value === p.max)).toBe(true);
    const rows = await page.$$eval('#bench-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows.map((r) => r[0])).toEqual(['symmetric', 'asymmetric', 'sigmoid', 'tanh', 'sloped']);
    for (const row of rows) for (const cell of row.slice(1, 4)) expect(Number(cell)).toBeGreaterThan(0);
    writeFileSync(`${ARTIFACTS}/benchmark.json`, JSON.stringify(rows, null, 2));
    save('page-after-benchmark.png', await page.screenshot({ fullPage: true }));
    expect(consoleErrors).toEqual([]);
  });
});
