// Node: the packed package in a consumer folder, the README snippet, the suite over both entries,
// and require() from CommonJS.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectComplete, parseReport, prepareConsumer, root, snippetsDir } from './harness.js';

let dir: string;
beforeAll(() => {
  dir = prepareConsumer('node', ['node.mjs']);
  copyFileSync(join(root, 'test/runtimes/run-suite.mjs'), join(dir, 'run-suite.mjs'));
});

const node = (...args: string[]) => execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('Node', () => {
  it.each(['zorro-wasm', 'zorro-wasm/inline'])('README snippet and suite through %s', (entry) => {
    expect(expectComplete(parseReport(node('run-suite.mjs', './node.mjs', entry)), 2)).toBe('');
  });

  it('both entries share one implementation: the same classes, the same tensors', () => {
    const script = `const main = await import('zorro-wasm'); const inline = await import('zorro-wasm/inline');
      const z = await inline.loadZorro(); const t = z.tensor(3);
      console.log(JSON.stringify([main.ZorroTensor === inline.ZorroTensor, main.Zorro === inline.Zorro, t instanceof main.ZorroTensor, main.reference === inline.reference]));`;
    expect(JSON.parse(node('--input-type=module', '-e', script))).toEqual([true, true, true, true]);
  });

  it('require() from CommonJS loads the ESM package (Node >= 20.19 has require(esm) on by default)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    const script = `const { loadZorro, reference } = require('zorro-wasm');
      loadZorro().then((z) => console.log(JSON.stringify([z.forward('sigmoid', new Float64Array([0.75]))[0], reference.forward('sigmoid', 0.75)])));`;
    if (major === 20 && minor < 19) {
      expect(() => node('-e', script)).toThrow(/ERR_REQUIRE_ESM/);
      return;
    }
    const [got, want] = JSON.parse(node('-e', script)) as number[];
    expect(Math.abs(got - want)).toBeLessThanOrEqual(2 ** -44 * Math.abs(want));
  });
});

describe('README and package', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- section: runtimes -->'), readme.indexOf('<!-- /section: runtimes -->'));

  it.each(readdirSync(snippetsDir))('README "Runtimes" quotes snippets/%s as the tests run it', (file) => {
    const fence = file.endsWith('.ts') ? 'ts' : 'js';
    expect(section).toContain(`\`\`\`${fence}\n${readFileSync(join(snippetsDir, file), 'utf8')}\`\`\``);
  });

  it('npm pack ships the wasm, JS, types, README, LICENSE and package.json only', () => {
    const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as [{ files: { path: string }[] }];
    const paths = files.map((f) => f.path).sort();
    expect(paths.filter((p) => !/^(build\/zorro\.\w+\.wasm|dist\/[\w-]+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/.test(p))).toEqual([]);
    for (const needed of ['build/zorro.simd.wasm', 'build/zorro.scalar.wasm', 'dist/index.js', 'dist/index.d.ts', 'dist/inline.js', 'dist/inline.d.ts', 'dist/wasm-module.d.ts', 'README.md', 'LICENSE']) {
      expect(paths).toContain(needed);
    }
  });
});
