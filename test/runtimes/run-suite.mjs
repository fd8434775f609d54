// Node, Deno and Bun run this from a consumer folder: `run-suite.mjs <snippet> [entry]` imports the
// runtime's README snippet, then runs the suite through the entry (default 'zorro-wasm'), one line per check.
const { y } = await import(process.argv[2]);
const { loadZorro } = await import(process.argv[3] ?? 'zorro-wasm');
const { buildsFor, optionsFor, runSuite } = await import('./suite.js');

const probe = await loadZorro();
const result = await runSuite((build) => loadZorro(optionsFor(build)), y, buildsFor(probe.features), true);
console.log(result.lines.join('\n'));
