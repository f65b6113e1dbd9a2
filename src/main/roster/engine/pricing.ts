/**
 * Pricing for the column generation (colgen.ts): for one person, the schedule of least reduced
 * cost under given cell prices, and what a schedule counts (fairness) and costs (wishes, patterns).
 *
 * Pricing finds, for one person, the schedule of least reduced cost by a labelling DP over the
 * days, whose state is the run automaton state, the last shift(s), the minutes worked, and the
 * resources the person's limits need (shifts per type, weekends, minutes this week, nights in a
 * row). Labels with the same state are pruned by dominance.
 */
import { runAutomaton, type RunAutomaton } from './automaton.js';
import type { Compiled } from './compile.js';
import type { FairnessMetric } from '../../../shared/roster/model.js';

/** A person's fairness count must lie in [fewest, most]. */
export interface CountWindow {
  metric: FairnessMetric;
  fewest: number;
  most: number;
}

/** A personal schedule: the shift of each day, or -1 for a day off. */
export interface Schedule {
  staff: number;
  shifts: Int16Array;
  /** Sum of the person's cell costs (requests, soft patterns), without the constant offset. */
  cost: number;
}

interface Label {
  cost: number;
  minutes: number;
  res: number[];
  /** Resources as they matter from here on (see `normalise`), compared for dominance. */
  dom: number[];
  prev: Label | null;
  shift: number;
  state: number;
}

/** The best schedules of one person under given cell prices. */
export class Pricer {
  private readonly a: RunAutomaton;
  private readonly allowedShifts: number[][];
  private readonly remainingMax: number[];
  private readonly remainingType: number[][];
  /** Shift types whose count is a dominance resource (bounded max). */
  private readonly countTypes: number[];
  private readonly weekend: boolean[];
  private readonly weekStart: boolean[];
  private readonly useWeekends: boolean;
  private readonly useWeekMinutes: boolean;
  private readonly useNights: boolean;
  private readonly useLast2: boolean;
  /** Weekends with a day after day d; whether day d's weekend has a day after d. */
  private readonly weekendsAfter: number[];
  private readonly weekendContinues: boolean[];

  constructor(
    private readonly c: Compiled,
    readonly staff: number,
  ) {
    const { D, S } = c;
    const r = c.rules[staff];
    this.a = runAutomaton(r.minConsecutive, r.maxConsecutive, r.minDaysOff, D);
    this.allowedShifts = Array.from({ length: D }, (_, d) => {
      const must = c.mustWork[staff * D + d];
      const out: number[] = [];
      for (let s = 0; s < S; s++) if (c.allowed[(staff * D + d) * S + s] && (must < 0 || must === s)) out.push(s);
      return out;
    });
    this.remainingMax = Array.from({ length: D + 1 }, () => 0);
    this.remainingType = Array.from({ length: D + 1 }, () => Array.from({ length: S }, () => 0));
    for (let d = D - 1; d >= 0; d--) {
      this.remainingMax[d] = this.remainingMax[d + 1] + Math.max(0, ...this.allowedShifts[d].map((s) => c.minutes[s]));
      for (let s = 0; s < S; s++) this.remainingType[d][s] = this.remainingType[d + 1][s] + (this.allowedShifts[d].includes(s) ? 1 : 0);
    }
    this.countTypes = [...Array(S).keys()].filter((s) => r.maxPerType[s] < this.remainingType[0][s] || r.minPerType[s] > 0);
    this.weekend = c.weekday.map((w) => w >= 6);
    this.weekStart = c.weekday.map((w) => w === 1);
    this.useWeekends = r.maxWeekends < c.weekends.length;
    this.useWeekMinutes = r.maxWeekMinutes < Infinity;
    this.useNights = r.maxNights < D && c.night.some(Boolean);
    this.useLast2 = c.successions.some((x) => x.gap === 2);
    this.weekendsAfter = Array.from({ length: D }, (_, d) => c.weekends.filter((days) => days.some((x) => x > d)).length);
    this.weekendContinues = Array.from({ length: D }, (_, d) => c.weekends.some((days) => days.includes(d) && days.some((x) => x > d)));
  }

  private cheapestRest: Float64Array = new Float64Array(0);
  /** Bounds on the person's fairness counts while a search is narrowed to a fairness window. */
  private window: CountWindow[] = [];
  /** Per window and day d: units its metric can still add after d, with the weekend flag off / on. */
  private windowAfter: number[][][] = [];

  /** Limits the schedules to those whose counts lie in the windows (none: no limit). */
  setWindow(window: CountWindow[]) {
    this.window = window;
    // set once per narrowing, read on every label of every pricing
    this.windowAfter = window.map((w) => Array.from({ length: this.c.D }, (_, d) => [this.countsAfter(w.metric, d, false), this.countsAfter(w.metric, d, true)]));
  }

  /** How many more units of `metric` the days after d can add at most. */
  private countsAfter(metric: FairnessMetric, d: number, weekendOpen: boolean): number {
    const { D } = this.c;
    if (metric === 'weekends') return this.weekendsAfter[d] - (weekendOpen && this.weekendContinues[d] ? 1 : 0);
    let n = 0;
    for (let x = d + 1; x < D; x++)
      if (this.allowedShifts[x].some((s) => (metric === 'nights' ? this.c.night[s] : this.c.holiday[x]))) n++;
    return n;
  }

  /**
   * Least-cost schedules (up to `max`, distinct) for prices[d·S+s] = price of working s on d, plus
   * `weekendPrice` per weekend worked, of price sum below `threshold`. Sorted by price sum; empty
   * when there is none.
   */
  best(prices: Float64Array, max: number, threshold = Infinity, weekendPrice = 0): { shifts: Int16Array; price: number }[] {
    const { D, S, minutes } = this.c;
    // A lower bound on what the days from d on can add: the cheapest choice (or 0) of each day,
    // and a negative weekend price once per weekend (charged on its first day).
    this.cheapestRest = new Float64Array(D + 1);
    for (let d = D - 1; d >= 0; d--) {
      let m = 0;
      for (const s of this.allowedShifts[d]) m = Math.min(m, prices[d * S + s]);
      if (this.weekend[d] && (d === 0 || !this.weekend[d - 1])) m += Math.min(0, weekendPrice);
      this.cheapestRest[d] = this.cheapestRest[d + 1] + m;
    }
    const r = this.c.rules[this.staff];
    const fb1 = this.c.forbidNext[0];
    const fb2 = this.c.forbidNext[1];
    const nc = this.countTypes.length;
    // res layout: [counts of countTypes…, weekends, weekMinutes, nightRun, weekendFlag, last, last2]
    const W = nc;
    const WM = nc + 1;
    const NR = nc + 2;
    const FLAG = nc + 3;
    const LAST = nc + 4;
    const LAST2 = nc + 5;
    const WIN = nc + 6;
    const window = this.window;
    const nw = window.length;
    const after = this.windowAfter;
    const typeIdx = new Int32Array(S).fill(-1);
    this.countTypes.forEach((s, i) => (typeIdx[s] = i));

    let layer = new Map<number | string, Label[]>();
    const exact = this.countTypes.map((s, i) => (r.minPerType[s] > 0 ? i : -1)).filter((i) => i >= 0);
    // Minutes worked need an exact match only when a minimum is to be reached; under a maximum
    // alone, fewer minutes are never worse (a dominance resource, see `normalise`).
    const exactMinutes = r.minMinutes > 0;
    // Labels compete only with labels of the same key: what the rest of the horizon may do
    // depends on it exactly. (A number while it fits in 2^53, else a string: a clash would let
    // a label wrongly dominate another and the bound would no longer be proven.)
    const keyOf = (state: number, l: Label): number | string => {
      let k = state;
      k = k * (S + 1) + (l.res[LAST] + 1);
      if (this.useLast2) k = k * (S + 1) + (l.res[LAST2] + 1);
      k = k * 2 + l.res[FLAG];
      if (exactMinutes) k = k * (D * 1440 + 1) + l.minutes;
      return exact.length === 0 ? k : `${k}:${exact.map((i) => l.res[i]).join(',')}`;
    };
    const dominates = (x: Label, y: Label) => {
      if (x.cost > y.cost + 1e-9) return false;
      for (let i = 0; i < x.dom.length; i++) if (x.dom[i] > y.dom[i]) return false;
      return true;
    };
    // A used-up amount only matters as far as the limit can still bind: with limit L and at most R
    // more possible, every usage ≤ L − R is as good as L − R. Comparing max(usage, L − R) instead
    // of the usage lets far more labels dominate each other early in the horizon.
    const normalise = (d: number, mins: number, res: number[]): number[] => {
      const out: number[] = [];
      const minutesLeft = r.maxMinutes - mins;
      for (let i = 0; i < nc; i++) {
        const ts = this.countTypes[i];
        const more = Math.min(this.remainingType[d + 1][ts], Math.floor(minutesLeft / minutes[ts]));
        out.push(Math.max(res[i], r.maxPerType[ts] - more));
      }
      if (this.useWeekends) {
        const more = this.weekendsAfter[d] - (res[FLAG] === 1 && this.weekendContinues[d] ? 1 : 0);
        out.push(Math.max(res[W], r.maxWeekends - more));
      }
      if (this.useWeekMinutes) out.push(res[WM]);
      if (this.useNights) out.push(res[NR]);
      if (!exactMinutes && r.maxMinutes < Infinity) out.push(Math.max(mins, r.maxMinutes - this.remainingMax[d + 1]));
      // A fairness window: fewer units are better up to where the rest of the horizon cannot
      // exceed the most, more units are better up to the fewest needed.
      for (let k = 0; k < nw; k++) {
        const n = res[WIN + k];
        const more = d + 1 < D ? after[k][d][res[FLAG]] : 0;
        out.push(Math.max(n, window[k].most - more), -Math.min(n, window[k].fewest));
      }
      return out;
    };
    const insert = (into: Map<number | string, Label[]>, key: number | string, l: Label) => {
      const bucket = into.get(key);
      if (bucket === undefined) {
        into.set(key, [l]);
        return;
      }
      for (const o of bucket) if (dominates(o, l)) return;
      let w = 0;
      for (const o of bucket) if (!dominates(l, o)) bucket[w++] = o;
      bucket.length = w;
      bucket.push(l);
    };

    const extend = (into: Map<number | string, Label[]>, from: Label | null, state: number, d: number, s: number) => {
      const base = from?.res;
      const res = base === undefined ? Array.from({ length: WIN + nw }, (_, i) => (i === LAST || i === LAST2 ? -1 : 0)) : base.slice();
      let mins = from?.minutes ?? 0;
      let cost = from?.cost ?? 0;
      if (this.weekStart[d]) {
        res[FLAG] = 0;
        res[WM] = 0;
      }
      if (s >= 0) {
        const last = res[LAST];
        if (last >= 0 && fb1[last * S + s]) return;
        if (this.useLast2 && res[LAST2] >= 0 && fb2[res[LAST2] * S + s]) return;
        const t = typeIdx[s];
        if (t >= 0 && ++res[t] > r.maxPerType[s]) return;
        mins += minutes[s];
        if (mins > r.maxMinutes) return;
        if (this.useWeekMinutes && (res[WM] += minutes[s]) > r.maxWeekMinutes) return;
        if (this.weekend[d] && res[FLAG] === 0) {
          res[FLAG] = 1;
          cost += weekendPrice;
          for (let k = 0; k < nw; k++) if (window[k].metric === 'weekends') res[WIN + k]++;
          if (this.useWeekends && ++res[W] > r.maxWeekends) return;
        }
        if (this.useNights) {
          if (this.c.night[s]) {
            if (++res[NR] > r.maxNights) return;
          } else res[NR] = 0;
        }
        cost += prices[d * S + s];
        for (let k = 0; k < nw; k++) if (window[k].metric === 'nights' ? this.c.night[s] : window[k].metric === 'holidays' && this.c.holiday[d]) res[WIN + k]++;
      } else res[NR] = 0;
      for (let k = 0; k < nw; k++) {
        const n = res[WIN + k];
        if (n > window[k].most || n + (d + 1 < D ? after[k][d][res[FLAG]] : 0) < window[k].fewest) return;
      }
      if (mins + this.remainingMax[d + 1] < r.minMinutes) return;
      for (let i = 0; i < nc; i++) {
        const ts = this.countTypes[i];
        if (res[i] + this.remainingType[d + 1][ts] < r.minPerType[ts]) return;
      }
      if (this.useLast2) res[LAST2] = res[LAST];
      res[LAST] = s;
      if (!this.useWeekends) res[W] = 0;
      if (!this.useWeekMinutes) res[WM] = 0;
      if (!this.useNights) res[NR] = 0;
      // No completion of this label can get below the threshold: drop it.
      if (cost + this.cheapestRest[d + 1] >= threshold) return;
      const l: Label = { cost, minutes: mins, res, dom: normalise(d, mins, res), prev: from, shift: s, state };
      insert(into, keyOf(state, l), l);
    };

    for (let d = 0; d < D; d++) {
      const next = new Map<number | string, Label[]>();
      const options = [-1, ...this.allowedShifts[d]];
      if (this.c.mustWork[this.staff * D + d] >= 0) options.shift();
      if (d === 0) {
        for (const s of options) extend(next, null, this.a.start[s >= 0 ? 1 : 0], d, s);
      } else {
        for (const bucket of layer.values())
          for (const l of bucket) {
            for (const s of options) {
              const to = this.a.next[l.state][s >= 0 ? 1 : 0];
              if (to >= 0) extend(next, l, to, d, s);
            }
          }
      }
      layer = next;
    }

    const done: Label[] = [];
    for (const bucket of layer.values())
      for (const l of bucket) {
        if (l.minutes < r.minMinutes) continue;
        if (this.countTypes.some((s, i) => l.res[i] < r.minPerType[s])) continue;
        done.push(l);
      }
    done.sort((x, y) => x.cost - y.cost);
    return done.slice(0, max).map((l) => {
      const shifts = new Int16Array(D);
      let cur: Label | null = l;
      for (let d = D - 1; d >= 0; d--) {
        shifts[d] = cur!.shift;
        cur = cur!.prev;
      }
      return { shifts, price: l.cost };
    });
  }
}

/**
 * Per person, their groups' fairness windows from the LP's counts (per group, per member): the
 * range of the group's counts rounded outwards.
 */
export const fairnessWindows = (c: Compiled, counts: number[][]): CountWindow[][] => {
  const windows: CountWindow[][] = Array.from({ length: c.E }, () => []);
  c.fairness.forEach((g, i) => {
    const fewest = Math.floor(Math.min(...counts[i]) + 1e-6);
    const most = Math.ceil(Math.max(...counts[i]) - 1e-6);
    for (const e of g.staff) windows[e].push({ metric: g.metric, fewest, most });
  });
  return windows;
};

/** How many nights, holiday shifts or weekends worked a schedule has (as fairness counts them). */
export const countOf = (c: Compiled, metric: FairnessMetric, shifts: Int16Array): number => {
  let n = 0;
  if (metric === 'weekends') {
    for (const days of c.weekends) if (days.some((d) => shifts[d] >= 0)) n++;
  } else shifts.forEach((s, d) => {
    if (s >= 0 && (metric === 'nights' ? c.night[s] : c.holiday[d])) n++;
  });
  return n;
};

/** A person's schedule cost from cell costs (requests and soft patterns). */
export const costOf = (c: Compiled, e: number, shifts: Int16Array): number => {
  let sum = 0;
  shifts.forEach((s, d) => {
    if (s >= 0) sum += c.cost[(e * c.D + d) * c.S + s];
  });
  return sum;
};
