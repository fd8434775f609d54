// Bytes a user ships per entry: each entry bundled and minified by esbuild (the package's own JS),
// plus the wasm it fetches, raw and gzipped. Prints the table quoted in README "Runtimes".
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const minified = (entry) =>
  esbuild.buildSync({ entryPoints: [join(root, entry)], bundle: true, minify: true, format: 'esm', write: false, platform: 'neutral' })
    .outputFiles[0].contents;
const wasm = (build) => readFileSync(join(root, `build/zorro.${build}.wasm`));
const row = (name, bytes) => `| ${name} | ${bytes.length} | ${gzipSync(bytes, { level: 9 }).length} |`;

console.log(['| what | bytes | gzip -9 |', '| --- | ---: | ---: |',
  row('`zorro-wasm` JS (minified bundle)', minified('dist/index.js')),
  row('`zorro-wasm/inline` JS with both builds (minified bundle)', minified('dist/inline.js')),
  row('`zorro-wasm/simd.wasm`', wasm('simd')),
  row('`zorro-wasm/relaxed.wasm`', wasm('relaxed')),
  row('`zorro-wasm/scalar.wasm`', wasm('scalar')),
].join('\n'));
