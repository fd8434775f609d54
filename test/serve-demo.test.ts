// The demo server: the page, the package's dist/*.js and build/*.wasm under one origin with the
// MIME types browsers need (application/wasm enables compileStreaming), and nothing else.
import { type Server, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without types
import { serveDemo } from '../scripts/serve-demo.mjs';

let server: Server;
let url: string;

beforeAll(async () => {
  ({ server, url } = await serveDemo({ port: 0 }));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const get = (path: string) => fetch(new URL(path, url));

describe('scripts/serve-demo.mjs', () => {
  it.each([
    ['', 'text/html; charset=utf-8', 'demo/index.html'],
    ['app.js', 'text/javascript; charset=utf-8', 'demo/app.js'],
    ['style.css', 'text/css; charset=utf-8', 'demo/style.css'],
    ['dist/index.js', 'text/javascript; charset=utf-8', 'dist/index.js'],
    ['build/zorro.simd.wasm', 'application/wasm', 'build/zorro.simd.wasm'],
    ['build/zorro.scalar.wasm', 'application/wasm', 'build/zorro.scalar.wasm'],
  ])('serves /%s as %s with the bytes of %s', async (path, type, file) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(file))).toBe(true);
  });

  it('compiles the served wasm by streaming, as the loader does in browsers', async () => {
    const module = await WebAssembly.compileStreaming(get('build/zorro.simd.wasm'));
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('forwardF32');
  });

  /** Status for a path sent exactly as written: fetch() would normalise the dot segments away. */
  const rawStatus = (path: string) => new Promise<number | undefined>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    request({ hostname, port, path }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject).end();
  });

  it.each(['/dist/index.d.ts', '/nope.html', '/../package.json', '/dist/../../package.json', '/build/%2e%2e/package.json',
    '/%2e%2e/%2e%2e/etc/passwd'])('answers 404 for %s', async (path) => {
    expect(await rawStatus(path)).toBe(404);
  });

  it('answers 400 for a malformed percent-encoding and keeps serving', async () => {
    expect(await rawStatus('/%E0%A4%A')).toBe(400);
    expect(await rawStatus('/')).toBe(200);
  });

  it('serves the same file for a raw request as for fetch (the raw helper reaches the server)', async () => {
    expect(await rawStatus('/dist/index.js')).toBe(200);
  });
});
