/**
 * A brake on guessing that holds for the whole service, whoever sends the tries and whatever
 * account or code they name: once `failuresPerMinute` tries have failed within a minute, tries are
 * let through one at a time, `spacingMs` apart, until a minute passes with fewer failures. It
 * slows and never locks: the right password still gets in, only later. The station and HQ use it
 * beside their per-account locks, which a guesser with many addresses or terminals would spread.
 */
export class GuessBrake {
  /** when the recent failures happened (ms), oldest first; never more than the threshold */
  private readonly failures: number[] = [];
  /** the earliest moment the next braked try may start */
  private nextSlot = 0;

  /**
   * `wait` is the platform's timer (src/shared has none of its own): the callers pass Node's
   * `setTimeout` from `node:timers/promises`.
   */
  constructor(
    private readonly limits: { failuresPerMinute: number; spacingMs: number },
    private readonly wait: (ms: number) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  failed(): void {
    this.failures.push(this.now());
    if (this.failures.length > this.limits.failuresPerMinute) this.failures.shift();
  }

  get braking(): boolean {
    const minuteAgo = this.now() - 60_000;
    while (this.failures.length > 0 && this.failures[0] <= minuteAgo) this.failures.shift();
    return this.failures.length >= this.limits.failuresPerMinute;
  }

  /** Waits for this try's turn while braking; at once otherwise. */
  async admit(): Promise<void> {
    if (!this.braking) return;
    const now = this.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.limits.spacingMs;
    if (at > now) await this.wait(at - now);
  }
}
