/**
 * One HiGHS branch-and-bound run of a model on its current bounds: limited by nodes and time,
 * optionally from a start, interrupted on request, reporting each improving roster and each
 * better bound as they come.
 */
import type { Highs, Model } from 'highs';

/** HiGHS model status codes used by the engine. */
export const MS = {
  optimal: 7,
  infeasible: 8,
  timeLimit: 13,
  interrupted: 17,
} as const;

export interface RunOutcome {
  status: number;
  /** Full column vector of the best solution of this run, if any. */
  x: Float64Array | null;
  objective: number;
  bound: number;
}

export const runModel = (
  highs: Highs,
  model: Model,
  o: {
    /** columns of the model: a solution vector of another length is a presolved one, not a roster */
    numCols: number;
    timeLimit: number;
    nodes: number;
    /** every objective is a whole number: a gap below 1 is closed */
    integral: boolean;
    start?: Float64Array | null;
    interrupt: () => boolean;
    onSolution?: (x: Float64Array, objective: number) => void;
    onBound?: (bound: number) => void;
  },
): RunOutcome => {
  model.options.set({
    output_flag: false,
    time_limit: o.timeLimit,
    mip_max_nodes: o.nodes,
    random_seed: 0,
    mip_rel_gap: 0,
    mip_abs_gap: o.integral ? 0.999 : 1e-6,
  });
  if (o.start) model.setSolution({ colValue: o.start });
  const cb = highs.constants.callbackType;
  // HiGHS counts time_limit against the run time summed over every run of the model
  model.zeroAllClocks();
  model.run({
    [cb.mipInterrupt]: (ev) => {
      if (o.interrupt()) ev.interrupt();
    },
    ...(o.onSolution !== undefined || o.onBound !== undefined
      ? {
          [cb.mipImprovingSolution]: (ev) => {
            const x = ev.data.mip_solution;
            const obj = ev.data.objective_function_value;
            // Only a full-length vector is a roster of this model (never a presolved one).
            if (x !== undefined && x.length === o.numCols && obj !== undefined) o.onSolution?.(Float64Array.from(x), obj);
          },
          [cb.mipLogging]: (ev) => {
            const b = ev.data.mip_dual_bound;
            if (b !== undefined && Number.isFinite(b)) o.onBound?.(b);
          },
        }
      : {}),
  });
  const status = model.getModelStatus();
  const info = model.info;
  const hasSolution = Number(info.get('primal_solution_status')) === 2;
  const x = hasSolution ? Float64Array.from(model.getSolution().colValue) : null;
  const bound = Number(info.get('mip_dual_bound'));
  return { status, x, objective: hasSolution ? model.getObjectiveValue() : Infinity, bound };
};
