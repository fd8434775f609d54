// A first-fit allocator over the module's linear memory, kept in JavaScript so the wasm carries
// no allocator at all (smaller modules, and every build shares one implementation).
// Blocks are 16-byte aligned so that v128 loads of a tensor never straddle an alignment boundary,
// and blocks of a page or more start on a 4 KiB page: the kernels run up to 20% slower when an
// output sits at another offset within its page than its input (bench, DESIGN "Session 11").

const ALIGN = 16;
/** Blocks at least this large start at a multiple of it. */
const PAGE_ALIGN = 4096;
const PAGE = 65536;
/** wasm32's ceiling: 65536 pages of 64 KiB. Engines may stop earlier; grow() then throws. */
const MAX_BYTES = 2 ** 32;

interface Range { start: number; size: number }

export class Heap {
  readonly #memory: WebAssembly.Memory;
  /** Free ranges, sorted by start, never adjacent (they are merged). */
  readonly #free: Range[] = [];
  readonly #used = new Map<number, number>();

  constructor(memory: WebAssembly.Memory, base: number) {
    this.#memory = memory;
    const start = Math.ceil(base / ALIGN) * ALIGN;
    const end = memory.buffer.byteLength;
    if (end > start) this.#free.push({ start, size: end - start });
  }

  /** Bytes currently handed out. */
  get usedBytes(): number {
    let total = 0;
    for (const size of this.#used.values()) total += size;
    return total;
  }

  /**
   * Reserves `bytes` (rounded up to 16) and returns the address, a multiple of 4096 for a page or
   * more (PAGE_ALIGN); grows memory if needed.
   */
  alloc(bytes: number, what: string): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const align = size >= PAGE_ALIGN ? PAGE_ALIGN : ALIGN;
    const aligned = (r: Range) => Math.ceil(r.start / align) * align;
    let index = this.#free.findIndex((r) => aligned(r) + size <= r.start + r.size);
    if (index < 0) index = this.#grow(size + align - ALIGN, size, what);
    const range = this.#free[index];
    const start = aligned(range);
    const end = range.start + range.size;
    // What the alignment skips stays free before the block, and the rest after it.
    const pieces = [{ start: range.start, size: start - range.start }, { start: start + size, size: end - start - size }].filter((r) => r.size > 0);
    this.#free.splice(index, 1, ...pieces);
    this.#used.set(start, size);
    return start;
  }

  /** Returns a block to the free list; false if `ptr` is not a live block. */
  free(ptr: number): boolean {
    const size = this.#used.get(ptr);
    if (size === undefined) return false;
    this.#used.delete(ptr);
    let index = this.#free.findIndex((r) => r.start > ptr);
    if (index < 0) index = this.#free.length;
    this.#free.splice(index, 0, { start: ptr, size });
    this.#mergeAround(index);
    return true;
  }

  #mergeAround(index: number): void {
    const next = this.#free[index + 1];
    const here = this.#free[index];
    if (next && here.start + here.size === next.start) {
      here.size += next.size;
      this.#free.splice(index + 1, 1);
    }
    const previous = this.#free[index - 1];
    if (previous && previous.start + previous.size === here.start) {
      previous.size += here.size;
      this.#free.splice(index, 1);
    }
  }

  /**
   * Grows memory so that a free range of `room` bytes (`size` and what aligning it may skip) exists
   * at its end; returns its index. Errors name `size`, what the caller asked for.
   */
  #grow(room: number, size: number, what: string): number {
    const end = this.#memory.buffer.byteLength;
    const last = this.#free[this.#free.length - 1];
    const tail = last && last.start + last.size === end ? last.size : 0;
    const needed = room - tail;
    const pages = Math.ceil(needed / PAGE);
    if (end + pages * PAGE > MAX_BYTES) {
      throw new RangeError(`${what} needs ${size} bytes, more than WebAssembly memory can hold (4 GiB)`);
    }
    try {
      this.#memory.grow(pages);
    } catch (cause) {
      throw new RangeError(`${what} needs ${size} bytes and WebAssembly memory could not grow by ${pages} pages`, { cause });
    }
    if (tail > 0) last.size += pages * PAGE;
    else this.#free.push({ start: end, size: pages * PAGE });
    return this.#free.length - 1;
  }
}
