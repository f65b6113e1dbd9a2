/**
 * Generating a month runs the engine in a worker thread (HiGHS blocks its thread) while the core
 * goes on answering calls. One job per month at a time; the head watches its progress, may stop it
 * (the best roster so far is kept), and the result is saved in one transaction with the rule set
 * it was made with. A job lives in memory: a killed process loses the job, never the saved roster.
 */
import { v7 as uuidv7 } from 'uuid';
import { auditDetail, storedDetail } from '../../shared/audit/details.js';
import { AppError, conflict } from '../../shared/errors.js';
import type { RosterCellChange, RosterJob, RuleIssue } from '../../shared/roster/contract.js';
import type { CoreServices } from '../context.js';
import { insertRow } from '../db/insert.js';
import type { RosterSolveResult } from './engine/index.js';
import { startRosterSolve, type RosterSolve } from './engine/runner.js';
import { listChanges } from './reroster.service.js';
import { buildProblem, fromAssignments, loadMonth, loadSpan, monthDates, rosterRowOf, ruleIssues, writeMonth, type BuiltProblem } from './roster.service.js';
import type { Who } from '../context.js';

interface Running {
  job: RosterJob;
  solve: RosterSolve | null;
  started: number;
}

const jobsOf = new WeakMap<CoreServices, Map<string, Running>>();

const jobs = (core: CoreServices): Map<string, Running> => {
  let map = jobsOf.get(core);
  if (!map) {
    map = new Map();
    jobsOf.set(core, map);
    const mine = map;
    core.onClose(async () => {
      for (const r of mine.values()) r.solve?.stop();
      await Promise.all([...mine.values()].map((r) => r.solve?.result.catch(() => undefined)));
    });
  }
  return map;
};

const snapshot = (r: Running): RosterJob => ({ ...r.job, seconds: r.job.state === 'running' ? Math.round((Date.now() - r.started) / 100) / 10 : r.job.seconds });

/** The job of a month: its own, or that of the quarter it lies in (kept under each of its months). */
export const jobOf = (core: CoreServices, month: string): RosterJob | null => {
  const r = jobs(core).get(month);
  return r ? snapshot(r) : null;
};

/** Why the engine found no roster, as rule issues with people's names. */
const reasonsOf = (b: BuiltProblem, result: RosterSolveResult): RuleIssue[] =>
  (result.explanation?.reasons ?? []).map((r) => {
    const names = r.staff.map((id) => b.people.get(id)?.name ?? id);
    return {
      rule: r.rule,
      key: r.key,
      // a list: each language joins the names its own way
      params: { ...r.params, names, ...(r.short !== undefined ? { short: r.short } : {}) },
      ...(r.staff.length === 1 ? { staffId: r.staff[0] } : {}),
      ...(r.date ? { date: r.date } : {}),
      ...(r.shift ? { shiftId: r.shift } : {}),
    };
  });

export interface StartOptions {
  month: string;
  /** plan the months together, `month` first (a quarter); default: `month` alone */
  months?: string[];
  timeLimitSeconds?: number;
  /** days before this stay as they are (default: today) */
  fromDate?: string;
  /** ask every open assignment to stay (re-roster) */
  keep?: boolean;
}

/**
 * Starts generating a month (the caller's transaction only reads). The result is written later,
 * between calls, if the month was not edited meanwhile.
 */
export const startJob = async (core: CoreServices, who: Who, manager: Parameters<typeof loadMonth>[0], options: StartOptions): Promise<RosterJob> => {
  const map = jobs(core);
  const months = options.months ?? [options.month];
  if (months.some((month) => map.get(month)?.job.state === 'running')) throw conflict('roster.generating');
  const m = await loadSpan(manager, who, months);
  const fromDate = options.fromDate ?? m.today;
  const built = buildProblem(m, { lockedBefore: fromDate, keep: options.keep });
  if (built.openDates.length === 0) throw new AppError({ code: 'CONFLICT', key: 'roster.monthOver', params: { month: months[months.length - 1] } });
  // each month's roster is checked on saving against the version it had when the job started
  const versionsAtStart = new Map<string, number>();
  for (const month of months) versionsAtStart.set(month, (await rosterRowOf(manager, month))?.version ?? 0);
  const limit = options.timeLimitSeconds ?? m.settings.timeLimitSeconds;
  const running: Running = {
    job: { id: uuidv7(), month: options.month, months, state: 'running', startedAt: who.now.toISOString(), seconds: 0, objective: null, bound: null, optimal: false, stopped: false, reasons: [], error: null, changes: options.keep ? [] : null },
    solve: null,
    started: Date.now(),
  };
  for (const month of months) map.set(month, running);
  const solve = startRosterSolve(built.problem, {
    timeLimitSeconds: limit,
    onProgress: (p) => {
      if (p.objective !== undefined) running.job.objective = p.objective;
      if (p.bound !== undefined) running.job.bound = p.bound;
    },
  });
  running.solve = solve;
  const finish = (patch: Partial<RosterJob>) => {
    Object.assign(running.job, patch, { seconds: Math.round((Date.now() - running.started) / 100) / 10 });
    running.solve = null;
  };
  void solve.result.then(
    async (result) => {
      const base = { objective: result.objective, bound: result.bound, optimal: result.optimal, stopped: result.stopped };
      if (result.roster.length === 0 || result.hardViolations > 0) {
        const reasons = reasonsOf(built, result);
        // out of time is not a proof: the head is told to give it longer, not that it cannot be done
        finish({ ...base, state: result.status === 'noSolution' ? 'unsolved' : 'infeasible', reasons: reasons.length > 0 ? reasons : ruleIssues(built, fromAssignments(built, result.roster)) });
        return;
      }
      let changes: RosterCellChange[] | null = options.keep ? [] : null;
      try {
        await core.transact(async (tx) => {
          const now = core.clock();
          const cells = fromAssignments(built, result.roster);
          // a month of the span already over keeps its roster as it is
          for (const month of months.filter((mo) => monthDates(mo).at(-1)! >= fromDate)) {
            const again = await loadMonth(tx, { now, timeZone: who.timeZone }, month);
            if ((again.roster?.version ?? 0) !== versionsAtStart.get(month)) throw conflict('roster.changedWhileGenerating');
            if (options.keep) changes = [...(changes ?? []), ...listChanges(again.cells, cells, (date) => date >= fromDate && date.startsWith(month)).changes];
            await writeMonth(tx, { stationId: who.stationId, staffId: who.staffId, now }, again, cells, {
              fromDate,
              generated: { objective: result.objective, optimal: result.optimal },
            });
            await insertRow(tx, 'audit_log', {
              id: uuidv7(),
              at: now.toISOString(),
              staffId: who.staffId,
              staffName: null,
              method: 'roster.generate',
              recordId: (await tx.query(`SELECT "id" FROM "roster" WHERE "month" = ?`, [month]))[0]?.id ?? null,
              detail: storedDetail(auditDetail('rosterGenerated', { objective: result.objective, optimal: result.optimal, from: fromDate, months: months.join(', ') })),
            });
          }
        });
        finish({ ...base, state: 'done', changes });
      } catch (err) {
        const key = err instanceof AppError ? err.key : 'roster.saveFailed';
        core.logger.error({ err: { message: (err as Error).message }, month: options.month }, 'saving a generated roster failed');
        finish({ ...base, state: 'failed', error: key });
      }
    },
    (err: unknown) => {
      core.logger.error({ err: { message: (err as Error).message }, month: options.month }, 'roster engine failed');
      finish({ state: 'failed', error: 'roster.engineFailed' });
    },
  );
  return snapshot(running);
};

export const stopJob = (core: CoreServices, month: string): RosterJob | null => {
  const r = jobs(core).get(month);
  if (!r) return null;
  if (r.job.state === 'running') r.solve?.stop();
  return snapshot(r);
};
