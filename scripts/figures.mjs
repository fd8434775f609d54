// `npm run figures`: the README's SVG figures, computed by the float32 wasm kernels in Node through
// the same loader and plotter as the demo page. Writes docs/figures/{functions,derivatives,presets}.svg.
// Run `npm run build` first (it reads dist/ and build/). With --check it writes nothing and exits 1
// if a committed figure differs from what the current kernels draw.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as zorroWasm from '../dist/index.js';
import {
  COLORS, TITLES, X_RANGES, defaultParams, panelGrid, plotSvg, presetPlot, sampleFunction,
  samplePreset,
} from '../demo/model.js';

const OUT = new URL('../docs/figures/', import.meta.url);
const PANEL = { columns: 3, width: 400, height: 270 };

// Per function, a few parameter settings beside the defaults, chosen to show what each parameter does.
const FAMILIES = {
  symmetric: [{ a: 0.6 }, {}, { a: 3 }],
  asymmetric: [{}, { aNeg: 3, bNeg: 0.3, aPos: 0.8, bPos: 2 }],
  sigmoid: [{ s: 0.25 }, {}, { s: 1 }],
  tanh: [{ a: 1.5 }, {}, { s: 0.5 }],
  sloped: [{ m: 0 }, { m: 0.5 }, {}],
};

const assignments = (params) => Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ');
const label = (defaults, change) =>
  Object.keys(change).length === 0 ? `defaults (${assignments(defaults)})` : assignments(change);

function familyPanels(z, curve) {
  return zorroWasm.variants.map((variant) => (box) => {
    const defaults = defaultParams(zorroWasm.VARIANTS[variant]);
    const series = FAMILIES[variant].map((change, i) => {
      const sample = sampleFunction(z, variant, { ...defaults, ...change }, X_RANGES[variant]);
      return { xs: sample.xs, ys: sample[curve], color: COLORS[i], label: label(defaults, change) };
    });
    const title = `${TITLES[variant]}${curve === 'dy' ? ': derivative' : ''}`;
    return plotSvg({ ...box, id: `${curve}-${variant}`, xRange: X_RANGES[variant], series, title });
  });
}

const z = await zorroWasm.loadZorro();
mkdirSync(OUT, { recursive: true });
const check = process.argv.includes('--check');
const stale = [];
const write = (name, svg) => {
  const file = new URL(name, OUT);
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== svg) stale.push(name);
    return;
  }
  writeFileSync(file, svg);
  console.log(`wrote docs/figures/${name}`);
};
write('functions.svg', panelGrid(familyPanels(z, 'y'), PANEL));
write('derivatives.svg', panelGrid(familyPanels(z, 'dy'), PANEL));

const presetPanels = Object.entries(zorroWasm.presets).map(([name, preset]) => (box) =>
  presetPlot(name, preset, samplePreset(z, preset, zorroWasm.targets[preset.target]), { ...box, id: `preset-${name}` }));
write('presets.svg', panelGrid(presetPanels, PANEL));
if (check) {
  console.log(stale.length ? `stale figures (run npm run figures): ${stale.join(', ')}` : 'figures are up to date');
  process.exitCode = stale.length ? 1 : 0;
}
