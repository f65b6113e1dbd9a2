/**
 * The MILP for a compiled roster problem, as HiGHS sparse arrays (no LP text to write and parse).
 *
 * Variables: x[cell] ∈ {0,1} for every allowed cell; for each soft cover row an "under" and an
 * "over" slack; for weekends a "worked" indicator; for fairness a max and a min per group.
 * Formulation choices that make the LP relaxation tighter than a textbook model (which matters: the
 * bound decides how fast optimality is proven):
 * - forbidden successions are written as maximal cliques across two days (all the shifts a later
 *   shift may not follow, plus every later shift they all forbid) instead of pairs;
 * - minimum run lengths are disaggregated, one row per (start day, offset): w[d]−w[d−1] ≤ w[d+j];
 * - "at most one shift a day" rows, which the clique rows and run rows build on.
 */
import type { ModelData } from 'highs';
import type { Assignment } from '../../../shared/roster/model.js';
import { runAutomaton } from './automaton.js';
import { cellOf, type Compiled } from './compile.js';

export interface Milp {
  model: ModelData;
  /** Column of each cell's x variable, or -1 when the cell cannot be assigned. */
  colOfCell: Int32Array;
  /** Cell of each x column (x columns come first, 0…numX-1). */
  cellOfCol: Int32Array;
  numX: number;
  /** Per cover row: its under and over slack columns (-1 when absent). */
  underCol: Int32Array;
  overCol: Int32Array;
  /** Slack columns of hard cover bounds made elastic (see MilpOptions.elasticPenalty). */
  elasticCols: number[];
  /** Per staff, per weekend: the indicator column (-1 when the rule does not bind). */
  weekendCol: Int32Array[];
  fairCols: { max: number; min: number }[];
  /** Row index ranges per staff member's own rules (for relaxing one person's rules in explanations). */
  rowKinds: RowKind[];
}

/** What a row says, for explaining infeasibility and for debugging. */
export interface RowKind {
  rule: string;
  staff?: number;
  day?: number;
  shift?: number;
  cover?: number;
}

const INF = Infinity;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

class RowBuilder {
  starts: number[] = [0];
  index: number[] = [];
  value: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  kinds: RowKind[] = [];

  /** A column fixed at 0, for rows that have no variables but cannot hold (lo > 0 or hi < 0). */
  constructor(private readonly zeroCol: () => number) {}

  add(cols: number[], coefs: number[] | number, lo: number, hi: number, kind: RowKind) {
    if (cols.length === 0) {
      // An empty row that cannot hold makes the model infeasible, as the problem is.
      if (lo <= 0 && hi >= 0) return;
      cols = [this.zeroCol()];
      coefs = 1;
    }
    for (let k = 0; k < cols.length; k++) {
      this.index.push(cols[k]);
      this.value.push(typeof coefs === 'number' ? coefs : coefs[k]);
    }
    this.starts.push(this.index.length);
    this.lower.push(lo);
    this.upper.push(hi);
    this.kinds.push(kind);
  }
}

export interface MilpOptions {
  /** Make weekend indicators binary (default: continuous, which is exact at integral x). */
  binaryWeekends?: boolean;
  /** Write run-length rules as a flow through a run automaton (default) rather than as rows. */
  runs?: 'flow' | 'rows';
  /** When set, hard cover bounds get a slack costing this much per person (see elasticCols). */
  elasticPenalty?: number;
}

export const buildMilp = (c: Compiled, options: MilpOptions = {}): Milp => {
  const { E, D, S } = c;
  const colOfCell = new Int32Array(E * D * S).fill(-1);
  const cellCols: number[] = [];
  for (let cell = 0; cell < E * D * S; cell++)
    if (c.allowed[cell]) {
      colOfCell[cell] = cellCols.length;
      cellCols.push(cell);
    }
  const numX = cellCols.length;
  const cost: number[] = cellCols.map((cell) => c.cost[cell]);
  const lower: number[] = cellCols.map((cell) => {
    const e = Math.floor(cell / (D * S));
    const d = Math.floor(cell / S) % D;
    return c.mustWork[e * D + d] === cell % S ? 1 : 0;
  });
  const upper: number[] = cellCols.map(() => 1);
  const integrality: number[] = cellCols.map(() => 1);
  const addCol = (cst: number, lo: number, hi: number, integer: boolean) => {
    cost.push(cst);
    lower.push(lo);
    upper.push(hi);
    integrality.push(integer ? 1 : 0);
    return cost.length - 1;
  };

  let zero = -1;
  const rows = new RowBuilder(() => (zero >= 0 ? zero : (zero = addCol(0, 0, 0, false))));
  const x = (e: number, d: number, s: number) => colOfCell[cellOf(c, e, d, s)];
  /** The x columns of person e on day d (optionally only shifts passing `keep`). */
  const dayCols = (e: number, d: number, keep?: (s: number) => boolean) => {
    const out: number[] = [];
    for (let s = 0; s < S; s++) if ((keep === undefined || keep(s)) && x(e, d, s) >= 0) out.push(x(e, d, s));
    return out;
  };

  // Maximal two-day cliques of forbidden successions (gap 1).
  const cliques = new Map<string, { from: number[]; to: number[] }>();
  const fb = c.forbidNext[0];
  const allForbid = (from: number[]) => [...Array(S).keys()].filter((t) => from.every((f) => fb[f * S + t]));
  const allForbidden = (to: number[]) => [...Array(S).keys()].filter((f) => to.every((t) => fb[f * S + t]));
  for (let t = 0; t < S; t++) {
    const from = allForbidden([t]);
    if (from.length > 0) {
      const to = allForbid(from);
      cliques.set(`${from}/${to}`, { from, to });
    }
  }
  for (let f = 0; f < S; f++) {
    const to = allForbid([f]);
    if (to.length > 0) {
      const from = allForbidden(to);
      cliques.set(`${from}/${to}`, { from, to });
    }
  }

  const useFlow = (options.runs ?? 'flow') === 'flow';
  /** Adds person e's run automaton flow and links it to the x columns (see RunAutomaton). */
  const addRunFlow = (e: number) => {
    const r = c.rules[e];
    const a = runAutomaton(r.minConsecutive, r.maxConsecutive, r.minDaysOff, D);
    if (a.trivial) return;
    // inflow[d][state]: the columns whose flow enters the state on day d.
    let inflow: number[][] = Array.from({ length: a.count }, () => []);
    for (const worked of [0, 1]) inflow[a.start[worked]].push(addCol(0, 0, 1, false));
    rows.add([...inflow[a.start[0]], ...inflow[a.start[1]]], 1, 1, 1, { rule: 'runFlow', staff: e, day: 0 });
    for (let d = 0; d < D; d++) {
      const workIn = inflow.flatMap((cols, st) => (a.work[st] ? cols : []));
      const xs = dayCols(e, d);
      rows.add([...workIn, ...xs], [...workIn.map(() => 1), ...xs.map(() => -1)], 0, 0, { rule: 'runFlow', staff: e, day: d });
      if (d === D - 1) break;
      const out: number[][] = Array.from({ length: a.count }, () => []);
      for (let st = 0; st < a.count; st++) {
        if (inflow[st].length === 0) continue;
        const arcs: number[] = [];
        for (const worked of [0, 1]) {
          const to = a.next[st][worked];
          if (to < 0) continue;
          const col = addCol(0, 0, 1, false);
          arcs.push(col);
          out[to].push(col);
        }
        rows.add([...inflow[st], ...arcs], [...inflow[st].map(() => 1), ...arcs.map(() => -1)], 0, 0, { rule: 'runFlow', staff: e, day: d });
      }
      inflow = out;
    }
  };

  const weekendCol: Int32Array[] = [];
  for (let e = 0; e < E; e++) {
    const r = c.rules[e];
    const work = (d: number) => dayCols(e, d);
    for (let d = 0; d < D; d++) rows.add(work(d), 1, -INF, 1, { rule: 'oneShiftPerDay', staff: e, day: d });
    for (let d = 0; d + 1 < D; d++)
      for (const q of cliques.values()) {
        const cols = [...dayCols(e, d, (s) => q.from.includes(s)), ...dayCols(e, d + 1, (s) => q.to.includes(s))];
        if (cols.length > 1) rows.add(cols, 1, -INF, 1, { rule: 'succession', staff: e, day: d });
      }
    for (const sc of c.successions)
      if (sc.gap === 2)
        for (let d = 0; d + 2 < D; d++) {
          const a = x(e, d, sc.from);
          const b = x(e, d + 2, sc.to);
          if (a >= 0 && b >= 0) rows.add([a, b], 1, -INF, 1, { rule: 'succession', staff: e, day: d });
        }
    for (let s = 0; s < S; s++) {
      const cols: number[] = [];
      for (let d = 0; d < D; d++) if (x(e, d, s) >= 0) cols.push(x(e, d, s));
      const hi = r.maxPerType[s] < cols.length ? r.maxPerType[s] : INF;
      if (hi < INF || r.minPerType[s] > 0) rows.add(cols, 1, r.minPerType[s], hi, { rule: 'shiftsPerType', staff: e, shift: s });
    }
    const minuteRow = (days: number[], lo: number, hi: number, rule: string) => {
      const cols: number[] = [];
      const coefs: number[] = [];
      for (const d of days)
        for (let s = 0; s < S; s++)
          if (x(e, d, s) >= 0) {
            cols.push(x(e, d, s));
            coefs.push(c.minutes[s]);
          }
      const most = coefs.reduce((a, b) => a + b, 0);
      if (hi >= most && lo <= 0) return;
      // Dividing by the common factor of the lengths and rounding the bounds inward is exact for
      // integral x and tightens the LP (e.g. 8 h shifts: 3360–4320 min becomes 7–9 shifts).
      const g = coefs.reduce(gcd, 0) || 1;
      rows.add(cols, coefs.map((v) => v / g), Math.ceil(lo / g - 1e-9), Math.floor(hi / g + 1e-9), { rule, staff: e });
    };
    minuteRow([...Array(D).keys()], r.minMinutes, r.maxMinutes, 'minutesPerHorizon');
    if (r.maxWeekMinutes < INF) for (const week of c.weeks) minuteRow(week, 0, r.maxWeekMinutes, 'minutesPerWeek');
    if (useFlow) addRunFlow(e);
    else {
    if (r.maxConsecutive < D)
      for (let d = 0; d + r.maxConsecutive < D; d++) {
        const cols: number[] = [];
        for (let k = 0; k <= r.maxConsecutive; k++) cols.push(...work(d + k));
        rows.add(cols, 1, -INF, r.maxConsecutive, { rule: 'maxConsecutiveWorkDays', staff: e, day: d });
      }
    // A run of work starting on d (worked d, not d−1) must go on to d+j: w[d] − w[d−1] − w[d+j] ≤ 0.
    for (let d = 1; d < D; d++)
      for (let j = 1; j < r.minConsecutive && d + j < D; j++) {
        const a = work(d);
        const b = work(d - 1);
        const f = work(d + j);
        rows.add([...a, ...b, ...f], [...a.map(() => 1), ...b.map(() => -1), ...f.map(() => -1)], -INF, 0, {
          rule: 'minConsecutiveWorkDays',
          staff: e,
          day: d,
        });
      }
    // A run of days off starting on d must go on to d+j: w[d−1] − w[d] + w[d+j] ≤ 1.
    for (let d = 1; d < D; d++)
      for (let j = 1; j < r.minDaysOff && d + j < D; j++) {
        const a = work(d - 1);
        const b = work(d);
        const f = work(d + j);
        rows.add([...a, ...b, ...f], [...a.map(() => 1), ...b.map(() => -1), ...f.map(() => 1)], -INF, 1, {
          rule: 'minConsecutiveDaysOff',
          staff: e,
          day: d,
        });
      }
    }
    if (r.maxNights < D)
      for (let d = 0; d + r.maxNights < D; d++) {
        const cols: number[] = [];
        for (let k = 0; k <= r.maxNights; k++) cols.push(...dayCols(e, d + k, (s) => c.night[s]));
        rows.add(cols, 1, -INF, r.maxNights, { rule: 'maxConsecutiveNights', staff: e, day: d });
      }
    const wk = new Int32Array(c.weekends.length).fill(-1);
    if (r.maxWeekends < c.weekends.length) {
      const kCols: number[] = [];
      c.weekends.forEach((days, w) => {
        const k = addCol(0, 0, 1, options.binaryWeekends ?? false);
        wk[w] = k;
        kCols.push(k);
        for (const d of days) {
          const cols = work(d);
          if (cols.length > 0) rows.add([k, ...cols], [1, ...cols.map(() => -1)], 0, INF, { rule: 'maxWeekendsWorked', staff: e, day: d });
        }
      });
      rows.add(kCols, 1, -INF, r.maxWeekends, { rule: 'maxWeekendsWorked', staff: e });
    }
    weekendCol.push(wk);
  }

  const underCol = new Int32Array(c.covers.length).fill(-1);
  const overCol = new Int32Array(c.covers.length).fill(-1);
  const elasticCols: number[] = [];
  c.covers.forEach((row, i) => {
    const cols = row.cells.map((cell) => colOfCell[cell]).filter((col) => col >= 0);
    const slack: number[] = [];
    const coefs: number[] = cols.map(() => 1);
    const needsMin = row.min > 0;
    const needsMax = row.max < cols.length;
    if (!needsMin && !needsMax) return;
    // A hard bound gets a slack too when elastic, priced so high that it is used only when
    // nothing else works: the solver then still returns a roster, and the slack says where it breaks.
    const under = row.underWeight ?? options.elasticPenalty;
    const over = row.overWeight ?? options.elasticPenalty;
    if (needsMin && under !== undefined) {
      underCol[i] = addCol(under, 0, row.min, false);
      if (row.underWeight === undefined) elasticCols.push(underCol[i]);
      slack.push(underCol[i]);
      coefs.push(1);
    }
    if (needsMax && over !== undefined) {
      overCol[i] = addCol(over, 0, INF, false);
      if (row.overWeight === undefined) elasticCols.push(overCol[i]);
      slack.push(overCol[i]);
      coefs.push(-1);
    }
    rows.add([...cols, ...slack], coefs, needsMin ? row.min : -INF, needsMax ? row.max : INF, { rule: 'cover', cover: i, day: row.day });
  });

  const fairCols = c.fairness.map((g) => {
    const max = addCol(g.weight, 0, INF, false);
    const min = addCol(-g.weight, 0, INF, false);
    for (const e of g.staff) {
      const cols: number[] = [];
      for (let d = 0; d < D; d++)
        for (let s = 0; s < S; s++) {
          const col = x(e, d, s);
          if (col < 0) continue;
          const counts = g.metric === 'nights' ? c.night[s] : g.metric === 'holidays' ? c.holiday[d] : false;
          if (counts) cols.push(col);
        }
      if (g.metric === 'weekends') {
        // Weekends worked need the indicators; make them if the weekend rule did not.
        const wk = weekendCol[e];
        c.weekends.forEach((days, w) => {
          if (wk[w] < 0) {
            wk[w] = addCol(0, 0, 1, false);
            for (const d of days) {
              const dc = dayCols(e, d);
              if (dc.length > 0) rows.add([wk[w], ...dc], [1, ...dc.map(() => -1)], 0, INF, { rule: 'fairness', staff: e, day: d });
            }
          }
          cols.push(wk[w]);
        });
        // For fairness the indicator must not exceed what was worked, or "min" could be inflated.
        c.weekends.forEach((days, w) => {
          const dc = days.flatMap((d) => dayCols(e, d));
          rows.add([wk[w], ...dc], [1, ...dc.map(() => -1)], -INF, 0, { rule: 'fairness', staff: e });
        });
      }
      rows.add([max, ...cols], [1, ...cols.map(() => -1)], 0, INF, { rule: 'fairness', staff: e });
      rows.add([min, ...cols], [1, ...cols.map(() => -1)], -INF, 0, { rule: 'fairness', staff: e });
    }
    return { max, min };
  });

  const numCols = cost.length;
  const numRows = rows.lower.length;
  const model: ModelData = {
    numCols,
    numRows,
    offset: c.offset,
    colCost: Float64Array.from(cost),
    colLower: Float64Array.from(lower),
    colUpper: Float64Array.from(upper),
    rowLower: Float64Array.from(rows.lower),
    rowUpper: Float64Array.from(rows.upper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(rows.starts),
      indices: Int32Array.from(rows.index),
      values: Float64Array.from(rows.value),
    },
    integrality: Int32Array.from(integrality) as unknown as ModelData['integrality'],
  };
  return {
    model,
    colOfCell,
    cellOfCol: Int32Array.from(cellCols),
    numX,
    underCol,
    overCol,
    elasticCols,
    weekendCol,
    fairCols,
    rowKinds: rows.kinds,
  };
};

/** The roster a solution vector of the model stands for (its x columns at 1). */
export const rosterOf = (c: Compiled, milp: Milp, x: ArrayLike<number>): Assignment[] => {
  const { D, S, staffIds, shiftIds } = c;
  const out: Assignment[] = [];
  for (let col = 0; col < milp.numX; col++)
    if (x[col] > 0.5) {
      const cell = milp.cellOfCol[col];
      out.push({ staff: staffIds[Math.floor(cell / (D * S))], day: Math.floor(cell / S) % D, shift: shiftIds[cell % S] });
    }
  return out;
};
