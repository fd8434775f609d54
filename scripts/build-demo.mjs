// `npm run build:demo`: copies the demo site (page, the package's dist/*.js and build/*.wasm) into
// dist-demo/, with relative URLs only, so any static host can serve the folder as it is.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MOUNTS, root, wanted } from './demo-files.mjs';

const out = path.join(root, 'dist-demo');
rmSync(out, { recursive: true, force: true });
for (const [prefix, dir] of MOUNTS) {
  const target = path.join(out, prefix);
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (wanted(prefix, name)) cpSync(path.join(dir, name), path.join(target, name), { recursive: true });
  }
}
console.log(`demo site written to ${path.relative(process.cwd(), out) || '.'}/ (serve it with any static server, e.g. node scripts/serve-demo.mjs --dir dist-demo)`);
