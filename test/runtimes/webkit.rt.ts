// WebKitGTK (Debian's webkit2gtk-driver with its MiniBrowser, on Xvfb) over classic WebDriver,
// spoken with fetch: no driver library is needed for four endpoints.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectComplete, freePort, pageResult, prepareConsumer, serve, writeBrowserPages, BROWSER_PAGES } from './harness.js';

const DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

describe('WebKitGTK', () => {
  let driver: ChildProcess;
  let xvfb: ChildProcess | undefined;
  let base: string;
  let session: string;
  let dir: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await response.json()) as { value: unknown };
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };

  beforeAll(async () => {
    for (const file of [DRIVER, MINIBROWSER]) if (!existsSync(file)) throw new Error(`${file} is absent: apt-get install -y webkit2gtk-driver xvfb`);
    dir = prepareConsumer('webkit', ['browser.mjs', 'bundled-browser.mjs']);
    writeBrowserPages(dir);
    // WebKitGTK's MiniBrowser is a GTK 3 program: it needs an X display even with no window shown.
    let display = process.env.DISPLAY;
    if (!display) {
      display = ':97';
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 500));
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    driver = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
    for (let i = 0; i < 100 && !(await fetch(`${base}/status`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const created = (await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    })) as { sessionId: string };
    session = created.sessionId;
  });
  afterAll(async () => {
    if (session) await call('DELETE', `/session/${session}`).catch(() => {});
    driver?.kill();
    xvfb?.kill();
  });

  it.each(BROWSER_PAGES)('%s', async (_, pageName, wrongMime) => {
    const server = await serve(dir, wrongMime);
    try {
      await call('POST', `/session/${session}/url`, { url: server.url + pageName });
      const result = await pageResult((script) =>
        call('POST', `/session/${session}/execute/async`, { script: `${script}.then(arguments[0])`, args: [] }));
      expect(expectComplete(result, 2)).toBe('');
      console.log(`WebKitGTK ${pageName}${wrongMime ? ' (wrong MIME)' : ''}: ${result.lines.at(-1)}`);
    } finally {
      await server.close();
    }
  });
});
