import type { DisplayState } from '../../../shared/intake/hall.js';
import type { CoreServices } from '../../context.js';

/**
 * A counter bumped after each change a public screen shows, and the screens' long polls waiting
 * on it. In memory, one per core: a screen that reconnects asks without `after` and gets things
 * as they are. `latest`: what the change made the screen show, kept to answer without waiting
 * for the core's queue (null: read it).
 */
export class HallSignal<T> {
  seq = 0;
  latest: T | null = null;
  private waiters = new Set<() => void>();

  /** A change whose screen is not known here: the next answer reads it. */
  bump(): void {
    this.publish(null);
  }

  publish(latest: T | null): void {
    this.seq += 1;
    this.latest = latest;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves at the first change past `after`, or when `ms` have passed. */
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

export interface HallSignals {
  /** calls: the display's; each call's commit publishes the display as it now is */
  display: HallSignal<Omit<DisplayState, 'seq'>>;
  /** walk-ins ending, taken back, rated: the rating screen's */
  rating: HallSignal<never>;
}

const signals = new WeakMap<CoreServices, HallSignals>();

export const hallSignals = (core: CoreServices): HallSignals => {
  let made = signals.get(core);
  if (!made) {
    const fresh: HallSignals = { display: new HallSignal(), rating: new HallSignal() };
    signals.set(core, fresh);
    core.onClose(() => {
      fresh.display.release();
      fresh.rating.release();
    });
    made = fresh;
  }
  return made;
};
