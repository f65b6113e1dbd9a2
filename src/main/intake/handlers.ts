import { auditDetail } from '../../shared/audit/details.js';
import {
  intakeBoard,
  intakeFindVisitor,
  intakeGet,
  intakeRefer,
  intakeRegister,
  intakeReveal,
  intakeSearch,
  intakeSetStatus,
  intakeUndoFinish,
} from '../../shared/intake/contract.js';
import { walkInRoutesOf } from '../../shared/intake/zones.js';
import { can } from '../../shared/permissions.js';
import { localDate } from '../../shared/time.js';
import { hallSignals } from './hall/signal.js';
import { actor, currentStation, handle, type Ctx, whoOf } from '../context.js';
import {
  boardOf,
  findVisitor,
  getWalkIn,
  toWalkIn,
  referWalkIn,
  registerWalkIn,
  revealWalkIn,
  searchWalkIns,
  setWalkInStatus,
  undoFinish,
} from './intake.service.js';

/** The zones whose walk-ins the caller sees and serves. */
const zones = (ctx: Ctx) => walkInRoutesOf(actor(ctx).role);

export const intakeHandlers = [
  handle(intakeRegister, async (ctx, input) => {
    const row = await registerWalkIn(ctx.manager, whoOf(ctx), input);
    // the desk's own new row: shown from what was written, not read back
    return toWalkIn({ ...row, receivedByName: actor(ctx).name, servedByName: null });
  }),

  handle(intakeFindVisitor, async (ctx, input) => {
    const match = await findVisitor(ctx.manager, input, can(actor(ctx).role, 'person.unmask'));
    ctx.audit.recordId = match?.walkInId ?? null;
    ctx.audit.detail = auditDetail(match ? 'returningFound' : 'returningNotFound');
    if (!match) return null;
    const { walkInId: _walkInId, ...visitor } = match;
    return visitor;
  }),

  handle(intakeBoard, async (ctx, input) => {
    const day = input.date ?? localDate(ctx.now, currentStation(ctx).timeZone);
    return { localDate: day, walkIns: await boardOf(ctx.manager, day, input.route, zones(ctx)) };
  }),

  handle(intakeGet, async (ctx, input) => getWalkIn(ctx.manager, input.id, zones(ctx))),

  handle(intakeSetStatus, async (ctx, input) => {
    await setWalkInStatus(ctx.manager, whoOf(ctx), input.id, input.status, zones(ctx));
    ctx.audit.detail = auditDetail('walkInStatus', { status: input.status });
    // an end is a walk-in for the rating screen to offer
    ctx.afterCommit.push(async () => hallSignals(ctx.core).rating.bump());
    return getWalkIn(ctx.manager, input.id, zones(ctx));
  }),

  handle(intakeUndoFinish, async (ctx, input) => {
    const { withdrawnId } = await undoFinish(ctx.manager, whoOf(ctx), input.id, zones(ctx));
    ctx.audit.detail = withdrawnId ? auditDetail('walkInReferralUndone', { withdrawnId }) : auditDetail('walkInUndone');
    ctx.afterCommit.push(async () => hallSignals(ctx.core).rating.bump());
    return getWalkIn(ctx.manager, input.id, zones(ctx));
  }),

  handle(intakeRefer, async (ctx, input) => {
    const newId = await referWalkIn(ctx.manager, whoOf(ctx), input.id, input.route, input.note, zones(ctx));
    ctx.audit = { recordId: input.id, detail: auditDetail('walkInReferred', { route: input.route, newId }) };
    // handed on to a zone the caller does not serve (a mediator's to the duty officer, say): the
    // answer is the walk-in as it ends here, not the new one there
    return getWalkIn(ctx.manager, zones(ctx).includes(input.route) ? newId : input.id, zones(ctx));
  }),

  handle(intakeSearch, async (ctx, input) => searchWalkIns(ctx.manager, input)),

  handle(intakeReveal, async (ctx, input) => {
    ctx.audit = { recordId: input.id, detail: input.reason };
    return revealWalkIn(ctx.manager, input.id, zones(ctx));
  }),
];
