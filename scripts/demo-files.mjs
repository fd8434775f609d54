// Which files make up the demo site: demo/ at the root, plus the package's own dist/ and build/
// under the same names, so the page imports the real loader with relative URLs ('./dist/index.js')
// and the loader finds its wasm at '../build/' exactly as it does from an installed package.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** URL prefix → directory on disk; the first matching prefix wins. */
export const MOUNTS = [
  ['/dist/', path.join(root, 'dist')],
  ['/build/', path.join(root, 'build')],
  ['/', path.join(root, 'demo')],
];

/** Which files of each mount belong on the site. */
export const wanted = (mountPrefix, name) =>
  mountPrefix === '/dist/' ? name.endsWith('.js') : mountPrefix === '/build/' ? name.endsWith('.wasm') : true;

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.map': 'application/json',
};
