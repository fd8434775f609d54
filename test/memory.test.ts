// Tensor lifecycle, memory growth, out-of-memory requests, independence of instances, and a
// 10^5-call leak check (in a child process, so that RSS measures that loop alone).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BARS } from '../scripts/accuracy-core.mjs';
import { Heap } from '../src/heap.js';
import { type Zorro, ZorroTensor, loadZorro, reference } from '../src/index.js';
import { ulpError32 } from './helpers.js';

const fresh = () => loadZorro();
/** Allocation granularity of the heap (src/heap.ts). */
const blockBytes = (bytes: number) => Math.max(16, Math.ceil(bytes / 16) * 16);

describe('tensor lifecycle', () => {
  let z: Zorro;
  beforeAll(async () => {
    z = await fresh();
  });

  it('allocates zero-filled, accounts for every byte, and frees', () => {
    const base = z.allocatedBytes;
    const a = z.tensor(10, 'f32');
    const b = z.tensor(3, 'f64');
    expect(a.array).toEqual(new Float32Array(10));
    expect(b.array).toBeInstanceOf(Float64Array);
    expect([a.length, a.dtype, b.length, b.dtype]).toEqual([10, 'f32', 3, 'f64']);
    expect(z.allocatedBytes).toBe(base + blockBytes(40) + blockBytes(24));
    a.array.fill(3);
    a.free();
    expect(a.freed).toBe(true);
    expect(b.freed).toBe(false);
    expect(z.allocatedBytes).toBe(base + blockBytes(24));
    // The freed block is reused, and handed out zero-filled again.
    const c = z.tensor(10, 'f32');
    expect(c.array).toEqual(new Float32Array(10));
    b.free();
    c.free();
    expect(z.allocatedBytes).toBe(base);
  });

  it('throws on double free and on every use after free', () => {
    const t = z.tensor(8);
    const view = t.array;
    t.free();
    expect(() => t.free()).toThrow(new TypeError('tensor.free(): the ZorroTensor was freed'));
    expect(() => t.array).toThrow(new TypeError('tensor.array: the ZorroTensor was freed'));
    expect(() => z.forward('symmetric', t)).toThrow(new TypeError('x: the ZorroTensor was freed'));
    expect(() => z.forward('symmetric', new Float32Array(8), {}, t)).toThrow(new TypeError('out: the ZorroTensor was freed'));
    const live = z.tensor(8);
    expect(() => z.backward('symmetric', live, t)).toThrow(new TypeError('dy: the ZorroTensor was freed'));
    expect(() => z.backward('symmetric', live, live, {}, t)).toThrow(new TypeError('dx: the ZorroTensor was freed'));
    live.free();
    // A view taken before free() still exists (JS cannot revoke it) but the tensor is gone.
    expect(view.length).toBe(8);
  });

  it('keeps old tensors valid through `array` when memory grows', async () => {
    const g = await fresh();
    const old = g.tensor(1000, 'f64');
    old.array.set(Float64Array.from({ length: 1000 }, (_, i) => i * 0.5 - 100));
    const staleView = old.array;
    const memoryBefore = g.memoryBytes;
    const big = g.tensor(4 << 20, 'f32'); // 16 MiB: must grow
    expect(g.memoryBytes).toBeGreaterThan(memoryBefore + (16 << 20) - 65536);
    expect(staleView.length).toBe(0); // growth detached the old buffer
    // Passing the stale view is refused rather than read as an empty array.
    expect(() => g.forward('symmetric', staleView)).toThrow(/x is a Float64Array\(0\) over a detached buffer .*tensor\.array taken before memory grew/);
    expect(old.array.length).toBe(1000);
    expect(old.array[0]).toBe(-100);
    expect(old.array[999]).toBe(399.5);
    const y = g.forward('symmetric', old);
    const ref = reference.forward('symmetric', -100);
    expect(Math.abs(y.array[0] - ref)).toBeLessThanOrEqual(2 ** -44 * Math.abs(ref));
    expect(y.array[999]).toBe(1 - reference.forward('symmetric', 1 - 399.5)); // point symmetry, exact here: 1
    big.free();
    y.free();
    old.free();
  });

  it('reads an input that views its own memory correctly when allocating the result grows memory', async () => {
    // x and dy's holder each take 128 KiB; after each, less than a page is left at the end,
    // so the 128 KiB result of backward() must grow memory, detaching dy (a view of that memory).
    const g = await fresh();
    const n = 32768;
    const x = g.tensor(n);
    x.array.fill(-0.5);
    const holder = g.tensor(n);
    holder.array.fill(2);
    const dy = holder.array;
    const memoryBefore = g.memoryBytes;
    const { dx, grads } = g.backward('symmetric', x, dy);
    expect(g.memoryBytes).toBeGreaterThan(memoryBefore);
    const expected = Math.fround(2 * Math.fround(reference.derivative('symmetric', -0.5, { a: Math.fround(1.2) })));
    expect(Math.abs(dx.array[0] - expected)).toBeLessThanOrEqual(2 ** -20);
    expect(dx.array.every((v) => v === dx.array[0])).toBe(true);
    const ref = reference.backward('symmetric', [-0.5], [2], { a: Math.fround(1.2) }).grads;
    expect(grads.a / n).toBeCloseTo(ref.a, 5);
  });

  it('refuses a request beyond what WebAssembly memory can hold, with nothing half-done', async () => {
    const g = await fresh();
    const t = g.tensor(100);
    t.array.fill(1.5);
    const state = () => [g.allocatedBytes, g.memoryBytes];
    const before = state();
    expect(() => g.tensor(2 ** 30, 'f64')).toThrow(RangeError);
    expect(() => g.tensor(2 ** 30, 'f64')).toThrow(/tensor\(1073741824, 'f64'\) needs 8589934592 bytes, more than WebAssembly memory can hold/);
    expect(() => g.tensor(2 ** 31, 'f32')).toThrow(/needs 8589934592 bytes/);
    expect(() => g.tensor(Number.MAX_SAFE_INTEGER, 'f32')).toThrow(RangeError);
    expect(state()).toEqual(before);
    // The instance still works and the old tensor kept its data.
    expect(t.array.every((v) => v === 1.5)).toBe(true);
    const y = g.forward('tanh', t);
    // Within the forward bar of the build that runs (the relaxed build rounds differently).
    expect(ulpError32(y.array[0], reference.forward('tanh', 1.5, { a: 4, b: 2, s: 1 }))).toBeLessThanOrEqual(BARS.forwardUlp);
    expect(y.array.every((v) => v === y.array[0])).toBe(true);
  });

  it('leaves the heap as it was when the engine refuses to grow memory', () => {
    // An engine may stop below 4 GiB; a memory with a maximum of 3 pages stands in for that limit.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3 });
    const heap = new Heap(memory, 1000);
    const first = heap.alloc(40000, 'first');
    expect(() => heap.alloc(3 * 65536, 'tensor(49152, \'f32\')')).toThrow(
      new RangeError("tensor(49152, 'f32') needs 196608 bytes and WebAssembly memory could not grow by 3 pages"),
    );
    expect([memory.buffer.byteLength, heap.usedBytes]).toEqual([65536, 40000]);
    // What fits still fits, at the next free page (blocks of a page or more start on one).
    const page = (address: number) => Math.ceil(address / 4096) * 4096;
    expect(first).toBe(4096);
    expect(heap.alloc(20000, 'second')).toBe(page(first + 40000));
    expect(heap.alloc(100000, 'third')).toBe(page(page(first + 40000) + 20000));
    expect(memory.buffer.byteLength).toBe(3 * 65536);
  });

  it('starts blocks of a page or more on a page, and keeps what the alignment skips for smaller ones', () => {
    const heap = new Heap(new WebAssembly.Memory({ initial: 4 }), 1000);
    const big = heap.alloc(4096, 'big');
    expect(big).toBe(4096);
    // The 3088 bytes between the heap's base (1008) and the page are free, first-fit.
    expect(heap.alloc(3000, 'small')).toBe(1008);
    expect(heap.alloc(100, 'too big for the rest of the gap')).toBe(8192);
    expect(heap.alloc(80, 'fits the rest')).toBe(4016);
    const odd = heap.alloc(10000, 'odd size');
    expect(odd % 4096).toBe(0);
    expect(heap.usedBytes).toBe(4096 + 3008 + 112 + 80 + 10000);
    for (const p of [big, 1008, 8192, 4016, odd]) expect(heap.free(p)).toBe(true);
    expect(heap.usedBytes).toBe(0);
    // Everything merged back: one block of the whole heap fits at its base again (after the page).
    expect(heap.alloc(4 * 65536 - 4096, 'all but the first page')).toBe(4096);
  });

  it('returns to the same allocated bytes after 10^4 tensors of varied sizes and orders', async () => {
    const g = await fresh();
    const base = g.allocatedBytes;
    const live: ZorroTensor[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let peak = 0;
    for (let i = 0; i < 1e4; i++) {
      if (live.length > 0 && next() < 0.5) live.splice(Math.floor(next() * live.length), 1)[0].free();
      else live.push(g.tensor(Math.floor(next() * 5000), next() < 0.5 ? 'f32' : 'f64'));
      peak = Math.max(peak, g.allocatedBytes);
    }
    for (const t of live) t.free();
    expect(g.allocatedBytes).toBe(base);
    // First-fit with merging: memory is bounded by the peak in use plus fragmentation, not by churn.
    console.log(`tensor churn: peak allocated ${peak} B, memory ${g.memoryBytes} B`);
    expect(g.memoryBytes).toBeLessThan(4 * peak + (1 << 20));
    // Everything was merged back: one allocation of nearly all free memory fits without growth.
    const memory = g.memoryBytes;
    const all = g.tensor(Math.floor((memory - base - (1 << 18)) / 4));
    expect(g.memoryBytes).toBe(memory);
    all.free();
  });
});

describe('instances', () => {
  it('are independent: memory, tensors and parameters', async () => {
    const [one, two] = await Promise.all([fresh(), fresh()]);
    const t1 = one.tensor(64);
    const before2 = two.allocatedBytes;
    const t2 = one.tensor(1 << 20);
    expect(two.allocatedBytes).toBe(before2);
    expect(two.memoryBytes).toBeLessThan(one.memoryBytes);
    for (const call of [
      () => two.forward('symmetric', t1),
      () => two.forward('symmetric', new Float32Array(64), {}, t1),
      () => two.backward('symmetric', new Float32Array(64), t1),
      () => two.backward('symmetric', new Float32Array(64), new Float32Array(64), {}, t1),
    ]) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/is a ZorroTensor of another Zorro instance/);
    }
    // Interleaved calls with different parameters do not see each other's configuration.
    const x = Float64Array.from({ length: 257 }, (_, i) => (i - 128) / 16);
    const alone = one.forward('sloped', x, { m: 0.25 });
    const aloneTwo = two.forward('tanh', x, { s: 3 });
    const interleaved = new Float64Array(257);
    for (let i = 0; i < 257; i++) {
      two.forward('tanh', x.subarray(i, i + 1), { s: 3 });
      interleaved[i] = one.forward('sloped', x.subarray(i, i + 1), { m: 0.25 })[0];
    }
    expect(interleaved).toEqual(alone);
    expect(two.forward('tanh', x, { s: 3 })).toEqual(aloneTwo);
    t1.free();
    t2.free();
  });
});

describe('10^5 calls with plain arrays leave memory flat', () => {
  const child = fileURLToPath(new URL('./fixtures/leak-child.mjs', import.meta.url));
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

  it.skipIf(!existsSync(dist))('WebAssembly memory, JS heap and RSS (needs `npm run build`)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', child], { timeout: 120_000 });
    const r = JSON.parse(stdout) as Record<string, Record<string, number>> & { calls: number; elements: number };
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    console.log(
      `leak check: ${r.calls} calls, ${r.elements} elements; after warm-up -> after: ` +
        `memoryBytes ${r.before.memoryBytes} -> ${r.after.memoryBytes}, allocatedBytes ${r.before.allocatedBytes} -> ${r.after.allocatedBytes}, ` +
        `heapUsed ${mib(r.before.heapUsed)} -> ${mib(r.after.heapUsed)}, arrayBuffers ${mib(r.before.arrayBuffers)} -> ${mib(r.after.arrayBuffers)}, ` +
        `RSS ${mib(r.before.rss)} -> ${mib(r.after.rss)} (at start ${mib(r.initial.rss)})`,
    );
    expect(r.calls).toBe(1e5);
    // Plain arrays go through the fixed scratch area: WebAssembly memory never grows for them.
    expect(r.after.memoryBytes).toBe(r.initial.memoryBytes);
    expect(r.after.allocatedBytes).toBe(r.initial.allocatedBytes);
    // A leak of one small object per call would be ≥ 3 MiB of heap; of one result array, ≥ 700 MiB.
    expect(r.after.heapUsed - r.before.heapUsed).toBeLessThan(1 << 20);
    expect(r.after.arrayBuffers - r.before.arrayBuffers).toBeLessThan(1 << 20);
    // RSS moves by tens of MiB with the allocator's own caching (measured 9-21 MiB over 10^5 or
    // 3·10^5 calls alike); a per-call leak of 500 bytes or more would exceed this.
    expect(r.after.rss - r.before.rss).toBeLessThan(48 * 2 ** 20);
  });
});
