// Cloudflare's workerd (npm `workerd`): a real Worker bundled by esbuild, the wasm builds as module
// bindings in the worker's config, requests to it on localhost.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEdge, expectComplete, freePort, prepareConsumer, root } from './harness.js';
import type { SuiteResult } from './suite.js';

describe('workerd', () => {
  let workerd: ChildProcess;
  let url: string;
  const log: string[] = [];
  beforeAll(async () => {
    const dir = prepareConsumer('workerd', ['cloudflare-worker.mjs']);
    await bundleEdge(dir, 'cloudflare-worker.mjs', 'esm', (build) => ({ path: `./zorro.${build}.wasm`, external: true }));
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "zorro.simd.wasm", wasm = embed "node_modules/zorro-wasm/build/zorro.simd.wasm"),
    (name = "zorro.scalar.wasm", wasm = embed "node_modules/zorro-wasm/build/zorro.scalar.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
`);
    workerd = spawn(join(root, 'node_modules/.bin/workerd'), ['serve', 'config.capnp'], { cwd: dir });
    workerd.stderr!.on('data', (d) => log.push(String(d)));
    workerd.stdout!.on('data', (d) => log.push(String(d)));
    for (let i = 0; i < 200 && !(await fetch(url + 'inline').then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => void workerd?.kill());

  it('the README Worker answers and the suite passes over both module bindings', async () => {
    const response = await fetch(url);
    expect(response.status, log.join('')).toBe(200);
    expect(expectComplete((await response.json()) as SuiteResult, 2)).toBe('');
  });

  it('refuses to compile wasm from bytes, which is why Workers need the module import', async () => {
    const answer = (await (await fetch(url + 'inline')).json()) as { loaded: boolean; error?: string };
    console.log(`workerd, zorro-wasm/inline: ${JSON.stringify(answer)}`);
    expect(answer.loaded).toBe(false);
    expect(answer.error).toMatch(/CompileError: .*disallowed by embedder/);
  });
});
