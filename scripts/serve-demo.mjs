// `npm start`: serves the demo page and the package's dist/ and build/ on localhost, no dependencies.
// Usage: node scripts/serve-demo.mjs [--port N] [--dir DIR]   (--dir serves a built folder, e.g. dist-demo)
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIME, MOUNTS, wanted } from './demo-files.mjs';

/** Starts the server; resolves to { server, url }. Port 0 picks a free port. */
export function serveDemo({ port = 8080, host = '127.0.0.1', dir } = {}) {
  const mounts = dir ? [['/', path.resolve(dir)]] : MOUNTS;
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('malformed URL\n');
      return;
    }
    const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
    const relative = pathname.slice(mount[0].length) || 'index.html';
    const file = path.join(mount[1], relative);
    let stat;
    try { stat = statSync(file); } catch { stat = undefined; }
    const inside = file === mount[1] || file.startsWith(mount[1] + path.sep);
    if (!inside || !stat?.isFile() || !wanted(mount[0], relative)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}/` });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const asked = arg('--port') ?? process.env.PORT;
  const dir = arg('--dir');
  // Without an explicit port, step past ports that are taken rather than fail on a busy 8080.
  let started;
  for (let port = Number(asked ?? 8080); !started; port++) {
    try {
      started = await serveDemo({ port, dir });
    } catch (error) {
      if (error.code !== 'EADDRINUSE') throw error;
      if (asked !== undefined || port >= 8099) {
        console.error(`port ${port} is in use: pass another with --port N (or PORT=N)`);
        process.exit(1);
      }
    }
  }
  console.log(`zorro-wasm demo: ${started.url}  (Ctrl-C to stop)`);
}
