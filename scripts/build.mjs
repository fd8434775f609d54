// Builds every wasm target (asc, then Binaryen's wasm-opt) and the TypeScript loader.
// Used by `npm run build` and `prepare`, so `npm ci` leaves a working package.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bin = (pkg, name) => {
  const manifest = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8'));
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return join(dirname(require.resolve(`${pkg}/package.json`)), rel);
};
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });

const config = JSON.parse(readFileSync(join(root, 'asconfig.json'), 'utf8'));
mkdirSync(join(root, 'build'), { recursive: true });
for (const [target, options] of Object.entries(config.targets)) {
  run(bin('assemblyscript', 'asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', target]);
  const features = (options.enable ?? []).map((f) => `--enable-${f === 'relaxed-simd' ? 'relaxed-simd' : f}`);
  // asc already runs Binaryen; a second wasm-opt pass with -O3 and size tweaks still trims a little.
  run(bin('binaryen', 'wasm-opt'), [
    options.outFile, '-O3', '--converge', '--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int',
    '--enable-mutable-globals', ...features, '-o', options.outFile,
  ]);
  console.log(`${options.outFile}: ${statSync(join(root, options.outFile)).size} bytes`);
}
run(bin('typescript', 'tsc'), ['-p', 'tsconfig.json']);
