// One budget of threads for every analysis running at once: a shared counter that the pool (for each
// job's analysis thread) and each analysis's task threads (for every map) take permits from, so two
// analyses started together use at most `total` threads between them instead of each every core.
// Taking never blocks: a map runs on the caller alone when the budget is spent, which changes only
// how long it takes, never its outputs.

const Slot = { inUse: 0, peak: 1, total: 2 } as const;

export class ThreadBudget {
  private readonly slots: Int32Array;
  private readonly held?: Int32Array;

  /**
   * A new budget of `total` threads, or an existing one by its buffer (as posted to a worker). With
   * `held` (one job's Int32 counter, see holderBuffer), the permits taken through this instance are
   * counted there too: a worker that dies or is terminated inside a map never gives them back itself,
   * and the pool gives back what its counter still holds (release).
   */
  constructor(from: number | SharedArrayBuffer, held?: SharedArrayBuffer) {
    this.slots = new Int32Array(typeof from === 'number' ? new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT) : from);
    if (typeof from === 'number') this.resize(from);
    if (held) this.held = new Int32Array(held);
  }

  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }

  get total(): number {
    return Atomics.load(this.slots, Slot.total);
  }

  /** the most threads held at once so far */
  get peak(): number {
    return Atomics.load(this.slots, Slot.peak);
  }

  /** a new total for later takes (the settings changed); permits already held stay held */
  resize(total: number): void {
    Atomics.store(this.slots, Slot.total, Math.max(1, Math.floor(total)));
  }

  /** Takes up to `wanted` permits and returns how many it got (0 when the budget is spent). */
  take(wanted: number): number {
    for (;;) {
      const inUse = Atomics.load(this.slots, Slot.inUse);
      const got = Math.max(0, Math.min(wanted, this.total - inUse));
      if (got === 0) return 0;
      if (Atomics.compareExchange(this.slots, Slot.inUse, inUse, inUse + got) === inUse) {
        if (this.held) Atomics.add(this.held, 0, got);
        for (let peak = this.peak; inUse + got > peak; peak = this.peak) {
          if (Atomics.compareExchange(this.slots, Slot.peak, peak, inUse + got) === peak) break;
        }
        return got;
      }
    }
  }

  give(count: number): void {
    if (count <= 0) return;
    if (this.held) Atomics.sub(this.held, 0, count);
    Atomics.sub(this.slots, Slot.inUse, count);
  }

  /** Gives back what a holder that can no longer give (its thread died) still holds. */
  release(held: SharedArrayBuffer): void {
    this.give(Atomics.exchange(new Int32Array(held), 0, 0));
  }
}

/** One job's counter of the permits its threads hold (ThreadBudget's `held`). */
export function holderBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}
