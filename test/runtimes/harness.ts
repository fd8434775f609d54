// What every runtime test shares: the packed package installed into a fresh consumer folder (so each
// runtime loads exactly what npm would ship), the suite bundled to plain JS, a static server, and
// the parsing of the suite's report.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { REFUSED_RELAXED, type SuiteResult } from './suite.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const snippetsDir = join(root, 'test/runtimes/snippets');
/** Checks per build (loads, five functions, 5 variants × 2 dtypes × 2 checks) plus the snippet's. */
export const CHECKS_PER_BUILD = 2 + 5 * 2 * 2;

/**
 * A folder test-results/runtimes/<name> with node_modules/zorro-wasm unpacked from `npm pack`
 * (built dist/ and build/ are required: `npm run build`), suite.js, and the named snippets.
 */
export function prepareConsumer(name: string, snippets: string[]): string {
  const dir = join(root, 'test-results/runtimes', name);
  rmSync(dir, { recursive: true, force: true });
  const pkgDir = join(dir, 'node_modules/zorro-wasm');
  mkdirSync(pkgDir, { recursive: true });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  )[0].filename as string;
  execFileSync('tar', ['-xzf', join(dir, packed), '-C', pkgDir, '--strip-components=1']);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module', dependencies: { 'zorro-wasm': '*' } }));
  esbuild.buildSync({
    entryPoints: [join(root, 'test/runtimes/suite.ts')], bundle: true, format: 'esm', platform: 'neutral',
    outfile: join(dir, 'suite.js'), logLevel: 'error',
  });
  for (const file of snippets) copyFileSync(join(snippetsDir, file), join(dir, file));
  return dir;
}

const MIME: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json',
};

/** A static server on 127.0.0.1; `wrongWasmMime` serves .wasm as application/octet-stream, as many servers do. */
export async function serve(dir: string, wrongWasmMime = false): Promise<{ url: string; close: () => Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      let type = MIME[extname(file)] ?? 'application/octet-stream';
      if (wrongWasmMime && type === 'application/wasm') type = 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A page that runs the suite over `loadLine` and leaves the result in window.zorroResult. */
export function suitePage(snippetModule: string, loadLine: string, importMap = true): string {
  const map = importMap
    ? '<script type="importmap">{ "imports": { "zorro-wasm": "/node_modules/zorro-wasm/dist/index.js", "zorro-wasm/inline": "/node_modules/zorro-wasm/dist/inline.js" } }</script>'
    : '';
  return `<!doctype html><meta charset="utf-8"><title>zorro-wasm suite</title>${map}
<script type="module">
window.zorroResult = (async () => {
  try {
    const { y } = await import('./${snippetModule}');
    const { runSuite } = await import('./suite.js');
    ${loadLine}
    return await runSuite(load, y, builds);
  } catch (error) {
    return { passed: 0, failed: 1, skipped: 0, lines: ['not ok page: ' + (error && error.stack || error)] };
  }
})();
</script>`;
}

/** The browser-side load function over the default entry; SIMD only where the engine validates it. */
export const DEFAULT_ENTRY_LOAD = `const { loadZorro } = await import('zorro-wasm');
    const probe = await loadZorro();
    const builds = [...(probe.features.relaxedSimd ? ['relaxed'] : []), ...(probe.features.simd ? ['simd'] : []), 'scalar'];
    const load = (build) => loadZorro({ simd: build !== 'scalar', relaxedSimd: build === 'relaxed' });`;

/** Parses a suite report printed one line each (from a child process). */
export function parseReport(output: string): SuiteResult {
  const lines = output.trim().split('\n');
  const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(lines.at(-1) ?? '');
  if (!summary) return { passed: 0, failed: 1, skipped: 0, lines: ['not ok: no summary line', ...lines] };
  return { passed: +summary[1], failed: +summary[2], skipped: +summary[3], lines };
}

/** The assertion every runtime makes: nothing failed and every expected check ran. */
export function expectComplete(result: SuiteResult, minBuilds: number): string {
  // Three builds exist (relaxed, simd, scalar); the suite skips those the engine or entry lacks.
  const ran = 3 - result.skipped;
  const refusals = result.lines.filter((l) => l.includes(REFUSED_RELAXED)).length;
  const expected = 1 + ran * CHECKS_PER_BUILD + refusals;
  const failures = result.lines.filter((l) => l.startsWith('not ok'));
  if (ran < minBuilds) return `only ${ran} builds ran, expected at least ${minBuilds}:\n${result.lines.join('\n')}`;
  if (result.failed === 0 && result.passed === expected) return '';
  return `passed ${result.passed}/${expected}, failed ${result.failed}:\n${failures.slice(0, 20).join('\n') || result.lines.join('\n')}`;
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** What a page's suite left in window.zorroResult; `evaluate` is the driver's (Playwright, Puppeteer). */
export async function pageResult(evaluate: (script: string) => Promise<unknown>): Promise<SuiteResult> {
  return (await evaluate('window.zorroResult')) as SuiteResult;
}

/** Writes the pages every browser loads: the default entry (import map, no bundler) and the inline entry. */
export function writeBrowserPages(dir: string): void {
  writeFileSync(join(dir, 'index.html'), suitePage('browser.mjs', DEFAULT_ENTRY_LOAD));
  writeFileSync(join(dir, 'inline.html'), suitePage('bundled-browser.mjs', DEFAULT_ENTRY_LOAD.replace("import('zorro-wasm')", "import('zorro-wasm/inline')")));
}

/** A port nothing listens on right now, for a child process (workerd, WebKitWebDriver) to take. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Bundles test/runtimes/edge-entry.mjs with a runtime's snippet, as wrangler or Vercel's build would:
 * `zorro-wasm/<build>.wasm` imports (with or without ?module) become what `wasmImport` returns.
 */
export async function bundleEdge(
  dir: string, snippet: string, format: 'esm' | 'iife', wasmImport: (build: string) => esbuild.OnResolveResult,
): Promise<string> {
  copyFileSync(join(root, 'test/runtimes/edge-entry.mjs'), join(dir, 'edge-entry.mjs'));
  const outfile = join(dir, format === 'esm' ? 'worker.js' : 'edge.js');
  await esbuild.build({
    entryPoints: [join(dir, 'edge-entry.mjs')], bundle: true, format, globalName: format === 'iife' ? 'zorroEdge' : undefined,
    platform: 'neutral', mainFields: ['module', 'main'], outfile, logLevel: 'error', alias: { snippet: join(dir, snippet) }, absWorkingDir: dir,
    plugins: [{
      name: 'wasm-modules',
      setup(build) {
        build.onResolve({ filter: /^zorro-wasm\/(simd|scalar)\.wasm(\?module)?$/ }, (args) => wasmImport(/(simd|scalar)/.exec(args.path)![1]));
        build.onLoad({ filter: /.*/, namespace: 'wasm-binding' }, (args) => ({ contents: `export default globalThis.zorroWasmBindings.${args.path};` }));
      },
    }],
  });
  return outfile;
}

/** The pages every browser test loads: the default entry with the right and the wrong wasm MIME type, and the inline entry. */
export const BROWSER_PAGES = [
  ['the default entry, application/wasm', 'index.html', false],
  ['the default entry, wrong MIME type', 'index.html', true],
  ['the inline entry', 'inline.html', false],
] as const;
