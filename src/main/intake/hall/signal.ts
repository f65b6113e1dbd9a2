import type { CoreServices } from '../../context.js';

/**
 * The hall's own signal: a counter bumped after each call or end that a public screen shows,
 * and the screens' long polls waiting on it. In memory, one per core: a screen that reconnects
 * asks without `after` and gets things as they are.
 */
export class HallSignal {
  seq = 0;
  private waiters = new Set<() => void>();

  bump(): void {
    this.seq += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves at the first bump past `after`, or when `ms` have passed. */
  wait(after: number, ms: number): Promise<void> {
    if (after !== this.seq || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Wakes every waiter: the core is closing. */
  release(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

const signals = new WeakMap<CoreServices, HallSignal>();

export const hallSignal = (core: CoreServices): HallSignal => {
  let signal = signals.get(core);
  if (!signal) {
    const made = new HallSignal();
    signals.set(core, made);
    core.onClose(() => made.release());
    signal = made;
  }
  return signal;
};
