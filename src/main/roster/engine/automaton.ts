/**
 * A person's work/rest run automaton. Reading the days one by one (worked or not), it accepts
 * exactly the sequences that meet the run rules: at most `maxC` and at least `minC` consecutive
 * days worked, at least `minOff` consecutive days off, where the runs touching the start or the end
 * of the horizon are not held to the minimums.
 *
 * States: W(l) = l-th day of a work run begun inside the horizon; WX(l) = l-th day of the run begun
 * on day 0 (exempt from the minimum); O(l) = l-th day of a rest run still below the minimum;
 * O* = a rest run long enough (or begun on day 0). Without a maximum the work states saturate, so
 * the automaton stays small. Any state may end the horizon (runs touching the end are exempt).
 *
 * Used twice: as the layered flow network of the MILP (its flow polytope is the convex hull of the
 * run rules, so the LP relaxation cannot cheat on them) and as the state of the pricing DP.
 */
export interface RunAutomaton {
  count: number;
  /** Whether the state is a worked day. */
  work: boolean[];
  /** next[state][worked ? 1 : 0] → state, or -1 when not allowed. */
  next: [number, number][];
  /** State after day 0 when not working / working. */
  start: [number, number];
  /** True when there are no run rules at all (every sequence is accepted). */
  trivial: boolean;
}

export const runAutomaton = (minC: number, maxC: number, minOff: number, days: number): RunAutomaton => {
  const bounded = maxC < days;
  const lw = bounded ? Math.max(1, maxC) : Math.max(1, minC);
  const lx = bounded ? Math.max(1, maxC) : 1;
  const k = Math.max(1, minOff);
  const W = (l: number) => l - 1;
  const WX = (l: number) => lw + l - 1;
  const O = (l: number) => lw + lx + l - 1;
  const OSTAR = lw + lx + k - 1;
  const count = OSTAR + 1;
  const offStart = k <= 1 ? OSTAR : O(1);
  const next: [number, number][] = Array.from({ length: count }, () => [-1, -1]);
  const work = Array.from({ length: count }, (_, i) => i < lw + lx);
  for (let l = 1; l <= lw; l++) {
    const more = l < lw ? W(l + 1) : bounded ? -1 : W(l);
    next[W(l)] = [l >= minC ? offStart : -1, more];
  }
  for (let l = 1; l <= lx; l++) {
    const more = l < lx ? WX(l + 1) : bounded ? -1 : WX(l);
    next[WX(l)] = [offStart, more];
  }
  for (let l = 1; l < k; l++) next[O(l)] = [l + 1 >= k ? OSTAR : O(l + 1), -1];
  next[OSTAR] = [OSTAR, W(1)];
  return { count, work, next, start: [OSTAR, WX(1)], trivial: !bounded && minC <= 1 && minOff <= 1 };
};
