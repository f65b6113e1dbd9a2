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
import { hallSignal } from './signal.js';

const zones = (ctx: Ctx) => walkInRoutesOf(actor(ctx).role);
/** The public screens are told once the call's transaction has committed. */
const signalAfterCommit = (ctx: Ctx) => ctx.afterCommit.push(async () => hallSignal(ctx.core).bump());

/** Waits for the hall's next change when the screen asks with `after`, then reads in the core's queue. */
const afterChange = async <T>(ctx: Ctx, input: { after?: number; waitMs?: number }, read: (seq: number) => Promise<T>): Promise<T> => {
  const signal = hallSignal(ctx.core);
  if (input.after !== undefined) await signal.wait(input.after, input.waitMs ?? LONG_POLL_MAX_MS);
  return read(signal.seq);
};

export const hallHandlers = [
  handle(intakeCallQueue, async (ctx, input) => {
    const day = todayOf(whoOf(ctx));
    return { route: input.route, localDate: day, walkIns: zones(ctx).includes(input.route) ? await callQueue(ctx.manager, day, input.route) : [] };
  }),

  handle(intakeCall, async (ctx, input) => {
    const called = await callWalkIn(ctx.manager, whoOf(ctx), input.route, input.walkInId, zones(ctx));
    ctx.audit = { recordId: called.walkInId, detail: `${called.queueNo}${input.walkInId ? ' (chosen)' : ''}` };
    signalAfterCommit(ctx);
    return called;
  }),

  ...([
    [intakeRecall, 'recall'],
    [intakeSkip, 'skip'],
    [intakePutBack, 'putBack'],
  ] as const).map(([method, action]) =>
    handle(method, async (ctx, input) => {
      const w = await changeCall(ctx.manager, whoOf(ctx), input.walkInId, action, zones(ctx));
      ctx.audit = { recordId: w.walkInId, detail: w.queueNo };
      if (action === 'recall') signalAfterCommit(ctx);
      return w;
    }),
  ),

  handle(intakeDisplay, (ctx, input) =>
    afterChange(ctx, input, (seq) =>
      ctx.core.transact(async (m) => {
        const station = currentStation(ctx);
        return displayState(m, localDate(ctx.core.clock(), station.timeZone), station, seq);
      }),
    ),
  ),

  handle(intakeRatingNext, (ctx, input) =>
    afterChange(ctx, input, (seq) => ctx.core.transact(async (m) => ({ seq, walkIns: await ratableWalkIns(m, ctx.core.clock()) }))),
  ),

  handle(intakeRate, async (ctx, input) => {
    const station = currentStation(ctx);
    const terminalId = ctx.client.kind === 'terminal' ? ctx.client.id : null;
    const rated = await rateWalkIn(ctx.manager, { stationId: station.id, timeZone: station.timeZone, now: ctx.now }, input, terminalId);
    // the visitor rated, not whoever is logged in at the window: the entry names the screen
    ctx.audit = {
      recordId: input.walkInId,
      detail: `${input.level}${ctx.client.kind === 'terminal' ? ` on ${ctx.client.name}` : ''}`,
      ...(ctx.client.kind === 'terminal' ? { staffId: null, staffName: null } : {}),
    };
    signalAfterCommit(ctx);
    return { id: rated.id };
  }),

  handle(intakeRatings, async (ctx, input) => ({ ratings: await listRatings(ctx.manager, input) })),

  handle(intakeRatingStats, async (ctx) => ratingStats(ctx.manager, todayOf(whoOf(ctx)))),
];
