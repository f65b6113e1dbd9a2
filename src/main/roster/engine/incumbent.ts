/**
 * What the engine reads off a roster of the compact model (a column vector): each person's column
 * range, their schedules, and the cover rows it leaves short.
 */
import type { Compiled } from './compile.js';
import type { Milp } from './milp.js';
import { costOf, type Schedule } from './pricing.js';

/** The x column range of a person (x columns are ordered by cell, hence by person). */
export const personCols = (compiled: Compiled, milp: Milp): { from: number; to: number }[] => {
  const { D, S, E } = compiled;
  const ranges = Array.from({ length: E }, () => ({ from: Infinity, to: -Infinity }));
  milp.cellOfCol.forEach((cell, col) => {
    const e = Math.floor(cell / (D * S));
    ranges[e].from = Math.min(ranges[e].from, col);
    ranges[e].to = Math.max(ranges[e].to, col);
  });
  return ranges;
};

/** The person's schedules of a roster, to start the master MIP from. */
export const incumbentSchedules = (compiled: Compiled, milp: Milp, x: Float64Array): Schedule[] => {
  const { E, D, S } = compiled;
  const out = Array.from({ length: E }, (_, e) => ({ staff: e, shifts: new Int16Array(D).fill(-1), cost: 0 }));
  for (let col = 0; col < milp.numX; col++)
    if (x[col] > 0.5) {
      const cell = milp.cellOfCol[col];
      out[Math.floor(cell / (D * S))].shifts[Math.floor(cell / S) % D] = cell % S;
    }
  for (const sch of out) sch.cost = costOf(compiled, sch.staff, sch.shifts);
  return out;
};

/** Cover rows a roster leaves short (soft or elastic). */
export const shortRows = (milp: Milp, x: Float64Array): number[] => {
  const out: number[] = [];
  milp.underCol.forEach((col, i) => {
    if (col >= 0 && x[col] > 0.5) out.push(i);
  });
  return out;
};

/** Cover rows a roster pays for, short or over (soft or elastic). */
export const penalisedRows = (milp: Milp, x: Float64Array): number[] =>
  Array.from(milp.underCol).flatMap((under, i) => ((under >= 0 && x[under] > 0.5) || (milp.overCol[i] >= 0 && x[milp.overCol[i]] > 0.5) ? [i] : []));

/** Hard cover bounds a roster misses: cover row → persons short (negative: too many). */
export const shortfalls = (compiled: Compiled, milp: Milp, x: Float64Array): { cover: number; short: number }[] => {
  const out: { cover: number; short: number }[] = [];
  compiled.covers.forEach((row, i) => {
    if (row.underWeight === undefined && milp.underCol[i] >= 0 && x[milp.underCol[i]] > 0.5) out.push({ cover: i, short: Math.round(x[milp.underCol[i]]) });
    if (row.overWeight === undefined && milp.overCol[i] >= 0 && x[milp.overCol[i]] > 0.5) out.push({ cover: i, short: -Math.round(x[milp.overCol[i]]) });
  });
  return out;
};
