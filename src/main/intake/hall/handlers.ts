import { auditDetail } from '../../../shared/audit/details.js';
import {
  intakeCall,
  intakeCallQueue,
  intakeDisplay,
  intakePutBack,
  intakeRate,
  intakeRatingNext,
  intakeRatings,
  intakeRatingStats,
  intakeRecall,
  intakeSkip,
  LONG_POLL_MAX_MS,
} from '../../../shared/intake/hall.js';
import { walkInRoutesOf } from '../../../shared/intake/zones.js';
import { localDate } from '../../../shared/time.js';
import { actor, currentStation, handle, todayOf, whoOf, type Ctx } from '../../context.js';
import { callQueue, callWalkIn, changeCall, displayState } from './calls.service.js';
import { listRatings, rateWalkIn, ratableWalkIns, ratingStats } from './rating.service.js';
import { hallSignals, type HallSignal } from './signal.js';

const zones = (ctx: Ctx) => walkInRoutesOf(actor(ctx).role);
const today = (ctx: Ctx) => localDate(ctx.core.clock(), currentStation(ctx).timeZone);

/**
 * A call changes the display: it is read in the call's own transaction and published once that has
 * committed, so the displays waiting get it from memory, not from behind the core's queue.
 */
const publishDisplay = async (ctx: Ctx) => {
  const state = await displayState(ctx.manager, todayOf(whoOf(ctx)), currentStation(ctx));
  ctx.afterCommit.push(async () => hallSignals(ctx.core).display.publish(state));
};

/** Waits for the signal's next change when the screen asks with `after`. */
const afterChange = async <T>(signal: HallSignal<T>, input: { after?: number; waitMs?: number }): Promise<void> => {
  if (input.after !== undefined) await signal.wait(input.after, input.waitMs ?? LONG_POLL_MAX_MS);
};

export const hallHandlers = [
  handle(intakeCallQueue, async (ctx, input) => {
    const day = todayOf(whoOf(ctx));
    return { route: input.route, localDate: day, walkIns: zones(ctx).includes(input.route) ? await callQueue(ctx.manager, day, input.route) : [] };
  }),

  handle(intakeCall, async (ctx, input) => {
    const called = await callWalkIn(ctx.manager, whoOf(ctx), input.route, input.walkInId, zones(ctx));
    ctx.audit = { recordId: called.walkInId, detail: auditDetail('queueCalled', { queueNo: called.queueNo, chosen: Boolean(input.walkInId) }) };
    await publishDisplay(ctx);
    return called;
  }),

  ...([
    [intakeRecall, 'recall'],
    [intakeSkip, 'skip'],
    [intakePutBack, 'putBack'],
  ] as const).map(([method, action]) =>
    handle(method, async (ctx, input) => {
      const w = await changeCall(ctx.manager, whoOf(ctx), input.walkInId, action, zones(ctx));
      ctx.audit = { recordId: w.walkInId, detail: auditDetail('queueNumber', { queueNo: w.queueNo }) };
      if (action === 'recall') await publishDisplay(ctx);
      return w;
    }),
  ),

  handle(intakeDisplay, async (ctx, input) => {
    const signal = hallSignals(ctx.core).display;
    await afterChange(signal, input);
    const seq = signal.seq;
    const day = today(ctx);
    // the display as the last call left it, unless the day has turned since (or none was kept)
    if (signal.latest?.localDate === day) return { ...signal.latest, seq };
    const state = await ctx.core.transact((m) => displayState(m, day, currentStation(ctx)));
    if (signal.seq === seq) signal.latest = state;
    return { ...state, seq };
  }),

  handle(intakeRatingNext, async (ctx, input) => {
    const signal = hallSignals(ctx.core).rating;
    await afterChange(signal, input);
    const seq = signal.seq;
    return ctx.core.transact(async (m) => ({ seq, walkIns: await ratableWalkIns(m, ctx.core.clock()) }));
  }),

  handle(intakeRate, async (ctx, input) => {
    const station = currentStation(ctx);
    const terminalId = ctx.client.kind === 'terminal' ? ctx.client.id : null;
    const rated = await rateWalkIn(ctx.manager, { stationId: station.id, timeZone: station.timeZone, now: ctx.now }, input, terminalId);
    // the visitor rated, not whoever is logged in at the window: the entry names the screen
    ctx.audit = {
      recordId: input.walkInId,
      detail: auditDetail('visitorRating', { level: input.level, terminal: ctx.client.kind === 'terminal' ? ctx.client.name : null }),
      ...(ctx.client.kind === 'terminal' ? { staffId: null, staffName: null } : {}),
    };
    ctx.afterCommit.push(async () => hallSignals(ctx.core).rating.bump());
    return { id: rated.id };
  }),

  handle(intakeRatings, async (ctx, input) => ({ ratings: await listRatings(ctx.manager, input) })),

  handle(intakeRatingStats, async (ctx) => ratingStats(ctx.manager, todayOf(whoOf(ctx)))),
];
