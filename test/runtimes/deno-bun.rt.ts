// Deno and Bun (both from npm): the packed package in a consumer folder, each runtime's README
// snippet, then the suite through the default and the inline entry.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectComplete, parseReport, prepareConsumer, root } from './harness.js';
import { REFUSED_RELAXED } from './suite.js';

const bin = (name: string) => join(root, 'node_modules/.bin', name);

const runtimes = [
  // Deno reads node_modules/ next to package.json; --allow-read is what loading the wasm from disk needs.
  { name: 'Deno', snippet: 'deno.ts', command: [bin('deno'), 'run', '--allow-read', '--allow-env', '--no-lock'], version: [bin('deno'), '--version'] },
  { name: 'Bun', snippet: 'bun.mjs', command: [bin('bun'), 'run'], version: [bin('bun'), '--version'] },
];

describe.each(runtimes)('$name', ({ name, snippet, command, version }) => {
  const dir = prepareConsumer(name.toLowerCase(), [snippet]);
  copyFileSync(join(root, 'test/runtimes/run-suite.mjs'), join(dir, 'run-suite.mjs'));
  const [file, ...args] = command;
  it.each(['zorro-wasm', 'zorro-wasm/inline'])(`README snippet and suite through %s`, (entry) => {
    const output = execFileSync(file, [...args, 'run-suite.mjs', `./${snippet}`, entry], {
      cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
    });
    const result = parseReport(output);
    expect(expectComplete(result, 2)).toBe('');
    // Bun 1.x validates relaxed SIMD but rounds relaxed_madd's product first: the loader must give it
    // the SIMD build and refuse the relaxed one. Deno (V8, x64 with FMA3) fuses and runs all three
    // builds through the default entry. The inline entry embeds no relaxed build in either.
    const relaxedRan = result.lines.some((l) => l.startsWith('ok relaxed loads'));
    expect(relaxedRan).toBe(name === 'Deno' && entry === 'zorro-wasm');
    expect(result.lines.includes(`ok ${REFUSED_RELAXED}`)).toBe(!relaxedRan);
    const [v0, v1] = version;
    console.log(`${name} ${execFileSync(v0, [v1], { encoding: 'utf8' }).split('\n')[0]} ${entry}: ${result.lines.at(-1)}`);
  });
});
