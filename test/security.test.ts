// No code generation from strings anywhere in the library, and the browser build running under a
// strict Content-Security-Policy in Chromium, fetching nothing but its own modules and wasm.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadZorro, reference } from '../src/index.js';
import { ulpError32 } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const filesIn = (dir: string, ext: string) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith(ext)).map((f) => join(dir, f)) : [];

describe('no code from strings', () => {
  // eval, the Function constructor (also reached as .constructor of a function), and the string
  // forms of setTimeout/setInterval are the ways JavaScript turns text into code.
  const forbidden = /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|\.constructor\s*\(\s*['"`]|\bset(?:Timeout|Interval)\s*\(\s*['"`]/;

  it('finds the pattern where it is (the check itself works)', () => {
    for (const bad of ['eval("1")', 'new Function("return 1")', 'Function("x", "return x")', "setTimeout('go()', 1)", "(() => 0).constructor('return 1')"]) {
      expect(bad).toMatch(forbidden);
    }
    expect('evaluate(x); functional(); new FunctionSpec()').not.toMatch(forbidden);
  });

  it.each([...filesIn('src', '.ts'), ...filesIn('dist', '.js')])('%s has none', (file) => {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    const hits = lines.map((line, i) => [i + 1, line] as const).filter(([, line]) => forbidden.test(line));
    expect(hits).toEqual([]);
  });

  it('covers the built library', () => {
    expect(filesIn('src', '.ts').length).toBeGreaterThan(5);
    // dist/ exists after `npm run build` (npm ci runs it): its absence would skip half of the check.
    // It holds the two entries and the one module of code they share (scripts/build.mjs).
    expect(filesIn('dist', '.js').map((f) => f.replace(/-\w+\.js$/, '-*.js')).sort()).toEqual(['dist/index.js', 'dist/inline.js', 'dist/zorro-*.js']);
  });
});

describe('no network in Node', () => {
  it('loads both builds from disk without calling fetch', async () => {
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = ((input: unknown) => {
      fetched.push(String(input));
      return Promise.reject(new TypeError('network access in a test'));
    }) as typeof fetch;
    try {
      for (const simd of [true, false]) {
        // The plain SIMD build when asked for SIMD: Chromium would otherwise pick the relaxed one.
  const z = await loadZorro(simd ? { simd, relaxedSimd: false } : { simd });
        expect(z.forward('symmetric', new Float64Array([0.25]))[0]).toBe(0.25);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toEqual([]);
  });
});

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM) && existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'build/zorro.simd.wasm'));
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
/** Without 'wasm-unsafe-eval': compiling wasm must be refused, which shows the test sees violations. */
const NO_WASM_CSP = "default-src 'self'; script-src 'self'";

const INPUTS = [-3, -1, -0.25, 0, 0.5, 1, 1.75, 4, 30];
const PAGE = `<!doctype html><meta charset="utf-8"><title>zorro-wasm CSP</title><script type="module" src="/page.js"></script>`;
// The page's script: served as a file (inline scripts are refused by the policy).
const PAGE_SCRIPT = `
const violations = [];
addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
const done = (result) => { window.__result = { ...result, violations }; };
try {
  const { loadZorro } = await import('/dist/index.js');
  const simd = new URLSearchParams(location.search).get('simd') === '1';
  // The plain SIMD build when asked for SIMD: Chromium would otherwise pick the relaxed one.
  const z = await loadZorro(simd ? { simd, relaxedSimd: false } : { simd });
  const y = z.forward('symmetric', new Float32Array(${JSON.stringify(INPUTS)}));
  done({ ok: true, simd: z.features.simd, y: Array.from(y) });
} catch (error) {
  done({ ok: false, error: String(error) });
}
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

function serve(csp: () => string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const headers = { 'content-security-policy': csp(), 'cache-control': 'no-store' };
    let body: string | Buffer | undefined;
    let type = '';
    if (path === '/') [body, type] = [PAGE, TYPES['.html']];
    else if (path === '/page.js') [body, type] = [PAGE_SCRIPT, TYPES['.js']];
    else if (/^\/(dist\/[\w-]+\.js|build\/zorro\.(simd|scalar)\.wasm)$/.test(path)) {
      body = readFileSync(join(root, path));
      type = TYPES[extname(path)];
    }
    // The browser asks for a favicon on its own; answered empty so that no 404 is logged.
    if (path === '/favicon.ico') [body, type] = ['', 'image/x-icon'];
    if (body === undefined) {
      response.writeHead(404, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': type }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!haveBrowser)('browser build under a strict CSP (Chromium)', () => {
  let server: Server;
  let policy = STRICT_CSP;
  let origin: string;
  let profile: string;
  let context: import('playwright-core').BrowserContext;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    server = await serve(() => policy);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'zorro-csp-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function visit(query: string) {
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${origin}/${query}`);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => (window as unknown as { __result: unknown }).__result) as {
      ok: boolean; simd?: boolean; y?: number[]; error?: string; violations: string[];
    };
    await page.close();
    return { result, requests, errors };
  }

  it.each([['simd', '?simd=1', true], ['scalar', '?simd=0', false]] as const)(
    '%s build: loads, computes the right numbers, no violation, only its own files fetched',
    async (_, query, simd) => {
      policy = STRICT_CSP;
      const { result, requests, errors } = await visit(query);
      console.log(`CSP ${simd ? 'simd' : 'scalar'}: ${JSON.stringify(result)}; requests: ${requests.map((u) => u.replace(origin, '')).join(' ')}`);
      expect(result.error).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.violations).toEqual([]);
      expect(errors).toEqual([]);
      expect(result.simd).toBe(simd);
      INPUTS.forEach((x, i) => {
        expect(ulpError32(result.y![i], reference.forward('symmetric', x, { a: Math.fround(1.2) })), `x=${x}`).toBeLessThanOrEqual(4);
      });
      // Same origin only: the page, its script, the library's modules and exactly one wasm build
      // (and the browser's own favicon request, if it reports one).
      for (const url of requests) {
        expect(url.startsWith(`${origin}/`), url).toBe(true);
        expect(new URL(url).pathname, url).toMatch(/^\/(favicon\.ico|page\.js|dist\/[\w-]+\.js|build\/zorro\.(simd|scalar)\.wasm)?$/);
      }
      expect(requests.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname)).toEqual([
        `/build/zorro.${simd ? 'simd' : 'scalar'}.wasm`,
      ]);
    },
    60_000,
  );

  it('is refused without wasm-unsafe-eval, and the refusal is seen (the check works)', async () => {
    policy = NO_WASM_CSP;
    const { result } = await visit('?simd=1');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/CompileError|Content Security Policy|wasm-(unsafe-)?eval/i);
    expect(result.violations.join(' ')).toMatch(/script-src/);
  }, 60_000);
});
