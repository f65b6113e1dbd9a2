/**
 * What the roster engine is asked and what it answers: its options, its progress reports, its
 * result; the elastic penalty that makes hard cover bounds soft until a roster meets them; and the
 * seedable generator its neighbourhoods are drawn from; the budgets of its phases.
 */
import type { Assignment } from '../../../shared/roster/model.js';
import type { Compiled } from './compile.js';

export interface EngineProgress {
  phase: 'initial' | 'improve' | 'prove';
  seconds: number;
  /** Objective of the best roster so far (without elastic penalties), if one meets every hard rule. */
  objective?: number;
  /** Proven lower bound on the objective, when the full model has been worked on. */
  bound?: number;
  /** Relative gap between objective and bound. */
  gap?: number;
  /** Every objective is a whole number: an incumbent less than 1 above the bound is proven. */
  integral?: boolean;
}

export interface EngineOptions {
  /** Wall-clock limit for the whole solve (default 60 s). */
  timeLimitSeconds?: number;
  /** Seed of the neighbourhood choice (default 1). */
  seed?: number;
  /** Upper bound on LNS iterations (deterministic budget; default unlimited within the time). */
  maxIterations?: number;
  /**
   * Bound every phase by work (pricing rounds, branch-and-bound nodes, LNS iterations) and never by
   * the clock: the same input then gives the same roster however starved the thread is. The time
   * limit no longer applies (a stop request still does); the LNS budget defaults to
   * DETERMINISTIC_ITERATIONS.
   */
  deterministic?: boolean;
  onProgress?: (p: EngineProgress) => void;
  /** Polled often, also from inside HiGHS: return true to stop and keep the best so far. */
  shouldStop?: () => boolean;
  log?: (line: string) => void;
}

export type EngineStatus = 'optimal' | 'feasible' | 'infeasible' | 'noSolution';

export interface EngineResult {
  status: EngineStatus;
  optimal: boolean;
  objective: number | null;
  bound: number | null;
  roster: Assignment[];
  seconds: number;
  stopped: boolean;
  /** Hard cover bounds the best roster misses (status infeasible / noSolution): cover row → persons short (negative: too many). */
  coverShortfalls: { cover: number; short: number }[];
  /** People for whom no schedule meets their own rules (status infeasible). */
  impossibleStaff: string[];
  iterations: number;
}

/**
 * Cost per person of breaking a hard cover bound while no roster meets them all: more than any
 * roster's soft penalties can add up to, so one person of slack always outweighs every wish and
 * weight together. Then a cheapest roster that still needs slack proves that none meets the rules.
 */
export const elasticPenaltyFor = (c: Compiled): number => {
  let most = 0;
  c.cost.forEach((v) => (most += Math.abs(v)));
  most += Math.abs(c.offset);
  for (const row of c.covers) {
    if (row.underWeight !== undefined) most += row.underWeight * row.min;
    if (row.overWeight !== undefined && row.max < Infinity) most += row.overWeight * Math.max(0, row.cells.length - row.max);
  }
  for (const g of c.fairness) most += g.weight * c.D;
  return Math.max(1000, Math.ceil(most + 1));
};
/** mulberry32: a small, fast, seedable generator (Math.random cannot be seeded). */
export const rng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

// ───────────────────────────── the phases' budgets ─────────────────────────────

/** Shift cells up to which a month with fairness terms goes to HiGHS on the full model first. */
export const SMALL_MODEL_CELLS = 250;
/** Node limit of one LNS sub-MIP: keeps each step short and deterministic. */
export const SUB_MIP_NODES = 400;
/** Safety time limit of one sub-MIP (only pathological sub-MIPs reach it). */
export const SUB_MIP_SECONDS = 8;
/** A deterministic solve's budgets in place of its time slices: LNS iterations, and nodes of a proof run. */
export const DETERMINISTIC_ITERATIONS = 200;
export const DETERMINISTIC_PROOF_NODES = 50_000;
