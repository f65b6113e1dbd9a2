import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { GuessBrake } from '../../src/shared/auth/brake.js';

describe('the guessing brake', () => {
  it('brakes once the failures of one minute reach the threshold, and lets go a minute later', () => {
    let now = 1_000_000;
    const brake = new GuessBrake({ failuresPerMinute: 3, spacingMs: 1000 }, sleep, () => now);
    brake.failed();
    brake.failed();
    expect(brake.braking).toBe(false);
    now += 30_000;
    brake.failed();
    expect(brake.braking).toBe(true);
    // the first two are a minute old: one failure left in the last minute
    now += 30_000;
    expect(brake.braking).toBe(false);
    brake.failed();
    expect(brake.braking).toBe(false);
    brake.failed();
    expect(brake.braking).toBe(true);
  });

  it('lets braked tries through one at a time, spaced apart; unbraked ones at once', async () => {
    // the brake's own clock and timer: what it asks to wait is what is checked, not how long a
    // loaded machine took to run it
    const now = 1_000_000;
    const waits: number[] = [];
    const brake = new GuessBrake({ failuresPerMinute: 2, spacingMs: 150 }, async (ms) => void waits.push(ms), () => now);
    await Promise.all([brake.admit(), brake.admit(), brake.admit()]);
    expect(waits).toEqual([]);
    brake.failed();
    brake.failed();
    await Promise.all([brake.admit(), brake.admit(), brake.admit()]);
    // the first at once, the next after 150 ms, the last after 300 ms
    expect(waits).toEqual([150, 300]);
  });
});
